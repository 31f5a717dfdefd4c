"""Memorial days' rules without Discord: the date parser, the rule engine, what else a moderator types, the
upcoming days, and where a day is posted."""

from __future__ import annotations

import calendar
from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import leadtimes
from bot.errors import UserError
from bot.guilds import BindingKind, ChannelPurpose, GuildConfig
from bot.memorial.service import DateError, by_next_date, parse_date, parse_time, post_channel, upcoming
from bot.timeparse import LAST, DateRule, days_in_month
from cogs._shared.interactions import render
from tests.bot.memorial.support import a_day, fixed_rules, nth_rules, rules

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


def test_by_next_date_finds_days_by_any_of_their_names():
    days = [a_day(DateRule(5, 1), translations={"en": {"name": "May Day"}}), a_day(DateRule(3, 8))]
    days[0].name, days[1].name = "Första maj", "Internationella kvinnodagen"
    today = date(2026, 4, 1)
    assert [(when, d.name) for when, d in by_next_date(days, today)] == [
        (date(2026, 5, 1), "Första maj"),
        (date(2027, 3, 8), "Internationella kvinnodagen"),
    ]
    assert [d.name for _, d in by_next_date(days, today, named=" may ")] == ["Första maj"]
    assert [d.name for _, d in by_next_date(days, today, named="KVINNO")] == ["Internationella kvinnodagen"]
    assert by_next_date(days, today, named="jul") == []


# ---------------------------------------------------------------------------------------------- where it is posted


def test_a_day_is_posted_in_its_own_channel_else_in_the_announcements_channel():
    config = GuildConfig(guild_id=1, bindings=[])
    day = a_day(DateRule(3, 8))
    assert post_channel(day, config) is None
    config.bind(BindingKind.CHANNEL, ChannelPurpose.ANNOUNCEMENTS, 500)
    assert post_channel(day, config) == 500
    day.channel_id = 600
    assert post_channel(day, config) == 600
