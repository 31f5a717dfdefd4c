"""The rules of calling, straight on the services with a controlled clock (no Discord)."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from bot.campaigns import claims, imports, lifecycle, outcomes, reports, retention
from bot.campaigns.claims import Claimed, Nothing
from bot.campaigns.crypto import Vault
from bot.campaigns.importer import Parsed, Row
from bot.campaigns.models import Attempt, Campaign, CampaignStatus, Contact, DoNotCall, Outcome
from bot.db import Database
from bot.errors import UserError
from cogs.campaigns import render
from tests.conftest import TEST_DATA_KEY

GUILD = 4242
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
A, B, C = 1001, 1002, 1003
VAULT = Vault(TEST_DATA_KEY)


def fiction(n: int) -> str:
    return f"+467017406{n:02d}"


def parsed(count: int, start: int = 5, branches: tuple[str, ...] = ("Malmö", "Lund")) -> Parsed:
    rows = [
        Row(row=i + 2, phone=fiction(start + i), name=f"Kontakt {start + i}", branch=branches[i % len(branches)])
        for i in range(count)
    ]
    return Parsed(rows_read=count, rows=rows)


async def seed(db: Database, count: int, *, name: str = "Vår", guild_id: int = GUILD, start: int = 5, **options):
    async with db.session() as session:
        campaign = await lifecycle.create_campaign(
            session=session, guild_id=guild_id, name=name, created_by=A, now=T0, questions=["Kommer du?"], **options
        )
        await imports.store_import(
            session=session, vault=VAULT, campaign_id=campaign.id, parsed=parsed(count, start), now=T0
        )
        return campaign.id


async def claim(db, caller, at, campaign_ids=None):
    return await claims.claim_next(
        db=db, vault=VAULT, guild_id=GUILD, caller_id=caller, now=at, campaign_ids=campaign_ids
    )


async def record(db, caller, contact_id, outcome, at, **kwargs):
    async with db.session() as session:
        return await outcomes.record(
            session=session,
            vault=VAULT,
            guild_id=GUILD,
            contact_id=contact_id,
            caller_id=caller,
            outcome=outcome,
            now=at,
            **kwargs,
        )


async def export_csv(session, campaign: Campaign, lang: str) -> tuple[bytes, int]:
    """The export as a moderator gets it: its rows from the service, the file as the cog writes it."""
    export = await reports.export(session=session, vault=VAULT, campaign=campaign)
    return render.export_csv(export, lang), len(export.rows)


async def test_fifty_callers_at_once_share_forty_contacts_on_the_bots_database(simcord_env, simcord_bot, district):
    guild = district.guild.id
    async with simcord_bot.db.session() as session:
        campaign = await lifecycle.create_campaign(
            session=session, guild_id=guild, name="Samtidigt", created_by=A, now=T0
        )
        await imports.store_import(session=session, vault=VAULT, campaign_id=campaign.id, parsed=parsed(40), now=T0)
    callers = range(5000, 5050)
    results = await asyncio.gather(
        *(claims.claim_next(db=simcord_bot.db, vault=VAULT, guild_id=guild, caller_id=c, now=T0) for c in callers)
    )
    claimed = [r for r in results if isinstance(r, Claimed)]
    nothing = [r for r in results if isinstance(r, Nothing)]
    assert len(claimed) == 40 and len({r.contact_id for r in claimed}) == 40
    assert [n.reason for n in nothing] == ["all_claimed"] * 10
    async with simcord_bot.db.session() as session:
        contacts = (await session.exec(select(Contact))).all()
        attempts = (await session.exec(select(Attempt))).all()
    assert len({c.claimed_by for c in contacts}) == 40 and None not in {c.claimed_by for c in contacts}
    assert sorted(a.contact_id for a in attempts) == sorted(r.contact_id for r in claimed)


async def test_a_caller_keeps_their_contact_until_it_is_recorded(db):
    await seed(db, 2)
    first = await claim(db, A, T0)
    again = await claim(db, A, T0 + timedelta(minutes=1))
    assert again == Claimed(first.contact_id, first.campaign_id, resumed=True)


async def test_no_answer_cools_down_and_ends_after_max_attempts(db):
    await seed(db, 1, retry_cooldown_hours=3, max_attempts=3)
    now = T0
    for attempt in (1, 2, 3):
        got = await claim(db, A if attempt % 2 else B, now)
        assert isinstance(got, Claimed)
        outcome = (Outcome.NO_ANSWER, Outcome.BUSY, Outcome.VOICEMAIL)[attempt - 1]
        recorded = await record(db, A if attempt % 2 else B, got.contact_id, outcome, now)
        if attempt < 3:
            assert not recorded.finished and recorded.available_at == now + timedelta(hours=3)
            nothing = await claim(db, C, now + timedelta(hours=2, minutes=59))
            assert nothing == Nothing("cooling", now + timedelta(hours=3))
            now += timedelta(hours=3)
        else:
            assert recorded.finished
    assert await claim(db, C, now + timedelta(days=1)) == Nothing("done")
    async with db.session() as session:
        [contact] = (await session.exec(select(Contact))).all()
    assert (contact.status, contact.attempts, contact.last_outcome) == ("done", 3, "voicemail")


async def test_an_unrecorded_claim_expires_after_the_claim_time(db):
    await seed(db, 1, claim_minutes=15)
    got = await claim(db, A, T0)
    assert await claim(db, B, T0 + timedelta(minutes=14, seconds=59)) == Nothing("all_claimed")
    taken = await claim(db, B, T0 + timedelta(minutes=15))
    assert taken.contact_id == got.contact_id and not taken.resumed
    with pytest.raises(UserError) as refused:
        await record(db, A, got.contact_id, Outcome.ANSWERED, T0 + timedelta(minutes=16))
    assert refused.value.key == "campaigns.error.not_claimed"
    async with db.session() as session:
        log = (await session.exec(select(Attempt).order_by(Attempt.id))).all()
    assert [(a.caller_id, a.claimed_at, a.outcome) for a in log] == [
        (A, T0, None),
        (B, T0 + timedelta(minutes=15), None),
    ]


async def test_a_new_claim_is_one_transaction_of_five_statements(db):
    """The held claim, the running campaigns with their claim times, the caller's call-backs, the taking UPDATE
    (expiry included), the attempt INSERT: one commit, so SQLite's write lock is held for two statements only."""
    await seed(db, 3)
    statements: list[str] = []
    commits: list[bool] = []

    def executed(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement.split(None, 1)[0].upper())

    event.listen(db.engine.sync_engine, "before_cursor_execute", executed)
    event.listen(db.engine.sync_engine, "commit", lambda _connection: commits.append(True))
    try:
        got = await claim(db, A, T0)
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", executed)
    assert isinstance(got, Claimed) and not got.resumed
    assert statements == ["SELECT", "SELECT", "SELECT", "UPDATE", "INSERT"]
    assert len(commits) == 1


