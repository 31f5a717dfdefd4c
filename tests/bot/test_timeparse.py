"""The one time grammar and policy (bot/timeparse.py): every accepted form of a clock time, a day, a moment and a
recurring day; accepted years, the spring gap, the autumn hour; and every feature's reading follows it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot import timeparse
from bot.campaigns import outcomes
from bot.commitments import service as commitments
from bot.errors import UserError
from bot.i18n import format_clock
from bot.meetings.times import parse_start
from bot.memorial import service as memorial
from bot.timeparse import (
    EN_MONTHS,
    LAST,
    MAX_YEAR,
    MIN_YEAR,
    MONTHS,
    SV_MONTHS,
    WEEKDAYS,
    DateRule,
    Refusals,
    check_day,
    parse_clock,
    parse_day,
    parse_moment,
    parse_recurring_day,
    plain,
    to_local,
    to_utc,
)
from cogs._shared.interactions import render
from tests.support import stockholm

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
    instant = to_utc(local, zone, repeating=True)
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


YEAR_RANGE = ("time.year_range", {"first_year": 2000, "last_year": 2100})


def test_meeting_start_in_year_one_is_refused_clearly():
    key, values = refusal(lambda: parse_start("0001-01-01 00:00", now=NOW, zone=STOCKHOLM))
    assert (key, values) == ("time.year_range", {"year": 1, "first_year": 2000, "last_year": 2100})


def test_call_back_in_the_spring_gap_or_year_9999_is_refused():
    assert refusal(lambda: outcomes.parse_when("2026-03-29 02:30", NOW, ZoneInfo(STOCKHOLM))) == (
        "time.nonexistent",
        {"time": "2026-03-29 02:30", "nearest": "2026-03-29 03:00"},
    )
    assert refusal(lambda: outcomes.parse_when("9999-12-31 18:00", NOW, ZoneInfo(STOCKHOLM))) == (
        "time.year_range",
        {"year": 9999, "first_year": 2000, "last_year": 2100},
    )
    on_the_night = datetime(2026, 3, 28, 23, 0, tzinfo=UTC)  # 00:00 local, the night the clocks go forward
    assert refusal(lambda: outcomes.parse_when("02:30", on_the_night, ZoneInfo(STOCKHOLM)))[0] == "time.nonexistent"


def test_commitment_due_date_outside_the_years_is_refused():
    assert refusal(lambda: commitments.parse_date("9999-01-01", date(2026, 1, 1)))[0] == YEAR_RANGE[0]
    assert commitments.parse_date("2100-12-31", date(2026, 1, 1)) == date(2100, 12, 31)


def test_memorial_post_time_that_the_clocks_skip_is_refused():
    last_sunday_of_march = memorial.parse_date("sista söndagen i mars")
    today = date(2026, 1, 1)
    key, values = refusal(lambda: memorial.check_post_time(last_sunday_of_march, time(2, 30), STOCKHOLM, today))
    assert (key, values) == ("time.nonexistent", {"time": "2026-03-29 02:30", "nearest": "2026-03-29 03:00"})
    memorial.check_post_time(last_sunday_of_march, time(3, 0), STOCKHOLM, date(2026, 1, 1))
    memorial.check_post_time(memorial.parse_date("8 mars"), time(2, 30), STOCKHOLM, date(2026, 1, 1))


def test_digest_time_that_does_not_exist_on_one_of_its_days_is_refused():
    key, values = refusal(lambda: commitments.check_digest_time(6, time(2, 30), today=date(2026, 1, 1), zone=STOCKHOLM))
    assert (key, values) == ("time.nonexistent", {"time": "2026-03-29 02:30", "nearest": "2026-03-29 03:00"})
    commitments.check_digest_time(0, time(2, 30), today=date(2026, 1, 1), zone=STOCKHOLM)


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
    assert simcord_env.errors == []


# ---------------------------------------------------------------------- names


def test_months_in_swedish_and_english_with_and_without_diacritics():
    assert [MONTHS[n] for n in ("januari", "jan", "january", "mars", "maj", "may", "okt", "oct", "sept")] == [
        1, 1, 1, 3, 5, 5, 10, 10, 9,
    ]  # fmt: skip


def test_weekdays_in_every_form():
    assert [WEEKDAYS[n] for n in ("måndag", "mandag", "mån", "monday", "söndagen", "sondagen", "lör", "tors")] == [
        0, 0, 0, 0, 6, 6, 5, 3,
    ]  # fmt: skip


def test_plain_drops_diacritics():
    assert plain("Lördag Åland Ärlig") == "lordag aland arlig"


# ---------------------------------------------------------------------- the grammar

EVERY_REASON = Refusals("u", no_clock="nc", bad_clock="bc", no_such_day="nd", no_such_month="nm")
THURSDAY = date(2026, 1, 1)
STOCKHOLM_ZONE = ZoneInfo(STOCKHOLM)
AT_NOON = datetime(2026, 1, 1, 11, 0, tzinfo=UTC)  # Thursday 1 January, 12:00 in Stockholm


def refused(call) -> str:
    with pytest.raises(UserError) as caught:
        call()
    return caught.value.key


@pytest.mark.parametrize(
    "text", ["9", "09", "kl. 9", "kl 9", "kl.9", "Kl. 9", "klockan 9", "09:00", "9.00", "kl. 09:00", " 9 "]
)
def test_every_form_of_nine_o_clock(text):
    assert parse_clock(text, EVERY_REASON) == time(9, 0)


@pytest.mark.parametrize("text", ["18.30", "18:30", "kl 18.30", "kl. 18:30", "klockan 18.30"])
def test_every_form_of_half_past_six(text):
    assert parse_clock(text, EVERY_REASON) == time(18, 30)


@pytest.mark.parametrize(
    ("text", "key"),
    [("25:00", "bc"), ("24", "bc"), ("18:75", "bc"), ("nio", "u"), ("", "u"), ("9 30", "u"), ("9:5", "u")],
)
def test_clock_times_that_are_not_refused_with_their_reason(text, key):
    assert refused(lambda: parse_clock(text, EVERY_REASON)) == key


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-03-08", date(2026, 3, 8)),
        ("8/3", date(2026, 3, 8)),
        ("8/3 2026", date(2026, 3, 8)),
        ("8/3 2027", date(2027, 3, 8)),
        ("8/3/2027", date(2027, 3, 8)),
        ("8.3", date(2026, 3, 8)),
        ("8.3.2027", date(2027, 3, 8)),
        ("08-03", date(2026, 3, 8)),
        ("8 mars", date(2026, 3, 8)),
        ("8 Mars 2027", date(2027, 3, 8)),
        ("den 8:e mars", date(2026, 3, 8)),
        ("8 mar.", date(2026, 3, 8)),
        ("March 8th", date(2026, 3, 8)),
        ("8th of March 2027", date(2027, 3, 8)),
        ("idag", THURSDAY),
        ("i dag", THURSDAY),
        ("today", THURSDAY),
        ("imorgon", date(2026, 1, 2)),
        ("i morgon", date(2026, 1, 2)),
        ("i övermorgon", date(2026, 1, 3)),
        ("torsdag", THURSDAY),  # today is a Thursday: the next such day is today
        ("onsdag", date(2026, 1, 7)),
        ("nästa onsdag", date(2026, 1, 7)),
        ("Wednesday", date(2026, 1, 7)),
        ("sista söndagen i maj", date(2026, 5, 31)),
        ("first Monday of September", date(2026, 9, 7)),
        ("1 januari", THURSDAY),  # today is the next such day
        ("31 december.", date(2026, 12, 31)),
    ],
)
def test_every_form_of_a_day(text, day):
    assert parse_day(text, EVERY_REASON, today=THURSDAY) == day


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("31 april", "nd"),
        ("31/4", "nd"),
        ("2026-02-29", "nd"),  # 2026 is not a leap year
        ("0/3", "nd"),
        ("08-13", "nm"),
        ("2026-13-01", "nm"),
        ("8 smörgås", "u"),
        ("8", "u"),
        ("snart", "u"),
        ("", "u"),
        ("femte söndagen i maj", "u"),
        ("18:30", "u"),
    ],
)
def test_days_that_are_not_refused_with_their_reason(text, key):
    assert refused(lambda: parse_day(text, EVERY_REASON, today=THURSDAY)) == key


def test_a_refusal_quotes_what_was_typed_and_names_the_month():
    with pytest.raises(UserError) as caught:
        parse_day(
            " 31 april ", Refusals("memorial.date.unknown", no_such_day="memorial.date.no_such_day"), today=THURSDAY
        )
    assert caught.value.values == {"text": "31 april", "day": 31, "month_key": "time.month.4", "most": 30}
    assert render(caught.value, "sv") == "Det finns ingen 31 april: april har högst 30 dagar. Ange en dag som finns."
    assert render(caught.value, "en") == "There is no 31 April: April has at most 30 days. Give a day that exists."


def test_a_reason_without_a_key_of_its_own_is_unreadable_and_the_feature_chooses_the_error():
    class Mine(UserError):
        pass

    with pytest.raises(Mine) as caught:
        parse_day("31/4", Refusals("commitments.bad_date", error=Mine), today=THURSDAY)
    assert (caught.value.key, caught.value.values["text"]) == ("commitments.bad_date", "31/4")


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2026-03-08 18:00", stockholm(2026, 3, 8, 18, 0)),
        ("2026-03-08T18:00", stockholm(2026, 3, 8, 18, 0)),
        ("2026-03-08 kl. 18.30", stockholm(2026, 3, 8, 18, 30)),
        ("8 mars 18:00", stockholm(2026, 3, 8, 18, 0)),
        ("8 mars kl 18", stockholm(2026, 3, 8, 18, 0)),
        ("8/3 2027 18.30", stockholm(2027, 3, 8, 18, 30)),
        ("8.3 18:00", stockholm(2026, 3, 8, 18, 0)),
        ("onsdag 18:00", stockholm(2026, 1, 7, 18, 0)),
        ("torsdag 18:00", stockholm(2026, 1, 1, 18, 0)),  # today, still ahead
        ("torsdag 9:00", stockholm(2026, 1, 8, 9, 0)),  # today, passed: next week
        ("imorgon kl. 9", stockholm(2026, 1, 2, 9, 0)),
        ("i morgon 9", stockholm(2026, 1, 2, 9, 0)),
        ("18:30", stockholm(2026, 1, 1, 18, 30)),  # today, still ahead
        ("kl. 9", stockholm(2026, 1, 2, 9, 0)),  # today, passed: tomorrow
        ("1 januari 9:00", stockholm(2027, 1, 1, 9, 0)),  # today, passed: next year
        ("idag 9:00", stockholm(2026, 1, 1, 9, 0)),  # a day named outright stays, even when passed
        ("sista söndagen i maj 10:00", stockholm(2026, 5, 31, 10, 0)),
    ],
)
def test_every_form_of_a_moment(text, moment):
    assert parse_moment(text, EVERY_REASON, now=AT_NOON, zone=STOCKHOLM) == moment


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2026-03-08", "nc"),
        ("onsdag", "nc"),
        ("8 mars", "nc"),
        ("2026-03-08 25:00", "bc"),
        ("2026-03-08 18:75", "bc"),
        ("31 april 18:00", "nd"),
        ("2026-02-30 18:00", "nd"),
        ("8 smörgås 18:00", "u"),
        ("nästa vecka", "u"),
        ("", "u"),
    ],
)
def test_moments_that_are_not_refused_with_their_reason(text, key):
    assert refused(lambda: parse_moment(text, EVERY_REASON, now=AT_NOON, zone=STOCKHOLM)) == key


def test_a_moment_without_a_clock_time_takes_the_one_the_feature_gives():
    at = parse_moment("8 mars", EVERY_REASON, now=AT_NOON, zone=STOCKHOLM, clock=time(12, 0))
    assert at == stockholm(2026, 3, 8, 12, 0)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("8 mars", DateRule(3, 8)),
        ("8/3", DateRule(3, 8)),
        ("08-03", DateRule(3, 8)),
        ("8 mars 2026", DateRule(3, 8)),  # a year is ignored
        ("2026-03-08", DateRule(3, 8)),
        ("29 februari", DateRule(2, 29)),
        ("sista söndagen i maj", DateRule(5, weekday=6, nth=LAST)),
        ("andra tisdagen i oktober", DateRule(10, weekday=1, nth=2)),
        ("the second Tuesday in October", DateRule(10, weekday=1, nth=2)),
    ],
)
def test_every_form_of_a_recurring_day(text, rule):
    assert parse_recurring_day(text, EVERY_REASON) == rule


@pytest.mark.parametrize(("text", "key"), [("onsdag", "u"), ("i morgon", "u"), ("31 april", "nd"), ("08-13", "nm")])
def test_a_recurring_day_is_a_day_of_a_month(text, key):
    assert refused(lambda: parse_recurring_day(text, EVERY_REASON)) == key


def test_a_rule_that_cannot_exist_is_not_built():
    for wrong in (dict(month=13, day=1), dict(month=4, day=31), dict(month=5, weekday=6, nth=5), dict(month=5)):
        with pytest.raises(ValueError):
            DateRule(**wrong)


# ---------------------------------------------------------------------- the grammar, by property

CLOCK_FORMS = ["{h}", "{h:02d}", "kl. {h}", "kl {h}", "klockan {h}", "{h}:{m:02d}", "{h}.{m:02d}", "kl. {h}:{m:02d}"]


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from(CLOCK_FORMS))
def test_a_clock_time_reads_back_in_every_form(hour, minute, form):
    minute = minute if "{m" in form else 0
    assert parse_clock(form.format(h=hour, m=minute), EVERY_REASON) == time(hour, minute)


@given(st.times().map(lambda t: t.replace(second=0, microsecond=0)), st.sampled_from(["sv", "en"]))
def test_a_clock_time_as_the_bot_writes_it_reads_back(at, lang):
    assert parse_clock(format_clock(at, lang), EVERY_REASON) == at


def _day_forms(day: date) -> list[str]:
    sv, en = SV_MONTHS[day.month - 1], EN_MONTHS[day.month - 1]
    return [
        day.isoformat(),
        f"{day.day}/{day.month} {day.year:04d}",
        f"{day.day}/{day.month}/{day.year:04d}",
        f"{day.day}.{day.month}.{day.year:04d}",
        f"{day.day:02d}-{day.month:02d}-{day.year:04d}",
        f"{day.day} {sv} {day.year:04d}",
        f"den {day.day}:e {sv[:3]}. {day.year:04d}",
        f"{en.capitalize()} {day.day}th {day.year:04d}",
    ]


@given(st.dates(date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 31)), st.data())
def test_a_day_with_its_year_reads_back_in_every_form(day, data):
    text = data.draw(st.sampled_from(_day_forms(day)))
    assert parse_day(text, EVERY_REASON, today=THURSDAY) == day


@given(st.dates(date(1, 1, 1), date(9999, 12, 31)), st.data())
def test_a_year_outside_the_range_is_refused_in_every_form(day, data):
    if MIN_YEAR <= day.year <= MAX_YEAR:
        return
    text = data.draw(st.sampled_from(_day_forms(day)))
    assert refused(lambda: parse_day(text, EVERY_REASON, today=THURSDAY)) == "time.year_range"
    assert refused(lambda: parse_moment(f"{text} 12:00", EVERY_REASON, now=AT_NOON, zone=STOCKHOLM)) == (
        "time.year_range"
    )


@given(st.dates(date(2020, 1, 1), date(2090, 12, 31)), st.integers(1, 12), st.integers(1, 31))
def test_a_day_without_a_year_is_the_next_such_day(today, month, day):
    if day > timeparse.days_in_month(month):
        assert refused(lambda: parse_day(f"{day}/{month}", EVERY_REASON, today=today)) == "nd"
        return
    found = parse_day(f"{day}/{month}", EVERY_REASON, today=today)
    assert (found.month, found.day) == (month, day) and found >= today
    assert all(
        date(year, month, day) < today
        for year in range(today.year, found.year)
        if day <= timeparse.calendar.monthrange(year, month)[1]
    )


@settings(max_examples=200, deadline=None)
@given(LOCAL, st.sampled_from(["{d} {c}", "{d} kl. {c}", "{d}T{c}"]))
@example(datetime(2026, 3, 29, 2, 30), "{d} {c}")  # noqa: DTZ001 — the spring gap
@example(datetime(2026, 10, 25, 2, 30), "{d} {c}")  # noqa: DTZ001 — the autumn hour, twice
def test_a_written_moment_is_the_policys_instant_or_its_refusal(local, form):
    local = local.replace(second=0, microsecond=0)
    text = form.format(d=local.date().isoformat(), c=local.strftime("%H:%M"))
    try:
        expected = ("ok", to_utc(local, STOCKHOLM))
    except UserError as error:
        expected = ("refused", error.key)
    try:
        found = ("ok", parse_moment(text, EVERY_REASON, now=AT_NOON, zone=STOCKHOLM))
    except UserError as error:
        found = ("refused", error.key)
    assert found == expected


@pytest.mark.parametrize("minute", range(60))
def test_every_minute_the_spring_clocks_skip_names_three_o_clock(minute):
    with pytest.raises(UserError) as caught:
        parse_moment(f"29 mars 02:{minute:02d}", EVERY_REASON, now=AT_NOON, zone=STOCKHOLM)
    assert caught.value.values == {"time": f"2026-03-29 02:{minute:02d}", "nearest": "2026-03-29 03:00"}


@pytest.mark.parametrize("minute", range(0, 60, 7))
def test_every_minute_of_the_autumn_hour_is_its_first_time_on_summer_time(minute):
    at = parse_moment(f"25 oktober kl. 2.{minute:02d}", EVERY_REASON, now=AT_NOON, zone=STOCKHOLM)
    assert at == datetime(2026, 10, 25, 0, minute, tzinfo=UTC)  # 02:mm at +02:00


NOWS = st.datetimes(datetime(2026, 1, 1), datetime(2090, 12, 31), timezones=st.just(UTC))  # noqa: DTZ001


@settings(max_examples=200, deadline=None)
@given(NOWS, st.sampled_from(sorted(WEEKDAYS)), st.integers(0, 23), st.integers(0, 59))
def test_a_weekday_and_time_is_the_next_such_moment_within_a_week(now, weekday, hour, minute):
    try:
        at = parse_moment(f"{weekday} {hour}:{minute:02d}", EVERY_REASON, now=now, zone=STOCKHOLM)
    except UserError as error:
        assert error.key == "time.nonexistent"  # that weekday's night the clocks go forward
        return
    local = to_local(at, STOCKHOLM)
    assert local.weekday() == WEEKDAYS[weekday] and (local.hour, local.minute) == (hour, minute)
    assert now < at <= now + timedelta(days=7, hours=1)


@settings(max_examples=200, deadline=None)
@given(NOWS, st.integers(1, 12), st.integers(1, 28), st.integers(0, 23), st.integers(0, 59))
def test_a_day_without_a_year_and_a_time_is_the_next_such_moment(now, month, day, hour, minute):
    try:
        at = parse_moment(f"{day}/{month} {hour}:{minute:02d}", EVERY_REASON, now=now, zone=STOCKHOLM)
    except UserError as error:
        assert error.key == "time.nonexistent"
        return
    local = to_local(at, STOCKHOLM)
    assert (local.month, local.day, local.hour, local.minute) == (month, day, hour, minute)
    assert now < at <= now + timedelta(days=367)


@given(st.text(max_size=40), NOWS)
def test_the_grammar_refuses_with_a_user_error_or_reads(text, now):
    readings = (
        (lambda: parse_clock(text, EVERY_REASON), time),
        (lambda: parse_day(text, EVERY_REASON, today=now.date()), date),
        (lambda: parse_recurring_day(text, EVERY_REASON), DateRule),
        (lambda: parse_moment(text, EVERY_REASON, now=now, zone=STOCKHOLM), datetime),
    )
    for read, kind in readings:
        try:
            value = read()
        except UserError as error:
            assert error.key in ("u", "nc", "bc", "nd", "nm", "time.year_range", "time.nonexistent")
        else:
            assert isinstance(value, kind)
            assert not isinstance(value, datetime) or value.utcoffset() == timedelta(0)


@given(st.datetimes(datetime(2000, 1, 2), datetime(2100, 12, 30), timezones=st.just(UTC)), ZONES)  # noqa: DTZ001
def test_local_and_back_is_the_same_instant_but_for_the_second_autumn_hour(moment, zone):
    local = to_local(moment, zone)
    back = to_utc(local.replace(tzinfo=None), zone)
    assert back == moment if local.fold == 0 else back < moment


def test_only_aware_instants_become_local_and_only_wall_clock_times_instants():
    with pytest.raises(ValueError):
        to_local(datetime(2026, 1, 1), STOCKHOLM)  # noqa: DTZ001
    with pytest.raises(ValueError):
        to_utc(AT_NOON, STOCKHOLM)


# ---------------------------------------------------------------------- one rendering of a clock time


def test_a_clock_time_is_written_one_way_per_language_as_babel_writes_it():
    assert [format_clock(time(18, 30), lang) for lang in ("sv", "en")] == ["18:30", "18:30"]
    assert format_clock(time(9, 5)) == "09:05"
