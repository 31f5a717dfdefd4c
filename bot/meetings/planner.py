"""What the occurrence ledger plans for meetings: the reminders before each one, and the next meeting of a series.

The planners follow the ledger's protocol (`bot.ledger.Planner`); the cog registers them with their handlers."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import leadtimes
from bot.ledger import Occurrence, Planned, Status, in_scope
from bot.meetings.models import Meeting, Repeat
from bot.meetings.service import create_meeting
from bot.meetings.times import next_start, read_leads

REMINDER_KIND = "meeting.reminder"
NEXT_KIND = "meeting.next"
DEADLINE_KIND = "meeting.deadline"
ARCHIVE_KIND = "meeting.archive"
KINDS = (REMINDER_KIND, NEXT_KIND, DEADLINE_KIND, ARCHIVE_KIND)
"""The ledger kinds planned for a meeting."""
REMINDERS = leadtimes.hours(24, 1)
"""How long before a meeting its reminders go out, unless its organiser chose other times."""
NEXT_GRACE = timedelta(days=30)
ARCHIVE_DELAY = timedelta(days=1)
"""How long after a meeting ends its thread is archived."""
ARCHIVE_GRACE = timedelta(days=30)
"""How long a bot that was down still archives a thread when it is back."""
MINUTE = timedelta(minutes=1)


def reminder_name(lead: timedelta) -> str:
    """'24h' (or '90m' for a lead that is no whole number of hours): a reminder's name in its occurrence key and
    in its text's catalog key."""
    if lead % leadtimes.HOUR:
        return f"{lead // MINUTE}m"
    return f"{lead // leadtimes.HOUR}h"


def reminder_lead(name: str) -> timedelta:
    """'24h' -> 24 hours, '90m' -> 90 minutes."""
    if name.endswith("m"):
        return MINUTE * int(name.removesuffix("m"))
    return leadtimes.HOUR * int(name.removesuffix("h"))


def meeting_reminders(meeting: Meeting) -> leadtimes.LeadTimes:
    """The lead times of the meeting's reminders, longest first: its organiser's, or `REMINDERS`."""
    return REMINDERS if meeting.reminder_leads is None else read_leads(meeting.reminder_leads)