async def test_each_campaign_gives_its_own_claim_time_to_the_contact_taken(db):
    short = await seed(db, 1, name="Kort", claim_minutes=5)
    long = await seed(db, 1, name="Lång", start=20, claim_minutes=45)
    first = await claim(db, A, T0)
    second = await claim(db, B, T0)
    async with db.session() as session:
        until = {contact.campaign_id: contact.claimed_until for contact in (await session.exec(select(Contact))).all()}
    assert {first.campaign_id, second.campaign_id} == {short, long}
    assert until == {short: T0 + timedelta(minutes=5), long: T0 + timedelta(minutes=45)}


async def test_a_call_back_goes_first_to_the_same_caller_then_to_anyone_an_hour_late(db):
    await seed(db, 2)
    first = await claim(db, A, T0)
    at = T0 + timedelta(hours=2)
    with pytest.raises(UserError) as past:
        await record(db, A, first.contact_id, Outcome.CALLBACK, T0, callback_at=T0 - timedelta(minutes=1))
    assert past.value.key == "campaigns.error.callback_past"
    await record(db, A, first.contact_id, Outcome.CALLBACK, T0, callback_at=at)
    second = await claim(db, B, T0)
    assert second.contact_id != first.contact_id
    await record(db, B, second.contact_id, Outcome.ANSWERED, T0, answers={"Kommer du?": "Ja"})
    # Before the time: nobody; at the time: only A; an hour late: anyone.
    assert await claim(db, A, at - timedelta(minutes=1)) == Nothing("cooling", at)
    assert await claim(db, B, at) == Nothing("cooling", at + timedelta(hours=1))
    assert (await claim(db, A, at)).contact_id == first.contact_id
    await record(db, A, first.contact_id, Outcome.CALLBACK, at, callback_at=at + timedelta(days=1))
    later = at + timedelta(days=1, hours=1)
    assert (await claim(db, B, later)).contact_id == first.contact_id


