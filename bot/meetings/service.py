"""The rules of meetings: who finds which meeting, answers with capacity and a waiting list, changes and
cancellations, attendance and its statistics, and the personal data they hold.

Every function takes the database session keyword-only and plain values; who may see or do what is asked of
`bot.permissions`. Nothing here knows Discord or renders a text: refusals are `UserError`s with catalog keys.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import privacy
from bot.audiences import Audience
from bot.clock import now as clock_now
from bot.errors import NotConfigured, NotFound, UserError
from bot.guilds import GuildConfig
from bot.i18n import Moment
from bot.meetings.models import DEFAULT_DURATION, Answer, Attendance, Meeting, ReminderPreference, Repeat, Rsvp
from bot.meetings.times import MAX_DURATION, parse_deadline, parse_duration, parse_reminders, stored_leads
from bot.permissions import (
    Person,
    can_manage_meeting,
    can_see_attendees,
    can_see_audience,
    can_see_meeting,
    require_audience,
)
from bot.timeparse import to_utc

RSVP_RETENTION = timedelta(days=365)


# ---------------------------------------------------------------------- where and who


def audience_channel_id(config: GuildConfig, audience: Audience | str) -> int | None:
    """The channel a meeting for the audience is announced in (the audience's own, for a separatist one)."""
    return config.channel_id(Audience(audience).channel_purpose)


def announcement_channel_id(config: GuildConfig, audience: Audience | str) -> int:
    """`audience_channel_id`, refused while the server has not set that channel."""
    channel_id = audience_channel_id(config, audience)
    if channel_id is None:
        purpose = Audience(audience).channel_purpose
        raise NotConfigured("error.not_configured", what_key=f"purpose.channel.{purpose}", command="/setup channel")
    return channel_id


def may_see(meeting: Meeting, person: Person, config: GuildConfig) -> bool:
    return can_see_meeting(person, config, meeting.audience, meeting.created_by)


def may_manage(meeting: Meeting, person: Person, config: GuildConfig) -> bool:
    return can_manage_meeting(person, config, meeting.audience, meeting.created_by)


def may_see_attendees(meeting: Meeting, person: Person, config: GuildConfig) -> bool:
    return can_see_attendees(person, config, meeting.audience)


def require_open(meeting: Meeting, *, now: datetime) -> None:
    """A meeting takes answers and changes until it ends, unless it was cancelled."""
    if meeting.cancelled:
        raise UserError("meetings.rsvp.cancelled")
    if meeting.end_at <= now:
        raise UserError("meetings.rsvp.over")


def require_signup_open(meeting: Meeting, *, config: GuildConfig, now: datetime) -> None:
    """After the sign-up deadline no answer is taken, nor changed."""
    if meeting.deadline_at is not None and meeting.signup_closed(now) and not meeting.cancelled:
        raise UserError("meetings.rsvp.closed", when=Moment(meeting.deadline_at, config.timezone))


# ---------------------------------------------------------------------- meetings


async def create_meeting(
    *,
    session: AsyncSession,
    guild_id: int,
    title: str,
    audience: Audience | str,
    start_at: datetime,
    created_by: int,
    duration_minutes: int | None = None,
    location: str | None = None,
    voice_channel_id: int | None = None,
    description: str | None = None,
    repeat: Repeat | str = Repeat.NONE,
    capacity: int | None = None,
    series_id: int | None = None,
    reminder_leads: str | None = None,
    reminder_note: str | None = None,
    deadline_at: datetime | None = None,
) -> Meeting:
    """A new meeting, not yet announced; without a length it lasts `DEFAULT_DURATION` minutes. Its reminders are
    `reminder_leads` as stored (`bot.meetings.times.stored_leads`; None for the default ones)."""
    if capacity is not None and capacity < 1:
        raise UserError("meetings.capacity.invalid")
    if deadline_at is not None and deadline_at >= start_at:
        raise UserError("meetings.deadline.after_start")
    meeting = Meeting(
        guild_id=guild_id,
        title=title.strip()[:100],
        audience=Audience(audience).value,
        start_at=start_at,
        duration_minutes=duration_minutes or DEFAULT_DURATION,
        location=location.strip()[:200] if location else None,
        voice_channel_id=voice_channel_id,
        description=description.strip()[:2000] if description else None,
        repeat=Repeat(repeat).value,
        capacity=capacity,
        series_id=series_id,
        created_by=created_by,
        reminder_leads=reminder_leads,
        reminder_note=reminder_note.strip()[:500] if reminder_note else None,
        deadline_at=deadline_at,
    )
    session.add(meeting)
    await session.flush()
    if meeting.series_id is None and meeting.repeat != Repeat.NONE:
        meeting.series_id = meeting.id
        session.add(meeting)
    return meeting


async def set_posted(
    meeting: Meeting,
    *,
    session: AsyncSession,
    channel_id: int | None = None,
    message_id: int | None = None,
    event_id: int | None = None,
    thread_id: int | None = None,
) -> None:
    """Remember where the meeting was announced, its Discord event and its thread."""
    stored = await session.get(Meeting, meeting.id)
    assert stored is not None
    for target in (meeting, stored):
        target.channel_id = channel_id if channel_id is not None else target.channel_id
        target.message_id = message_id if message_id is not None else target.message_id
        target.event_id = event_id if event_id is not None else target.event_id
        target.thread_id = thread_id if thread_id is not None else target.thread_id
    session.add(stored)


async def delete_meeting(*, session: AsyncSession, meeting_id: int) -> None:
    """Undo a meeting that could not be announced."""
    stored = await session.get(Meeting, meeting_id)
    if stored is not None:
        await session.delete(stored)


async def get_meeting(*, session: AsyncSession, guild_id: int, meeting_id: int) -> Meeting:
    meeting = await session.get(Meeting, meeting_id)
    if meeting is None or meeting.guild_id != guild_id:
        raise NotFound("meetings.not_found")
    return meeting


async def visible_meeting(*, session: AsyncSession, meeting_id: int, person: Person, config: GuildConfig) -> Meeting:
    """The meeting if the person may see it; otherwise as if it did not exist."""
    meeting = await get_meeting(session=session, guild_id=config.guild_id, meeting_id=meeting_id)
    if not may_see(meeting, person, config):
        raise NotFound("meetings.not_found")
    return meeting


async def managed_meeting(*, session: AsyncSession, meeting_id: int, person: Person, config: GuildConfig) -> Meeting:
    meeting = await visible_meeting(session=session, meeting_id=meeting_id, person=person, config=config)
    if not may_manage(meeting, person, config):
        raise NotFound("meetings.not_found")
    return meeting


async def attendee_meeting(*, session: AsyncSession, meeting_id: int, person: Person, config: GuildConfig) -> Meeting:
    """The meeting if the person may see who answered and came; an organiser outside a separatist meeting's
    audience is told they see counts only."""
    meeting = await managed_meeting(session=session, meeting_id=meeting_id, person=person, config=config)
    if not may_see_attendees(meeting, person, config):
        raise UserError("meetings.attendees.audience_only", audience_key=f"meetings.audience.{meeting.audience}")
    return meeting


async def shown_meeting(
    *, session: AsyncSession, meeting_id: int, person: Person, config: GuildConfig
) -> tuple[Meeting, Counts]:
    """A meeting the person may see, with its answer counts."""
    meeting = await visible_meeting(session=session, meeting_id=meeting_id, person=person, config=config)
    return meeting, await counts(meeting.id, session=session)


class Period(StrEnum):
    UPCOMING = "upcoming"
    WEEK = "week"
    MONTH = "month"
    PAST = "past"


async def list_meetings(
    *,
    session: AsyncSession,
    person: Person,
    config: GuildConfig,
    now: datetime,
    audience: Audience | str | None = None,
    period: Period | str = Period.UPCOMING,
    limit: int = 100,
) -> list[tuple[Meeting, Counts]]:
    """The meetings the person may see in the period, soonest first (latest first for the past), with their
    answer counts. Asking for the meetings of an audience one may not see is refused."""
    if audience is not None and not can_see_audience(person, config, audience):
        require_audience(person, config, audience)
    period = Period(period)
    query = select(Meeting).where(Meeting.guild_id == config.guild_id, col(Meeting.cancelled).is_(False))
    if audience is not None:
        query = query.where(Meeting.audience == Audience(audience).value)
    if period is Period.PAST:
        query = query.where(Meeting.start_at < now).order_by(col(Meeting.start_at).desc())
    else:
        # A meeting that has started but not ended is still "coming up" for those heading there.
        query = query.where(Meeting.start_at >= now - timedelta(hours=MAX_DURATION // 60))
        if period is Period.WEEK:
            query = query.where(Meeting.start_at < now + timedelta(days=7))
        elif period is Period.MONTH:
            query = query.where(Meeting.start_at < now + timedelta(days=31))
        query = query.order_by(Meeting.start_at)
    found = [
        m
        for m in (await session.exec(query)).all()
        if may_see(m, person, config) and (period is Period.PAST or m.end_at > now)
    ]
    return [(m, await counts(m.id, session=session)) for m in found[:limit]]


async def search_meetings(
    *,
    session: AsyncSession,
    person: Person,
    config: GuildConfig,
    typed: str,
    now: datetime,
    limit: int = 25,
    rule: Callable[[Meeting, Person, GuildConfig], bool] = may_see,
) -> list[Meeting]:
    """Autocomplete: meetings from the last 60 days and ahead whose title contains `typed`, among those `rule`
    lets the person see (by default every meeting they may see; a command passes its own, stricter rule)."""
    query = (
        select(Meeting)
        .where(Meeting.guild_id == config.guild_id, Meeting.start_at >= now - timedelta(days=60))
        .order_by(Meeting.start_at)
    )
    typed = typed.strip().lower()
    found = [
        m
        for m in (await session.exec(query)).all()
        if rule(m, person, config) and (not typed or typed in m.title.lower() or typed == str(m.id))
    ]
    upcoming = [m for m in found if m.end_at > now]
    past = [m for m in reversed(found) if m.end_at <= now]
    return (upcoming + past)[:limit]


# ---------------------------------------------------------------------- answers


@dataclass(frozen=True, slots=True)
class Counts:
    kommer: int = 0
    kanske: int = 0
    kan_inte: int = 0
    waitlist: int = 0


async def counts(meeting_id: int | None, *, session: AsyncSession) -> Counts:
    rows = (await session.exec(select(Rsvp).where(Rsvp.meeting_id == meeting_id))).all()
    confirmed = [r for r in rows if r.answer == Answer.KOMMER and r.waitlist_position is None]
    return Counts(
        kommer=len(confirmed),
        kanske=sum(r.answer == Answer.KANSKE for r in rows),
        kan_inte=sum(r.answer == Answer.KAN_INTE for r in rows),
        waitlist=sum(r.waitlist_position is not None for r in rows),
    )


async def answers(meeting_id: int | None, *, session: AsyncSession) -> list[Rsvp]:
    query = select(Rsvp).where(Rsvp.meeting_id == meeting_id).order_by(Rsvp.answered_at, Rsvp.id)
    return list((await session.exec(query)).all())


def _has_place(row: Rsvp) -> bool:
    return row.answer == Answer.KOMMER and row.waitlist_position is None


@dataclass(slots=True)
class RsvpResult:
    answer: Answer
    waitlist_position: int | None
    changed: bool
    promoted: list[int] = field(default_factory=list)
    was_reminded: bool = False
    """Whether the answer before this one was one that gets reminders (Kanske, or Kommer with a place)."""

    @property
    def reminded(self) -> bool:
        """Whether this answer gets reminders."""
        return self.answer is Answer.KANSKE or (self.answer is Answer.KOMMER and self.waitlist_position is None)


async def _take_answers(meeting_id: int | None, *, session: AsyncSession) -> Meeting | None:
    """Hold the meeting until this transaction ends, and read it afresh.

    Places and the waiting list are decided by the database, as contact claims are, not by one process: this
    write to the meeting's row is the transaction's first, so PostgreSQL locks the row and SQLite takes its write
    lock. Answers to one meeting are thus taken one after another by every process sharing the database, and
    what is read after it is what the answer before left."""
    await session.exec(
        update(Meeting)
        .where(col(Meeting.id) == meeting_id)
        .values(capacity=Meeting.capacity)
        .execution_options(synchronize_session=False)
    )
    return await session.get(Meeting, meeting_id, populate_existing=True)


async def _promote(meeting: Meeting, *, session: AsyncSession) -> list[int]:
    """Move people up from the waiting list while there are free places; renumber the rest."""
    meeting = await _take_answers(meeting.id, session=session) or meeting
    rows = await answers(meeting.id, session=session)
    confirmed = sum(_has_place(r) for r in rows)
    waiting = sorted((r for r in rows if r.waitlist_position is not None), key=lambda r: (r.waitlist_position, r.id))
    promoted: list[int] = []
    for row in waiting:
        if meeting.capacity is None or confirmed < meeting.capacity:
            row.waitlist_position = None
            confirmed += 1
            promoted.append(row.user_id)
        session.add(row)
    for position, row in enumerate((r for r in waiting if r.waitlist_position is not None), start=1):
        row.waitlist_position = position
    await session.flush()
    return promoted


async def answer(
    meeting: Meeting, user_id: int, given: Answer | str, *, session: AsyncSession, now: datetime
) -> RsvpResult:
    """Record a person's answer. 'Kommer' to a full meeting puts them on the waiting list; a confirmed
    person who changes their answer frees a place for the first on the waiting list. Concurrent answers, from
    this process or another, are taken one at a time (`_take_answers`): a meeting never gets one too many."""
    given = Answer(given)
    current = await _take_answers(meeting.id, session=session)
    if current is None:
        raise NotFound("meetings.not_found")
    meeting = current
    require_open(meeting, now=now)
    row = (await session.exec(select(Rsvp).where(Rsvp.meeting_id == meeting.id, Rsvp.user_id == user_id))).first()
    if row is not None and row.answer == given:
        return RsvpResult(given, row.waitlist_position, changed=False)
    was_confirmed = row is not None and _has_place(row)
    was_reminded = was_confirmed or (row is not None and row.answer == Answer.KANSKE)
    position: int | None = None
    if given is Answer.KOMMER and meeting.capacity is not None:
        taken = await counts(meeting.id, session=session)
        if taken.kommer >= meeting.capacity:
            position = taken.waitlist + 1
    if row is None:
        row = Rsvp(guild_id=meeting.guild_id, meeting_id=meeting.id, user_id=user_id, answer=given)
    row.answer, row.waitlist_position, row.answered_at = given.value, position, now
    session.add(row)
    await session.flush()
    promoted = await _promote(meeting, session=session) if was_confirmed or given is not Answer.KOMMER else []
    await session.refresh(row)
    return RsvpResult(given, row.waitlist_position, changed=True, promoted=promoted, was_reminded=was_reminded)


@dataclass(frozen=True, slots=True)
class Answered:
    meeting: Meeting
    result: RsvpResult
    counts: Counts


async def answer_meeting(
    *,
    session: AsyncSession,
    meeting_id: int,
    person: Person,
    config: GuildConfig,
    given: Answer | str,
    now: datetime,
) -> Answered:
    """A click on an announcement's button: only the audience's own members answer a separatist meeting."""
    meeting = await get_meeting(session=session, guild_id=config.guild_id, meeting_id=meeting_id)
    require_audience(person, config, meeting.audience)
    require_signup_open(meeting, config=config, now=now)
    result = await answer(meeting, person.user_id, given, session=session, now=now)
    return Answered(meeting, result, await counts(meeting.id, session=session))


async def mark_interest(
    *,
    session: AsyncSession,
    event_id: int,
    person: Person,
    config: GuildConfig,
    interested: bool,
    now: datetime,
) -> Answered | None:
    """Interest marked (or unmarked) in a meeting's Discord scheduled event counts as Kanske: marked, someone who
    had not answered, or had answered Kan inte, now answers Kanske; unmarked, a Kanske is withdrawn. Only for an
    open meeting that still takes answers: never for a separatist one, whose answers are its audience's own, given
    on its announcement. None when nothing changed."""
    meeting = (
        await session.exec(select(Meeting).where(Meeting.guild_id == config.guild_id, Meeting.event_id == event_id))
    ).first()
    if meeting is None or meeting.audience_enum.is_separatist or meeting.cancelled:
        return None
    if (
        meeting.end_at <= now
        or meeting.signup_closed(now)
        or not can_see_meeting(person, config, meeting.audience, meeting.created_by)
    ):
        return None
    row = (
        await session.exec(select(Rsvp).where(Rsvp.meeting_id == meeting.id, Rsvp.user_id == person.user_id))
    ).first()
    if interested:
        if row is not None and row.answer != Answer.KAN_INTE:
            return None
        result = await answer(meeting, person.user_id, Answer.KANSKE, session=session, now=now)
    else:
        if row is None or row.answer != Answer.KANSKE:
            return None
        await _take_answers(meeting.id, session=session)
        await session.delete(row)
        await session.flush()
        # Withdrawn: no answer, as Kan inte gets no reminders.
        result = RsvpResult(Answer.KAN_INTE, None, changed=True, was_reminded=True)
    return Answered(meeting, result, await counts(meeting.id, session=session))


async def set_capacity(meeting: Meeting, capacity: int | None, *, session: AsyncSession) -> list[int]:
    """Change the capacity; people move up from the waiting list if places opened."""
    if capacity is not None and capacity < 1:
        raise UserError("meetings.capacity.invalid")
    meeting.capacity = capacity
    session.add(meeting)
    await session.flush()
    return await _promote(meeting, session=session)


async def responders(meeting_id: int | None, *, session: AsyncSession) -> list[int]:
    """Everyone who said they are coming or might come (waiting list included): they hear of changes."""
    return [r.user_id for r in await answers(meeting_id, session=session) if r.answer != Answer.KAN_INTE]


async def set_reminders(*, session: AsyncSession, guild_id: int, user_id: int, enabled: bool) -> None:
    preference = await session.get(ReminderPreference, (guild_id, user_id))
    if preference is None:
        preference = ReminderPreference(guild_id=guild_id, user_id=user_id)
    preference.enabled = enabled
    session.add(preference)


async def wants_reminders(*, session: AsyncSession, guild_id: int, user_id: int) -> bool:
    preference = await session.get(ReminderPreference, (guild_id, user_id))
    return preference is None or preference.enabled


async def reminder_recipients(meeting: Meeting, *, session: AsyncSession) -> list[int]:
    """Those with a place who answered Kommer or Kanske, unless they switched reminders off."""
    rows = await answers(meeting.id, session=session)
    wanted = [r.user_id for r in rows if r.answer == Answer.KANSKE or _has_place(r)]
    if not wanted:
        return []
    off = set(
        (
            await session.exec(
                select(ReminderPreference.user_id).where(
                    ReminderPreference.guild_id == meeting.guild_id,
                    col(ReminderPreference.user_id).in_(wanted),
                    col(ReminderPreference.enabled).is_(False),
                )
            )
        ).all()
    )
    return [user_id for user_id in wanted if user_id not in off]


# ---------------------------------------------------------------------- changes


@dataclass(frozen=True, slots=True)
class Changes:
    """What an organiser changes in a meeting; what is None stays as it is."""

    title: str | None = None
    start_at: datetime | None = None
    duration_minutes: int | None = None
    location: str | None = None
    description: str | None = None
    capacity: int | None = None
    reminder_leads: str | None = None
    """As stored ('' for none); None: as they are."""
    reminder_note: str | None = None
    """'' removes it; None: as it is."""
    deadline: str | None = None
    """As typed, read against the meeting's (new) start by `edit_meeting`; 'inga' removes it."""


CLEARED = ("inga", "ingen", "none", "-")
"""What an organiser types to remove a deadline or a reminder text."""


def read_changes(
    *,
    title: str | None,
    start_at: datetime | None,
    duration: str | None,
    location: str | None,
    description: str | None,
    capacity: int | None,
    reminders: str | None = None,
    reminder_text: str | None = None,
    deadline: str | None = None,
) -> Changes:
    """The changes as given (the length and the reminders as typed); asking to change nothing is refused."""
    given = (title, start_at, duration, location, description, capacity, reminders, reminder_text, deadline)
    if all(v is None for v in given):
        raise UserError("meetings.edit.nothing")
    note = None if reminder_text is None else "" if reminder_text.strip().lower() in CLEARED else reminder_text
    return Changes(
        title=title,
        start_at=start_at,
        duration_minutes=parse_duration(duration) if duration else None,
        location=location,
        description=description,
        capacity=capacity,
        reminder_leads=stored_leads(parse_reminders(reminders)) if reminders is not None else None,
        reminder_note=note,
        deadline=deadline,
    )


@dataclass(frozen=True, slots=True)
class Edited:
    meeting: Meeting
    told: int
    """How many who answered hear of the change (those who moved up included)."""
    changed_for: list[int]
    """Who is told what changed."""
    moved_up: list[int]
    """Who got a place because the capacity grew: they are told that instead."""
    noticed: bool = True
    """Whether members see a change (in the announcement, the thread, their DMs): not so for reminders alone."""


async def edit_meeting(
    changes: Changes,
    *,
    session: AsyncSession,
    meeting_id: int,
    person: Person,
    config: GuildConfig,
    now: datetime,
) -> Edited:
    """Apply an organiser's changes to a meeting still ahead or under way. A new start time (or new reminders)
    counts as set now, so reminders whose time has passed are not sent late. A deadline must come before the
    start, also a start moved before it; what is refused changes nothing."""
    meeting = await managed_meeting(session=session, meeting_id=meeting_id, person=person, config=config)
    require_open(meeting, now=now)
    shown_before = _shown_to_members(meeting)
    start = changes.start_at or meeting.start_at
    deadline = meeting.deadline_at
    if changes.deadline is not None:
        cleared = changes.deadline.strip().lower() in CLEARED
        deadline = None if cleared else parse_deadline(changes.deadline, now=now, zone=config.timezone, start=start)
    if deadline is not None and deadline >= start:
        raise UserError("meetings.deadline.after_start")
    meeting.title = changes.title.strip() if changes.title else meeting.title
    if changes.start_at is not None and changes.start_at != meeting.start_at:
        meeting.start_at, meeting.start_set_at = changes.start_at, now
    if changes.reminder_leads is not None and changes.reminder_leads != meeting.reminder_leads:
        meeting.reminder_leads, meeting.start_set_at = changes.reminder_leads, now
    if changes.reminder_note is not None:
        meeting.reminder_note = changes.reminder_note.strip()[:500] or None
    meeting.deadline_at = deadline
    meeting.duration_minutes = changes.duration_minutes or meeting.duration_minutes
    meeting.location = changes.location.strip() if changes.location else meeting.location
    meeting.description = changes.description.strip() if changes.description else meeting.description
    session.add(meeting)
    moved_up = await set_capacity(meeting, changes.capacity, session=session) if changes.capacity else []
    if _shown_to_members(meeting) == shown_before:  # so the capacity did not change and nobody moved up
        return Edited(meeting, 0, [], [], noticed=False)
    told = await responders(meeting.id, session=session)
    return Edited(meeting, len(told), [u for u in told if u not in moved_up], moved_up)


def _shown_to_members(meeting: Meeting) -> tuple[object, ...]:
    """What the announcement tells members; the reminders and their text are the bot's own schedule, and changing
    them alone is no news to those who answered."""
    return (
        meeting.title,
        meeting.start_at,
        meeting.duration_minutes,
        meeting.location,
        meeting.description,
        meeting.capacity,
        meeting.deadline_at,
    )


async def cancel(meeting: Meeting, *, session: AsyncSession, whole_series: bool = False) -> None:
    if meeting.cancelled and not whole_series:
        raise UserError("meetings.cancel.already")
    meeting.cancelled = True
    if whole_series:
        meeting.repeat = Repeat.NONE.value
    session.add(meeting)


async def cancel_meeting(
    *,
    session: AsyncSession,
    meeting_id: int,
    person: Person,
    config: GuildConfig,
    whole_series: bool = False,
) -> tuple[Meeting, list[int]]:
    """Cancel a meeting (and, asked to, end its series); returns it and who answered, to be told."""
    meeting = await managed_meeting(session=session, meeting_id=meeting_id, person=person, config=config)
    await cancel(meeting, session=session, whole_series=whole_series)
    return meeting, await responders(meeting.id, session=session)


# ---------------------------------------------------------------------- who answered, who came


@dataclass(frozen=True, slots=True)
class AttendeeGroup:
    key: str
    """"kommer", "waitlist", "kanske", "kan_inte" or "attended"."""
    count: int
    user_ids: list[int]
    """In the group's order; empty when the person asking may see counts only."""


@dataclass(frozen=True, slots=True)
class AttendeeList:
    meeting: Meeting
    named: bool
    """Whether the person asking may see who, or only how many."""
    groups: list[AttendeeGroup]
    """Those with a place, the waiting list in its order, Kanske, Kan inte."""
    attended: AttendeeGroup


async def attendee_list(*, session: AsyncSession, meeting_id: int, person: Person, config: GuildConfig) -> AttendeeList:
    """Who answered what and who came, for an organiser of the meeting: by name only to those who may see
    attendees (`bot.permissions.can_see_attendees`), as counts to the others."""
    meeting = await managed_meeting(session=session, meeting_id=meeting_id, person=person, config=config)
    rows = await answers(meeting.id, session=session)
    named = may_see_attendees(meeting, person, config)

    def group(key: str, user_ids: list[int]) -> AttendeeGroup:
        return AttendeeGroup(key, len(user_ids), user_ids if named else [])

    waiting = sorted((r for r in rows if r.waitlist_position), key=lambda r: r.waitlist_position or 0)
    groups = [
        group("kommer", [r.user_id for r in rows if _has_place(r)]),
        group("waitlist", [r.user_id for r in waiting]),
        group("kanske", [r.user_id for r in rows if r.answer == Answer.KANSKE]),
        group("kan_inte", [r.user_id for r in rows if r.answer == Answer.KAN_INTE]),
    ]
    return AttendeeList(meeting, named, groups, group("attended", await attendees(meeting.id, session=session)))


@dataclass(frozen=True, slots=True)
class AttendanceSheet:
    meeting: Meeting
    expected: list[int]
    """Who is pre-filled as attending: those recorded before, or else those who had a place."""
    audience_only: Audience | None
    """For a separatist meeting its audience: only its members may be listed as attending."""


async def attendance_sheet(
    *, session: AsyncSession, meeting_id: int, person: Person, config: GuildConfig, now: datetime
) -> AttendanceSheet:
    """What an organiser who records a meeting's attendance starts from, once the meeting has begun."""
    meeting = await attendee_meeting(session=session, meeting_id=meeting_id, person=person, config=config)
    if meeting.start_at > now:
        raise UserError("meetings.attendance.not_yet")
    if meeting.cancelled:
        raise UserError("meetings.rsvp.cancelled")
    expected = await attendees(meeting.id, session=session) or [
        r.user_id for r in await answers(meeting.id, session=session) if _has_place(r)
    ]
    audience = meeting.audience_enum
    return AttendanceSheet(meeting, expected, audience if audience.is_separatist else None)


async def record_attendance(
    meeting: Meeting, user_ids: list[int], *, session: AsyncSession, recorded_by: int, now: datetime
) -> int:
    """Replace the attendance list of a meeting that has started. Returns how many attended."""
    if meeting.cancelled:
        raise UserError("meetings.rsvp.cancelled")
    if meeting.start_at > now:
        raise UserError("meetings.attendance.not_yet")
    existing = (await session.exec(select(Attendance).where(Attendance.meeting_id == meeting.id))).all()
    for row in existing:
        await session.delete(row)
    await session.flush()
    for user_id in dict.fromkeys(user_ids):
        session.add(
            Attendance(guild_id=meeting.guild_id, meeting_id=meeting.id, user_id=user_id, recorded_by=recorded_by)
        )
    await session.flush()
    return len(dict.fromkeys(user_ids))


async def save_attendance(
    user_ids: list[int],
    *,
    session: AsyncSession,
    meeting_id: int,
    person: Person,
    config: GuildConfig,
    audience_members: Collection[int],
    now: datetime,
) -> tuple[Meeting, int]:
    """Record who attended, asking the rules again (roles may have changed since the sheet was shown): for a
    separatist meeting only `audience_members`, those who hold its role now, may be listed."""
    meeting = await attendee_meeting(session=session, meeting_id=meeting_id, person=person, config=config)
    if meeting.audience_enum.is_separatist and not set(user_ids) <= set(audience_members):
        raise UserError("meetings.attendance.not_in_audience")
    count = await record_attendance(meeting, user_ids, session=session, recorded_by=person.user_id, now=now)
    return meeting, count


async def attendees(meeting_id: int | None, *, session: AsyncSession) -> list[int]:
    query = select(Attendance.user_id).where(Attendance.meeting_id == meeting_id).order_by(Attendance.id)
    return list((await session.exec(query)).all())


@dataclass(frozen=True, slots=True)
class AudienceStats:
    meetings: int = 0
    with_attendance: int = 0
    attendance: int = 0
    people: int = 0


async def stats(
    *, session: AsyncSession, guild_id: int, year: int, zone: ZoneInfo | str, now: datetime
) -> dict[Audience, AudienceStats]:
    """Meetings held (not cancelled, started) in the local calendar year, and recorded attendance."""
    begin, end = (to_utc(datetime.combine(date(y, 1, 1), time()), zone, repeating=True) for y in (year, year + 1))
    held = (
        await session.exec(
            select(Meeting).where(
                Meeting.guild_id == guild_id,
                col(Meeting.cancelled).is_(False),
                Meeting.start_at >= begin,
                Meeting.start_at < min(end, now),
            )
        )
    ).all()
    result: dict[Audience, AudienceStats] = {}
    for audience in Audience:
        ids = [m.id for m in held if m.audience == audience.value]
        rows = (await session.exec(select(Attendance).where(col(Attendance.meeting_id).in_(ids)))).all() if ids else []
        result[audience] = AudienceStats(
            meetings=len(ids),
            with_attendance=len({r.meeting_id for r in rows}),
            attendance=len(rows),
            people=len({r.user_id for r in rows}),
        )
    return result


# ---------------------------------------------------------------------- personal data and retention
# The registry's protocol (`bot.privacy.Exporter`, `Eraser`, `RetentionRule`) calls these with the session first.


async def _named_meetings(meeting_ids: Iterable[int], *, session: AsyncSession) -> dict[int, dict[str, Any]]:
    """The title and start of each meeting, so that a member recognises the ones their rows are about, also
    a meeting they may no longer see: what they answered or attended is theirs to know."""
    meetings = await session.exec(select(Meeting).where(col(Meeting.id).in_(set(meeting_ids))))
    return {m.id: {"title": m.title, "start_at": m.start_at} for m in meetings.all() if m.id is not None}


async def _export_rsvps(*, session: AsyncSession, guild_id: int, user_id: int) -> list[dict[str, Any]]:
    rows = await privacy.rows_naming(session=session, person=Rsvp.user_id, guild_id=guild_id, user_id=user_id)
    named = await _named_meetings((r.meeting_id for r in rows), session=session)
    return [
        {
            "meeting_id": r.meeting_id,
            **named[r.meeting_id],
            "answer": r.answer,
            "waitlist_position": r.waitlist_position,
            "answered_at": r.answered_at,
        }
        for r in rows
    ]


async def _erase_rsvps(*, session: AsyncSession, guild_id: int, user_id: int) -> privacy.Aftermath:
    """Answers to meetings still ahead are withdrawn (the waiting list moves up, and their announcements are to
    show the new counts); answers to meetings that are over stay counted under an anonymous stand-in."""
    now, stand_in, aftermath = clock_now(), privacy.anonymous_id(), privacy.Aftermath()
    rows = await session.exec(
        select(Rsvp, Meeting)
        .join(Meeting, col(Meeting.id) == col(Rsvp.meeting_id))
        .where(Rsvp.guild_id == guild_id, Rsvp.user_id == user_id)
    )
    for row, meeting in rows.all():
        if meeting.thread_id is not None:  # its member list shows who answered
            aftermath.leave("meeting", meeting.id, user_id)
        if meeting.cancelled or meeting.end_at <= now:
            row.user_id = stand_in
            session.add(row)
        else:
            await _take_answers(meeting.id, session=session)  # the meeting first, as every answer takes it
            await session.delete(row)
            await session.flush()
            aftermath.change("meeting", meeting.id, await _promote(meeting, session=session))
    return aftermath


async def _export_attendance(*, session: AsyncSession, guild_id: int, user_id: int) -> dict[str, list[dict]]:
    attended = await privacy.rows_naming(session=session, person=Attendance.user_id, guild_id=guild_id, user_id=user_id)
    recorded = await session.exec(
        select(Attendance.meeting_id, func.max(Attendance.recorded_at))
        .where(Attendance.guild_id == guild_id, Attendance.recorded_by == user_id)
        .group_by(col(Attendance.meeting_id))
        .order_by(col(Attendance.meeting_id))
    )
    recorded_rows = recorded.all()
    named = await _named_meetings([a.meeting_id for a in attended] + [m for m, _ in recorded_rows], session=session)
    return {
        "attended": [
            {"meeting_id": a.meeting_id, **named[a.meeting_id], "recorded_at": a.recorded_at} for a in attended
        ],
        "recorded_by_you": [{"meeting_id": m, **named[m], "recorded_at": at} for m, at in recorded_rows],
    }


async def _erase_attendance(*, session: AsyncSession, guild_id: int, user_id: int) -> None:
    """Attendance totals (and the number of different people) stay the same without the person."""
    stand_in = privacy.anonymous_id()
    await privacy.replace_person(
        session=session, person=Attendance.user_id, guild_id=guild_id, user_id=user_id, by=stand_in
    )
    await privacy.replace_person(
        session=session, person=Attendance.recorded_by, guild_id=guild_id, user_id=user_id, by=0
    )


async def _export_reminders(*, session: AsyncSession, guild_id: int, user_id: int) -> list[dict[str, Any]]:
    preference = await session.get(ReminderPreference, (guild_id, user_id))
    return [] if preference is None else [{"reminders": preference.enabled}]


async def _erase_reminders(*, session: AsyncSession, guild_id: int, user_id: int) -> None:
    await session.exec(
        delete(ReminderPreference).where(ReminderPreference.guild_id == guild_id, ReminderPreference.user_id == user_id)
    )


async def _export_created(*, session: AsyncSession, guild_id: int, user_id: int) -> list[dict[str, Any]]:
    rows = await privacy.rows_naming(session=session, person=Meeting.created_by, guild_id=guild_id, user_id=user_id)
    return [
        {
            "meeting_id": m.id,
            "title": m.title,
            "start_at": m.start_at,
            "created_at": m.created_at,
        }
        for m in rows
    ]


async def _erase_created(*, session: AsyncSession, guild_id: int, user_id: int) -> None:
    """The meeting stays; who scheduled it is forgotten (organisers still manage it)."""
    await privacy.replace_person(session=session, person=Meeting.created_by, guild_id=guild_id, user_id=user_id, by=0)


def _over_a_year_ago(now: datetime):
    return select(Meeting.id).where(Meeting.start_at < now - RSVP_RETENTION)


async def _expire_rsvps(*, session: AsyncSession, now: datetime) -> int:
    """Answers are deleted a year after the meeting."""
    result = await session.exec(delete(Rsvp).where(col(Rsvp.meeting_id).in_(_over_a_year_ago(now))))
    return result.rowcount or 0


async def _expire_attendance(*, session: AsyncSession, now: datetime) -> int:
    """A year after the meeting, who attended is forgotten; the attendance still counts in statistics."""
    rows = (
        await session.exec(
            select(Attendance).where(
                col(Attendance.meeting_id).in_(_over_a_year_ago(now)),
                (col(Attendance.user_id) > 0) | (col(Attendance.recorded_by) > 0),
            )
        )
    ).all()
    stand_ins: dict[tuple[int, int], int] = {}
    for row in rows:
        if row.user_id > 0:
            row.user_id = stand_ins.setdefault((row.guild_id, row.user_id), privacy.anonymous_id())
        row.recorded_by = 0
        session.add(row)
    return len(rows)


privacy.register(privacy.PersonalData("meeting_rsvps", _export_rsvps, _erase_rsvps))
privacy.register(privacy.PersonalData("meeting_attendance", _export_attendance, _erase_attendance))
privacy.register(privacy.PersonalData("meeting_reminders", _export_reminders, _erase_reminders))
privacy.register(privacy.PersonalData("meetings_created", _export_created, _erase_created))
privacy.register_retention(privacy.Retention("meeting_rsvps", "a year after the meeting", _expire_rsvps))
privacy.register_retention(
    privacy.Retention("meeting_attendance", "a year after the meeting, then anonymised", _expire_attendance)
)
