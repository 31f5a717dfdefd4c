"""Finds the promise in a Swedish sentence of an activity plan, and makes a list title of it.

A promise is a clause in which the plan's actors (vi, distriktet, distriktsstyrelsen, styrelsen,
partiföreningarna, Vänsterpartiet <district> …) commit themselves with ska, skall, kommer att, vill, behöver
(also inverted: "Kommande verksamhetsår ska distriktet …"), or in which a task or role of theirs is named
("Distriktet har en viktig roll i att …", "En uppgift för distriktet är att …", "det är viktigt att …").
Rhetoric commits no one and is not a promise: a sentence without such a clause ("Fakta är på Vänsterpartiets
sida"), a sentence that opens with the verb ("Ska vi bli …" is a condition), "what we want" ("det vi vill"),
and an identity claim ("Vi ska vara rösten mot …", "Vi ska vara partiet som …").
"""

from __future__ import annotations

import re

TITLE_LIMIT = 120
"""A title fits a list line of `/commitment list` whole."""

MAX_SENTENCE = 2000
"""Longer "sentences" are not read for promises (and bound the work a hostile text can cause)."""

_NAME = r"(?-i:[A-ZÅÄÖ][\w-]+)"
_ACTOR = (
    r"(?:vi|distriktet|distriktsstyrelsen|styrelsen|distriktsledningen|partiföreningarna|partiföreningar"
    rf"|partiföreningen|varje\s+partiförening|regiongruppen|de\s+anställda|hela\s+partiet|Vänsterpartiet\s+{_NAME})"
)
_ACTORS = rf"{_ACTOR}(?:\s*(?:,|\boch\b|\bsamt\b)\s*{_ACTOR})*(?:\s+i\s+Vänsterpartiet\s+{_NAME})?"
_LOOSE_ACTORS = rf"(?:{_ACTOR}|distrikt)(?:\s*(?:,|\boch\b|\bsamt\b)\s*(?:{_ACTOR}|distrikt))*"
_TIME = (
    r"(?:även\s+)?(?:under\s+)?(?:kommande\s+verksamhetsår(?:et)?|verksamhetsåret|kommande\s+år|året|i\s+år"
    r"|20\d\d)|vid\s+vissa\s+tillfällen"
)
_ADVERB = r"(?:också|även|därför|dessutom|fortsatt|nu|tillsammans)"

_STRAIGHT = re.compile(
    rf"(?P<before>\w+\s+)?\b(?P<actor>{_ACTORS})\s+(?:{_ADVERB}\s+)*"
    rf"(?:ska|skall|kommer\s+att|kommer(?=\s+(?:{_TIME})\b)|vill|behöver|avser\s+att|planerar\s+att|tänker)\b",
    re.IGNORECASE,
)
_INVERTED = re.compile(
    rf"\b(?:(?:ska|skall|vill|behöver)\s+(?:{_ACTORS})|kommer\s+(?:{_ACTORS})(?:\s+att)?|kommer\s+att\s+(?:{_ACTORS}))\b",
    re.IGNORECASE,
)
_ROLE = re.compile(
    rf"\b(?:(?:{_ACTORS})\s+har|har\s+(?:{_ACTORS}))\s+(?:en|ett)\s+(?:\w+\s+){{0,2}}(?:roll|uppgift|ansvar)\s+"
    r"(?:att\s+spela\s+)?(?:i\s+att|genom\s+att|när\s+det\s+kommer\s+till\s+att|för\s+att|att)\s+",
    re.IGNORECASE,
)
_DUTY = re.compile(r"\b(?:uppgift|uppgifter|roll|roller|led\s+i\s+arbetet)\b[^.!?]*?\bär\s+att\s+", re.IGNORECASE)
_IMPORTANT = re.compile(r"\b(?:det\s+är|är\s+det)\s+(?:\w+\s+)?viktigt\s+att\s+", re.IGNORECASE)