async def test_own_call_back_comes_before_fresh_contacts(db):
    await seed(db, 3)
    first = await claim(db, A, T0)
    await record(db, A, first.contact_id, Outcome.CALLBACK, T0, callback_at=T0 + timedelta(minutes=30))
    assert (await claim(db, A, T0 + timedelta(minutes=31))).contact_id == first.contact_id


async def test_do_not_call_blocks_every_list_and_later_imports(db):
    first_campaign = await seed(db, 2, name="Först")
    other_campaign = await seed(db, 1, name="Sedan")  # the same first number, another campaign
    got = await claim(db, A, T0, [first_campaign])
    await record(db, A, got.contact_id, Outcome.DO_NOT_CALL, T0)
    async with db.session() as session:
        assert len((await session.exec(select(DoNotCall))).all()) == 1
        other = (await session.exec(select(Contact).where(Contact.campaign_id == other_campaign))).one()
        assert (other.status, other.last_outcome) == ("done", "do_not_call")
        third = await lifecycle.create_campaign(session=session, guild_id=GUILD, name="Tredje", created_by=A, now=T0)
        plan = await imports.plan_import(session=session, vault=VAULT, campaign=third, parsed=parsed(2))
    assert (plan.do_not_call, len(plan.new)) == (1, 1)


async def test_needs_organiser_holds_the_contact_until_solved(db):
    await seed(db, 1)
    got = await claim(db, A, T0)
    with pytest.raises(UserError):
        await record(db, A, got.contact_id, Outcome.NEEDS_ORGANISER, T0, note=" ")
    await record(db, A, got.contact_id, Outcome.NEEDS_ORGANISER, T0, note="Vill prata med ordföranden")
    assert await claim(db, B, T0 + timedelta(days=3)) == Nothing("done", None, 1)
    async with db.session() as session:
        [item] = await outcomes.help_queue(session=session, vault=VAULT, guild_id=GUILD)
        assert (item.contact_id, item.caller_id, item.message) == (got.contact_id, A, "Vill prata med ordföranden")
        await outcomes.resolve(session=session, guild_id=GUILD, contact_id=got.contact_id, back_to_list=True, now=T0)
    assert (await claim(db, B, T0)).contact_id == got.contact_id


async def test_skip_hands_the_contact_to_the_back_of_the_queue(db):
    await seed(db, 2)
    first = await claim(db, A, T0)
    await record(db, A, first.contact_id, Outcome.SKIPPED, T0 + timedelta(minutes=1))
    second = await claim(db, A, T0 + timedelta(minutes=1))
    assert second.contact_id != first.contact_id
    assert (await claim(db, B, T0 + timedelta(minutes=1))).contact_id == first.contact_id


async def test_paused_and_closed_campaigns_hand_out_nothing(db):
    campaign_id = await seed(db, 2)
    async with db.session() as session:
        campaign = await lifecycle.find_campaign(session=session, guild_id=GUILD, ref="vår")
        await lifecycle.set_status(session=session, campaign=campaign, status=CampaignStatus.PAUSED, now=T0)
    assert await claim(db, A, T0, [campaign_id]) == Nothing("paused")
    assert await claim(db, A, T0) == Nothing("no_campaign")
    async with db.session() as session:
        campaign = await lifecycle.find_campaign(session=session, guild_id=GUILD, ref=str(campaign_id))
        await lifecycle.set_status(session=session, campaign=campaign, status=CampaignStatus.ACTIVE, now=T0)
        await lifecycle.set_status(session=session, campaign=campaign, status=CampaignStatus.CLOSED, now=T0)
        with pytest.raises(UserError):
            await lifecycle.set_status(session=session, campaign=campaign, status=CampaignStatus.ACTIVE, now=T0)
    assert await claim(db, A, T0, [campaign_id]) == Nothing("closed")


