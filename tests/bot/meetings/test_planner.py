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


class _Rows:
    """A session whose every query finds these meetings (the planners' filters are the database's business)."""

    def __init__(self, rows):
        self.rows = rows

    async def exec(self, query):
        rows = self.rows

        class Found:
            def all(self):
                return rows

        return Found()


async def test_the_organisers_reminders_replace_the_defaults_each_until_the_next():
    meeting = _meeting(reminder_leads="2880,180,30")
    planned = await planner.plan_reminders(session=_Rows([meeting]), now=NOW)
    start, stamp = meeting.start_at, int(meeting.start_at.timestamp())
    assert [(p.key, p.due_at, p.expires_at) for p in planned] == [
        (f"48h:{stamp}", start - timedelta(days=2), start - timedelta(hours=3)),
        (f"3h:{stamp}", start - timedelta(hours=3), start - timedelta(minutes=30)),
        (f"30m:{stamp}", start - timedelta(minutes=30), start),
    ]


async def test_no_reminders_plans_none_and_a_reminder_past_when_chosen_is_skipped():
    assert await planner.plan_reminders(session=_Rows([_meeting(reminder_leads="")]), now=NOW) == []
    # Chosen 2 days before a start 3 days ahead: "a week before" had passed then.
    chosen = _meeting(reminder_leads="10080,1440", start_set_at=NOW + timedelta(days=1))
    planned = await planner.plan_reminders(session=_Rows([chosen]), now=NOW)
    assert [p.key.split(":")[0] for p in planned] == ["24h"]


def test_reminder_names_and_their_lead_times():
    for lead, name in ((timedelta(hours=24), "24h"), (timedelta(days=2), "48h"), (timedelta(minutes=90), "90m")):
        assert planner.reminder_name(lead) == name
        assert planner.reminder_lead(name) == lead
    assert planner.meeting_reminders(_meeting()) == planner.REMINDERS
    assert planner.meeting_reminders(_meeting(reminder_leads="180,2880")) == (timedelta(days=2), timedelta(hours=3))


async def test_a_deadline_is_planned_for_an_announced_meeting_until_it_ends():
    deadline = NOW + timedelta(days=2)
    meeting = _meeting(deadline_at=deadline, message_id=5)
    [planned] = await planner.plan_deadlines(session=_Rows([meeting]), now=NOW)
    assert (planned.key, planned.due_at, planned.expires_at) == (
        f"close:{int(deadline.timestamp())}",
        deadline,
        meeting.end_at,
    )
    over = NOW + timedelta(days=4)
    assert await planner.plan_deadlines(session=_Rows([meeting]), now=over) == []


async def test_the_next_meeting_of_a_series_keeps_its_reminders_and_its_deadline_before_the_start(db):
    async with db.session() as session:
        first = await service.create_meeting(
            session=session,
            guild_id=1,
            title="Studiecirkel",
            audience="open",
            start_at=NOW + timedelta(days=3),
            created_by=9,
            repeat="weekly",
            reminder_leads="2880",
            reminder_note="Läs kapitel 2.",
            deadline_at=NOW + timedelta(days=2),
        )
    async with db.session() as session:
        following = await planner.create_next_occurrence(first, session=session, zone=ZONE, now=NOW)
    assert following is not None
    assert (following.reminder_leads, following.reminder_note) == ("2880", "Läs kapitel 2.")
    assert following.deadline_at == following.start_at - timedelta(days=1)


async def test_a_thread_is_archived_a_day_after_its_meeting_ends_keyed_by_that_end(db):
    async with db.session() as session:
        with_thread = await service.create_meeting(
            session=session, guild_id=1, title="Träff", audience="open", start_at=NOW + timedelta(days=3), created_by=9
        )
        await service.set_posted(with_thread, session=session, channel_id=5, message_id=6, thread_id=7)
        await service.create_meeting(
            session=session,
            guild_id=1,
            title="Utan tråd",
            audience="open",
            start_at=NOW + timedelta(days=3),
            created_by=9,
        )
    async with db.session() as session:
        [planned] = await planner.plan_archiving(session=session, now=NOW)
    end = with_thread.start_at + timedelta(minutes=90)
    assert (planned.object_id, planned.key) == (str(with_thread.id), f"archive:{int(end.timestamp())}")
    assert planned.due_at == end + timedelta(days=1)
    assert planned.expires_at == end + timedelta(days=31)
    # Long after, there is nothing left to archive.
    async with db.session() as session:
        assert await planner.plan_archiving(session=session, now=end + timedelta(days=31)) == []
