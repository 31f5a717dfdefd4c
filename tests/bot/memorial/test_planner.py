"""The ledger's plans for memorial days: posting times across clock changes, grace windows, keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.memorial.planner import parse_key, post_plan, reminder_plan
from bot.timeparse import DateRule
from tests.bot.memorial.support import a_day, rules

STOCKHOLM = ZoneInfo("Europe/Stockholm")


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
