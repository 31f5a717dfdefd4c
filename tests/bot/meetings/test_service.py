"""The rules of meetings without Discord: who may answer and list, what may be changed, who is pre-filled as
attending, and how those who answered are grouped and shown."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.db import Database
from bot.errors import NotFound, PermissionDenied, UserError
from bot.guilds import RolePurpose
from bot.meetings import service
from bot.meetings.models import Answer, Meeting
from bot.permissions import Person
from tests.support import config_with_roles

GUILD = 1
MODERATOR, ORGANISER, WOMEN, MEN = 11, 12, 13, 14
NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)
START = NOW + timedelta(days=7)
CONFIG = config_with_roles(
    GUILD,
    {
        RolePurpose.MODERATOR: MODERATOR,
        RolePurpose.ORGANISER: ORGANISER,
        RolePurpose.WOMEN_NONBINARY: WOMEN,
        RolePurpose.MEN: MEN,
    },
)
ORGANISER_PERSON = Person(2, frozenset({ORGANISER}))
WOMAN_ORGANISER = Person(3, frozenset({ORGANISER, WOMEN}))
MODERATOR_PERSON = Person(4, frozenset({MODERATOR}))
WOMEN_MEMBERS = [101, 102, 103, 104]


def test_answer_values_are_the_button_values():
    assert [a.value for a in Answer] == ["kommer", "kanske", "kan_inte"]


async def meeting(db: Database, audience: str = "open", **fields) -> Meeting:
    async with db.session() as session:
        return await service.create_meeting(
            session=session,
            guild_id=GUILD,
            title="Träff",
            audience=audience,
            start_at=START,
            created_by=ORGANISER_PERSON.user_id,
            **fields,
        )


async def answer(db: Database, found: Meeting, user_id: int, given: str) -> None:
    async with db.session() as session:
        await service.answer(found, user_id, given, session=session, now=NOW)


async def answered(db: Database, audience: str = "women-nonbinary") -> Meeting:
    """A meeting with two places: 101 and 102 have them, 103 waits, 104 might come."""
    found = await meeting(db, audience, capacity=2)
    for user_id, given in ((101, "kommer"), (102, "kommer"), (103, "kommer"), (104, "kanske")):
        await answer(db, found, user_id, given)
    return found


async def save(db: Database, found: Meeting, user_ids: list[int], person: Person, members: list[int]) -> int:
    """Record who attended, as the attendance picker does, with `members` holding the audience's role now."""
    async with db.session() as session:
        _, count = await service.save_attendance(
            user_ids,
            session=session,
            meeting_id=found.id,
            person=person,
            config=CONFIG,
            audience_members=members,
            now=START,
        )
    return count


# ---------------------------------------------------------------------- answering and listing


async def test_only_the_audience_answers_a_separatist_meeting(db):
    found = await meeting(db, "women-nonbinary")
    async with db.session() as session:
        with pytest.raises(PermissionDenied) as refused:
            await service.answer_meeting(
                session=session,
                meeting_id=found.id,
                person=MODERATOR_PERSON,
                config=CONFIG,
                given="kommer",
                now=NOW,
            )
        assert (refused.value.key, refused.value.values) == ("perm.denied", {"role_key": "capability.women-nonbinary"})
        done = await service.answer_meeting(
            session=session,
            meeting_id=found.id,
            person=Person(101, frozenset({WOMEN})),
            config=CONFIG,
            given="kommer",
            now=NOW,
        )
    assert (done.result.changed, done.counts.kommer, done.meeting.id) == (True, 1, found.id)


async def test_a_meeting_of_another_server_is_not_found(db):
    found = await meeting(db)
    other = config_with_roles(GUILD + 1, {})
    async with db.session() as session:
        with pytest.raises(NotFound):
            await service.shown_meeting(session=session, meeting_id=found.id, person=ORGANISER_PERSON, config=other)


