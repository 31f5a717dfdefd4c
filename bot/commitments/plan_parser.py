"""Reads an activity plan written as text or Markdown into sections and candidate commitments.

Copes with plans extracted from PDF: every line prefixed by its line number, two columns interleaved on
one line separated by tabs ("67<TAB>left text<TAB>121<TAB>right text"), bullets as "•", "- 43 •", "-", "*".
When most lines carry a number, the numbers give the reading order, which puts the columns back in order.
A sentence broken by a column or page break (a blank, then a line in lower case) is joined again.

Headings are Markdown "#", a line in capitals, a line wholly in bold, and a short line of its own without
final punctuation that stands above prose or items ("Medlemsvård"). Candidates are the bullet items (those
under "Vi kommer att:" / "Vi ska:" and plain lists alike) and the sentences of the prose in which the plan's
actors commit themselves (`bot.commitments.promises`). Each candidate's title is its promise, short enough
for a list line; its description is the whole item or sentence, so no text is lost. A file with no candidate
at all is not a plan (`NotAPlan`); one with more than `MAX_COMMITMENTS` is refused whole (`TooManyCommitments`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from bot.commitments.promises import TITLE_LIMIT, promise, promises, sentences, title_of
from bot.errors import UserError

MAX_TITLE = TITLE_LIMIT
MAX_DESCRIPTION = 2000
MAX_COMMITMENTS = 500
MAX_HEADING = 90
MAX_PLAIN_HEADING_WORDS = 10
MAX_SECTION_TITLE = 120

_NUMBER = re.compile(r"^\d{1,4}$")
_NUMBERED_LINE = re.compile(r"^(?:[-–]\s*)?(\d{1,4})(?=\s|$|[^\d\s.,:)/-])\s*(.*)$")
_BULLET = re.compile(r"^(?:[-–]\s+)?(?:[•●▪◦‣∙·]\s*|[-–*+]\s+)(?:\[[ xX]\]\s*)?(.*)$")
_ORDERED = re.compile(r"^\d{1,2}[.)]\s+(.*)$")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
_BOLD_LINE = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)$")
_LEAD = re.compile(r"^(vi\s+(kommer\s+att|ska|skall|vill|lovar\s+att))\s*:?\s*$", re.IGNORECASE)
_YEAR = re.compile(r"\b(20\d\d)\b")
_ORGANISATION = re.compile(r"Vänsterpartiet\s+(?!i\b|och\b)[A-ZÅÄÖ][\w-]+")
_LETTERS = re.compile(r"[^\W\d_]")
_FINAL_PUNCTUATION = (".", ",", ";", ":", "!", "?", "…")
_KEEP_HYPHEN_BEFORE = ("och ", "eller ", "samt ", "som ")

Origin = Literal["list", "prose"]


class NotAPlan(UserError):
    """The file holds nothing that looks like a plan."""

    def __init__(self) -> None:
        super().__init__("commitments.import.not_a_plan")


class TooManyCommitments(UserError):
    """More candidates than a plan can hold: the file is refused whole."""

    def __init__(self) -> None:
        super().__init__("commitments.import.too_many", limit=MAX_COMMITMENTS)


@dataclass
class ParsedCommitment:
    title: str
    description: str = ""
    origin: Origin = "list"


@dataclass
class ParsedSection:
    title: str
    commitments: list[ParsedCommitment] = field(default_factory=list)


@dataclass
class ParsedPlan:
    title: str | None
    organisation: str | None
    year: int | None
    sections: list[ParsedSection]

    @property
    def commitments(self) -> list[ParsedCommitment]:
        return [c for s in self.sections for c in s.commitments]


# ---------------------------------------------------------------------------------------------- lines


def _segments(raw: str) -> list[tuple[int | None, str]]:
    """One raw line as (line number, text) pieces; a tabbed line may hold two numbered columns."""
    raw = raw.replace("\u00a0", " ").rstrip()
    if "\t" in raw:
        pieces: list[tuple[int | None, str]] = []
        number: int | None = None
        texts: list[str] = []
        for token in raw.split("\t"):
            token = token.strip()
            if _NUMBER.match(token):
                if number is not None or texts:
                    pieces.append((number, " ".join(texts)))
                number, texts = int(token), []
            elif token:
                texts.append(token)
        if number is not None or texts:
            pieces.append((number, " ".join(texts)))
        return pieces
    return [(None, raw.strip())]


def _split_number(text: str) -> tuple[int | None, str]:
    match = _NUMBERED_LINE.match(text)
    if match is None:
        return None, text
    return int(match.group(1)), match.group(2).strip()


def _reading_order(text: str) -> list[str]:
    """The document's lines in reading order, without PDF line numbers."""
    pieces = [piece for raw in text.splitlines() for piece in _segments(raw)]
    content = [(n, t) for n, t in pieces if t or n is not None]
    numbered = 0
    for number, body in content:
        if number is not None or _split_number(body)[0] is not None:
            numbered += 1
    if not content or numbered * 2 < len(content) or numbered < 5:
        return [body for _, body in pieces]
    keyed: list[tuple[int, int, str]] = []
    last = 0
    for index, (number, body) in enumerate(pieces):
        if number is None and body:
            found, rest = _split_number(body)
            if found is not None:
                number, body = found, rest
                if body.startswith(("•", "●")) and not body.startswith("• "):
                    body = "• " + body[1:]
        if number is not None:
            last = number
        keyed.append((last, index, body))
    keyed.sort()
    return [body for _, _, body in keyed]


