"""Memorial days without Discord: the date parser, the rule engine and the ledger plans (DST, grace windows)."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import leadtimes
from bot.errors import UserError
from bot.memorial.service import (
    DateError,
    MemorialDay,
    describe_rule,
    parse_date,
    parse_key,
    parse_time,
    post_plan,
    reminder_plan,
    upcoming,
)
from bot.timeparse import LAST, DateRule, days_in_month
from cogs._shared.interactions import render

STOCKHOLM = ZoneInfo("Europe/Stockholm")

# ---------------------------------------------------------------------------------------------- parser


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("8 mars", DateRule(3, 8)),
        ("8 Mars", DateRule(3, 8)),
        ("den 8 mars", DateRule(3, 8)),
        ("8:e mars", DateRule(3, 8)),
        ("8 mar", DateRule(3, 8)),
        ("8 mar.", DateRule(3, 8)),
        ("08-03", DateRule(3, 8)),
        ("8/3", DateRule(3, 8)),
        ("8.3", DateRule(3, 8)),
        ("2026-03-08", DateRule(3, 8)),
        ("1 maj", DateRule(5, 1)),
        ("1:a maj", DateRule(5, 1)),
        ("15 maj", DateRule(5, 15)),
        ("11 juli", DateRule(7, 11)),
        ("9 okt", DateRule(10, 9)),
        ("9 november", DateRule(11, 9)),
        ("29 februari", DateRule(2, 29)),
        ("March 8", DateRule(3, 8)),
        ("March 8th", DateRule(3, 8)),
        ("8th of March", DateRule(3, 8)),
        ("1st May", DateRule(5, 1)),
        ("sista söndagen i maj", DateRule(5, weekday=6, nth=LAST)),
        ("Sista söndagen i maj", DateRule(5, weekday=6, nth=LAST)),
        ("sista sondagen i maj", DateRule(5, weekday=6, nth=LAST)),
        ("andra tisdagen i oktober", DateRule(10, weekday=1, nth=2)),
        ("första måndagen i september", DateRule(9, weekday=0, nth=1)),
        ("3:e lördagen i juni", DateRule(6, weekday=5, nth=3)),
        ("fjärde torsdag i november", DateRule(11, weekday=3, nth=4)),
        ("last Sunday of May", DateRule(5, weekday=6, nth=LAST)),
        ("the second Tuesday in October", DateRule(10, weekday=1, nth=2)),
        ("4th Thursday of November", DateRule(11, weekday=3, nth=4)),
    ],
)
def test_parser_reads_swedish_english_and_numeric_dates(text, rule):
    assert parse_date(text) == rule


def test_a_date_that_does_not_exist_gets_a_clear_swedish_message():
    with pytest.raises(DateError) as raised:
        parse_date("31 februari")
    assert raised.value.key == "memorial.date.no_such_day"
    assert render(raised.value, "sv") == (
        "Det finns ingen 31 februari: februari har högst 29 dagar. Ange en dag som finns."
    )
    assert render(raised.value, "en") == (
        "There is no 31 February: February has at most 29 days. Give a day that exists."
    )
    with pytest.raises(DateError) as raised:
        parse_date("31/4")
    assert render(raised.value, "sv").startswith("Det finns ingen 31 april: april har högst 30 dagar.")


@pytest.mark.parametrize("text", ["", "   ", "blurg", "femte söndagen i maj", "8 smurf", "sista dagen i maj", "8"])
def test_parser_rejects_what_is_not_a_date(text):
    with pytest.raises(DateError) as raised:
        parse_date(text)
    assert raised.value.key == "memorial.date.unknown"
    assert render(raised.value, "sv").startswith("Jag förstår inte datumet")


def test_parser_rejects_a_month_that_does_not_exist():
    with pytest.raises(DateError) as raised:
        parse_date("08-13")
    assert raised.value.key == "memorial.date.bad_month"


fixed_rules = st.integers(1, 12).flatmap(
    lambda month: st.builds(DateRule, st.just(month), st.integers(1, days_in_month(month)))
)
nth_rules = st.builds(
    lambda month, weekday, nth: DateRule(month, weekday=weekday, nth=nth),
    st.integers(1, 12),
    st.integers(0, 6),
    st.sampled_from([1, 2, 3, 4, LAST]),
)
rules = st.one_of(fixed_rules, nth_rules)


@given(rules, st.sampled_from(["sv", "en"]))
def test_describing_a_rule_and_parsing_it_gives_the_rule_back(rule, lang):
    assert parse_date(describe_rule(rule, lang)) == rule


@given(fixed_rules, st.booleans())
def test_numeric_forms_mean_day_then_month(rule, padded):
    text = f"{rule.day:02d}-{rule.month:02d}" if padded else f"{rule.day}/{rule.month}"
    assert parse_date(text) == rule


@given(st.integers(1, 12), st.integers(1, 40))
def test_days_past_the_end_of_the_month_are_refused(month, day):
    if day <= days_in_month(month):
        assert parse_date(f"{day}/{month}") == DateRule(month, day)
    else:
        with pytest.raises(DateError) as raised:
            parse_date(f"{day}/{month}")
        assert raised.value.key == "memorial.date.no_such_day"


@given(st.text(max_size=30))
def test_parser_never_fails_with_anything_but_a_date_error(text):
    try:
        rule = parse_date(text)
    except DateError:
        return
    assert 1 <= rule.month <= 12


# ---------------------------------------------------------------------------------------------- rule engine


def test_known_nth_weekdays():
    assert DateRule(5, weekday=6, nth=LAST).in_year(2026) == date(2026, 5, 31)
    assert DateRule(5, weekday=6, nth=LAST).in_year(2027) == date(2027, 5, 30)
    assert DateRule(10, weekday=1, nth=2).in_year(2026) == date(2026, 10, 13)
    assert DateRule(9, weekday=0, nth=1).in_year(2026) == date(2026, 9, 7)
    assert DateRule(2, weekday=6, nth=LAST).in_year(2028) == date(2028, 2, 27)


def test_29_february_falls_back_to_28_february_in_other_years():
    leap_day = DateRule(2, 29)
    assert leap_day.in_year(2028) == date(2028, 2, 29)
    assert leap_day.in_year(2026) == date(2026, 2, 28)
    assert leap_day.in_year(2100) == date(2100, 2, 28)
    assert leap_day.in_year(2000) == date(2000, 2, 29)
    assert leap_day.next_on_or_after(date(2026, 3, 1)) == date(2027, 2, 28)


@given(st.integers(1900, 2400))
def test_leap_day_rule_in_any_year(year):
    expected = date(year, 2, 29) if calendar.isleap(year) else date(year, 2, 28)
    assert DateRule(2, 29).in_year(year) == expected


@given(nth_rules, st.integers(1900, 2400))
def test_nth_weekday_is_that_weekday_in_that_week_of_the_month(rule, year):
    found = rule.in_year(year)
    assert found.year == year and found.month == rule.month and found.weekday() == rule.weekday
    if rule.nth == LAST:
        assert (found + timedelta(days=7)).month != rule.month
    else:
        assert (found.day - 1) // 7 == rule.nth - 1


@given(rules, st.dates(date(1950, 1, 1), date(2300, 12, 31)))
def test_next_occurrence_is_the_first_on_or_after_the_day(rule, day):
    found = rule.next_on_or_after(day)
    assert found >= day
    assert found == rule.in_year(found.year)
    assert found.year in (day.year, day.year + 1)
    if found.year > day.year:
        assert rule.in_year(day.year) < day


# ---------------------------------------------------------------------------------------------- other input


@pytest.mark.parametrize(
    ("text", "expected"), [("09:00", time(9, 0)), ("9", time(9, 0)), ("18.30", time(18, 30)), ("kl. 7", time(7, 0))]
)
def test_time_input(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "9:60", "nio", ""])
def test_bad_time_input(text):
    with pytest.raises(UserError) as raised:
        parse_time(text)
    assert raised.value.key == "memorial.time.invalid"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("14,3", [14, 3]), ("3, 14", [14, 3]), ("7 7 1", [7, 1]), ("0", []), ("", []), ("inga", [])],
)
def test_lead_days_input(text, expected):
    assert leadtimes.parse(text) == tuple(timedelta(days=n) for n in expected)


@pytest.mark.parametrize("text", ["14,x", "400", "-3"])
def test_bad_lead_days_input(text):
    with pytest.raises(UserError) as raised:
        leadtimes.parse(text)
    assert raised.value.key == "leads.invalid"


# ---------------------------------------------------------------------------------------------- plans


def a_day(rule: DateRule, **values) -> MemorialDay:
    day = MemorialDay(id=7, guild_id=1, name="Dagen", text="Text", month=rule.month, **values)
    day.set_rule(rule)
    return day


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_post_is_due_at_nine_local_in_winter_and_summer_and_open_until_midnight():
    now = utc(2026, 1, 1)
    [winter, _] = post_plan(a_day(DateRule(3, 8)), STOCKHOLM, now)
    assert (winter.key, winter.due_at, winter.expires_at) == ("2026-03-08", utc(2026, 3, 8, 8), utc(2026, 3, 8, 23))
    [summer, _] = post_plan(a_day(DateRule(5, 1)), STOCKHOLM, now)
    assert (summer.key, summer.due_at, summer.expires_at) == ("2026-05-01", utc(2026, 5, 1, 7), utc(2026, 5, 1, 22))
    [custom, _] = post_plan(a_day(DateRule(11, 9), post_hour=18, post_minute=30), STOCKHOLM, now)
    assert custom.due_at == utc(2026, 11, 9, 17, 30)


def test_post_stays_planned_until_the_end_of_its_local_day_then_next_year_comes():
    day = a_day(DateRule(3, 8))
    assert [p.key for p in post_plan(day, STOCKHOLM, utc(2026, 3, 8, 22, 59))] == ["2026-03-08", "2027-03-08"]
    assert [p.key for p in post_plan(day, STOCKHOLM, utc(2026, 3, 8, 23, 0))] == ["2027-03-08"]


def test_reminders_fourteen_and_three_days_before_at_the_posting_time():
    plans = reminder_plan(a_day(DateRule(3, 8)), STOCKHOLM, utc(2026, 1, 1))
    this_year = [(p.key, p.due_at, p.expires_at) for p in plans if p.key.startswith("2026")]
    assert this_year == [
        ("2026-03-08:14", utc(2026, 2, 22, 8), utc(2026, 2, 22, 23)),
        ("2026-03-08:3", utc(2026, 3, 5, 8), utc(2026, 3, 5, 23)),
    ]
    # Reminders across the DST change keep the local time: 1 April 2026 is summer time.
    plans = reminder_plan(a_day(DateRule(4, 5), lead_days=[7]), STOCKHOLM, utc(2026, 1, 1))
    assert plans[0].due_at == utc(2026, 3, 29, 7)
    assert reminder_plan(a_day(DateRule(3, 8), lead_days=[]), STOCKHOLM, utc(2026, 1, 1)) == []


def test_reminder_of_an_early_january_day_comes_in_december():
    plans = reminder_plan(a_day(DateRule(1, 5)), STOCKHOLM, utc(2026, 12, 1))
    assert [p.key for p in plans] == ["2027-01-05:14", "2027-01-05:3"]
    assert plans[0].due_at == utc(2026, 12, 22, 8)


NAIVE_BOUNDS = (datetime(2000, 1, 1), datetime(2200, 1, 1))  # noqa: DTZ001 (hypothesis wants naive bounds)


@given(rules, st.datetimes(*NAIVE_BOUNDS, timezones=st.just(UTC)))
def test_plans_are_open_and_keys_name_their_occurrence(rule, now):
    day = a_day(rule)
    posts = post_plan(day, STOCKHOLM, now)
    assert posts and all(p.expires_at > now for p in posts)
    assert all(p.due_at.astimezone(STOCKHOLM).time().isoformat() == "09:00:00" for p in posts)
    for planned in posts + reminder_plan(day, STOCKHOLM, now):
        occurrence, lead = parse_key(planned.key)
        assert occurrence == rule.in_year(occurrence.year)
        assert planned.expires_at > now
        assert planned.due_at.astimezone(STOCKHOLM).date() == occurrence - timedelta(days=lead or 0)


def test_upcoming_lists_the_next_occurrences_in_order():
    days = [a_day(DateRule(3, 8)), a_day(DateRule(5, 1))]
    days[0].name, days[1].name = "Kvinnodagen", "Första maj"
    paused = a_day(DateRule(2, 1), active=False)
    found = [(when, d.name) for when, d in upcoming([*days, paused], date(2026, 3, 8), 3)]
    assert found == [
        (date(2026, 3, 8), "Kvinnodagen"),
        (date(2026, 5, 1), "Första maj"),
        (date(2027, 3, 8), "Kvinnodagen"),
    ]


def test_a_moderators_new_words_replace_the_seeded_ones_in_every_language():
    day = a_day(DateRule(5, 1), translations={"en": {"name": "May Day", "text": "Happy May Day!"}})
    assert (day.display_name("en"), day.display_text("en"), day.display_name("sv")) == (
        "May Day",
        "Happy May Day!",
        "Dagen",
    )
    assert day.names() == ["Dagen", "May Day"]
    day.forget_translations("name")
    assert (day.display_name("en"), day.display_text("en"), day.names()) == ("Dagen", "Happy May Day!", ["Dagen"])
    day.forget_translations("text")
    assert day.translations == {} and day.display_text("en") == "Text"
