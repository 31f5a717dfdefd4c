"""Capacity and the waiting list hold across processes: answers to one meeting arrive at once through two
database connections (as from two bot processes during a deploy, or two shards), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.db import Database
from bot.meetings import service
from bot.meetings.models import Meeting, Rsvp
from bot.meetings.service import RsvpResult

GUILD = 1
ORGANISER = 2
NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
CAPACITY = 3


@pytest.fixture
async def databases(settings) -> AsyncIterator[tuple[Database, Database]]:
    """Two `Database` objects on the same database: two processes' worth of connections."""
    first, second = Database(settings.database_url), Database(settings.database_url)
    await first.migrate()
    try:
        yield first, second
    finally:
        await first.dispose()
        await second.dispose()


async def full_meeting(db: Database, people: list[int]) -> int:
    """A meeting with CAPACITY places, answered 'Kommer' one by one by `people`."""
    async with db.session() as session:
        meeting = await service.create_meeting(
            session=session,
            guild_id=GUILD,
            title="Studiecirkel",
            audience="open",
            start_at=NOW + timedelta(days=7),
            created_by=ORGANISER,
            capacity=CAPACITY,
        )
    for person in people:
        await answer(db, meeting.id, person, "kommer")
    return meeting.id


async def answer(db: Database, meeting_id: int, user_id: int, given: str) -> RsvpResult:
    """One answer in its own transaction, as the RSVP button gives it."""

    async def work(session) -> RsvpResult:
        meeting = await session.get(Meeting, meeting_id)
        return await service.answer(meeting, user_id, given, session=session, now=NOW)

    return await db.run_write(work)


async def stored(db: Database, meeting_id: int) -> tuple[list[int], list[int]]:
    """Who has a place, and who waits in the order of the waiting list."""
    async with db.session() as session:
        rows = (await session.exec(select(Rsvp).where(Rsvp.meeting_id == meeting_id))).all()
    confirmed = sorted(r.user_id for r in rows if r.answer == "kommer" and r.waitlist_position is None)
    waiting = sorted((r for r in rows if r.waitlist_position is not None), key=lambda r: r.waitlist_position)
    assert [r.waitlist_position for r in waiting] == list(range(1, len(waiting) + 1)), "no gaps, no ties"
    return confirmed, [r.user_id for r in waiting]


async def test_answers_at_once_from_two_processes_never_overfill_a_meeting(databases):
    meeting_id = await full_meeting(databases[0], [])
    people = list(range(100, 112))

    results = await asyncio.gather(
        *(answer(databases[n % 2], meeting_id, person, "kommer") for n, person in enumerate(people))
    )

    confirmed, waiting = await stored(databases[1], meeting_id)
    assert len(confirmed) == CAPACITY
    assert sorted(confirmed + waiting) == people
    # Each was told what was stored: a place, or their number on the waiting list.
    told = dict(zip(people, (result.waitlist_position for result in results), strict=True))
    assert {person: None for person in confirmed} | {p: n for n, p in enumerate(waiting, start=1)} == told


async def test_a_cancellation_promotes_exactly_the_first_who_waits(databases):
    first, second = databases
    people = [100, 101, 102, 103, 104, 105]
    meeting_id = await full_meeting(first, people)
    assert await stored(second, meeting_id) == ([100, 101, 102], [103, 104, 105])

    result = await answer(second, meeting_id, 101, "kan_inte")

    assert result.promoted == [103]
    assert await stored(first, meeting_id) == ([100, 102, 103], [104, 105])


async def test_cancellations_and_new_answers_at_once_keep_the_count_and_the_order(databases):
    first, second = databases
    meeting_id = await full_meeting(first, [100, 101, 102, 103, 104, 105])

    cancelled_100, new_200, cancelled_102, new_201 = await asyncio.gather(
        answer(first, meeting_id, 100, "kan_inte"),
        answer(second, meeting_id, 200, "kommer"),
        answer(second, meeting_id, 102, "kanske"),
        answer(first, meeting_id, 201, "kommer"),
    )

    # Each cancellation let exactly one in: the first two who waited, whatever the order the answers were taken.
    assert len(cancelled_100.promoted) == len(cancelled_102.promoted) == 1
    assert sorted(cancelled_100.promoted + cancelled_102.promoted) == [103, 104]
    confirmed, waiting = await stored(second, meeting_id)
    assert confirmed == [101, 103, 104]
    # The newcomers never took a freed place: they wait behind the one who waited before them.
    assert waiting[0] == 105 and sorted(waiting[1:]) == [200, 201]
    assert new_200.waitlist_position is not None and new_201.waitlist_position is not None
