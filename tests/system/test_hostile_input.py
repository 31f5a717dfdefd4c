"""Hostile input: every parser under property tests, and hostile text in every free-text field that reaches a
public message — it never pings anyone and never breaks Discord's limits.

Already covered elsewhere (not repeated): memorial date rules (tests/bot/memorial/test_rules.py), meeting start
times and durations (tests/bot/meetings/test_times.py), phone numbers and CSV rows
(tests/bot/campaigns/test_importer.py), plan text that never crashes the parser
(tests/bot/commitments/test_plan_parser.py).
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import discord
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from bot import leadtimes
from bot.campaigns import importer, outcomes
from bot.campaigns.importer import ImportFormatError, normalise_phone, parse_file
from bot.commitments import service as commitments
from bot.commitments.plan_parser import MAX_TITLE, NotAPlan, parse_plan
from bot.errors import UserError
from bot.memorial import service as memorial
from bot.memorial.models import BRANCH_LIMIT, WHAT_LIMIT
from tests.support import advance_to, message_text

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


@pytest.mark.parametrize(
    ("parse_time", "refusal"),
    [(memorial.parse_time, "memorial.time.invalid"), (commitments.parse_time, "commitments.bad_time")],
    ids=["memorial", "commitment"],
)
@given(text=hostile_text)
def test_a_time_of_day_is_a_valid_time_or_a_clear_error(parse_time, refusal, text):
    try:
        at = parse_time(text)
    except UserError as error:
        assert error.key == refusal
    else:
        assert 0 <= at.hour <= 23 and 0 <= at.minute <= 59


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from(["{h:02d}:{m:02d}", "{h}.{m:02d}", "kl. {h}:{m:02d}"]))
def test_memorial_time_round_trips(hour, minute, form):
    assert memorial.parse_time(form.format(h=hour, m=minute)) == time(hour, minute)


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from([":", "."]))
def test_commitment_time_round_trips(hour, minute, separator):
    assert commitments.parse_time(f"{hour:02d}{separator}{minute:02d}") == time(hour, minute)


# ---------------------------------------------------------------------------- reminder lead days (a duration list)


@given(hostile_text)
def test_lead_days_are_few_distinct_and_in_range_or_a_clear_error(text):
    try:
        leads = leadtimes.whole_days(leadtimes.parse(text))
    except UserError as error:
        assert error.key == "leads.invalid"
    else:
        assert leads == sorted(set(leads), reverse=True)
        assert len(leads) <= leadtimes.MOST_LEADS
        assert all(1 <= lead <= leadtimes.MOST_DAYS for lead in leads)


@given(
    st.lists(st.integers(1, leadtimes.MOST_DAYS), min_size=1, max_size=leadtimes.MOST_LEADS),
    st.sampled_from([",", ", ", ";", " "]),
)
def test_lead_days_round_trip(leads, separator):
    assert leadtimes.whole_days(leadtimes.parse(separator.join(map(str, leads)))) == sorted(set(leads), reverse=True)


# ---------------------------------------------------------------------------- dates


TODAYS = st.dates(date(2000, 1, 1), date(2200, 12, 31))
MONTH_NAMES = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
               "november", "december"]  # fmt: skip


@given(hostile_text, TODAYS)
def test_commitment_date_is_a_date_or_a_clear_error(text, today):
    try:
        commitments.parse_date(text, today)
    except UserError as error:
        assert error.key in ("commitments.bad_date", "time.year_range")


@given(st.dates(date(1900, 1, 1), date(9999, 12, 31)), st.sampled_from(["iso", "slash", "name"]))
def test_commitment_date_with_a_year_round_trips(day, form):
    """A day of the accepted years (2000–2100) is read back as written; any other year is refused clearly."""
    text = {
        "iso": day.isoformat(),
        "slash": f"{day.day}/{day.month} {day.year}",
        "name": f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}",
    }[form]
    if 2000 <= day.year <= 2100:
        assert commitments.parse_date(text, date(2026, 1, 1)) == day
    else:
        with pytest.raises(UserError) as caught:
            commitments.parse_date(text, date(2026, 1, 1))
        assert caught.value.key == "time.year_range"


@given(TODAYS, st.integers(1, 12), st.integers(1, 31), st.sampled_from(["slash", "name"]))
@example(date(2028, 3, 1), 2, 29, "slash")
def test_commitment_date_without_a_year_is_the_next_such_day(today, month, day_of_month, form):
    """Any day that exists in some year — 29 February included — means the next such day, never a refusal."""
    if day_of_month > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        return
    text = f"{day_of_month}/{month}" if form == "slash" else f"{day_of_month} {MONTH_NAMES[month - 1]}"
    following = next(
        y
        for y in range(today.year, today.year + 9)
        if _exists(y, month, day_of_month) and date(y, month, day_of_month) >= today
    )
    if following > 2100:  # the next such day lies past the accepted years
        with pytest.raises(UserError) as caught:
            commitments.parse_date(text, today)
        assert caught.value.key == "time.year_range"
        return
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
        moment = outcomes.parse_when(text, now, STOCKHOLM)
    except UserError as error:
        assert error.key in ("campaigns.error.callback_format", "time.year_range", "time.nonexistent")
    else:
        assert moment.tzinfo is not None and moment.utcoffset() == timedelta(0)


@given(st.dates(date(1, 1, 1), date(9999, 12, 31)), st.integers(0, 23), st.integers(0, 59), NOWS)
@example(date(1, 1, 1), 0, 30, datetime(2026, 1, 1, tzinfo=UTC))
@example(date(9999, 12, 31), 23, 59, datetime(2026, 1, 1, tzinfo=UTC))
def test_call_back_at_any_written_day_is_that_local_time_or_a_clear_error(day, hour, minute, now):
    """The written local time exactly; a year outside 2000–2100, or a time the spring clock change skips,
    refused clearly."""
    text = f"{day.year:04d}-{day.month:02d}-{day.day:02d} {hour}:{minute:02d}"
    try:
        moment = outcomes.parse_when(text, now, STOCKHOLM)
    except UserError as error:
        if 2000 <= day.year <= 2100:
            assert (error.key, _in_gap(day, hour)) == ("time.nonexistent", True)
        else:
            assert error.key == "time.year_range"
    else:
        assert 2000 <= day.year <= 2100 and not _in_gap(day, hour)
        local = moment.astimezone(STOCKHOLM)
        assert (local.date(), local.time()) == (day, time(hour, minute))


def _in_gap(day: date, hour: int) -> bool:
    """02:xx on the last Sunday of March, when Swedish summer time starts, does not exist locally."""
    return hour == 2 and day.month == 3 and day.weekday() == 6 and day.day > 24


@given(st.integers(0, 23), st.integers(0, 59), NOWS)
def test_a_bare_call_back_time_is_within_a_day(hour, minute, now):
    moment = outcomes.parse_when(f"{hour}:{minute:02d}", now, STOCKHOLM)
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
        for written in sheet[sheet.max_row]:
            if written.data_type == "f":  # openpyxl takes text that starts with "=" for a formula; it is text here
                written.data_type = "s"
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
    """Commitment titles are bounded by the parser; a plan's own title may be long (storing cuts it, see below)."""
    try:
        plan = parse_plan("\n".join(lines))
    except NotAPlan:
        return
    for commitment in plan.commitments:
        assert 0 < len(commitment.title) <= MAX_TITLE
        assert commitment.title.strip(ZERO_WIDTH + " ")


