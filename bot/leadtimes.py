"""Reminder lead times: how long before something its reminders go out.

One representation for every feature, `LeadTimes`: durations, longest first, each once. Each feature's default
is one value beside its planner, and nowhere else: `bot.meetings.planner.REMINDERS` before a meeting,
`bot.memorial.models.DEFAULT_LEADS` before a memorial day (each day may have its own), `bot.commitments.reminders.
DUE_DM_LEAD` before a commitment's due date. People set lead times in whole days ("14,3"): `parse` reads them,
`typed` writes them so (a command's description shows the default that way), `render` says them in a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

from bot.errors import UserError
from bot.i18n import and_list, t, tn

LeadTimes = tuple[timedelta, ...]
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
MOST_DAYS = 365
MOST_LEADS = 10
NONE_TYPED = ("", "0", "-", "inga", "ingen", "none")


def lead_times(leads: Iterable[timedelta]) -> LeadTimes:
    """Longest first, each once."""
    return tuple(sorted(set(leads), reverse=True))


def days(*counts: int) -> LeadTimes:
    return lead_times(DAY * count for count in counts)


def hours(*counts: int) -> LeadTimes:
    return lead_times(HOUR * count for count in counts)


def whole_days(leads: LeadTimes) -> list[int]:
    """[14, 3]: how lead times in days are stored and how they name their reminders."""
    return [lead // DAY for lead in leads]


def parse(text: str) -> LeadTimes:
    """'14,3' -> 14 and 3 days; '' / '0' / '-' / 'inga' / 'none' -> no reminders. At most `MOST_LEADS` of 1 to
    `MOST_DAYS` days; repeats count once."""
    cleaned = text.strip().lower()
    if cleaned in NONE_TYPED:
        return ()
    parts = [p for p in re.split(r"[,;\s]+", cleaned) if p]
    if len(parts) > MOST_LEADS or not all(p.isdecimal() and 1 <= int(p) <= MOST_DAYS for p in parts):
        raise UserError("leads.invalid", text=text.strip()[:40], most=MOST_DAYS, count=MOST_LEADS)
    return days(*(int(p) for p in parts))


def typed(leads: LeadTimes) -> str:
    """The lead times as a person types them: '14,3' ('0' for none)."""
    return ",".join(str(count) for count in whole_days(leads)) or "0"


def render(leads: LeadTimes, lang: str) -> str:
    """'påminnelser 14 och 3 dagar före', 'påminnelse 1 dag före' / 'inga påminnelser'."""
    if not leads:
        return t("leads.none", lang)
    *longer, last = whole_days(leads)
    days = and_list([*map(str, longer), tn("count.days", last, lang)], lang)
    return tn("leads.days", len(leads), lang, days=days)
