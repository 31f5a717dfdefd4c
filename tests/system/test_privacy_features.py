"""Members' data rights across every feature (SimCord): two members with data in meetings, the networks, phone
campaigns, commitments, memorial days and the audit log. `/privacy mydata` gives each exactly their own part;
`/privacy forget` (or leaving the server) leaves no trace of the member in any table while the statistics keep
their totals."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import SQLModel, select

import bot.schema  # noqa: F401  (every table)
from bot.campaigns import claims, imports, lifecycle, outcomes
from bot.campaigns.crypto import Vault
from bot.campaigns.importer import Parsed, Row
from bot.campaigns.models import Outcome
from bot.commitments import plans
from bot.commitments import service as commitments
from bot.commitments.models import OwnerKind, Status
from bot.meetings import networks
from bot.meetings import service as meetings
from bot.meetings.models import Meeting, Rsvp
from bot.memorial.models import MemorialDay, MemorialRegistration
from bot.permissions import Person
from tests.conftest import TEST_DATA_KEY
from tests.support import advance, advance_to

VAULT = Vault(TEST_DATA_KEY)
EVERYWHERE = {
    "audit_entry.actor_id",
    "audit_entry.details",
    "meeting.created_by",
    "meeting_rsvp.user_id",
    "meeting_attendance.user_id",
    "meeting_attendance.recorded_by",
    "meeting_reminder_preference.user_id",
    "network_join_request.user_id",
    "network_join_request.decided_by",
    "campaign.created_by",
    "campaign_contact.claimed_by",
    "campaign_contact.callback_for",
    "campaign_attempt.caller_id",
    "commitment_plan.created_by",
    "commitment.created_by",
    "commitment_owner.target_id",
    "commitment_update.author_id",
    "memorial_registration.organiser_id",
}
"""Where a member's id is stored, in this world: the test checks it is all of them before it checks none after."""
CONTACT_NAMES = [f"Fiktiva{n} Provsson" for n in range(5, 10)]


@dataclass
class World:
    a: Any  # the member who asks (an organiser)
    b: Any  # another member (a caller)
    held: int  # a meeting that took place
    ahead: int  # a meeting still ahead, full, with b on its waiting list
    campaign: int
    commitment: int