async def test_stats_and_export_match_the_recorded_outcomes_and_purge_erases(db):
    campaign_id = await seed(db, 6)
    plan = [
        (A, Outcome.ANSWERED, {"Kommer du?": "ja"}),
        (B, Outcome.ANSWERED, {"Kommer du?": "Ja "}),
        (A, Outcome.NO_ANSWER, None),
        (B, Outcome.WRONG_NUMBER, None),
        (C, Outcome.DO_NOT_CALL, None),
    ]
    for caller, outcome, answers in plan:
        got = await claim(db, caller, T0)
        await record(db, caller, got.contact_id, outcome, T0, answers=answers, note=f"anteckning {outcome.value}")
    async with db.session() as session:
        campaign = await lifecycle.find_campaign(session=session, guild_id=GUILD, ref="Vår")
        numbers = await reports.stats(session=session, vault=VAULT, campaign=campaign, now=T0)
        data, count = await export_csv(session, campaign, "sv")
    assert (numbers.total, numbers.done, numbers.waiting, numbers.ready, numbers.recorded, numbers.callers) == (
        6,
        4,
        1,
        1,
        5,
        3,
    )
    assert numbers.outcomes == {"answered": 2, "no_answer": 1, "wrong_number": 1, "do_not_call": 1}
    assert numbers.answers == [("Kommer du?", [("Ja", 2)])]
    assert sorted(numbers.branches) == [("Lund", 3, 2), ("Malmö", 3, 2)]
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["id", "namn", "telefon", "e-post"] and rows[0][-2:] == ["Kommer du?", "anteckningar"]
    assert count == 6 and len(rows) == 7
    last_outcomes = [r[6] for r in rows[1:]]
    assert sorted(last_outcomes) == sorted(
        ["Svarade", "Svarade", "Inget svar", "Fel nummer", "Vill inte bli uppringd", ""]
    )
    assert sorted(r[-2] for r in rows[1:]) == ["", "", "", "", "Ja", "ja"]
    assert {r[2] for r in rows[1:]} == {f"070-174 06 {n:02d}" for n in range(5, 11)}

    async with db.session() as session:
        campaign = await lifecycle.find_campaign(session=session, guild_id=GUILD, ref="Vår")
        assert await retention.purge_planner(session=session, now=T0) == []
        await lifecycle.set_status(session=session, campaign=campaign, status=CampaignStatus.CLOSED, now=T0)
        [planned] = await retention.purge_planner(session=session, now=T0)
        assert planned.due_at == T0 + timedelta(days=30) and planned.object_id == str(campaign_id)
        assert await retention.purge(session=session, campaign=campaign, now=T0) == 6
    async with db.session() as session:
        contacts = (await session.exec(select(Contact))).all()
        attempts = (await session.exec(select(Attempt))).all()
        campaign = await lifecycle.find_campaign(session=session, guild_id=GUILD, ref="Vår")
        after = await reports.stats(session=session, vault=VAULT, campaign=campaign, now=T0)
        data, _ = await export_csv(session, campaign, "sv")
    assert all(c.sealed is None and c.phone_hash is None for c in contacts)
    assert all(a.sealed_note is None for a in attempts)
    assert (after.total, after.done, after.outcomes, after.answers) == (6, 4, numbers.outcomes, numbers.answers)
    assert b"+4670" not in data and b"Kontakt" not in data


async def test_call_back_times_are_read_in_the_servers_zone():
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/Stockholm")
    at = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)  # 17.00 in Stockholm
    assert outcomes.parse_when("18:30", at, zone) == datetime(2026, 3, 2, 17, 30, tzinfo=UTC)
    assert outcomes.parse_when("16.00", at, zone) == datetime(2026, 3, 3, 15, 0, tzinfo=UTC)
    assert outcomes.parse_when("5/3 9:15", at, zone) == datetime(2026, 3, 5, 8, 15, tzinfo=UTC)
    assert outcomes.parse_when("2026-07-01 12:00", at, zone) == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    # Issue #13: the same forms everywhere; "i morgon" was refused here, and means the same time tomorrow
    assert outcomes.parse_when("i morgon", at, zone) == datetime(2026, 3, 3, 16, 0, tzinfo=UTC)
    for bad in ("25:00", "31/2 10:00", "i morgon kl. 25"):
        with pytest.raises(UserError):
            outcomes.parse_when(bad, at, zone)


