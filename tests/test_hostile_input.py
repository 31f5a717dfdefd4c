"""Hostile input: every parser under property tests, and hostile text in every free-text field that reaches a
public message — it never pings anyone and never breaks Discord's limits.

Already covered elsewhere (not repeated): memorial date rules (tests/test_memorial_rules.py), meeting start
times and durations (tests/test_meetings_rules.py), phone numbers and CSV rows (tests/test_campaigns_import.py),
plan text that never crashes the parser (tests/test_plan_parser.py).
"""

from __future__ import annotations

import contextlib
import io
import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from bot import memorial
from bot.campaigns import importer
from bot.campaigns import service as campaigns
from bot.campaigns.importer import ImportFormatError, normalise_phone, parse_file
from bot.commitments import service as commitments
from bot.commitments.plan_parser import MAX_TITLE, NotAPlan, parse_plan
from bot.errors import UserError

STOCKHOLM = ZoneInfo("Europe/Stockholm")
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
RIGHT_TO_LEFT = "\u202e\u2067\u200f\u061c"
MARKDOWN = (
    "**fet** __under__ ~~stryk~~ ||spoiler|| `kod` ```block``` [länk](https://example.org) > citat # Rubrik -# liten"
)
HOSTILE_ALPHABET = st.sampled_from(
    list("aåäö Z09:./-,;\t\n") + list(ZERO_WIDTH + RIGHT_TO_LEFT) + ["@everyone", "@here", "<@&1>", "٣", "１"]
)
hostile_text = st.one_of(st.text(max_size=40), st.lists(HOSTILE_ALPHABET, max_size=20).map("".join))


# ---------------------------------------------------------------------------- times of day


@given(hostile_text)
def test_memorial_time_is_a_valid_time_or_a_clear_error(text):
    try:
        hour, minute = memorial.parse_time(text)
    except UserError as error:
        assert error.key == "memorial.time.invalid"
    else:
        assert 0 <= hour <= 23 and 0 <= minute <= 59


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from(["{h:02d}:{m:02d}", "{h}.{m:02d}", "kl. {h}:{m:02d}"]))
def test_memorial_time_round_trips(hour, minute, form):
    assert memorial.parse_time(form.format(h=hour, m=minute)) == (hour, minute)


@given(hostile_text)
def test_commitment_time_is_a_valid_time_or_a_clear_error(text):
    try:
        hour, minute = commitments.parse_time(text)
    except UserError as error:
        assert error.key == "commitments.bad_time"
    else:
        assert 0 <= hour <= 23 and 0 <= minute <= 59


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from([":", "."]))
def test_commitment_time_round_trips(hour, minute, separator):
    assert commitments.parse_time(f"{hour:02d}{separator}{minute:02d}") == (hour, minute)


# ---------------------------------------------------------------------------- reminder lead days (a duration list)


@given(hostile_text)
def test_lead_days_are_few_distinct_and_in_range_or_a_clear_error(text):
    try:
        leads = memorial.parse_lead_days(text)
    except UserError as error:
        assert error.key == "memorial.lead.invalid"
    else:
        assert leads == sorted(set(leads), reverse=True)
        assert len(leads) <= memorial.MAX_LEADS
        assert all(1 <= lead <= memorial.MAX_LEAD_DAYS for lead in leads)


@given(
    st.lists(st.integers(1, memorial.MAX_LEAD_DAYS), min_size=1, max_size=memorial.MAX_LEADS),
    st.sampled_from([",", ", ", ";", " "]),
)
def test_lead_days_round_trip(leads, separator):
    assert memorial.parse_lead_days(separator.join(map(str, leads))) == sorted(set(leads), reverse=True)


# ---------------------------------------------------------------------------- dates


TODAYS = st.dates(date(2000, 1, 1), date(2200, 12, 31))
MONTH_NAMES = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
               "november", "december"]  # fmt: skip


@given(hostile_text, TODAYS)
def test_commitment_date_is_a_date_or_a_clear_error(text, today):
    try:
        commitments.parse_date(text, today)
    except UserError as error:
        assert error.key == "commitments.bad_date"


@given(st.dates(date(1900, 1, 1), date(9999, 12, 31)), st.sampled_from(["iso", "slash", "name"]))
def test_commitment_date_with_a_year_round_trips(day, form):
    text = {
        "iso": day.isoformat(),
        "slash": f"{day.day}/{day.month} {day.year}",
        "name": f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}",
    }[form]
    assert commitments.parse_date(text, date(2026, 1, 1)) == day


@given(TODAYS, st.integers(1, 12), st.integers(1, 31), st.sampled_from(["slash", "name"]))
@example(date(2028, 3, 1), 2, 29, "slash")
def test_commitment_date_without_a_year_is_the_next_such_day(today, month, day_of_month, form):
    """Any day that exists in some year — 29 February included — means the next such day, never a refusal."""
    if day_of_month > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        return
    text = f"{day_of_month}/{month}" if form == "slash" else f"{day_of_month} {MONTH_NAMES[month - 1]}"
    found = commitments.parse_date(text, today)
    assert (found.month, found.day) == (month, day_of_month)
    assert today <= found <= today + timedelta(days=366 * 8)
    between = [date(y, month, day_of_month) for y in range(today.year, found.year) if _exists(y, month, day_of_month)]
    assert all(d < today for d in between)


