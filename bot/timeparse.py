"""One grammar for every time a person types, and one policy for turning it into an instant.

Meeting start and edit, call-back times, memorial days and their posting time, commitment due dates and the
digest time all read what a person typed here, so the same forms work everywhere (Swedish and English names,
with or without å, ä, ö; upper or lower case; "kl.", "klockan", "den", "nästa", "the", "at" may be written):

- a clock time: "9", "09", "kl. 9", "kl 18.30", "18.30", "18:30";
- a day: "2026-03-08", "8/3", "8/3 2026", "8.3", "08-03", "8 mars", "8 mars 2026", "8:e mars", "March 8th",
  "idag", "i morgon", "i övermorgon", a weekday ("onsdag", "nästa onsdag") or a day that recurs ("sista
  söndagen i maj"); without a year it is the next such day (today included);
- a moment: a day and a clock time ("2026-03-08 18:00", "8 mars 18:00", "onsdag 18:00", "imorgon kl. 9", or
  only "18:30"); without a year, or without a day, it is the next such moment;
- a recurring day: a day of a month ("8 mars", "8/3"; a full date's year is ignored) or the nth weekday of a
  month ("sista söndagen i maj", "second Tuesday of October").

What the grammar cannot read, each feature answers with its own catalog keys (`Refusals`): its messages give
examples of its own field. Then one policy for what was read:

- Years from 2000 to 2100 are accepted; any other year is refused, naming that range (so "0001-01-01" or
  "9999-12-31" gives a clear message instead of an overflow deep in the calendar).
- A local time that does not exist, because the clocks spring forward over it (02:30 on the last Sunday of
  March in Sweden), is refused, naming the nearest valid time: the time the clocks jump to (03:00).
- A local time that exists twice, because the clocks fall back (02:30 on the last Sunday of October), means the
  first of the two, still on summer time (`fold=0`): the earlier instant, so nothing planned then comes late.

Scheduled times that repeat (a memorial day's post, the weekly digest) cannot be refused on the day itself:
`to_utc(..., repeating=True)` resolves them by the same rule, a time in the gap moving to the time the clocks
jump to. Local times become instants only through `to_utc`, and instants local times only through `to_local`.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import get_day_names, get_month_names

from bot.errors import UserError

MIN_YEAR = 2000
MAX_YEAR = 2100
LAST = -1
"""The `nth` of a recurring day that is the last such weekday of its month."""
FIXED = "fixed"
NTH_WEEKDAY = "nth-weekday"
ECHO_LIMIT = 60
"""How much of what was typed a refusal quotes back."""

# ---------------------------------------------------------------------------------------------- names

SV_MONTHS = tuple(get_month_names("wide", locale="sv_SE")[m] for m in range(1, 13))
EN_MONTHS = tuple(get_month_names("wide", locale="en_GB")[m].lower() for m in range(1, 13))
SV_WEEKDAYS = tuple(get_day_names("wide", locale="sv_SE")[d] for d in range(7))
EN_WEEKDAYS = tuple(get_day_names("wide", locale="en_GB")[d].lower() for d in range(7))
SV_ORDINALS = {1: "första", 2: "andra", 3: "tredje", 4: "fjärde", LAST: "sista"}
EN_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", LAST: "last"}


def plain(text: str) -> str:
    """Lower case without diacritics: 'Söndagen' -> 'sondagen'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _names_of(numbers: dict[int, str], *more: dict[int, str]) -> dict[str, int]:
    """Each name as written and without diacritics (so 'lördag' and 'lordag' both work), without a final '.'."""
    names: dict[str, int] = {}
    for table in (numbers, *more):
        for number, name in table.items():
            name = name.lower().rstrip(".")
            names[name] = names[plain(name)] = number
    return names


def _months() -> dict[str, int]:
    abbreviated = (get_month_names("abbreviated", locale=locale) for locale in ("sv_SE", "en_GB"))
    written = [dict(enumerate(names, start=1)) for names in (SV_MONTHS, EN_MONTHS)]
    short = [{number: name[:3] for number, name in table.items()} for table in written]
    return _names_of(*abbreviated, *written, *short)


def _weekdays() -> dict[str, int]:
    abbreviated = (get_day_names("abbreviated", locale=locale) for locale in ("sv_SE", "en_GB"))
    written = [dict(enumerate(names)) for names in (SV_WEEKDAYS, EN_WEEKDAYS)]
    short = [{number: name[:3] for number, name in table.items()} for table in written]
    definite = {number: f"{name}en" for number, name in enumerate(SV_WEEKDAYS)}
    return _names_of(*abbreviated, *written, *short, definite, {1: "tues", 3: "thurs"})