async def test_the_card_shows_extra_columns_only_when_the_campaign_turns_them_on(db):
    async with db.session() as session:
        for name, show in (("Utan", False), ("Med", True)):
            campaign = await lifecycle.create_campaign(
                session=session, guild_id=GUILD, name=name, created_by=A, now=T0, show_extra_fields=show
            )
            rows = [Row(row=2, phone=fiction(5), name="Kontakt 5", extra={"Intresse": "Bostäder"})]
            await imports.store_import(
                session=session, vault=VAULT, campaign_id=campaign.id, parsed=Parsed(rows_read=1, rows=rows), now=T0
            )
    cards = {}
    for caller, name in ((A, "Utan"), (B, "Med")):
        async with db.session() as session:
            campaign_id = (await lifecycle.find_campaign(session=session, guild_id=GUILD, ref=name)).id
        got = await claim(db, caller, T0, [campaign_id])
        async with db.session() as session:
            cards[name] = await claims.card(
                session=session, vault=VAULT, guild_id=GUILD, contact_id=got.contact_id, caller_id=caller
            )
    assert cards["Utan"].extra == {} and cards["Med"].extra == {"Intresse": "Bostäder"}
    assert cards["Med"].phone == "070-174 06 05" and cards["Med"].name == "Kontakt 5"
    async with db.session() as session:
        with pytest.raises(UserError) as refused:
            await claims.card(session=session, vault=VAULT, guild_id=GUILD, contact_id=got.contact_id, caller_id=C)
    assert refused.value.key == "campaigns.error.not_claimed"


async def test_export_keeps_formula_like_text_as_text(db):
    await seed(db, 1)
    got = await claim(db, A, T0)
    await record(db, A, got.contact_id, Outcome.WRONG_NUMBER, T0, note='=HYPERLINK("http://example.org")')
    async with db.session() as session:
        campaign = await lifecycle.find_campaign(session=session, guild_id=GUILD, ref="Vår")
        data, _ = await export_csv(session, campaign, "en")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["id", "name", "phone"]
    assert rows[1][-1] == '\'=HYPERLINK("http://example.org")'


async def test_campaign_names_are_unique_per_server(db):
    await seed(db, 1, name="ÅRSRINGNING")
    async with db.session() as session:
        assert (await lifecycle.find_campaign(session=session, guild_id=GUILD, ref="årsringning")).name == "ÅRSRINGNING"
        with pytest.raises(UserError) as taken:
            await lifecycle.create_campaign(
                session=session, guild_id=GUILD, name="  Årsringning ", created_by=A, now=T0
            )
        assert taken.value.key == "campaigns.error.name_taken"
        other = await lifecycle.create_campaign(session=session, guild_id=GUILD + 1, name="Vår", created_by=A, now=T0)
        assert other.id is not None
        with pytest.raises(UserError) as missing:
            await lifecycle.find_campaign(
                session=session,
                guild_id=GUILD + 1,
                ref=str((await lifecycle.find_campaign(session=session, guild_id=GUILD, ref="Vår")).id),
            )
        assert missing.value.key == "campaigns.error.not_found"


async def test_export_keeps_a_formula_like_survey_question_in_the_header_as_text(db):
    async with db.session() as session:
        campaign = await lifecycle.create_campaign(
            session=session,
            guild_id=GUILD,
            name="Vår",
            created_by=A,
            now=T0,
            questions=['=HYPERLINK("http://example.org";"Klicka")', "@SUM(A1)", "Kommer du?"],
        )
        data, _ = await export_csv(session, campaign, "sv")
    [header] = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert header[-4:] == ['\'=HYPERLINK("http://example.org";"Klicka")', "'@SUM(A1)", "Kommer du?", "anteckningar"]
