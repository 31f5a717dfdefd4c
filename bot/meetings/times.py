"""A meeting's times as people write them: its start, its length, and when a recurring meeting comes next."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot import leadtimes
from bot.errors import UserError
from bot.meetings.models import Repeat
from bot.timeparse import Refusals, echo, nth_weekday, parse_moment, to_local, to_utc, weekday_position

MAX_DURATION = 24 * 60
MAX_AHEAD = timedelta(days=2 * 366)

START = Refusals(
    "meetings.time.unknown",
    no_clock="meetings.time.no_time",
    bad_clock="meetings.time.invalid_clock",
    no_such_day="meetings.time.invalid_date",
    no_such_month="meetings.time.invalid_date",
)


def parse_start(text: str, *, now: datetime, zone: ZoneInfo | str) -> datetime:
    """'2023-03-08 18:00', '8 mars 18:00', '8/3 18.00', 'onsdag 18:00', 'i morgon kl 18' as aware UTC.

    Every moment of `bot.timeparse`, local to the server's zone, under its one policy (years, clock changes):
    without a year the next such date is meant; a weekday means the next such day (today if the time is
    still ahead). Past times, and times more than two years ahead, raise `UserError`.
    """
    start = parse_moment(text, START, now=now, zone=zone)
    if start <= now:
        raise UserError("meetings.time.past", text=echo(text))
    if start - now > MAX_AHEAD:
        raise UserError("meetings.time.too_far", text=echo(text))
    return start


_HOUR_WORDS = r"(?:h|t|tim|timme|timmar|hour|hours|hr|hrs)"
_MINUTE_WORDS = r"(?:m|min|mins|minut|minuter|minute|minutes)"
_DURATION_FORMS = (
    (re.compile(r"^(?P<minutes>\d{1,4})$"), "m"),
    (re.compile(rf"^(?P<minutes>\d{{1,4}}){_MINUTE_WORDS}$"), "m"),
    (re.compile(rf"^(?P<hours>\d{{1,2}}(?:\.\d{{1,2}})?){_HOUR_WORDS}$"), "h"),
    (re.compile(rf"^(?P<hours>\d{{1,2}}){_HOUR_WORDS}(?:och)?(?P<minutes>\d{{1,2}}){_MINUTE_WORDS}?$"), "hm"),
    (re.compile(r"^(?P<hours>\d{1,2}):(?P<minutes>\d{2})$"), "hm"),
)


def _minutes(cleaned: str, *, bare: bool = True) -> int | None:
    """Minutes written in one of the duration forms (lower case, without spaces, a decimal point for a comma);
    None when it is none of them. `bare`: whether a number without a unit counts (as minutes)."""
    for pattern, form in _DURATION_FORMS[0 if bare else 1 :]:
        match = pattern.match(cleaned)
        if match is None:
            continue
        if form == "m":
            return int(match["minutes"])
        if form == "h":
            return round(float(match["hours"]) * 60)
        if int(match["minutes"]) > 59:
            return None
        return int(match["hours"]) * 60 + int(match["minutes"])
    return None


def parse_duration(text: str) -> int:
    """Minutes from '90', '45 min', '1h30', '1 h 30 min', '1,5 h', '2 timmar', '1:30'."""
    original = text.strip()[:40]
    minutes = _minutes(re.sub(r"\s+", "", text.strip().lower().replace(",", ".")))
    if minutes is None:
        raise UserError("meetings.duration.unknown", text=original)
    if not 1 <= minutes <= MAX_DURATION:
        raise UserError("meetings.duration.range", text=original, max_hours=MAX_DURATION // 60)
    return minutes


MOST_REMINDERS = leadtimes.MOST_LEADS
MOST_AHEAD_DAYS = 60
"""The longest a reminder may go out before its meeting."""
NO_REMINDERS = ("inga", "ingen", "none", "-", "0")
_BEFORE = re.compile(r"(?:före|innan|i\s*förväg|before)$")
_DAYS = re.compile(r"^(?P<count>\d{1,3})(?P<unit>d|dag|dagar|dygn|day|days|v|vecka|veckor|week|weeks)$")


def _lead(part: str) -> timedelta | None:
    """One lead time: '2 dagar', '1 vecka', '3 h', '90 min', '1h30' (a unit is needed), 'före' may follow."""
    cleaned = _BEFORE.sub("", part.strip().lower()).strip()
    cleaned = re.sub(r"\s+", "", cleaned.replace(",", "."))
    if found := _DAYS.match(cleaned):
        weeks = found["unit"][0] in "vw"
        return timedelta(days=int(found["count"]) * (7 if weeks else 1))
    minutes = _minutes(cleaned, bare=False)
    return None if minutes is None else timedelta(minutes=minutes)


def parse_reminders(text: str) -> leadtimes.LeadTimes:
    """How long before the start a meeting's reminders go out: '2 dagar, 3 h', '1 vecka och 1 dag', '30 min';
    'inga' (or 'none') for none. Longest first, each once; what cannot be read, or a lead outside one minute to
    `MOST_AHEAD_DAYS` days, or more than `MOST_REMINDERS` of them, raises `UserError`."""
    cleaned = text.strip().lower()
    if cleaned in NO_REMINDERS:
        return ()
    parts = [p for p in re.split(r"\s*(?:[;/]|,(?!\d)|\boch\b|\band\b|\+)\s*", cleaned) if p.strip()]
    leads = []
    for part in parts:
        lead = _lead(part)
        if lead is None:
            raise UserError("meetings.leads.unknown", text=echo(text), part=echo(part))
        if not timedelta(minutes=1) <= lead <= timedelta(days=MOST_AHEAD_DAYS):
            raise UserError("meetings.leads.range", text=echo(part), count=MOST_AHEAD_DAYS)
        leads.append(lead)
    if not leads:
        raise UserError("meetings.leads.unknown", text=echo(text), part=echo(text))
    if len(set(leads)) > MOST_REMINDERS:
        raise UserError("meetings.leads.too_many", count=MOST_REMINDERS)
    return leadtimes.lead_times(leads)


def stored_leads(leads: leadtimes.LeadTimes) -> str:
    """How a meeting stores its reminders: minutes, longest first ('2880,180'; '' for none)."""
    return ",".join(str(lead // timedelta(minutes=1)) for lead in leads)


def read_leads(stored: str) -> leadtimes.LeadTimes:
    return leadtimes.lead_times(timedelta(minutes=int(m)) for m in stored.split(",") if m)


def parse_deadline(text: str, *, now: datetime, zone: ZoneInfo | str, start: datetime) -> datetime:
    """A sign-up deadline, read as a start is ('2026-03-06 12:00', 'fredag 12:00'); it must come before the
    start."""
    deadline = parse_start(text, now=now, zone=zone)
    if deadline >= start:
        raise UserError("meetings.deadline.after_start")
    return deadline


def next_start(start: datetime, repeat: Repeat | str, zone: ZoneInfo | str) -> datetime | None:
    """The next occurrence at the same local wall-clock time; monthly keeps the weekday position."""
    repeat = Repeat(repeat)
    if repeat is Repeat.NONE:
        return None
    local = to_local(start, zone).replace(tzinfo=None)
    if repeat is Repeat.WEEKLY:
        naive = local + timedelta(days=7)
    elif repeat is Repeat.BIWEEKLY:
        naive = local + timedelta(days=14)
    else:
        year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
        day = nth_weekday(year, month, local.weekday(), weekday_position(local.date()))
        naive = datetime.combine(day, local.time())
    return to_utc(naive, zone, repeating=True)
