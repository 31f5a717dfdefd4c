"""What the ledger plans for meetings, without Discord: reminders, and the next meeting of a series."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.meetings import planner, service
from bot.meetings.models import Meeting

NOW = datetime(2026, 1, 1, 0, 0, tzinfo=UTC)  # a Thursday; 01:00 in Stockholm
ZONE = "Europe/Stockholm"


def _meeting(**fields) -> Meeting:
    values = {
        "id": 1,
        "guild_id": 1,
        "title": "Träff",
        "audience": "open",
        "start_at": NOW + timedelta(days=3),
        "created_by": 9,
        "created_at": NOW,
        "start_set_at": NOW,
    }
    values.update(fields)
    return Meeting(**values)


async def test_reminder_planner_skips_reminders_whose_time_had_passed_at_scheduling():
    class FakeResult:
        def __init__(self, rows):
            self.rows = rows

        def all(self):
            return self.rows

    class FakeSession:
        def __init__(self, rows):
            self.rows = rows

        async def exec(self, query):
            return FakeResult(self.rows)

    far = _meeting(start_at=NOW + timedelta(days=3))
    soon = _meeting(id=2, start_at=NOW + timedelta(hours=5))
    planned = await planner.plan_reminders(session=FakeSession([far, soon]), now=NOW)
    by_meeting = {(p.object_id, p.key.split(":")[0]): p for p in planned}
    assert set(by_meeting) == {("1", "24h"), ("1", "1h"), ("2", "1h")}
    assert by_meeting[("1", "24h")].due_at == far.start_at - timedelta(hours=24)
    assert by_meeting[("1", "24h")].expires_at == far.start_at - timedelta(hours=1)
    assert by_meeting[("1", "1h")].expires_at == far.start_at


async def test_a_series_brings_its_next_meeting_once_and_skips_dates_that_have_passed(db):
    async with db.session() as session:
        first = await service.create_meeting(
            session=session,
            guild_id=1,
            title="Studiecirkel",
            audience="men",
            start_at=NOW + timedelta(days=1),
            created_by=9,
            repeat="weekly",
            capacity=5,
        )
    later = NOW + timedelta(days=16)  # two weeks after the first: its next date has passed
    async with db.session() as session:
        following = await planner.create_next_occurrence(first, session=session, zone=ZONE, now=later)
    assert following is not None
    assert following.start_at == first.start_at + timedelta(days=21)
    assert (following.series_id, following.capacity, following.audience) == (first.id, 5, "men")

    # Asked again before it was announced (the answer was lost): the same meeting, not a second one.
    async with db.session() as session:
        again = await planner.create_next_occurrence(first, session=session, zone=ZONE, now=later)
    assert again is not None and again.id == following.id
    async with db.session() as session:
        await service.set_posted(following, session=session, channel_id=1, message_id=2)
    async with db.session() as session:
        assert await planner.create_next_occurrence(first, session=session, zone=ZONE, now=later) is None
        assert len((await session.exec(select(Meeting))).all()) == 2