# ---------------------------------------------------------------------------- hostile text in public posts

MARKER = "Fientlig"


def hostile(district, length: int) -> str:
    """@everyone, @here, role and member mentions, Markdown, zero-width and right-to-left characters, repeated
    to `length` characters."""
    role, user = district.roles["pingable"].id, district.member.id
    base = (
        f"{MARKER} @everyone @here <@&{role}> <@{user}> <@!{user}> {MARKDOWN} "
        f"{ZERO_WIDTH}{RIGHT_TO_LEFT}ÅÄÖ @\u200beveryone "
    )
    return (base * (length // len(base) + 1))[:length]


@pytest.fixture
async def district(simcord_env, simcord_bot):
    from tests.support import build_district

    with simcord_env.time_context():
        district = build_district(simcord_env)
        district.roles["pingable"] = district.guild.create_role("Alla medlemmar", mentionable=True)
        await district.configure(simcord_bot)
    return district


def bot_posts(env) -> list:
    """The backend's record of every message the bot wrote in a server channel (not DMs)."""
    bot_id = env.backend.bot_user.id
    found = []
    for channel_id, messages in env.backend.messages.items():
        channel = env.backend.channels.get(channel_id)
        if channel is None or channel.guild_id is None:
            continue
        found.extend(m for m in messages.values() if m.author_id == bot_id)
    return found


def assert_nobody_pinged(env) -> int:
    """No message of the bot pinged anyone; every request that put hostile text in a message's content asked
    Discord to parse no mentions. Returns how many such requests there were."""
    pinged = [
        (m.content[:40], m.ping_user_ids, m.ping_role_ids, m.mention_everyone)
        for m in bot_posts(env)
        if m.ping_user_ids or m.ping_role_ids or m.mention_everyone
    ]
    assert pinged == []
    checked = 0
    for request in env.http_requests:
        if request.method not in ("POST", "PATCH") or MARKER not in json.dumps(request.json, ensure_ascii=False):
            continue
        payload = request.json.get("data", request.json) if isinstance(request.json, dict) else {}
        if not isinstance(payload, dict) or MARKER not in (payload.get("content") or ""):
            continue  # only a message's content can ping; embeds (and scheduled events) never do
        allowed = payload.get("allowed_mentions")
        assert allowed is not None and allowed.get("parse") == [], (request.path, allowed)
        assert not allowed.get("users") and not allowed.get("roles"), (request.path, allowed)
        checked += 1
    return checked


def hostile_posts(district, channel: str) -> list[discord.Message]:
    """The posts that carry the marker (an announcement, not Discord's note that its thread was started)."""
    return [
        m
        for m in district.channels[channel].history()
        if MARKER in message_text(m) and m.type is not discord.MessageType.thread_created
    ]


def within_limits(message: discord.Message) -> bool:
    total = 0
    for embed in message.embeds:
        total += len(embed.title or "") + len(embed.description or "") + len(embed.footer.text or "")
        total += sum(len(f.name) + len(f.value) for f in embed.fields)
        if len(embed.title or "") > 256 or len(embed.description or "") > 4096:
            return False
        if any(len(f.name) > 256 or len(f.value) > 1024 for f in embed.fields):
            return False
    return len(message.content) <= 2000 and total <= 6000


@pytest.mark.typed_mentions
async def test_hostile_meeting_texts_ping_nobody_and_fit(simcord_env, simcord_bot, district, caplog):
    scheduled = await district.organiser.slash(
        district.channels["organisers"],
        "meeting schedule",
        audience="open",
        title=hostile(district, 100),
        start="2026-01-10 18:00",
        location=hostile(district, 200),
        description=hostile(district, 2000),
    )
    assert scheduled.ephemeral
    [announcement] = hostile_posts(district, "announcements")
    assert within_limits(announcement)
    answered = await district.member.click(announcement, label="Kommer (0)")
    assert answered.response.content.startswith("Du har svarat: Kommer.")
    [event] = simcord_env.backend.guilds[district.guild.id].scheduled_events.values()
    assert len(event.name) <= 100 and len(event.description) <= 1000
    assert len(event.entity_metadata["location"]) <= 100
    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 10, 17, tzinfo=UTC))
    assert_nobody_pinged(simcord_env)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


