"""Reads an activity plan written as text or Markdown into sections and commitments.

Copes with plans extracted from PDF: every line prefixed by its line number, two columns interleaved on
one line separated by tabs ("67<TAB>left text<TAB>121<TAB>right text"), bullets as "•", "- 43 •", "-", "*".
When most lines carry a number, the numbers give the reading order, which puts the columns back in order.

Headings (Markdown "#", a line in capitals, a line wholly in bold) become sections; bullet items become
commitments (those under "Vi kommer att:" / "Vi ska:" and plain bullet lists alike). A file with no
bullet items at all is not a plan: `NotAPlan` says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.errors import UserError

MAX_TITLE = 300
MAX_HEADING = 90
MAX_SECTION_TITLE = 120

_NUMBER = re.compile(r"^\d{1,4}$")
_NUMBERED_LINE = re.compile(r"^(?:[-–]\s*)?(\d{1,4})(?=\s|$|[^\d\s.,:)/-])\s*(.*)$")
_BULLET = re.compile(r"^(?:[-–]\s+)?(?:[•●▪◦‣∙·]\s*|[-–*+]\s+)(?:\[[ xX]\]\s*)?(.*)$")
_ORDERED = re.compile(r"^\d{1,2}[.)]\s+(.*)$")
_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
_BOLD_LINE = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)$")
_LEAD = re.compile(r"^(vi\s+(kommer\s+att|ska|skall|vill|lovar\s+att))\s*:?\s*$", re.IGNORECASE)
_YEAR = re.compile(r"\b(20\d\d)\b")
_ORGANISATION = re.compile(r"Vänsterpartiet(?:\s+(?!i\b|och\b)[A-ZÅÄÖ][\w-]+)?")
_LETTERS = re.compile(r"[^\W\d_]")
_KEEP_HYPHEN_BEFORE = ("och ", "eller ", "samt ", "som ")


class NotAPlan(UserError):
    """The file holds nothing that looks like a plan."""

    def __init__(self) -> None:
        super().__init__("commitments.import.not_a_plan")


@dataclass
class ParsedCommitment:
    title: str
    description: str = ""


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
    if (
        previous.endswith("-")
        and len(previous) > 1
        and previous[-2].isalpha()
        and following[:1].islower()
        and not following.startswith(_KEEP_HYPHEN_BEFORE)
    ):
        return previous[:-1] + following
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


# ---------------------------------------------------------------------------------------------- parse


def parse_plan(text: str) -> ParsedPlan:
    """Sections and commitments of a plan; raises `NotAPlan` when there are no bullet items at all."""
    lines = _reading_order(text.replace("\r\n", "\n").replace("\r", "\n"))
    title: str | None = None
    sections: list[ParsedSection] = []
    current: ParsedSection | None = None
    item: list[str] | None = None
    heading_run: list[str] | None = None

    def close_item() -> None:
        nonlocal item
        if item is not None:
            title_text = _clean(item[0])[:MAX_TITLE]
            if _LETTERS.search(title_text):
                target = current
                if target is None:
                    target = ParsedSection("")
                    sections.append(target)
                target.commitments.append(ParsedCommitment(title_text))
            item = None

    def close_heading() -> None:
        nonlocal heading_run, current
        if heading_run:
            current = ParsedSection(_nice_heading(" ".join(heading_run)))
            sections.append(current)
        heading_run = None

    for raw_line in lines:
        line = raw_line.strip()
        if not line:
            close_item()
            continue
        if is_lead(line):
            close_item()
            close_heading()
            continue
        bullet = _bullet(line) if _MD_HEADING.match(line) is None else None
        heading = _heading(line) if bullet is None else None
        if heading is not None:
            close_item()
            if title is None and not sections and heading_run is None and "plan" in heading.lower():
                title = _clean(heading)
                continue
            if heading_run is not None and (
                (_is_capitals(heading) and _is_capitals(heading_run[-1])) or heading[:1].islower()
            ):
                heading_run.append(heading)
            else:
                close_heading()
                heading_run = [heading]
            continue
        if title is None and not sections and "plan" in line.lower() and len(line) <= MAX_HEADING:
            title, heading_run = _clean(line), None
            continue
        close_heading()
        if bullet is not None:
            close_item()
            item = [bullet]
            continue
        if item is not None:
            if item[0].endswith((".", "!", "?")) and line[:1].isupper():
                close_item()
            else:
                item[0] = _join(item[0], line)
            continue
    close_item()
    close_heading()

    if not any(section.commitments for section in sections):
        raise NotAPlan()
    head = title or ""
    year_match = _YEAR.search(head) or _YEAR.search("\n".join(lines[:15]))
    organisation_match = _ORGANISATION.search(head) or _ORGANISATION.search("\n".join(lines[:15]))
    return ParsedPlan(
        title=title,
        organisation=organisation_match.group(0) if organisation_match else None,
        year=int(year_match.group(1)) if year_match else None,
        sections=sections,
    )


def is_lead(line: str) -> bool:
    """Whether a line introduces a list of promises ("Vi kommer att:", "Vi ska:")."""
    return _LEAD.match(line.strip()) is not None
