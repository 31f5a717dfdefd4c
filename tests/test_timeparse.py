"""The one policy for typed times (bot/timeparse.py): accepted years, the spring gap, the autumn hour; and every
parser of a date or time follows it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot import memorial, timeparse
from bot.campaigns import service as campaigns
from bot.commitments import service as commitments
from bot.errors import UserError
from bot.meetings import parse_start
from bot.timeparse import MAX_YEAR, MIN_YEAR, check_day, scheduled_instant, to_utc
from cogs._shared.interactions import render

ZONES = st.sampled_from(["Europe/Stockholm", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC"])
LOCAL = st.datetimes(datetime(MIN_YEAR, 1, 1), datetime(MAX_YEAR, 12, 31, 23, 59))  # noqa: DTZ001
NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
STOCKHOLM = "Europe/Stockholm"


def readings(local: datetime, zone: ZoneInfo) -> list[datetime]:
    """Every UTC instant (on the minute) whose local reading is `local`, by brute force over a day."""
    around = local.replace(tzinfo=UTC) - timedelta(hours=15)
    found = []
    for minutes in range(0, 30 * 60, 1 if local.second == 0 else 60):
        instant = around + timedelta(minutes=minutes)
        if instant.astimezone(zone).replace(tzinfo=None) == local:
            found.append(instant)
    return found


@settings(max_examples=150, deadline=None)
@given(LOCAL, ZONES)
@example(datetime(2026, 3, 29, 2, 30), STOCKHOLM)  # noqa: DTZ001 — the spring gap
@example(datetime(2026, 10, 25, 2, 30), STOCKHOLM)  # noqa: DTZ001 — the autumn hour, twice
@example(datetime(2026, 3, 8, 2, 30), "America/New_York")  # noqa: DTZ001
def test_a_typed_local_time_is_its_earliest_instant_or_refused_with_the_time_the_clocks_jump_to(local, zone_name):
    local = local.replace(second=0, microsecond=0)
    zone = ZoneInfo(zone_name)
    instants = readings(local, zone)
    try:
        found = to_utc(local, zone)
    except UserError as error:
        assert instants == []
        assert error.key == "time.nonexistent"
        nearest = datetime.strptime(error.values["nearest"], "%Y-%m-%d %H:%M")  # noqa: DTZ007
        # the time the clocks jump to exists, lies after the typed one, and nothing between them exists
        assert local < nearest <= local + timedelta(hours=2)
        assert readings(nearest, zone) != []
        assert readings(nearest - timedelta(minutes=1), zone) == []
    else:
        assert found == min(instants)
        assert found.utcoffset() == timedelta(0)


@given(st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59)), ZONES)  # noqa: DTZ001
@example(datetime(1, 1, 1, 0, 0), STOCKHOLM)  # noqa: DTZ001
@example(datetime(9999, 12, 31, 23, 59), "Australia/Sydney")  # noqa: DTZ001
def test_years_outside_the_accepted_range_are_refused_naming_the_range(local, zone):
    if MIN_YEAR <= local.year <= MAX_YEAR:
        return
    with pytest.raises(UserError) as caught:
        to_utc(local, zone)
    assert caught.value.key == "time.year_range"
    assert render(caught.value, "sv") == f"Året {local.year} går inte att använda. Välj ett år från 2000 till 2100."
    with pytest.raises(UserError):
        check_day(local.date())


@settings(max_examples=150, deadline=None)
@given(LOCAL, ZONES)
def test_a_repeating_time_is_the_typed_policy_without_refusal(local, zone):
    local = local.replace(second=0, microsecond=0)
    instant = scheduled_instant(local.date(), local.time(), zone)
    try:
        assert instant == to_utc(local, zone)
    except UserError as error:
        nearest = datetime.strptime(error.values["nearest"], "%Y-%m-%d %H:%M")  # noqa: DTZ007
        assert instant == to_utc(nearest, zone)


def test_the_refusal_names_the_nearest_valid_time_in_swedish():
    with pytest.raises(UserError) as caught:
        to_utc(datetime(2026, 3, 29, 2, 30), STOCKHOLM)  # noqa: DTZ001
    assert render(caught.value, "sv") == (
        "2026-03-29 02:30 finns inte: klockan ställs fram till sommartid då. Närmaste giltiga tid är 2026-03-29 03:00."
    )


def test_the_autumn_hour_means_the_first_time_on_summer_time():
    assert to_utc(datetime(2026, 10, 25, 2, 30), STOCKHOLM) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # noqa: DTZ001


# ---------------------------------------------------------------------- every parser follows it


def refusal(call) -> tuple[str, dict]:
    with pytest.raises(UserError) as caught:
        call()
    return caught.value.key, caught.value.values


YEAR_RANGE = ("time.year_range", {"first": 2000, "last": 2100})


def test_meeting_start_in_year_one_is_refused_clearly():
    key, values = refusal(lambda: parse_start("0001-01-01 00:00", now=NOW, zone=STOCKHOLM))
    assert (key, values) == ("time.year_range", {"year": 1, "first": 2000, "last": 2100})


def test_call_back_in_the_spring_gap_or_year_9999_is_refused():
    assert refusal(lambda: campaigns.parse_when("2026-03-29 02:30", NOW, ZoneInfo(STOCKHOLM))) == (
        "time.nonexistent",
        {"time": "2026-03-29 02:30", "nearest": "2026-03-29 03:00"},
    )
    assert refusal(lambda: campaigns.parse_when("9999-12-31 18:00", NOW, ZoneInfo(STOCKHOLM))) == (
        "time.year_range",
        {"year": 9999, "first": 2000, "last": 2100},
    )
    on_the_night = datetime(2026, 3, 28, 23, 0, tzinfo=UTC)  # 00:00 local, the night the clocks go forward
    assert refusal(lambda: campaigns.parse_when("02:30", on_the_night, ZoneInfo(STOCKHOLM)))[0] == "time.nonexistent"


def test_commitment_due_date_outside_the_years_is_refused():
    assert refusal(lambda: commitments.parse_date("9999-01-01", date(2026, 1, 1)))[0] == YEAR_RANGE[0]
    assert commitments.parse_date("2100-12-31", date(2026, 1, 1)) == date(2100, 12, 31)


def test_memorial_post_time_that_the_clocks_skip_is_refused():
    last_sunday_of_march = memorial.parse_date("sista söndagen i mars")
    key, values = refusal(lambda: memorial.check_post_time(last_sunday_of_march, (2, 30), STOCKHOLM, date(2026, 1, 1)))
    assert (key, values) == ("time.nonexistent", {"time": "2026-03-29 02:30", "nearest": "2026-03-29 03:00"})
    memorial.check_post_time(last_sunday_of_march, (3, 0), STOCKHOLM, date(2026, 1, 1))
    memorial.check_post_time(memorial.parse_date("8 mars"), (2, 30), STOCKHOLM, date(2026, 1, 1))


def test_digest_time_that_does_not_exist_on_one_of_its_days_is_refused():
    key, values = refusal(lambda: commitments.check_digest_time(6, 2, 30, today=date(2026, 1, 1), zone=STOCKHOLM))
    assert (key, values) == ("time.nonexistent", {"time": "2026-03-29 02:30", "nearest": "2026-03-29 03:00"})
    commitments.check_digest_time(0, 2, 30, today=date(2026, 1, 1), zone=STOCKHOLM)


def test_clock_time_check_reads_every_day():
    days = [date(2026, 3, 28), date(2026, 3, 29)]
    with pytest.raises(UserError):
        timeparse.check_clock_time(days, time(2, 30), STOCKHOLM)
    timeparse.check_clock_time(days[:1], time(2, 30), STOCKHOLM)


async def test_schedule_in_year_one_answers_clearly(simcord_env, simcord_bot, district):
    result = await district.organiser.slash(
        district.channels["organisers"], "meeting schedule", title="Träff", audience="open", start="0001-01-01 00:00"
    )
    assert result.response.content == "Året 1 går inte att använda. Välj ett år från 2000 till 2100."
    _ = simcord_env.errors