async def plan_reminders(
    *, session: AsyncSession, now: datetime, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    """The reminders before each meeting that is not cancelled (its organiser's lead times, by default 24 h and
    1 h). A reminder whose time had already passed when the meeting was scheduled (or moved, or its reminders
    changed) is not sent; each stays deliverable until the next one (or the start). The key carries the start
    time so that moving a meeting plans fresh reminders."""
    query = select(Meeting).where(col(Meeting.cancelled).is_(False), Meeting.start_at > now)
    query = in_scope(query, Meeting, guild_id=guild_id, object_id=object_id)
    planned: list[Planned] = []
    for meeting in (await session.exec(query)).all():
        stamp = int(meeting.start_at.timestamp())
        leads = meeting_reminders(meeting)
        for index, before in enumerate(leads):
            due = meeting.start_at - before
            if due < meeting.start_set_at:
                continue
            following = leads[index + 1] if index + 1 < len(leads) else timedelta(0)
            planned.append(
                Planned(
                    guild_id=meeting.guild_id,
                    object_id=str(meeting.id),
                    key=f"{reminder_name(before)}:{stamp}",
                    due_at=due,
                    expires_at=meeting.start_at - following,
                )
            )
    return planned


async def plan_deadlines(
    *, session: AsyncSession, now: datetime, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    """At a meeting's sign-up deadline its announcement is shown closed; until the meeting ends (a bot that was
    down then closes it when it is back). The key carries the deadline, so that a new one is planned anew."""
    query = select(Meeting).where(
        col(Meeting.cancelled).is_(False), col(Meeting.deadline_at).is_not(None), col(Meeting.message_id).is_not(None)
    )
    query = in_scope(query, Meeting, guild_id=guild_id, object_id=object_id)
    return [
        Planned(
            guild_id=m.guild_id,
            object_id=str(m.id),
            key=f"close:{int(m.deadline_at.timestamp())}",
            due_at=m.deadline_at,
            expires_at=m.end_at,
        )
        for m in (await session.exec(query)).all()
        if m.deadline_at is not None and m.end_at > now
    ]


async def plan_archiving(
    *, session: AsyncSession, now: datetime, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    """A day after a meeting with a thread ends (or would have, if it was cancelled) its thread is archived; a bot
    that was down then archives it when it is back. The key carries the end, so that a moved meeting's thread is
    archived a day after its new end."""
    query = select(Meeting).where(col(Meeting.thread_id).is_not(None))
    query = in_scope(query, Meeting, guild_id=guild_id, object_id=object_id)
    return [
        Planned(
            guild_id=m.guild_id,
            object_id=str(m.id),
            key=f"archive:{int(m.end_at.timestamp())}",
            due_at=m.end_at + ARCHIVE_DELAY,
            expires_at=m.end_at + ARCHIVE_DELAY + ARCHIVE_GRACE,
        )
        for m in (await session.exec(query)).all()
        if m.end_at + ARCHIVE_DELAY + ARCHIVE_GRACE > now
    ]


async def sent_reminder(meeting: Meeting, *, session: AsyncSession) -> str | None:
    """The name of the latest reminder already sent for the meeting's current start ('24h'), None if none was:
    what someone who answers after it gets at once."""
    if meeting.cancelled:
        return None
    suffix = f":{int(meeting.start_at.timestamp())}"
    rows = await session.exec(
        select(Occurrence)
        .where(
            Occurrence.guild_id == meeting.guild_id,
            Occurrence.kind == REMINDER_KIND,
            Occurrence.object_id == str(meeting.id),
            col(Occurrence.status).in_((Status.POSTED, Status.SENDING, Status.INTERRUPTED)),
        )
        .order_by(col(Occurrence.due_at).desc())
    )
    for row in rows.all():
        if row.occurrence_key.endswith(suffix):
            return row.occurrence_key.split(":", 1)[0]
    return None


async def plan_next_occurrences(
    *, session: AsyncSession, now: datetime, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    """A recurring meeting brings its next occurrence into being when it starts."""
    query = select(Meeting).where(Meeting.repeat != Repeat.NONE.value, Meeting.start_at > now - NEXT_GRACE)
    query = in_scope(query, Meeting, guild_id=guild_id, object_id=object_id)
    return [
        Planned(
            guild_id=m.guild_id,
            object_id=str(m.id),
            key=f"next:{int(m.start_at.timestamp())}",
            due_at=m.start_at,
            expires_at=m.start_at + NEXT_GRACE,
        )
        for m in (await session.exec(query)).all()
    ]


async def create_next_occurrence(
    meeting: Meeting, *, session: AsyncSession, zone: ZoneInfo | str, now: datetime
) -> Meeting | None:
    """The series' next meeting after this one (skipping past dates), to be announced; None when it was already
    announced or the series ended. A next meeting made earlier but not yet announced (its announcement's answer
    was lost) is returned again rather than made twice."""
    if meeting.repeat == Repeat.NONE.value:
        return None
    start = next_start(meeting.start_at, meeting.repeat, zone)
    while start is not None and start <= now:
        start = next_start(start, meeting.repeat, zone)
    assert start is not None
    series_id = meeting.series_id or meeting.id
    existing = (
        await session.exec(
            select(Meeting)
            .where(Meeting.series_id == series_id, Meeting.start_at >= start)
            .order_by(Meeting.start_at, Meeting.id)
        )
    ).first()
    if existing is not None:
        return existing if existing.message_id is None and not existing.cancelled else None
    return await create_meeting(
        session=session,
        guild_id=meeting.guild_id,
        title=meeting.title,
        audience=meeting.audience,
        start_at=start,
        created_by=meeting.created_by,
        duration_minutes=meeting.duration_minutes,
        location=meeting.location,
        voice_channel_id=meeting.voice_channel_id,
        description=meeting.description,
        repeat=meeting.repeat,
        capacity=meeting.capacity,
        series_id=series_id,
        reminder_leads=meeting.reminder_leads,
        reminder_note=meeting.reminder_note,
        deadline_at=start - (meeting.start_at - meeting.deadline_at) if meeting.deadline_at is not None else None,
    )