async def test_listing_a_hidden_audience_is_refused_and_a_visible_one_lists_its_meetings(db):
    await meeting(db, "women-nonbinary")
    await meeting(db, "open")
    async with db.session() as session:
        with pytest.raises(PermissionDenied) as refused:
            await service.list_meetings(
                session=session, person=Person(7, frozenset({MEN})), config=CONFIG, now=NOW, audience="women-nonbinary"
            )
        assert refused.value.values == {"role_key": "capability.women-nonbinary"}
        listed = await service.list_meetings(
            session=session, person=MODERATOR_PERSON, config=CONFIG, now=NOW, audience="women-nonbinary"
        )
        everything = await service.list_meetings(
            session=session, person=Person(7, frozenset({MEN})), config=CONFIG, now=NOW
        )
    assert [(m.audience, counts.kommer) for m, counts in listed] == [("women-nonbinary", 0)]
    assert [m.audience for m, _ in everything] == ["open"]


# ---------------------------------------------------------------------- changes


def test_changing_nothing_is_refused_and_a_length_is_read_as_typed():
    with pytest.raises(UserError) as refused:
        service.read_changes(title=None, start_at=None, duration=None, location=None, description=None, capacity=None)
    assert refused.value.key == "meetings.edit.nothing"
    with pytest.raises(UserError) as refused:
        service.read_changes(title=None, start_at=None, duration="lång", location=None, description=None, capacity=None)
    assert refused.value.key == "meetings.duration.unknown"
    changes = service.read_changes(
        title=None, start_at=None, duration="1h30", location=None, description=None, capacity=None
    )
    assert changes == service.Changes(duration_minutes=90)


@pytest.mark.parametrize(
    ("cancelled", "now", "key"),
    [
        (True, NOW, "meetings.rsvp.cancelled"),
        (False, START + timedelta(minutes=90), "meetings.rsvp.over"),
    ],
)
async def test_a_cancelled_or_finished_meeting_cannot_be_edited(db, cancelled, now, key):
    found = await meeting(db)
    if cancelled:
        async with db.session() as session:
            await service.cancel_meeting(session=session, meeting_id=found.id, person=ORGANISER_PERSON, config=CONFIG)
    async with db.session() as session:
        with pytest.raises(UserError) as refused:
            await service.edit_meeting(
                service.Changes(title="Ny"),
                session=session,
                meeting_id=found.id,
                person=ORGANISER_PERSON,
                config=CONFIG,
                now=now,
            )
    assert refused.value.key == key


async def test_a_meeting_under_way_may_still_be_edited(db):
    found = await meeting(db)
    async with db.session() as session:
        edited = await service.edit_meeting(
            service.Changes(title=" Ny titel "),
            session=session,
            meeting_id=found.id,
            person=ORGANISER_PERSON,
            config=CONFIG,
            now=START + timedelta(minutes=89),
        )
    assert (edited.meeting.title, edited.meeting.start_at) == ("Ny titel", START)


async def test_an_edit_tells_those_who_answered_and_those_who_moved_up_apart(db):
    found = await answered(db, "open")
    moved = START + timedelta(days=1)
    async with db.session() as session:
        edited = await service.edit_meeting(
            service.Changes(start_at=moved, capacity=3, location="Folkets hus"),
            session=session,
            meeting_id=found.id,
            person=ORGANISER_PERSON,
            config=CONFIG,
            now=NOW,
        )
    assert (edited.told, edited.changed_for, edited.moved_up) == (4, [101, 102, 104], [103])
    meeting_now = edited.meeting
    assert (meeting_now.start_at, meeting_now.start_set_at, meeting_now.location) == (moved, NOW, "Folkets hus")
    assert (meeting_now.title, meeting_now.duration_minutes, meeting_now.capacity) == ("Träff", 90, 3)


async def test_cancelling_tells_those_who_come_or_might_and_a_second_time_is_refused(db):
    found = await answered(db)
    await answer(db, found, 105, "kan_inte")
    async with db.session() as session:
        cancelled, told = await service.cancel_meeting(
            session=session, meeting_id=found.id, person=WOMAN_ORGANISER, config=CONFIG
        )
    assert cancelled.cancelled and told == [101, 102, 103, 104]
    async with db.session() as session:
        with pytest.raises(UserError) as refused:
            await service.cancel_meeting(session=session, meeting_id=found.id, person=WOMAN_ORGANISER, config=CONFIG)
    assert refused.value.key == "meetings.cancel.already"