# ---------------------------------------------------------------------------------------------- words


def _join(previous: str, following: str) -> str:
    """Join a wrapped line to the next, undoing end-of-line hyphenation ("opposi-" + "tionsarbete")."""
    if not previous:
        return following
    if previous.endswith("-") and len(previous) > 1 and previous[-2].isalpha():
        if following[:1].islower() and not following.startswith(_KEEP_HYPHEN_BEFORE):
            return previous[:-1] + following
        if previous[-2].islower() and following[:1].isupper() and following[1:2].islower():
            return previous[:-1] + following[:1].lower() + following[1:]  # "verk-" + "Samhetsår", across a page
    return f"{previous} {following}"


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(\*\*|__|`)", "", text).strip()
    return text.rstrip(" .;,").strip()


def _is_capitals(text: str) -> bool:
    letters = _LETTERS.findall(text)
    return len(letters) >= 3 and all(not c.islower() for c in letters)


def _heading(line: str) -> str | None:
    """The heading text if the line is a heading."""
    match = _MD_HEADING.match(line)
    if match:
        return match.group(1).strip() or None
    match = _BOLD_LINE.match(line)
    if match and len(line) <= MAX_HEADING and not line.rstrip("*_").endswith((".", ":")):
        return match.group(1).strip() or None
    if len(line) <= MAX_HEADING and _is_capitals(line) and not line.endswith((".", ",", ";")):
        return line
    return None


def _nice_heading(text: str) -> str:
    text = _clean(text)
    if _is_capitals(text):
        text = text[:1].upper() + text[1:].lower()
    return text[:MAX_SECTION_TITLE]


def _bullet(line: str) -> str | None:
    match = _BULLET.match(line)
    if match:
        return match.group(1).strip()
    match = _ORDERED.match(line)
    if match:
        return match.group(1).strip()
    return None


# ---------------------------------------------------------------------------------------------- blocks


@dataclass
class _Block:
    kind: Literal["heading", "item", "prose", "lead"]
    text: str
    lines: int = 1
    strong: bool = False
    """A heading by its type (Markdown, capitals, bold) rather than by its place."""


def _ends_sentence(text: str) -> bool:
    return text.rstrip("*_”\"')").endswith((".", "!", "?", ":", "…"))


def _continues(previous: str, line: str) -> bool:
    """Whether a line after a blank carries on the text before it (a column or page break inside a sentence)."""
    if previous.endswith("-") and len(previous) > 1 and previous[-2].isalpha():
        return True
    return not _ends_sentence(previous) and line[:1].islower()


def _blocks(lines: list[str]) -> list[_Block]:
    """Lines grouped into headings, items, leads and prose paragraphs."""
    blocks: list[_Block] = []
    current: _Block | None = None
    heading: list[str] | None = None
    blank = False

    def close_heading() -> None:
        nonlocal heading
        if heading:
            blocks.append(_Block("heading", " ".join(heading), strong=True))
        heading = None

    def close() -> None:
        nonlocal current
        if current is not None:
            blocks.append(current)
        current = None

    for raw_line in lines:
        line = raw_line.strip()
        if not line:
            blank = True
            continue
        after_blank, blank = blank, False
        if is_lead(line):
            close()
            close_heading()
            blocks.append(_Block("lead", line))
            continue
        bullet = _bullet(line) if _MD_HEADING.match(line) is None else None
        found = _heading(line) if bullet is None else None
        if found is not None:
            close()
            if heading is not None and ((_is_capitals(found) and _is_capitals(heading[-1])) or found[:1].islower()):
                heading.append(found)
            else:
                close_heading()
                heading = [found]
            continue
        if bullet is not None:
            close()
            close_heading()
            current = _Block("item", bullet)
            continue
        if current is not None and not (after_blank and not _continues(current.text, line)):
            if current.kind == "item" and _ends_sentence(current.text) and line[:1].isupper():
                close()
            else:
                current.text = _join(current.text, line)
                current.lines += 1
                continue
        close()
        close_heading()
        current = _Block("prose", line)
    close()
    close_heading()
    return blocks


def _may_be_plain_heading(block: _Block) -> bool:
    text = block.text
    return (
        block.kind == "prose"
        and block.lines == 1
        and len(text) <= MAX_HEADING
        and len(text.split()) <= MAX_PLAIN_HEADING_WORDS
        and (text[:1].isupper() or text[:1].isdigit())
        and not text.endswith(_FINAL_PUNCTUATION)
        and promise(text) is None
    )


def _mark_plain_headings(blocks: list[_Block]) -> None:
    """A short line of its own without final punctuation is a heading when prose or items follow it."""
    following: _Block | None = None
    for block in reversed(blocks):
        if (
            _may_be_plain_heading(block)
            and following is not None
            and (following.kind in ("item", "lead") or following.kind == "prose")
        ):
            block.kind = "heading"
        following = block


def _is_front(block: _Block) -> bool:
    """Title-page matter: headings and short lines before the plan's text begins."""
    if block.kind == "heading":
        return True
    return (
        block.kind == "prose" and block.lines == 1 and len(block.text) <= MAX_HEADING and not _ends_sentence(block.text)
    )


def _title(front: list[_Block]) -> int | None:
    """Which title-page line names the plan: one with "plan" in it, preferably with a year."""
    named = [i for i, b in enumerate(front) if "plan" in b.text.casefold() and (b.strong or len(b.text) <= MAX_HEADING)]
    dated = [i for i in named if _YEAR.search(front[i].text)]
    return next(iter(dated or named), None)


# ---------------------------------------------------------------------------------------------- candidates


def _candidate(title: str, whole: str, origin: Origin) -> ParsedCommitment | None:
    title = title_of(title)
    if not _LETTERS.search(title):
        return None
    return ParsedCommitment(title, whole if _clean(whole) != title else "", origin)


def _item_candidate(text: str) -> ParsedCommitment | None:
    """A listed item: titled by its promise clause when it opens with context, described by all of it."""
    whole = _clean(text)[:MAX_DESCRIPTION]
    if not _LETTERS.search(whole):
        return None
    return _candidate(promise(whole) or whole, whole, "list")


def _prose_candidates(paragraph: str) -> list[ParsedCommitment]:
    found = []
    for sentence in sentences(paragraph):
        whole = sentence.strip()[:MAX_DESCRIPTION]
        for clause in promises(sentence):
            candidate = _candidate(clause, whole, "prose")
            if candidate is not None:
                found.append(candidate)
    return found


# ---------------------------------------------------------------------------------------------- parse


def parse_plan(text: str) -> ParsedPlan:
    """Sections and candidate commitments of a plan; raises `NotAPlan` when there are none at all."""
    lines = _reading_order(text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks = _blocks(lines)
    _mark_plain_headings(blocks)
    front_end = next((i for i, b in enumerate(blocks) if not _is_front(b)), len(blocks))
    front = blocks[:front_end]
    title_index = _title(front)
    title = _clean(front[title_index].text) if title_index is not None else None
    headings = [b for b in front[(title_index + 1 if title_index is not None else 0) :] if b.kind == "heading"]

    sections: list[ParsedSection] = [ParsedSection(_nice_heading(b.text)) for b in headings]
    count = 0

    def add(candidates: list[ParsedCommitment]) -> None:
        nonlocal count
        if not candidates:
            return
        if not sections:
            sections.append(ParsedSection(""))
        count += len(candidates)
        if count > MAX_COMMITMENTS:
            raise TooManyCommitments()
        sections[-1].commitments.extend(candidates)

    for block in blocks[front_end:]:
        if block.kind == "heading":
            sections.append(ParsedSection(_nice_heading(block.text)))
        elif block.kind == "item":
            candidate = _item_candidate(block.text)
            add([candidate] if candidate else [])
        elif block.kind == "prose":
            add(_prose_candidates(block.text))

    if count == 0:
        raise NotAPlan()
    head = title or ""
    year_match = _YEAR.search(head) or _YEAR.search("\n".join(lines[:15]))
    return ParsedPlan(
        title=title,
        organisation=_organisation(head, text),
        year=int(year_match.group(1)) if year_match else None,
        sections=sections,
    )


def _organisation(title: str, text: str) -> str | None:
    """The district the plan is of: the "Vänsterpartiet <name>" the text names most often ("Vänsterpartiet
    Dalarna" rather than the title's genitive "Vänsterpartiet Dalarnas")."""
    named = Counter(_ORGANISATION.findall(text[:200_000]))
    if not named:
        return None
    found = named.most_common(1)[0][0]
    genitive = re.search(re.escape(found) + r"\s+[a-zåäö]", text)
    if found.endswith("s") and found[-2:-1] not in "åäsux" and genitive and found[:-1] not in named:
        return found[:-1]  # only "Vänsterpartiet Jämtlands verksamhetsplan": the district is Jämtland
    return found


def is_lead(line: str) -> bool:
    """Whether a line introduces a list of promises ("Vi kommer att:", "Vi ska:")."""
    return _LEAD.match(line.strip()) is not None
