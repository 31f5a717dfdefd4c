"""A meeting's times without Discord: its start and length as people type them, and recurrence."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import timeparse
from bot.errors import UserError
from bot.meetings.models import Repeat
from bot.meetings.times import (
    MAX_DURATION,
    next_start,
    parse_deadline,
    parse_duration,
    parse_reminders,
    parse_start,
    read_leads,
    stored_leads,
)
from bot.timeparse import to_utc
from tests.support import stockholm

ZONE = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 1, 1, 0, 0, tzinfo=UTC)  # a Thursday; 01:00 in Stockholm


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-08 18:00", stockholm(2026, 3, 8, 18, 0)),
        ("2026-03-08 kl. 18.30", stockholm(2026, 3, 8, 18, 30)),
        ("8 mars 18:00", stockholm(2026, 3, 8, 18, 0)),
        ("8 mars 2027 18:00", stockholm(2027, 3, 8, 18, 0)),
        ("8 Mars kl 18", stockholm(2026, 3, 8, 18, 0)),
        ("8/3 18.00", stockholm(2026, 3, 8, 18, 0)),
        ("onsdag 18:00", stockholm(2026, 1, 7, 18, 0)),
        ("Onsdag kl 18", stockholm(2026, 1, 7, 18, 0)),
        ("torsdag 18:00", stockholm(2026, 1, 1, 18, 0)),  # today, still ahead
        ("torsdag 00:30", stockholm(2026, 1, 8, 0, 30)),  # today, already passed: next week
        ("i morgon 18:00", stockholm(2026, 1, 2, 18, 0)),
        ("idag 19:15", stockholm(2026, 1, 1, 19, 15)),
        ("2026-07-11 09:00", stockholm(2026, 7, 11, 9, 0)),  # summer time: 07:00 UTC
    ],
)
def test_start_times_are_local_to_the_server(text, expected):
    assert parse_start(text, now=NOW, zone=ZONE) == expected


def test_summer_time_is_respected():
    assert parse_start("2026-07-11 09:00", now=NOW, zone=ZONE) == datetime(2026, 7, 11, 7, 0, tzinfo=UTC)
    assert parse_start("2026-01-11 09:00", now=NOW, zone=ZONE) == datetime(2026, 1, 11, 8, 0, tzinfo=UTC)


def test_a_date_without_year_that_has_passed_means_next_year():
    later = datetime(2026, 6, 1, tzinfo=UTC)
    assert parse_start("8 mars 18:00", now=later, zone=ZONE) == stockholm(2027, 3, 8, 18, 0)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2025-12-31 18:00", "meetings.time.past"),
        ("idag 00:30", "meetings.time.past"),
        ("2026-02-30 18:00", "meetings.time.invalid_date"),
        ("31 april 18:00", "meetings.time.invalid_date"),
        ("2026-03-08 25:00", "meetings.time.invalid_clock"),
        ("2026-03-08 18:75", "meetings.time.invalid_clock"),
        ("2026-03-08", "meetings.time.no_time"),
        ("onsdag", "meetings.time.no_time"),
        ("snart", "meetings.time.unknown"),
        ("8 smörgås 18:00", "meetings.time.unknown"),
        ("", "meetings.time.unknown"),
        ("2026-03-29 02:30", "time.nonexistent"),  # the clocks jump from 02:00 to 03:00
        ("2030-01-01 18:00", "meetings.time.too_far"),
    ],
)
def test_invalid_or_past_times_are_refused_with_a_reason(text, key):
    with pytest.raises(UserError) as caught:
        parse_start(text, now=NOW, zone=ZONE)
    assert caught.value.key == key


def test_refusal_text_is_clear_swedish():
    from cogs._shared.interactions import render

    with pytest.raises(UserError) as caught:
        parse_start("2025-12-31 18:00", now=NOW, zone=ZONE)
    assert render(caught.value, "sv") == "”2025-12-31 18:00” har redan varit. Välj en tid som ligger framåt."


@settings(max_examples=200, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(2026, 1, 2), max_value=datetime(2027, 12, 31)),  # noqa: DTZ001
    form=st.sampled_from(["iso", "named", "numeric"]),
)
def test_any_future_local_time_round_trips(moment, form):
    moment = moment.replace(second=0, microsecond=0)
    try:
        expected = to_utc(moment, ZONE)
    except UserError:
        return  # the hour skipped by the clock change
    clock = f"{moment.hour}:{moment.minute:02d}"
    month_name = next(k for k, v in timeparse.MONTHS.items() if v == moment.month)
    text = {
        "iso": f"{moment:%Y-%m-%d} {clock}",
        "named": f"{moment.day} {month_name} {moment.year} {clock}",
        "numeric": f"{moment.day}/{moment.month}/{moment.year} {clock}",
    }[form]
    assert parse_start(text, now=NOW, zone=ZONE) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_start_parser_never_fails_unexpectedly(text):
    try:
        start = parse_start(text, now=NOW, zone=ZONE)
    except UserError:
        return
    assert start > NOW and start.tzinfo is not None


@settings(max_examples=100, deadline=None)
@given(weekday=st.sampled_from(list(timeparse.WEEKDAYS)), hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_a_weekday_means_the_next_such_day_within_a_week(weekday, hour, minute):
    start = parse_start(f"{weekday} {hour:02d}:{minute:02d}", now=NOW, zone=ZONE)
    local_start = start.astimezone(ZONE)
    assert local_start.weekday() == timeparse.WEEKDAYS[weekday]
    assert (local_start.hour, local_start.minute) == (hour, minute)
    assert NOW < start <= NOW + timedelta(days=7)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90", 90),
        ("45 min", 45),
        ("1h30", 90),
        ("1 h 30 min", 90),
        ("1h 30m", 90),
        ("1,5 h", 90),
        ("1.5h", 90),
        ("2 timmar", 120),
        ("2h", 120),
        ("1:30", 90),
        ("3 tim", 180),
    ],
)
def test_durations(text, minutes):
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("lång", "meetings.duration.unknown"),
        ("1h75", "meetings.duration.unknown"),
        ("0", "meetings.duration.range"),
        ("25 h", "meetings.duration.range"),
        ("-5", "meetings.duration.unknown"),
    ],
)
def test_invalid_durations(text, key):
    with pytest.raises(UserError) as caught:
        parse_duration(text)
    assert caught.value.key == key


@settings(max_examples=200, deadline=None)
@given(
    hours=st.integers(0, 23),
    minutes=st.integers(0, 59),
    style=st.sampled_from(["{h}h{m}", "{h} h {m} min", "{h}:{m:02d}"]),
)
def test_hours_and_minutes_round_trip(hours, minutes, style):
    total = hours * 60 + minutes
    text = style.format(h=hours, m=minutes)
    if total == 0:
        with pytest.raises(UserError):
            parse_duration(text)
    else:
        assert parse_duration(text) == total


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20))
def test_duration_parser_never_fails_unexpectedly(text):
    try:
        minutes = parse_duration(text)
    except UserError:
        return
    assert 1 <= minutes <= MAX_DURATION


def test_weekly_and_biweekly_keep_the_local_time_across_the_clock_change():
    start = stockholm(2026, 3, 25, 18, 0)  # the Wednesday before summer time
    weekly = next_start(start, Repeat.WEEKLY, ZONE)
    assert f"{weekly.astimezone(ZONE):%Y-%m-%d %H:%M}" == "2026-04-01 18:00"
    assert next_start(start, Repeat.BIWEEKLY, ZONE).astimezone(ZONE).day == 8
    assert next_start(start, Repeat.NONE, ZONE) is None


def test_monthly_means_the_same_weekday_position():
    second_tuesday = stockholm(2026, 1, 13, 18, 0)  # "andra tisdagen"
    following = next_start(second_tuesday, Repeat.MONTHLY, ZONE).astimezone(ZONE)
    assert following.date() == date(2026, 2, 10) and following.weekday() == 1 and following.hour == 18
    last_friday = stockholm(2026, 1, 30, 18, 0)  # the fifth Friday: the last one
    assert next_start(last_friday, Repeat.MONTHLY, ZONE).astimezone(ZONE).date() == date(2026, 2, 27)
    december = stockholm(2026, 12, 2, 18, 0)  # first Wednesday
    assert next_start(december, Repeat.MONTHLY, ZONE).astimezone(ZONE).date() == date(2027, 1, 6)


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)))
def test_monthly_recurrence_keeps_weekday_and_position(day):
    start = datetime.combine(day, datetime.min.time()).replace(hour=18, tzinfo=ZONE).astimezone(UTC)
    following = next_start(start, Repeat.MONTHLY, ZONE).astimezone(ZONE)
    assert following.weekday() == day.weekday()
    assert following.hour == 18
    if timeparse.weekday_position(day) == -1:  # the fifth: the last such weekday of the next month
        assert (following.date() + timedelta(days=7)).month != following.month
    else:
        assert timeparse.weekday_position(following.date()) == timeparse.weekday_position(day)
    assert (following.year * 12 + following.month) - (day.year * 12 + day.month) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 dagar, 3 h", (timedelta(days=2), timedelta(hours=3))),
        ("24 h, 1 h", (timedelta(hours=24), timedelta(hours=1))),
        ("3 h; 2 dagar", (timedelta(days=2), timedelta(hours=3))),
        ("1 vecka och 1 dag", (timedelta(days=7), timedelta(days=1))),
        ("1 dag, 1 dygn, 24 timmar", (timedelta(days=1),)),
        ("30 min", (timedelta(minutes=30),)),
        ("1,5 h", (timedelta(minutes=90),)),
        ("1h30, 2 dagar före", (timedelta(days=2), timedelta(minutes=90))),
        ("2 days, 3 hours", (timedelta(days=2), timedelta(hours=3))),
        ("inga", ()),
        ("Ingen", ()),
        ("none", ()),
    ],
)
def test_reminder_times_as_organisers_write_them(text, expected):
    assert parse_reminders(text) == expected
    assert read_leads(stored_leads(expected)) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("3 veckor efter", "meetings.leads.unknown"),
        ("3", "meetings.leads.unknown"),
        ("i morgon", "meetings.leads.unknown"),
        ("61 dagar", "meetings.leads.range"),
        ("0 min", "meetings.leads.range"),
        (", ".join(f"{n} h" for n in range(1, 12)), "meetings.leads.too_many"),
    ],
)
def test_reminder_times_that_cannot_be_are_refused(text, key):
    with pytest.raises(UserError) as refused:
        parse_reminders(text)
    assert refused.value.key == key


def test_a_deadline_reads_as_a_start_and_comes_before_it():
    start = stockholm(2026, 3, 8, 18, 0)
    assert parse_deadline("6 mars 12:00", now=NOW, zone=ZONE, start=start) == stockholm(2026, 3, 6, 12, 0)
    for text, key in (
        ("8 mars 18:00", "meetings.deadline.after_start"),
        ("9 mars 12:00", "meetings.deadline.after_start"),
        ("31 februari 12:00", "meetings.time.invalid_date"),
        ("2025-12-01 12:00", "meetings.time.past"),
    ):
        with pytest.raises(UserError) as refused:
            parse_deadline(text, now=NOW, zone=ZONE, start=start)
        assert refused.value.key == key