@pytest.mark.typed_mentions
async def test_hostile_memorial_texts_ping_nobody_and_fit(simcord_env, simcord_bot, district, caplog):
    added = await district.moderator.slash(
        district.general, "memorial add", name=hostile(district, 100), date="8 mars", text=hostile(district, 4000)
    )
    assert added.ephemeral and added.response.content.startswith("Klart")
    from sqlmodel import select

    from bot.memorial.models import MemorialDay

    async with simcord_bot.db.session() as session:
        [stored] = (await session.exec(select(MemorialDay))).all()
    posted = await district.moderator.slash(district.general, "memorial post-now", day=str(stored.id))
    assert posted.ephemeral
    [post] = hostile_posts(district, "announcements")
    assert within_limits(post)

    # The reminder to organisers, with several long registrations from three organisers.
    await advance_to(simcord_env, simcord_bot, datetime(2026, 2, 22, 8, tzinfo=UTC))
    [reminder] = [
        m for m in district.channels["organisers"].history() if m.embeds and "om 14 dagar" in m.embeds[0].title
    ]
    for kind in ("organiser", "moderator", "admin"):
        shown = await district.members[kind].click(reminder, label="Vi ordnar något")
        await district.members[kind].submit_modal(
            shown, {"branch": hostile(district, BRANCH_LIMIT), "what": hostile(district, WHAT_LIMIT)}
        )
    [reminder] = [
        m for m in district.channels["organisers"].history() if m.embeds and "om 14 dagar" in m.embeds[0].title
    ]
    assert MARKER in reminder.embeds[0].fields[0].value and within_limits(reminder)
    assert [m for m in district.channels["audit"].history() if MARKER in message_text(m)] != []
    assert all(within_limits(m) for m in district.channels["audit"].history())
    assert_nobody_pinged(simcord_env)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