_RELATIVE = {"det", "som", "vad", "hur", "när", "där", "om", "var", "vilket"}
_SKIP_NO_ACTORS = re.compile(rf"^(?:\s+|,|att\b|{_ADVERB}\b|(?:{_TIME})\b)", re.IGNORECASE)
_SKIP = re.compile(rf"^(?:\s+|,|att\b|{_ADVERB}\b|(?:{_TIME})\b|{_LOOSE_ACTORS}\b(?=\s*,?\s*[a-zåäö]))", re.IGNORECASE)
_AND_TO = re.compile(r"\s+och\s+att\s+(?=[a-zåäö]+a\b)")
_BY_MEANS = re.compile(r"^vara\s+\w+\s+genom\s+att\s+", re.IGNORECASE)
_IDENTITY = re.compile(r"^(?:vara|bli)\s+(?:den|det|de|en|ett|\w+(?:en|et|na))\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    rf",\s+(?:(?:och|men)\s+)?(?=(?:{_ACTORS})\s+(?:{_ADVERB}\s+)*(?:ska|skall|kommer\s+att|vill|behöver)\b)",
    re.IGNORECASE,
)
_ABBREVIATIONS = re.compile(r"\b(?:t\.ex|bl\.a|m\.m|s\.k|dvs|ca|nr|jfr|resp|p\.g\.a|o\.s\.v|f\.d|inkl|exkl)\.$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[”\"')]*\s+(?=[”\"(]?[A-ZÅÄÖ0-9])")


_DANGLING = {
    "och",
    "eller",
    "samt",
    "som",
    "att",
    "ett",
    "en",
    "den",
    "det",
    "de",
    "i",
    "på",
    "av",
    "för",
    "med",
    "till",
    "om",
    "där",
    "när",
    "men",
    "så",
    "vår",
    "våra",
    "vårt",
    "sin",
    "sitt",
    "sina",
    "mellan",
    "inom",
    "genom",
}
"""Words a cut title does not end on ("… partiföreningar, ett…" reads "… partiföreningar…")."""


def sentences(paragraph: str) -> list[str]:
    """A paragraph cut into sentences, not at abbreviations ("t.ex.", "bl.a.")."""
    found: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        piece = paragraph[start : match.start()]
        if _ABBREVIATIONS.search(piece):
            continue
        found.append(piece.strip())
        start = match.end()
    found.append(paragraph[start:].strip())
    return [s for s in found if s]


def clauses(sentence: str) -> list[str]:
    """A sentence cut where a second actor makes a promise of its own ("…, och vi behöver …")."""
    parts: list[str] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        parts.append(sentence[start : match.start()].strip())
        start = match.end()
    parts.append(sentence[start:].strip())
    return [p for p in parts if p]


def _clause_after(text: str, end: int, *, skip_actors: bool = True) -> str:
    """The promise itself: what follows the commitment, without time phrases, adverbs and the actors again."""
    rest = text[end:]
    skip = _SKIP if skip_actors else _SKIP_NO_ACTORS
    while True:
        skipped = skip.match(rest)
        if skipped is None or not skipped.group(0):
            break
        rest = rest[skipped.end() :]
    by_means = _BY_MEANS.match(rest)
    if by_means:
        rest = rest[by_means.end() :]
    return rest.strip()


def promise(sentence: str) -> str | None:
    """The promise clause of a sentence, or None when the sentence commits no one."""
    if len(sentence) > MAX_SENTENCE:
        return None
    for pattern in (_ROLE, _DUTY, _IMPORTANT):
        match = pattern.search(sentence)
        if match:
            clause = _clause_after(sentence, match.end(), skip_actors=False)
            return clause or None
    candidates = []
    for match in _STRAIGHT.finditer(sentence):
        before = (match.group("before") or "").strip().casefold()
        if before in _RELATIVE:
            continue
        candidates.append((match.start("actor"), match.end()))
        break
    for match in _INVERTED.finditer(sentence):
        if sentence[: match.start()].strip(" ”\"'(") == "":
            continue  # "Ska vi bli den starka röst …" is a condition, not a promise
        candidates.append((match.start(), match.end()))
        break
    if not candidates:
        return None
    _, end = min(candidates)
    clause = _clause_after(sentence, end)
    if not clause or (_IDENTITY.match(clause) and "genom att" not in clause):
        return None
    return clause


def promises(sentence: str) -> list[str]:
    """The promises of a sentence: its promise clause, cut where a second undertaking is joined by "och att"
    ("… genom att erbjuda utbildningar och att stötta partiföreningarna …")."""
    found = []
    for part in clauses(sentence):
        clause = promise(part)
        if clause is not None:
            found += [piece for piece in _AND_TO.split(clause) if piece.strip()]
    return found


def title_of(text: str) -> str:
    """A list title: the text with a capital first letter, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split()).rstrip(" .;,:")
    text = text[:1].upper() + text[1:]
    if len(text) <= TITLE_LIMIT:
        return text
    cut = text[:TITLE_LIMIT]
    space = cut.rfind(" ")
    if space >= TITLE_LIMIT // 2:
        cut = cut[:space]
    words = cut.split(" ")
    while len(words) > 3 and words[-1].casefold() in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(" ,;:–-") + "…"