def _exists(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------------- call-back times


NOWS = st.datetimes(datetime(2020, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC))  # noqa: DTZ001


@given(hostile_text, NOWS)
def test_call_back_time_is_an_aware_time_or_a_clear_error(text, now):
    try:
        moment = campaigns.parse_when(text, now, STOCKHOLM)
    except UserError as error:
        assert error.key == "campaigns.error.callback_format"
    else:
        assert moment.tzinfo is not None and moment.utcoffset() == timedelta(0)


@given(st.dates(date(1, 1, 1), date(9999, 12, 31)), st.integers(0, 23), st.integers(0, 59), NOWS)
@example(date(1, 1, 1), 0, 30, datetime(2026, 1, 1, tzinfo=UTC))
@example(date(9999, 12, 31), 23, 59, datetime(2026, 1, 1, tzinfo=UTC))
def test_call_back_at_any_written_day_is_that_local_time_or_a_clear_error(day, hour, minute, now):
    text = f"{day.year:04d}-{day.month:02d}-{day.day:02d} {hour}:{minute:02d}"
    try:
        moment = campaigns.parse_when(text, now, STOCKHOLM)
    except UserError as error:  # a day the calendar cannot hold in UTC (year 1 before one o'clock)
        assert error.key == "campaigns.error.callback_format"
        assert day.year == 1
    else:
        local = moment.astimezone(STOCKHOLM)
        assert (local.date(), local.time()) == (day, time(hour, minute)) or local.fold or _in_gap(day, hour)


def _in_gap(day: date, hour: int) -> bool:
    """02:xx on the night summer time starts does not exist locally."""
    return hour == 2 and day.month == 3


@given(st.integers(0, 23), st.integers(0, 59), NOWS)
def test_a_bare_call_back_time_is_within_a_day(hour, minute, now):
    moment = campaigns.parse_when(f"{hour}:{minute:02d}", now, STOCKHOLM)
    assert now < moment <= now + timedelta(hours=25)


# ---------------------------------------------------------------------------- spreadsheet rows


cell = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20),
    st.lists(HOSTILE_ALPHABET, max_size=8).map("".join).filter(lambda s: "\t" not in s and "\n" not in s),
)


def fiction_number(n: int) -> str:
    return f"070-174 06 {n % 100:02d}"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(
            cell, st.one_of(cell, st.integers(0, 99).map(fiction_number), st.integers(700000000, 799999999)), cell
        ),
        max_size=12,
    )
)
def test_xlsx_parsing_accounts_for_every_row(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["Namn", "Telefon", "Partiförening"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = parse_file(buffer.getvalue(), "lista.xlsx")
    non_empty = [r for r in rows if any(" ".join(str(c).split()) for c in r)]
    assert parsed.rows_read == len(non_empty)
    assert len(parsed.rows) + parsed.duplicates + len(parsed.invalid) == parsed.rows_read
    assert len({r.phone for r in parsed.rows}) == len(parsed.rows)
    for row in parsed.rows:
        assert normalise_phone(row.phone) == row.phone
        assert len(row.name) <= importer.MAX_FIELD and len(row.branch) <= importer.MAX_FIELD


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["lista.csv", "lista.xlsx", "lista.txt", "lista"]))
def test_any_bytes_are_a_call_list_or_a_clear_error(data, filename):
    try:
        parsed = parse_file(data, filename)
    except ImportFormatError as error:
        assert error.key.startswith("campaigns.import.error.")
    else:
        assert len(parsed.rows) + parsed.duplicates + len(parsed.invalid) == parsed.rows_read


def test_a_broken_spreadsheet_is_a_clear_error():
    book = Workbook()
    book.active.append(["Namn", "Telefon"])
    buffer = io.BytesIO()
    book.save(buffer)
    whole = buffer.getvalue()
    rng = random.Random(7)
    for cut in (10, len(whole) // 2, len(whole) - 10):
        with pytest.raises(ImportFormatError):
            parse_file(whole[:cut], "lista.xlsx")
    damaged = bytearray(whole)
    for _ in range(40):
        damaged[rng.randrange(100, len(damaged))] = rng.randrange(256)
    with contextlib.suppress(ImportFormatError):
        parse_file(bytes(damaged), "lista.xlsx")


# ---------------------------------------------------------------------------- plan text


HOSTILE_LINE = st.one_of(
    st.builds(lambda s: f"- {s}", st.lists(HOSTILE_ALPHABET, max_size=30).map("".join)),
    st.builds(lambda n: "- " + "@everyone " * n, st.integers(1, 600)),
    st.just("# Verksamhetsplan 2026 " + "\u202e@here " * 300),
    st.just("- " + ZERO_WIDTH * 50),
    st.just("Vi kommer att:"),
    st.just("## " + MARKDOWN),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(HOSTILE_LINE, max_size=20))
def test_hostile_plan_text_gives_bounded_titles(lines):
    try:
        plan = parse_plan("\n".join(lines))
    except NotAPlan:
        return
    for commitment in plan.commitments:
        assert 0 < len(commitment.title) <= MAX_TITLE
        assert commitment.title.strip(ZERO_WIDTH + " ")
    data = commitments.parsed_to_data(
        plan, key="import:x", year=2026, title=plan.title or "x" * 5000, organisation=plan.organisation or ""
    )
    assert len(data["title"]) <= 200 and len(data["organisation"]) <= 120
    for section in data["sections"]:
        assert len(section["title"]) <= 120
        for commitment in section["commitments"]:
            assert len(commitment["title"]) <= 300 and len(commitment["description"]) <= 2000