async def test_hostile_commitment_texts_ping_nobody_and_fit(simcord_env, simcord_bot, district, caplog):
    from sqlmodel import select

    plan = "# Verksamhetsplan 2026 " + "\u202e@here " * 400 + MARKER + "\n\n## " + hostile(district, 500) + "\n\n"
    plan += "\n".join(f"- {hostile(district, 400)} {n}" for n in range(3))
    shown = await district.moderator.slash(district.general, "plan import", file=("plan.md", plan.encode()))
    assert len(shown.response.embeds[0].title) <= 256
    confirmed = await district.moderator.click(shown.response, label="Bekräfta")
    assert confirmed.response.content.startswith("Planen ”Verksamhetsplan 2026")
    from bot.commitments.models import Plan

    async with simcord_bot.db.session() as session:
        [stored] = (await session.exec(select(Plan))).all()
    assert len(stored.title) == 200

    added = await district.organiser.slash(district.general, "commitment add")
    await district.organiser.submit_modal(
        added, {"title": hostile(district, 300), "description": hostile(district, 2000)}
    )
    from sqlmodel import select

    from bot.commitments.models import Commitment

    async with simcord_bot.db.session() as session:
        ids = [c.id for c in (await session.exec(select(Commitment).order_by(Commitment.id))).all()]
    for cid in ids:
        await district.organiser.slash(
            district.general, "commitment update", commitment=str(cid), status="pågår", note=hostile(district, 1000)
        )
    assert len(hostile_posts(district, "organisers")) == len(ids)
    assert all(within_limits(m) for m in district.channels["organisers"].history())
    assert all(within_limits(m) for m in district.channels["audit"].history())
    assert assert_nobody_pinged(simcord_env) >= len(ids)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


async def test_hostile_campaign_name_pings_nobody(simcord_env, simcord_bot, district, caplog):
    shown = await district.organiser.slash(
        district.general, "campaign create", name=hostile(district, 100), description=hostile(district, 500)
    )
    created = await district.organiser.submit_modal(
        shown, {"script": hostile(district, 1000), "questions": hostile(district, 200)}
    )
    assert created.ephemeral
    assert all(within_limits(m) for m in district.channels["audit"].history())
    assert_nobody_pinged(simcord_env)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


async def test_the_ping_check_sees_a_ping(simcord_env, simcord_bot, district):
    """The check above is not vacuous: a message sent with mentions allowed is caught."""
    channel = simcord_bot.get_channel(district.general.id)
    sent = await channel.send(hostile(district, 200), allowed_mentions=discord.AllowedMentions.all())
    with pytest.raises(AssertionError):
        assert_nobody_pinged(simcord_env)
    await sent.delete()