MONTHS: dict[str, int] = _months()
"""Month names and abbreviations (Swedish and English, with and without å, ä, ö) -> 1..12."""

WEEKDAYS: dict[str, int] = _weekdays()
"""Weekday names, definite forms ('söndagen') and abbreviations -> 0 (Monday)..6 (Sunday)."""

ORDINALS: dict[str, int] = {
    **{plain(name): n for n, name in SV_ORDINALS.items()},
    **{name: n for n, name in EN_ORDINALS.items()},
    **{f"{n}{suffix}": n for n in (1, 2) for suffix in (":a", "a")},
    **{f"{n}{suffix}": n for n in (3, 4) for suffix in (":e", "e")},
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
"""'sista', 'second', '3:e' -> 1..4, or `LAST`."""

RELATIVE_DAYS = {"idag": 0, "today": 0, "imorgon": 1, "tomorrow": 1, "iovermorgon": 2}

# ---------------------------------------------------------------------------------------------- the calendar


def days_in_month(month: int) -> int:
    """The most days the month can have (29 for February)."""
    return calendar.monthrange(2024, month)[1]


def weekday_position(day: date) -> int:
    """1..4 for the first to fourth such weekday of the month, `LAST` for a fifth (the last)."""
    position = (day.day - 1) // 7 + 1
    return LAST if position == 5 else position


def nth_weekday(year: int, month: int, weekday: int, position: int) -> date:
    """The `position`th (1..4, or `LAST`) `weekday` of the month."""
    if position == LAST:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (position - 1))


@dataclass(frozen=True, slots=True)
class DateRule:
    """A day that comes back every year: a fixed date (`day` of `month`) or the `nth` (1–4, or `LAST`)
    `weekday` (0 = Monday) of `month`."""

    month: int
    day: int | None = None
    weekday: int | None = None
    nth: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"no such month: {self!r}")
        if self.day is not None:
            valid = 1 <= self.day <= days_in_month(self.month) and self.weekday is None and self.nth is None
        else:
            valid = self.weekday in range(7) and self.nth in (1, 2, 3, 4, LAST)
        if not valid:
            raise ValueError(f"no such day: {self!r}")

    @property
    def kind(self) -> str:
        return FIXED if self.day is not None else NTH_WEEKDAY

    def in_year(self, year: int) -> date:
        """The date the rule falls on in `year`; 29 February falls back to 28 February in other years."""
        if self.day is not None:
            return date(year, self.month, min(self.day, calendar.monthrange(year, self.month)[1]))
        assert self.weekday is not None and self.nth is not None
        return nth_weekday(year, self.month, self.weekday, self.nth)

    def next_on_or_after(self, day: date) -> date:
        """The first date the rule falls on that is `day` or later."""
        this_year = self.in_year(day.year)
        return this_year if this_year >= day else self.in_year(day.year + 1)


# ---------------------------------------------------------------------------------------------- the policy


def zone_of(zone: ZoneInfo | str) -> ZoneInfo:
    return ZoneInfo(zone) if isinstance(zone, str) else zone


