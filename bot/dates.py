"""Swedish and English names of months and weekdays, shared by every parser of dates and times."""

from __future__ import annotations

import calendar
import unicodedata

SV_MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
EN_MONTHS = tuple(calendar.month_name[m].lower() for m in range(1, 13))
SV_WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
EN_WEEKDAYS = tuple(calendar.day_name[d].lower() for d in range(7))


def plain(text: str) -> str:
    """Lower case without diacritics: 'Söndagen' -> 'sondagen'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _with_plain(names: dict[str, int]) -> dict[str, int]:
    """Every name as written and without diacritics, so 'lördag' and 'lordag' both work."""
    return {**names, **{plain(name): number for name, number in names.items()}}


def _months() -> dict[str, int]:
    names: dict[str, int] = {"sept": 9}
    for number, (sv, en) in enumerate(zip(SV_MONTHS, EN_MONTHS, strict=True), start=1):
        for name in (sv, en, sv[:3], en[:3]):
            names[name] = number
    return _with_plain(names)


def _weekdays() -> dict[str, int]:
    names: dict[str, int] = {"tors": 3, "tor": 3, "tues": 1, "thurs": 3}
    for number, (sv, en) in enumerate(zip(SV_WEEKDAYS, EN_WEEKDAYS, strict=True)):
        for name in (sv, sv + "en", sv[:3], en, en[:3]):
            names[name] = number
    return _with_plain(names)


MONTHS: dict[str, int] = _months()
"""Month names and abbreviations (Swedish and English, with and without å, ä, ö) -> 1..12."""

WEEKDAYS: dict[str, int] = _weekdays()
"""Weekday names, definite forms ('söndagen') and abbreviations -> 0 (Monday)..6 (Sunday)."""
