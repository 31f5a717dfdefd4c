"""Retention rules with a controlled clock: each deletes (or anonymises) on time and not before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

import bot.commitments.service
import bot.memorial.models  # noqa: F401  (every feature registers its rules on import)
from bot import privacy
from bot.audiences import Audience
from bot.audit import AuditEntry
from bot.campaigns import imports, lifecycle, retention  # noqa: F401  (retention: its rule)
from bot.campaigns.crypto import Vault
from bot.campaigns.importer import Parsed, Row
from bot.campaigns.models import CampaignStatus, Contact
from bot.db import Database
from bot.meetings import service as meetings
from bot.meetings.models import Attendance, Rsvp
from tests.conftest import TEST_DATA_KEY
from tests.support import advance_to

GUILD = 4242
T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
A, B = 1001, 1002
VAULT = Vault(TEST_DATA_KEY)


async def held_meeting(db: Database, start: datetime, people: list[int]) -> int:
    async with db.session() as session:
        meeting = await meetings.create_meeting(
            session=session, guild_id=GUILD, title="Möte", audience="open", start_at=start, created_by=A
        )
        for person in people:
            await meetings.answer(meeting, person, "kommer", session=session, now=start - timedelta(days=1))
        await meetings.record_attendance(
            meeting, people, session=session, recorded_by=A, now=start + timedelta(hours=2)
        )
        return meeting.id


async def rows(db: Database, table, **where) -> list:
    async with db.session() as session:
        query = select(table)
        for name, value in where.items():
            query = query.where(getattr(table, name) == value)
        return list((await session.exec(query.order_by(table.id))).all())


async def retain(db: Database, now: datetime) -> dict[str, int]:
    async with db.session() as session:
        return await privacy.apply_retention(session=session, now=now)


async def test_answers_are_deleted_and_attendance_anonymised_a_year_after_the_meeting(db):
    first = await held_meeting(db, T0, [A, B])
    later = await held_meeting(db, T0 + timedelta(days=7), [A])
    year = meetings.RSVP_RETENTION

    done = await retain(db, T0 + year)
    assert (done["meeting_rsvps"], done["meeting_attendance"]) == (0, 0)
    assert [r.user_id for r in await rows(db, Rsvp)] == [A, B, A]

    done = await retain(db, T0 + year + timedelta(seconds=1))
    assert (done["meeting_rsvps"], done["meeting_attendance"]) == (2, 2)
    assert [r.meeting_id for r in await rows(db, Rsvp)] == [later]
    attended = await rows(db, Attendance, meeting_id=first)
    assert len(attended) == 2 and all(r.user_id < 0 and r.recorded_by == 0 for r in attended)
    assert len({r.user_id for r in attended}) == 2
    assert [(r.user_id, r.recorded_by) for r in await rows(db, Attendance, meeting_id=later)] == [(A, A)]
    async with db.session() as session:
        stats = await meetings.stats(session=session, guild_id=GUILD, year=2026, zone="Europe/Stockholm", now=T0 + year)
    assert (stats[Audience.OPEN].attendance, stats[Audience.OPEN].people) == (3, 3)

    assert (await retain(db, T0 + year + timedelta(days=1)))["meeting_attendance"] == 0


async def test_call_list_contacts_are_erased_thirty_days_after_the_campaign_closes(db):
    async with db.session() as session:
        closed = await lifecycle.create_campaign(session=session, guild_id=GUILD, name="Stängd", created_by=A, now=T0)
        active = await lifecycle.create_campaign(session=session, guild_id=GUILD, name="Pågår", created_by=A, now=T0)
        for n, campaign in enumerate((closed, active)):
            row = Row(row=2, phone=f"+4670174060{n}", name=f"Fiktiva{n} Provsson")
            await imports.store_import(
                session=session, vault=VAULT, campaign_id=campaign.id, parsed=Parsed(rows_read=1, rows=[row]), now=T0
            )
        await lifecycle.set_status(session=session, campaign=closed, status=CampaignStatus.CLOSED, now=T0)
        closed_id = closed.id
    due = T0 + timedelta(days=30)

    assert (await retain(db, due - timedelta(seconds=1)))["call_list_contacts"] == 0
    assert all(c.sealed for c in await rows(db, Contact))

    assert (await retain(db, due))["call_list_contacts"] == 1
    erased, kept = await rows(db, Contact)
    assert (erased.campaign_id, erased.sealed, erased.phone_hash) == (closed_id, None, None)
    assert kept.sealed is not None
    [entry] = await rows(db, AuditEntry)
    assert (entry.action, entry.actor_id, entry.details["campaign_id"]) == ("campaigns.purge", None, closed_id)
    assert (await retain(db, due + timedelta(days=1)))["call_list_contacts"] == 0


async def test_the_daily_job_deletes_answers_a_year_after_the_meeting(simcord_env, simcord_bot, district):
    start = simcord_env.now() + timedelta(hours=10)
    async with simcord_bot.db.session() as session:
        meeting = await meetings.create_meeting(
            session=session, guild_id=district.guild.id, title="Möte", audience="open", start_at=start, created_by=A
        )
        await meetings.answer(meeting, district.member.id, "kommer", session=session, now=simcord_env.now())

    async def night_then_day(day):
        """Jump to that night as if nothing happened in between, re-plan as the nightly job does, run the day."""
        await simcord_env.advance_time((day - simcord_env.now()).total_seconds())
        await simcord_bot.ledger.replan()
        await advance_to(simcord_env, simcord_bot, day + timedelta(hours=12))

    await night_then_day(start + meetings.RSVP_RETENTION - timedelta(hours=11))  # the job at 02:00, 8 h early
    assert len(await rows(simcord_bot.db, Rsvp)) == 1
    await night_then_day(start + meetings.RSVP_RETENTION + timedelta(hours=13))  # the next night's job
    assert await rows(simcord_bot.db, Rsvp) == []