async def build_world(env, bot, district) -> World:
    """The same kinds of data for two members, through the features' services, as their commands store it."""
    a, b, guild = district.organiser, district.caller, district.guild.id
    now = env.now()
    config = await bot.guild_config(guild)
    async with bot.db.session() as session:
        held = await meetings.create_meeting(
            session=session,
            guild_id=guild,
            title="Medlemsmöte",
            audience="open",
            start_at=now + timedelta(hours=2),
            created_by=a.id,
            duration_minutes=60,
        )
        ahead = await meetings.create_meeting(
            session=session,
            guild_id=guild,
            title="Studiecirkel",
            audience="open",
            start_at=now + timedelta(days=10),
            created_by=b.id,
            capacity=1,
        )
        for person in (a, b):
            await meetings.answer(held, person.id, "kommer", session=session, now=now)
            await meetings.answer(ahead, person.id, "kommer", session=session, now=now)
            await meetings.set_reminders(session=session, guild_id=guild, user_id=person.id, enabled=False)
        request_a = await networks.request_join(
            session=session, guild_id=guild, user_id=a.id, audience="women-nonbinary"
        )
        request_b = await networks.request_join(session=session, guild_id=guild, user_id=b.id, audience="men")
        await networks.decide_join(
            session=session, guild_id=guild, request_id=request_a.id, approve=True, decided_by=b.id, now=now
        )
        await networks.decide_join(
            session=session, guild_id=guild, request_id=request_b.id, approve=False, decided_by=a.id, now=now
        )

        campaign = await lifecycle.create_campaign(
            session=session, guild_id=guild, name="Vårringning", created_by=a.id, now=now, questions=["Kommer du?"]
        )
        rows = [Row(row=i + 2, phone=f"+467017406{n:02d}", name=CONTACT_NAMES[i]) for i, n in enumerate(range(5, 10))]
        await imports.store_import(
            session=session, vault=VAULT, campaign_id=campaign.id, parsed=Parsed(rows_read=5, rows=rows), now=now
        )

        plan = await plans.store_plan(
            guild,
            {
                "key": "test",
                "year": 2026,
                "title": "Plan",
                "sections": [
                    {
                        "title": "Mål",
                        "commitments": [{"title": "Ringa alla medlemmar"}, {"title": "Ordna studiecirklar"}],
                    }
                ],
            },
            session=session,
            actor_id=a.id,
        )
        [first, second] = await commitments.list_commitments(
            guild, session=session, today=commitments.local_today("Europe/Stockholm"), vault=None, plan_id=plan.id
        )
        for person, item in ((a, first), (b, second)):
            await commitments.assign_owner(guild, item.id, session=session, kind=OwnerKind.MEMBER, target_id=person.id)
            await commitments.update_status(
                guild,
                item.id,
                session=session,
                person=Person(person.id, frozenset(r.id for r in person.member.roles)),
                config=config,
                status=Status.IN_PROGRESS,
                note=f"Igång ({person.id % 7})",
            )
        day = MemorialDay(guild_id=guild, name="Kvinnodagen", rule_kind="fixed", month=3, day=8, text="8 mars")
        session.add(day)
        await session.flush()
        for person, branch in ((a, "Malmö"), (b, "Lund")):
            session.add(
                MemorialRegistration(
                    guild_id=guild,
                    day_id=day.id,
                    year=2026,
                    organiser_id=person.id,
                    branch=branch,
                    what="Manifestation",
                )
            )
        campaign_id, held_id, ahead_id, commitment_id = campaign.id, held.id, ahead.id, first.id

    # calls: a answers one (note, answer) and promises a call-back; b gets no answer and holds a claim
    async def call(person, outcome, **extra):
        claimed = await claims.claim_next(db=bot.db, vault=VAULT, guild_id=guild, caller_id=person.id, now=env.now())
        async with bot.db.session() as session:
            if outcome is not None:
                await outcomes.record(
                    session=session,
                    vault=VAULT,
                    guild_id=guild,
                    contact_id=claimed.contact_id,
                    caller_id=person.id,
                    outcome=outcome,
                    now=env.now(),
                    **extra,
                )

    await call(a, Outcome.ANSWERED, note="Vill bli aktiv", answers={"Kommer du?": "Ja"})
    await call(b, Outcome.NO_ANSWER)
    await call(a, Outcome.CALLBACK, callback_at=env.now() + timedelta(days=2))
    await call(b, None)
    await call(a, None)

    await bot.audit(guild, a.id, "meetings.schedule", meeting_id=held_id, audience="open")
    await bot.audit(guild, district.moderator.id, "network.remove", user_id=a.id, audience="women-nonbinary")
    await bot.audit(guild, district.moderator.id, "network.remove", user_id=b.id, audience="men")

    # the held meeting takes place; a records who came
    await advance(env, bot, 4 * 3600)
    async with bot.db.session() as session:
        meeting = await session.get(Meeting, held_id)
        await meetings.record_attendance(meeting, [a.id, b.id], session=session, recorded_by=a.id, now=env.now())
    return World(a, b, held_id, ahead_id, campaign_id, commitment_id)


async def my_data(district, person) -> dict:
    result = await person.slash(district.general, "privacy mydata")
    assert result.ephemeral
    [attachment] = result.followups[0].attachments if result.followups else result.response.attachments
    return json.loads(await attachment.read())


async def forget(district, person) -> None:
    asked = await person.slash(district.general, "privacy forget")
    done = await person.click(asked.response.message, label="Bekräfta")
    assert done.response.content.startswith("Klart.")


async def traces(bot, user_id: int) -> list[str]:
    """Every table, every column: where the id still appears (as a number, in a text or inside JSON)."""
    found = []
    async with bot.db.session() as session:
        for table in SQLModel.metadata.sorted_tables:
            for row in (await session.exec(sa_select(table))).all():
                for column, value in zip(table.columns, row, strict=True):
                    if value == user_id or str(user_id) in json.dumps(value, default=str):
                        found.append(f"{table.name}.{column.name}")
    return found


def fields(result) -> list[tuple[str, str]]:
    return [(f.name, f.value) for f in result.response.embeds[0].fields]


async def statistics(district) -> list:
    meeting = await district.moderator.slash(district.general, "meeting stats")
    campaign = await district.moderator.slash(district.general, "campaign stats", campaign="Vårringning")
    return [fields(meeting), campaign.response.embeds[0].description, fields(campaign)]