def check_year(year: int) -> int:
    """The year itself, if it is one the bot accepts."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise UserError("time.year_range", year=year, first_year=MIN_YEAR, last_year=MAX_YEAR)
    return year


def check_day(day: date) -> date:
    """The day itself, if its year is one the bot accepts."""
    check_year(day.year)
    return day


def _gap_end(local: datetime, zone: ZoneInfo) -> datetime | None:
    """For a naive local time the clocks skip, the local time they jump to; None for a time that exists."""
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


def _minute(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def to_utc(local: datetime, zone: ZoneInfo | str, *, repeating: bool = False) -> datetime:
    """A naive local wall-clock time as an aware UTC instant, by the policy above.

    A time a person typed must lie in the accepted years, and one the clocks skip is refused naming the time
    they jump to. A time that repeats (`repeating=True`: a yearly post, a weekly digest) moves there instead."""
    if local.tzinfo is not None:
        raise ValueError("to_utc takes a naive local time")
    zone = zone_of(zone)
    if not repeating:
        check_day(local.date())
    jumped_to = _gap_end(local, zone)
    if jumped_to is not None and not repeating:
        raise UserError("time.nonexistent", time=_minute(local), nearest=_minute(jumped_to))
    return (jumped_to or local).replace(tzinfo=zone, fold=0).astimezone(UTC)


def to_local(moment: datetime, zone: ZoneInfo | str) -> datetime:
    """An aware instant as the wall-clock time of `zone` (aware, in that zone)."""
    if moment.tzinfo is None:
        raise ValueError("to_local takes an aware instant")
    return moment.astimezone(zone_of(zone))


def check_clock_time(days: Iterable[date], at: time, zone: ZoneInfo | str) -> None:
    """A time of day that will be used on each of `days` (a memorial day's coming dates, the digest's
    weekdays): refused like a typed time if it does not exist on one of them."""
    for day in days:
        to_utc(datetime.combine(day, at), zone)


# ---------------------------------------------------------------------------------------------- refusals


class _Unreadable(Exception):
    """Why the grammar cannot read what was typed; the feature's `Refusals` names the message."""

    def __init__(self, reason: str, **values: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.values = values


def echo(text: str) -> str:
    """What the person typed, as a refusal quotes it back."""
    return text.strip()[:ECHO_LIMIT]


@dataclass(frozen=True, slots=True)
class Refusals:
    """The catalog keys a feature answers what the grammar cannot read with; a reason without a key of its
    own is answered with `unreadable`. Every message gets `text` (what was typed); `no_such_day` also gets
    `day`, `month_key` and `most` (the days the month can have), `no_such_month` gets `month`."""

    unreadable: str
    no_clock: str | None = None
    """A day where a day and a clock time are needed."""
    bad_clock: str | None = None
    """A clock time past 23:59 ('25:00', '18:75')."""
    no_such_day: str | None = None
    """A day the month does not have ('31 april', '2026-02-29')."""
    no_such_month: str | None = None
    """A month number past 12 ('08-13')."""
    error: type[UserError] = UserError

    @contextmanager
    def reading(self, text: str) -> Iterator[None]:
        try:
            yield
        except _Unreadable as problem:
            key = getattr(self, problem.reason) or self.unreadable
            raise self.error(key, text=echo(text), **problem.values) from None


# ---------------------------------------------------------------------------------------------- the grammar

_NOISE = frozenset({"kl", "kl.", "klockan", "at", "den", "the", "on", "nasta", "next"})
_CLOCK = re.compile(r"(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?")


def _names(names: Iterable[str]) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


_SUFFIX = r"(?::?e|:?a|st|nd|rd|th)?\.?"
_YEAR = r"(?:\s*[/.-]\s*|\s+)(?P<year>\d{4})"
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\.?")
_NUMERIC = re.compile(rf"(?P<day>\d{{1,2}})\s*[/.-]\s*(?P<month>\d{{1,2}})(?:{_YEAR})?\.?")
_DAY_MONTH = re.compile(
    rf"(?P<day>\d{{1,2}}){_SUFFIX}\s*(?:of\s+)?(?P<month>{_names(MONTHS)})\.?(?:\s+(?P<year>\d{{4}}))?\.?"
)
_MONTH_DAY = re.compile(rf"(?P<month>{_names(MONTHS)})\.?\s+(?P<day>\d{{1,2}}){_SUFFIX}(?:\s+(?P<year>\d{{4}}))?\.?")
_NTH = re.compile(
    rf"(?P<nth>{_names(ORDINALS)})\s+(?P<weekday>{_names(WEEKDAYS)})\s+(?:i|in|of)\s+(?P<month>{_names(MONTHS)})\.?"
)


def _words(text: str) -> list[str]:
    """The typed text as plain lower-case words, without the filler a person may write around a time."""
    cleaned = plain(text).replace(",", " ")
    cleaned = re.sub(r"\b(kl\.?|klockan)(?=\d)", r"\1 ", cleaned)
    cleaned = re.sub(r"(\d{4}-\d{1,2}-\d{1,2})t(?=\d)", r"\1 ", cleaned)
    cleaned = re.sub(r"\bi\s+(dag|morgon|overmorgon)\b", r"i\1", cleaned)
    return [word for word in cleaned.split() if word not in _NOISE]


def _clock(word: str) -> time:
    found = _CLOCK.fullmatch(word)
    if found is None:
        raise _Unreadable("unreadable")
    hour, minute = int(found["hour"]), int(found["minute"] or 0)
    if hour > 23 or minute > 59:
        raise _Unreadable("bad_clock")
    return time(hour, minute)


@dataclass(frozen=True, slots=True)
class _Written:
    """A day as written, before it is placed in the calendar: the candidates are the days it can mean from
    `today` on, soonest first (one for a day named outright: a date with its year, 'i morgon')."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    offset: int | None = None
    rule: DateRule | None = None

    def recurring(self) -> DateRule | None:
        if self.rule is not None:
            return self.rule
        if self.day is not None and self.month is not None:
            return DateRule(self.month, self.day)
        return None

    def candidates(self, today: date) -> Iterator[date]:
        if self.offset is not None:
            yield today + timedelta(days=self.offset)
        elif self.weekday is not None:
            first = today + timedelta(days=(self.weekday - today.weekday()) % 7)
            yield from (first, first + timedelta(days=7))
        elif self.rule is not None:
            first = self.rule.next_on_or_after(today)
            yield from (first, self.rule.in_year(first.year + 1))
        elif self.year is not None:
            yield self._in(check_year(self.year))
        else:
            assert self.day is not None and self.month is not None
            for year in range(today.year, today.year + 9):  # 29 February comes back within eight years
                if self.day <= calendar.monthrange(year, self.month)[1] and date(year, self.month, self.day) >= today:
                    yield date(year, self.month, self.day)

    def _in(self, year: int) -> date:
        assert self.day is not None and self.month is not None
        _check_day_of_month(self.day, self.month, calendar.monthrange(year, self.month)[1])
        return date(year, self.month, self.day)


def _check_day_of_month(day: int, month: int, most: int) -> None:
    if not 1 <= day <= most:
        raise _Unreadable("no_such_day", day=day, month_key=f"time.month.{month}", most=most)


def _dated(found: re.Match[str], month: int) -> _Written:
    """A day of a month, refused if no year has it."""
    day, year = int(found["day"]), found["year"]
    if not 1 <= month <= 12:
        raise _Unreadable("no_such_month", month=month)
    _check_day_of_month(day, month, days_in_month(month))
    return _Written(day=day, month=month, year=int(year) if year else None)


def _day(words: list[str]) -> _Written | None:
    """The day the words write, None if they do not write one; a day no month has is refused."""
    text = " ".join(words)
    if found := _ISO.fullmatch(text) or _NUMERIC.fullmatch(text):
        return _dated(found, int(found["month"]))
    if found := _DAY_MONTH.fullmatch(text) or _MONTH_DAY.fullmatch(text):
        return _dated(found, MONTHS[found["month"]])
    if found := _NTH.fullmatch(text):
        month, weekday, nth = MONTHS[found["month"]], WEEKDAYS[found["weekday"]], ORDINALS[found["nth"]]
        return _Written(rule=DateRule(month, weekday=weekday, nth=nth))
    if text in WEEKDAYS:
        return _Written(weekday=WEEKDAYS[text])
    if text in RELATIVE_DAYS:
        return _Written(offset=RELATIVE_DAYS[text])
    return None


def _moment(words: list[str]) -> tuple[_Written | None, time | None]:
    """The day and the clock time the words write: the clock time, if any, comes last."""
    if words and _CLOCK.fullmatch(words[-1]):
        written = _day(words[:-1]) if len(words) > 1 else None
        if written is not None or len(words) == 1:
            return written, _clock(words[-1])
    written = _day(words)
    if written is None:
        raise _Unreadable("unreadable")
    return written, None


def parse_clock(text: str, refusals: Refusals) -> time:
    """A clock time: '9', '09', 'kl. 9', '18.30', '18:30', 'kl 18.30'."""
    with refusals.reading(text):
        words = _words(text)
        if len(words) != 1:
            raise _Unreadable("unreadable")
        return _clock(words[0])


def parse_day(text: str, refusals: Refusals, *, today: date) -> date:
    """A day (see the module's forms); without a year the next such day, `today` included."""
    with refusals.reading(text):
        written = _day(_words(text))
        if written is None:
            raise _Unreadable("unreadable")
        return check_day(next(written.candidates(today)))


def parse_recurring_day(text: str, refusals: Refusals) -> DateRule:
    """A day that comes back every year: '8 mars', '08-03', '8/3', 'March 8th', 'sista söndagen i maj'."""
    with refusals.reading(text):
        written = _day(_words(text))
        rule = written.recurring() if written is not None else None
        if rule is None:
            raise _Unreadable("unreadable")
        return rule


def parse_moment(
    text: str, refusals: Refusals, *, now: datetime, zone: ZoneInfo | str, clock: time | None = None
) -> datetime:
    """A local moment in `zone` as an aware UTC instant: a day and a clock time. Without a clock time `clock`
    is meant (refused when there is none); without a day, today or tomorrow. A day without a year, or a
    weekday, is the next such moment after `now`; a day named outright stays, even if it has passed."""
    zone = zone_of(zone)
    with refusals.reading(text):
        written, at = _moment(_words(text))
        if at is None:
            at = clock
        if at is None:
            raise _Unreadable("no_clock")
        today = to_local(now, zone).date()
        days = written.candidates(today) if written is not None else iter((today, today + timedelta(days=1)))
        return to_utc(datetime.combine(_first_after(days, at, now, zone), at), zone)


def _first_after(days: Iterator[date], at: time, now: datetime, zone: ZoneInfo) -> date:
    """The first of the days on which `at` comes after `now`; the last one if none does."""
    day = next(days)
    for later in days:
        if to_utc(datetime.combine(day, at), zone, repeating=True) > now:
            break
        day = later
    return day
