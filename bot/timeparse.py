"""One policy for every time a person types, whatever the parser that read it.

Meeting start and edit, call-back times, memorial post times, commitment due dates and the digest time all
turn what they read into a date or an instant here:

- Years from 2000 to 2100 are accepted; any other year is refused, naming that range (so "0001-01-01" or
  "9999-12-31" gives a clear message instead of an overflow deep in the calendar).
- A local time that does not exist, because the clocks spring forward over it (02:30 on the last Sunday of
  March in Sweden), is refused, naming the nearest valid time: the time the clocks jump to (03:00).
- A local time that exists twice, because the clocks fall back (02:30 on the last Sunday of October), means the
  first of the two, still on summer time (`fold=0`): the earlier instant, so nothing planned then comes late.

Scheduled times that repeat (a memorial day's post, the weekly digest) cannot be refused on the day itself:
`scheduled_instant` resolves them by the same rule, a time in the gap moving to the time the clocks jump to.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.errors import UserError

MIN_YEAR = 2000
MAX_YEAR = 2100


def _zone(zone: ZoneInfo | str) -> ZoneInfo:
    return ZoneInfo(zone) if isinstance(zone, str) else zone


def check_day(day: date) -> date:
    """The day itself, if its year is one the bot accepts."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise UserError("time.year_range", year=day.year, first=MIN_YEAR, last=MAX_YEAR)
    return day


def gap_end(local: datetime, zone: ZoneInfo | str) -> datetime | None:
    """For a naive local time the clocks skip, the local time they jump to; None for a time that exists."""
    zone = _zone(zone)
    before = local.replace(tzinfo=zone, fold=0)
    if before.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == local:
        return None
    # Inside a gap, fold=1 reads the time with the offset after the change and fold=0 with the one before:
    # the change itself lies between the two instants.
    early = local.replace(tzinfo=zone, fold=1).astimezone(UTC)
    late = before.astimezone(UTC)
    offset_after = late.astimezone(zone).utcoffset()
    moment = early
    while moment < late and moment.astimezone(zone).utcoffset() != offset_after:
        moment += timedelta(minutes=1)
    return moment.astimezone(zone).replace(tzinfo=None)


def _clock(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def to_utc(local: datetime, zone: ZoneInfo | str) -> datetime:
    """A naive local wall-clock time typed by a person, as an aware UTC instant, by the policy above."""
    if local.tzinfo is not None:
        raise ValueError("to_utc takes a naive local time")
    check_day(local.date())
    zone = _zone(zone)
    jumped_to = gap_end(local, zone)
    if jumped_to is not None:
        raise UserError("time.nonexistent", time=_clock(local), nearest=_clock(jumped_to))
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def check_clock_time(days: Iterable[date], at: time, zone: ZoneInfo | str) -> None:
    """A time of day that will be used on each of `days` (a memorial day's coming dates, the digest's
    weekdays): refused like a typed time if it does not exist on one of them."""
    for day in days:
        to_utc(datetime.combine(day, at), zone)


def scheduled_instant(day: date, at: time, zone: ZoneInfo | str) -> datetime:
    """The UTC instant of a repeating local time on `day`: the first of two on the autumn night, and on the
    spring night a time the clocks skip moves to the time they jump to."""
    zone = _zone(zone)
    local = datetime.combine(day, at)
    local = gap_end(local, zone) or local
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)