# ---------------------------------------------------------------------- who answered, who came


async def test_attendees_are_grouped_by_answer_with_the_waiting_list_in_its_order(db):
    found = await answered(db)
    await answer(db, found, 105, "kommer")  # second on the waiting list
    await answer(db, found, 106, "kan_inte")
    async with db.session() as session:
        listed = await service.attendee_list(
            session=session, meeting_id=found.id, person=WOMAN_ORGANISER, config=CONFIG
        )
    assert listed.named
    assert [(g.key, g.count, g.user_ids) for g in listed.groups] == [
        ("kommer", 2, [101, 102]),
        ("waitlist", 2, [103, 105]),
        ("kanske", 1, [104]),
        ("kan_inte", 1, [106]),
    ]
    assert (listed.attended.key, listed.attended.count, listed.attended.user_ids) == ("attended", 0, [])


async def test_an_organiser_outside_the_audience_gets_counts_and_no_ids(db):
    found = await answered(db)
    async with db.session() as session:
        listed = await service.attendee_list(
            session=session, meeting_id=found.id, person=ORGANISER_PERSON, config=CONFIG
        )
        with pytest.raises(UserError) as refused:
            await service.attendance_sheet(
                session=session, meeting_id=found.id, person=ORGANISER_PERSON, config=CONFIG, now=START
            )
    assert not listed.named
    assert [(g.count, g.user_ids) for g in listed.groups] == [(2, []), (1, []), (1, []), (0, [])]
    assert refused.value.key == "meetings.attendees.audience_only"


async def test_the_attendance_sheet_is_prefilled_with_those_who_had_a_place_then_with_those_recorded(db):
    found = await answered(db)
    async with db.session() as session:
        with pytest.raises(UserError) as refused:
            await service.attendance_sheet(
                session=session, meeting_id=found.id, person=MODERATOR_PERSON, config=CONFIG, now=START - timedelta(1)
            )
        assert refused.value.key == "meetings.attendance.not_yet"
        sheet = await service.attendance_sheet(
            session=session, meeting_id=found.id, person=MODERATOR_PERSON, config=CONFIG, now=START
        )
    assert (sheet.expected, sheet.audience_only) == ([101, 102], "women-nonbinary")

    assert await save(db, found, [104, 101, 104], MODERATOR_PERSON, WOMEN_MEMBERS) == 2
    async with db.session() as session:
        sheet = await service.attendance_sheet(
            session=session, meeting_id=found.id, person=MODERATOR_PERSON, config=CONFIG, now=START
        )
        listed = await service.attendee_list(
            session=session, meeting_id=found.id, person=MODERATOR_PERSON, config=CONFIG
        )
    assert sheet.expected == [104, 101]
    assert (listed.attended.count, listed.attended.user_ids) == (2, [104, 101])


async def test_a_separatist_meetings_attendance_lists_its_audience_only(db):
    found = await answered(db)
    with pytest.raises(UserError) as refused:
        await save(db, found, [101, 999], MODERATOR_PERSON, WOMEN_MEMBERS)
    assert refused.value.key == "meetings.attendance.not_in_audience"
    async with db.session() as session:
        assert await service.attendees(found.id, session=session) == []


async def test_an_open_meetings_attendance_lists_anyone_and_a_cancelled_one_has_no_sheet(db):
    found = await answered(db, "open")
    async with db.session() as session:
        sheet = await service.attendance_sheet(
            session=session, meeting_id=found.id, person=ORGANISER_PERSON, config=CONFIG, now=START
        )
    assert sheet.audience_only is None
    assert await save(db, found, [999], ORGANISER_PERSON, []) == 1
    async with db.session() as session:
        await service.cancel_meeting(session=session, meeting_id=found.id, person=ORGANISER_PERSON, config=CONFIG)
    async with db.session() as session:
        with pytest.raises(UserError) as refused:
            await service.attendance_sheet(
                session=session, meeting_id=found.id, person=ORGANISER_PERSON, config=CONFIG, now=START
            )
    assert refused.value.key == "meetings.rsvp.cancelled"