async def test_mydata_is_exactly_each_members_own_data_in_every_feature(simcord_env, simcord_bot, district):
    world = await build_world(simcord_env, simcord_bot, district)
    a, b = world.a, world.b
    document = await my_data(district, a)
    data = document["data"]
    text = json.dumps(document, ensure_ascii=False)
    for other in (b, district.moderator):
        assert str(other.id) not in text
    assert not any(name in text for name in CONTACT_NAMES) and "+46701740" not in text

    assert document["member"] == a.id
    assert [(r["meeting_id"], r["answer"], r["waitlist_position"]) for r in data["meeting_rsvps"]] == [
        (world.held, "kommer", None),
        (world.ahead, "kommer", None),
    ]
    attendance = data["meeting_attendance"]
    assert [(r["meeting_id"], r["title"]) for r in attendance["attended"]] == [(world.held, "Medlemsmöte")]
    assert [(r["meeting_id"], r["title"]) for r in attendance["recorded_by_you"]] == [(world.held, "Medlemsmöte")]
    assert data["meeting_reminders"] == [{"reminders": False}]
    assert [m["title"] for m in data["meetings_created"]] == ["Medlemsmöte"]
    requested = data["network_requests"]["requested"]
    assert [(r["network"], r["status"]) for r in requested] == [("women-nonbinary", "approved")]
    assert [r["status"] for r in data["network_requests"]["decided_by_you"]] == ["declined"]
    calls = data["campaign_calls"]
    assert [(c["campaign_id"], c["outcome"], c["note"], c["answers"]) for c in calls] == [
        (world.campaign, "answered", "Vill bli aktiv", {"Kommer du?": "Ja"}),
        (world.campaign, "callback", None, None),
        (world.campaign, None, None, None),
    ]
    assert set(calls[0]) == {
        "campaign_id",
        "call_id",
        "claimed_at",
        "outcome",
        "recorded_at",
        "callback_at",
        "answers",
        "note",
    }
    assert [c["name"] for c in data["campaigns_created"]] == ["Vårringning"]
    assert [c["commitment_id"] for c in data["commitments_owned"]] == [world.commitment]
    assert [(u["commitment_id"], u["new_status"]) for u in data["commitment_updates"]] == [(world.commitment, "pågår")]
    assert [p["title"] for p in data["commitments_created"]["plans"]] == ["Plan"]
    assert len(data["commitments_created"]["commitments"]) == 2
    assert [r["branch"] for r in data["memorial_registrations"]] == ["Malmö"]
    assert [(e["action"], e["by_you"]) for e in data["audit_entries"]] == [
        ("meetings.schedule", True),
        ("network.remove", False),
    ]
    assert data["departures"] == []

    # and the other member's file holds only theirs
    other = await my_data(district, b)
    other_text = json.dumps(other)
    assert str(a.id) not in other_text and str(district.moderator.id) not in other_text
    assert [r["waitlist_position"] for r in other["data"]["meeting_rsvps"]] == [None, 1]
    assert [c["outcome"] for c in other["data"]["campaign_calls"]] == ["no_answer", None]
    assert [r["branch"] for r in other["data"]["memorial_registrations"]] == ["Lund"]


async def test_forget_leaves_no_trace_in_any_table_and_statistics_keep_their_totals(simcord_env, simcord_bot, district):
    world = await build_world(simcord_env, simcord_bot, district)
    a, b = world.a, world.b
    before = await statistics(district)
    other_before = (await my_data(district, b))["data"]
    assert set(await traces(simcord_bot, a.id)) == EVERYWHERE

    await forget(district, a)

    assert await traces(simcord_bot, a.id) == []
    assert await statistics(district) == before
    # the other member keeps all of theirs; the place a held moves to b
    other_after = (await my_data(district, b))["data"]
    assert [r["waitlist_position"] for r in other_after["meeting_rsvps"]] == [None, None]
    for name in (
        "campaign_calls",
        "commitments_owned",
        "commitment_updates",
        "memorial_registrations",
        "meeting_reminders",
        "meetings_created",
    ):
        assert other_after[name] == other_before[name], name
    # a's request to join a network is deleted, so b's decision on it goes with it
    assert other_after["network_requests"] == {**other_before["network_requests"], "decided_by_you": []}
    assert [r["meeting_id"] for r in other_after["meeting_attendance"]["attended"]] == [world.held]
    # a's file is now empty but for nothing
    emptied = (await my_data(district, a))["data"]
    assert all(not value or value == {k: [] for k in value} for value in emptied.values()), emptied
    async with simcord_bot.db.session() as session:
        rsvps = (await session.exec(select(Rsvp).where(Rsvp.meeting_id == world.held))).all()
    assert len(rsvps) == 2 and sum(r.user_id < 0 for r in rsvps) == 1


async def test_a_member_who_leaves_leaves_no_trace_after_the_grace_period(simcord_env, simcord_bot, district):
    world = await build_world(simcord_env, simcord_bot, district)
    left_at = simcord_env.now()
    district.guild.remove_member(world.a)
    await simcord_env.settle()

    await advance_to(simcord_env, simcord_bot, left_at + timedelta(days=30) - timedelta(minutes=1))
    assert set(await traces(simcord_bot, world.a.id)) == EVERYWHERE | {"departure.user_id"}
    before = await statistics(district)
    await advance(simcord_env, simcord_bot, 120)
    assert await traces(simcord_bot, world.a.id) == []
    assert await statistics(district) == before
