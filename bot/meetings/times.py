"""A meeting's times as people write them: its start, its length, and when a recurring meeting comes next."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

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


def parse_duration(text: str) -> int:
    """Minutes from '90', '45 min', '1h30', '1 h 30 min', '1,5 h', '2 timmar', '1:30'."""
    original = text.strip()[:40]
    cleaned = re.sub(r"\s+", "", text.strip().lower().replace(",", "."))
    for pattern, form in _DURATION_FORMS:
        match = pattern.match(cleaned)
        if match is None:
            continue
        if form == "m":
            minutes = int(match["minutes"])
        elif form == "h":
            minutes = round(float(match["hours"]) * 60)
        else:
            if int(match["minutes"]) > 59:
                break
            minutes = int(match["hours"]) * 60 + int(match["minutes"])
        if not 1 <= minutes <= MAX_DURATION:
            raise UserError("meetings.duration.range", text=original, max_hours=MAX_DURATION // 60)
        return minutes
    raise UserError("meetings.duration.unknown", text=original)


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
