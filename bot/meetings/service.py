"""Meetings for women and non-binary members, men's meetings and open meetings; the separatist networks.

Rules live here: parsing times and durations, recurrence, RSVPs with capacity and a waiting list,
reminders (planned through the ledger), attendance statistics, calendar files, network join requests.
Nothing about a person's gender is stored: only Discord role membership decides who takes part.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import BigInteger, UniqueConstraint, delete, func, update
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import leadtimes, privacy
from bot.clock import now as clock_now
from bot.db import UTCDateTime, guild_field
from bot.errors import NotFound, UserError
from bot.guilds import GuildConfig
from bot.ledger import Planned
from bot.permissions import (
    Audience,
    Person,
    can_manage_meeting,
    can_see_attendees,
    can_see_audience,
    can_see_meeting,
)
from bot.timeparse import Refusals, echo, nth_weekday, parse_moment, to_local, to_utc, weekday_position

REMINDER_KIND = "meeting.reminder"
NEXT_KIND = "meeting.next"
KINDS = (REMINDER_KIND, NEXT_KIND)
"""The ledger kinds planned for a meeting."""
DEFAULT_DURATION = 90
MAX_DURATION = 24 * 60
MAX_AHEAD = timedelta(days=2 * 366)
REMINDERS = leadtimes.hours(24, 1)
"""How long before a meeting its reminders go out."""
NEXT_GRACE = timedelta(days=30)


class Repeat(StrEnum):
    NONE = "none"
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class Answer(StrEnum):
    KOMMER = "kommer"
    KANSKE = "kanske"
    KAN_INTE = "kan_inte"


class JoinMode(StrEnum):
    OPEN = "open"
    APPROVAL = "approval"


class RequestStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


# ---------------------------------------------------------------------- tables


class Meeting(SQLModel, table=True):
    __tablename__ = "meeting"

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    title: str = Field(max_length=100)
    audience: str = Field(max_length=20, index=True)
    start_at: datetime = Field(sa_type=UTCDateTime, index=True)
    duration_minutes: int = DEFAULT_DURATION
    location: str | None = Field(default=None, max_length=200)
    voice_channel_id: int | None = Field(default=None, sa_type=BigInteger)
    description: str | None = Field(default=None, max_length=2000)
    repeat: str = Field(default=Repeat.NONE, max_length=10)
    series_id: int | None = Field(default=None, index=True)
    capacity: int | None = None
    cancelled: bool = False
    channel_id: int | None = Field(default=None, sa_type=BigInteger)
    message_id: int | None = Field(default=None, sa_type=BigInteger)
    event_id: int | None = Field(default=None, sa_type=BigInteger)
    created_by: int = Field(sa_type=BigInteger)
    created_at: datetime = Field(default_factory=clock_now, sa_type=UTCDateTime)
    # When the current start time was set: reminders whose time had already passed then are not sent.
    start_set_at: datetime = Field(default_factory=clock_now, sa_type=UTCDateTime)

    @property
    def end_at(self) -> datetime:
        return self.start_at + timedelta(minutes=self.duration_minutes)

    @property
    def audience_enum(self) -> Audience:
        return Audience(self.audience)


class Rsvp(SQLModel, table=True):
    __tablename__ = "meeting_rsvp"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id", name="uq_meeting_rsvp"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    user_id: int = Field(sa_type=BigInteger)
    answer: str = Field(max_length=10)
    waitlist_position: int | None = None
    answered_at: datetime = Field(default_factory=clock_now, sa_type=UTCDateTime)


class Attendance(SQLModel, table=True):
    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id", name="uq_meeting_attendance"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    meeting_id: int = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    user_id: int = Field(sa_type=BigInteger)
    recorded_by: int = Field(sa_type=BigInteger)
    recorded_at: datetime = Field(default_factory=clock_now, sa_type=UTCDateTime)


class ReminderPreference(SQLModel, table=True):
    __tablename__ = "meeting_reminder_preference"

    guild_id: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    user_id: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    enabled: bool = True


class NetworkSettings(SQLModel, table=True):
    __tablename__ = "network_settings"

    guild_id: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    join_mode: str = Field(default=JoinMode.OPEN, max_length=10)


class JoinRequest(SQLModel, table=True):
    __tablename__ = "network_join_request"

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    user_id: int = Field(sa_type=BigInteger, index=True)
    audience: str = Field(max_length=20)
    status: str = Field(default=RequestStatus.PENDING, max_length=10)
    requested_at: datetime = Field(default_factory=clock_now, sa_type=UTCDateTime)
    decided_by: int | None = Field(default=None, sa_type=BigInteger)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    channel_id: int | None = Field(default=None, sa_type=BigInteger)
    message_id: int | None = Field(default=None, sa_type=BigInteger)


# ---------------------------------------------------------------------- parsing times

START = Refusals(
    "meetings.time.unknown",
    no_clock="meetings.time.no_time",
    bad_clock="meetings.time.invalid_clock",
    no_such_day="meetings.time.invalid_date",
    no_such_month="meetings.time.invalid_date",
)


def parse_start(text: str, *, now: datetime, zone: ZoneInfo | str) -> datetime:
    """'2023-03-08 18:00', '8 mars 18:00', '8/3 18.00', 'onsdag 18:00', 'i morgon kl 18' as aware UTC.

    Every moment of `bot.timeparse`, local to the server's zone, under its one policy (years, clock changes):
    without a year the next such date is meant; a weekday means the next such day (today if the time is
    still ahead). Past times, and times more than two years ahead, raise `UserError`.
    """
    start = parse_moment(text, START, now=now, zone=zone)
    if start <= now:
        raise UserError("meetings.time.past", text=echo(text))
    if start - now > MAX_AHEAD:
        raise UserError("meetings.time.too_far", text=echo(text))
    return start


_HOUR_WORDS = r"(?:h|t|tim|timme|timmar|hour|hours|hr|hrs)"
_MINUTE_WORDS = r"(?:m|min|mins|minut|minuter|minute|minutes)"
_DURATION_FORMS = (
    (re.compile(r"^(?P<minutes>\d{1,4})$"), "m"),
    (re.compile(rf"^(?P<minutes>\d{{1,4}}){_MINUTE_WORDS}$"), "m"),
    (re.compile(rf"^(?P<hours>\d{{1,2}}(?:\.\d{{1,2}})?){_HOUR_WORDS}$"), "h"),
    (re.compile(rf"^(?P<hours>\d{{1,2}}){_HOUR_WORDS}(?:och)?(?P<minutes>\d{{1,2}}){_MINUTE_WORDS}?$"), "hm"),
    (re.compile(r"^(?P<hours>\d{1,2}):(?P<minutes>\d{2})$"), "hm"),
)


def parse_duration(text: str) -> int:
    """Minutes from '90', '45 min', '1h30', '1 h 30 min', '1,5 h', '2 timmar', '1:30'."""
    original = text.strip()[:40]
    cleaned = re.sub(r"\s+", "", text.strip().lower().replace(",", "."))
    for pattern, form in _DURATION_FORMS:
        match = pattern.match(cleaned)
        if match is None:
            continue
        if form == "m":
            minutes = int(match["minutes"])
        elif form == "h":
            minutes = round(float(match["hours"]) * 60)
        else:
            if int(match["minutes"]) > 59:
                break
            minutes = int(match["hours"]) * 60 + int(match["minutes"])
        if not 1 <= minutes <= MAX_DURATION:
            raise UserError("meetings.duration.range", text=original, max_hours=MAX_DURATION // 60)
        return minutes
    raise UserError("meetings.duration.unknown", text=original)


# ---------------------------------------------------------------------- recurrence


def next_start(start: datetime, repeat: Repeat | str, zone: ZoneInfo | str) -> datetime | None:
    """The next occurrence at the same local wall-clock time; monthly keeps the weekday position."""
    repeat = Repeat(repeat)
    if repeat is Repeat.NONE:
        return None
    local = to_local(start, zone).replace(tzinfo=None)
    if repeat is Repeat.WEEKLY:
        naive = local + timedelta(days=7)
    elif repeat is Repeat.BIWEEKLY:
        naive = local + timedelta(days=14)
    else:
        year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
        day = nth_weekday(year, month, local.weekday(), weekday_position(local.date()))
        naive = datetime.combine(day, local.time())
    return to_utc(naive, zone, repeating=True)


# ---------------------------------------------------------------------- meetings


def audience_channel_id(config: GuildConfig, audience: Audience | str) -> int | None:
    return config.channel_id(Audience(audience).channel_purpose)


def may_see(meeting: Meeting, person: Person, config: GuildConfig) -> bool:
    return can_see_meeting(person, config, meeting.audience, meeting.created_by)


def may_manage(meeting: Meeting, person: Person, config: GuildConfig) -> bool:
    return can_manage_meeting(person, config, meeting.audience, meeting.created_by)


def may_see_attendees(meeting: Meeting, person: Person, config: GuildConfig) -> bool:
    return can_see_attendees(person, config, meeting.audience)


def visible_audiences(person: Person, config: GuildConfig) -> list[Audience]:
    return [a for a in Audience if can_see_audience(person, config, a)]


async def create_meeting(
    session: AsyncSession,
    *,
    guild_id: int,
    title: str,
    audience: Audience | str,
    start_at: datetime,
    created_by: int,
    duration_minutes: int = DEFAULT_DURATION,
    location: str | None = None,
    voice_channel_id: int | None = None,
    description: str | None = None,
    repeat: Repeat | str = Repeat.NONE,
    capacity: int | None = None,
    series_id: int | None = None,
) -> Meeting:
    if capacity is not None and capacity < 1:
        raise UserError("meetings.capacity.invalid")
    meeting = Meeting(
        guild_id=guild_id,
        title=title.strip()[:100],
        audience=Audience(audience).value,
        start_at=start_at,
        duration_minutes=duration_minutes,
        location=location.strip()[:200] if location else None,
        voice_channel_id=voice_channel_id,
        description=description.strip()[:2000] if description else None,
        repeat=Repeat(repeat).value,
        capacity=capacity,
        series_id=series_id,
        created_by=created_by,
    )
    session.add(meeting)
    await session.flush()
    if meeting.series_id is None and meeting.repeat != Repeat.NONE:
        meeting.series_id = meeting.id
        session.add(meeting)
    return meeting


async def set_posted(
    session: AsyncSession,
    meeting: Meeting,
    *,
    channel_id: int | None = None,
    message_id: int | None = None,
    event_id: int | None = None,
) -> None:
    """Remember where the meeting was announced and its Discord event."""
    stored = await session.get(Meeting, meeting.id)
    assert stored is not None
    for target in (meeting, stored):
        target.channel_id = channel_id if channel_id is not None else target.channel_id
        target.message_id = message_id if message_id is not None else target.message_id
        target.event_id = event_id if event_id is not None else target.event_id
    session.add(stored)


async def delete_meeting(session: AsyncSession, meeting_id: int) -> None:
    """Undo a meeting that could not be announced."""
    stored = await session.get(Meeting, meeting_id)
    if stored is not None:
        await session.delete(stored)


async def get_meeting(session: AsyncSession, guild_id: int, meeting_id: int) -> Meeting:
    meeting = await session.get(Meeting, meeting_id)
    if meeting is None or meeting.guild_id != guild_id:
        raise NotFound("meetings.not_found")
    return meeting


async def visible_meeting(
    session: AsyncSession, guild_id: int, meeting_id: int, person: Person, config: GuildConfig
) -> Meeting:
    """The meeting if the person may see it; otherwise as if it did not exist."""
    meeting = await get_meeting(session, guild_id, meeting_id)
    if not may_see(meeting, person, config):
        raise NotFound("meetings.not_found")
    return meeting


async def managed_meeting(
    session: AsyncSession, guild_id: int, meeting_id: int, person: Person, config: GuildConfig
) -> Meeting:
    meeting = await visible_meeting(session, guild_id, meeting_id, person, config)
    if not may_manage(meeting, person, config):
        raise NotFound("meetings.not_found")
    return meeting


async def attendee_meeting(
    session: AsyncSession, guild_id: int, meeting_id: int, person: Person, config: GuildConfig
) -> Meeting:
    """The meeting if the person may see who answered and came; an organiser outside a separatist meeting's
    audience is told they see counts only."""
    meeting = await managed_meeting(session, guild_id, meeting_id, person, config)
    if not may_see_attendees(meeting, person, config):
        raise UserError("meetings.attendees.audience_only", audience_key=f"meetings.audience.{meeting.audience}")
    return meeting


class Period(StrEnum):
    UPCOMING = "upcoming"
    WEEK = "week"
    MONTH = "month"
    PAST = "past"


async def list_meetings(
    session: AsyncSession,
    guild_id: int,
    person: Person,
    config: GuildConfig,
    *,
    now: datetime,
    audience: Audience | str | None = None,
    period: Period | str = Period.UPCOMING,
    limit: int = 100,
) -> list[Meeting]:
    """The meetings the person may see in the period, soonest first (latest first for the past)."""
    period = Period(period)
    query = select(Meeting).where(Meeting.guild_id == guild_id, col(Meeting.cancelled).is_(False))
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
    return found[:limit]


async def search_meetings(
    session: AsyncSession,
    guild_id: int,
    person: Person,
    config: GuildConfig,
    typed: str,
    *,
    now: datetime,
    limit: int = 25,
    rule: Callable[[Meeting, Person, GuildConfig], bool] = may_see,
) -> list[Meeting]:
    """Autocomplete: meetings from the last 60 days and ahead whose title contains `typed`, among those `rule`
    lets the person see (by default every meeting they may see; a command passes its own, stricter rule)."""
    query = (
        select(Meeting)
        .where(Meeting.guild_id == guild_id, Meeting.start_at >= now - timedelta(days=60))
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


@dataclass(frozen=True, slots=True)
class Counts:
    kommer: int = 0
    kanske: int = 0
    kan_inte: int = 0
    waitlist: int = 0


async def counts(session: AsyncSession, meeting_id: int) -> Counts:
    rows = (await session.exec(select(Rsvp).where(Rsvp.meeting_id == meeting_id))).all()
    confirmed = [r for r in rows if r.answer == Answer.KOMMER and r.waitlist_position is None]
    return Counts(
        kommer=len(confirmed),
        kanske=sum(r.answer == Answer.KANSKE for r in rows),
        kan_inte=sum(r.answer == Answer.KAN_INTE for r in rows),
        waitlist=sum(r.waitlist_position is not None for r in rows),
    )


async def answers(session: AsyncSession, meeting_id: int) -> list[Rsvp]:
    query = select(Rsvp).where(Rsvp.meeting_id == meeting_id).order_by(Rsvp.answered_at, Rsvp.id)
    return list((await session.exec(query)).all())


@dataclass(slots=True)
class RsvpResult:
    answer: Answer
    waitlist_position: int | None
    changed: bool
    promoted: list[int] = field(default_factory=list)


async def _take_answers(session: AsyncSession, meeting_id: int | None) -> Meeting | None:
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


async def _promote(session: AsyncSession, meeting: Meeting) -> list[int]:
    """Move people up from the waiting list while there are free places; renumber the rest."""
    meeting = await _take_answers(session, meeting.id) or meeting
    rows = await answers(session, meeting.id)
    confirmed = sum(r.answer == Answer.KOMMER and r.waitlist_position is None for r in rows)
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
    session: AsyncSession, meeting: Meeting, user_id: int, given: Answer | str, *, now: datetime
) -> RsvpResult:
    """Record a person's answer. 'Kommer' to a full meeting puts them on the waiting list; a confirmed
    person who changes their answer frees a place for the first on the waiting list. Concurrent answers, from
    this process or another, are taken one at a time (`_take_answers`): a meeting never gets one too many."""
    given = Answer(given)
    current = await _take_answers(session, meeting.id)
    if current is None:
        raise NotFound("meetings.not_found")
    meeting = current
    if meeting.cancelled:
        raise UserError("meetings.rsvp.cancelled")
    if meeting.end_at <= now:
        raise UserError("meetings.rsvp.over")
    row = (await session.exec(select(Rsvp).where(Rsvp.meeting_id == meeting.id, Rsvp.user_id == user_id))).first()
    if row is not None and row.answer == given:
        return RsvpResult(given, row.waitlist_position, changed=False)
    was_confirmed = row is not None and row.answer == Answer.KOMMER and row.waitlist_position is None
    position: int | None = None
    if given is Answer.KOMMER and meeting.capacity is not None:
        taken = await counts(session, meeting.id)
        if taken.kommer >= meeting.capacity:
            position = taken.waitlist + 1
    if row is None:
        row = Rsvp(guild_id=meeting.guild_id, meeting_id=meeting.id, user_id=user_id, answer=given)
    row.answer, row.waitlist_position, row.answered_at = given.value, position, now
    session.add(row)
    await session.flush()
    promoted = await _promote(session, meeting) if was_confirmed or given is not Answer.KOMMER else []
    await session.refresh(row)
    return RsvpResult(given, row.waitlist_position, changed=True, promoted=promoted)


async def set_capacity(session: AsyncSession, meeting: Meeting, capacity: int | None) -> list[int]:
    """Change the capacity; people move up from the waiting list if places opened."""
    if capacity is not None and capacity < 1:
        raise UserError("meetings.capacity.invalid")
    meeting.capacity = capacity
    session.add(meeting)
    await session.flush()
    return await _promote(session, meeting)


async def responders(session: AsyncSession, meeting_id: int) -> list[int]:
    """Everyone who said they are coming or might come (waiting list included): they hear of changes."""
    return [r.user_id for r in await answers(session, meeting_id) if r.answer != Answer.KAN_INTE]


async def reminders_enabled(session: AsyncSession, guild_id: int, user_id: int) -> bool:
    preference = await session.get(ReminderPreference, (guild_id, user_id))
    return preference is None or preference.enabled


async def set_reminders(session: AsyncSession, guild_id: int, user_id: int, enabled: bool) -> None:
    preference = await session.get(ReminderPreference, (guild_id, user_id))
    if preference is None:
        preference = ReminderPreference(guild_id=guild_id, user_id=user_id)
    preference.enabled = enabled
    session.add(preference)


async def reminder_recipients(session: AsyncSession, meeting: Meeting) -> list[int]:
    """Those with a place who answered Kommer or Kanske, unless they switched reminders off."""
    rows = await answers(session, meeting.id)
    wanted = [
        r.user_id
        for r in rows
        if r.answer == Answer.KANSKE or (r.answer == Answer.KOMMER and r.waitlist_position is None)
    ]
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


async def cancel(session: AsyncSession, meeting: Meeting, *, whole_series: bool = False) -> None:
    if meeting.cancelled and not whole_series:
        raise UserError("meetings.cancel.already")
    meeting.cancelled = True
    if whole_series:
        meeting.repeat = Repeat.NONE.value
    session.add(meeting)


async def record_attendance(
    session: AsyncSession, meeting: Meeting, user_ids: list[int], *, recorded_by: int, now: datetime
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


async def attendees(session: AsyncSession, meeting_id: int) -> list[int]:
    query = select(Attendance.user_id).where(Attendance.meeting_id == meeting_id).order_by(Attendance.id)
    return list((await session.exec(query)).all())


@dataclass(frozen=True, slots=True)
class AudienceStats:
    meetings: int = 0
    with_attendance: int = 0
    attendance: int = 0
    people: int = 0


async def stats(
    session: AsyncSession, guild_id: int, year: int, *, zone: ZoneInfo | str, now: datetime
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


# ---------------------------------------------------------------------- calendar file


def ics(
    meeting: Meeting, *, zone: ZoneInfo | str, now: datetime, location: str | None = None, domain: str = "rodbot"
) -> bytes:
    """An iCalendar file with the meeting in the server's local time (DTSTART;TZID=...)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//rödbot//meetings//SV")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.id}-{meeting.guild_id}@{domain}")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", to_local(meeting.start_at, zone))
    event.add("dtend", to_local(meeting.end_at, zone))
    event.add("summary", meeting.title)
    place = location or meeting.location
    if place:
        event.add("location", place)
    if meeting.description:
        event.add("description", meeting.description)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


# ---------------------------------------------------------------------- ledger planners


def reminder_name(lead: timedelta) -> str:
    """'24h': a reminder's name in its occurrence key and in its text's catalog key."""
    return f"{lead // leadtimes.HOUR}h"


def reminder_lead(name: str) -> timedelta:
    """'24h' -> 24 hours."""
    return leadtimes.HOUR * int(name.removesuffix("h"))


async def plan_reminders(
    session: AsyncSession, now: datetime, *, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    """Reminders 24 h and 1 h before each meeting that is not cancelled. A reminder whose time had already
    passed when the meeting was scheduled (or moved) is not sent; each stays deliverable until the next one (or the
    start). The key carries the start time so that moving a meeting plans fresh reminders."""
    query = select(Meeting).where(col(Meeting.cancelled).is_(False), Meeting.start_at > now)
    if guild_id is not None:
        query = query.where(Meeting.guild_id == guild_id)
    if object_id is not None:
        query = query.where(Meeting.id == int(object_id))
    planned: list[Planned] = []
    for meeting in (await session.exec(query)).all():
        stamp = int(meeting.start_at.timestamp())
        for index, before in enumerate(REMINDERS):
            due = meeting.start_at - before
            if due < meeting.start_set_at:
                continue
            following = REMINDERS[index + 1] if index + 1 < len(REMINDERS) else timedelta(0)
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


async def plan_next_occurrences(
    session: AsyncSession, now: datetime, *, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    """A recurring meeting brings its next occurrence into being when it starts."""
    query = select(Meeting).where(Meeting.repeat != Repeat.NONE.value, Meeting.start_at > now - NEXT_GRACE)
    if guild_id is not None:
        query = query.where(Meeting.guild_id == guild_id)
    if object_id is not None:
        query = query.where(Meeting.id == int(object_id))
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
    session: AsyncSession, meeting: Meeting, *, zone: ZoneInfo | str, now: datetime
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
        session,
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
    )


# ---------------------------------------------------------------------- the networks


async def join_mode(session: AsyncSession, guild_id: int) -> JoinMode:
    settings = await session.get(NetworkSettings, guild_id)
    return JoinMode(settings.join_mode) if settings is not None else JoinMode.OPEN


async def set_join_mode(session: AsyncSession, guild_id: int, mode: JoinMode | str) -> None:
    settings = await session.get(NetworkSettings, guild_id) or NetworkSettings(guild_id=guild_id)
    settings.join_mode = JoinMode(mode).value
    session.add(settings)


async def request_join(session: AsyncSession, guild_id: int, user_id: int, audience: Audience | str) -> JoinRequest:
    """A pending request to join a network; only one open request per person and network."""
    audience = Audience(audience)
    if not audience.is_separatist:
        raise UserError("network.not_a_network")
    pending = (
        await session.exec(
            select(JoinRequest).where(
                JoinRequest.guild_id == guild_id,
                JoinRequest.user_id == user_id,
                JoinRequest.audience == audience.value,
                JoinRequest.status == RequestStatus.PENDING.value,
            )
        )
    ).first()
    if pending is not None:
        raise UserError("network.request.pending")
    request = JoinRequest(guild_id=guild_id, user_id=user_id, audience=audience.value)
    session.add(request)
    await session.flush()
    return request


async def decide_join(
    session: AsyncSession, guild_id: int, request_id: int, *, approve: bool, decided_by: int, now: datetime
) -> JoinRequest:
    request = await session.get(JoinRequest, request_id)
    if request is None or request.guild_id != guild_id:
        raise NotFound("network.request.not_found")
    if request.status != RequestStatus.PENDING.value:
        raise UserError("network.request.decided")
    request.status = (RequestStatus.APPROVED if approve else RequestStatus.DECLINED).value
    request.decided_by, request.decided_at = decided_by, now
    session.add(request)
    return request


# ---------------------------------------------------------------------- personal data and retention

RSVP_RETENTION = timedelta(days=365)


async def _export_rsvps(session: AsyncSession, guild_id: int, user_id: int) -> list[dict]:
    rows = await session.exec(
        select(Rsvp).where(Rsvp.guild_id == guild_id, Rsvp.user_id == user_id).order_by(col(Rsvp.id))
    )
    return [
        {
            "meeting_id": r.meeting_id,
            "answer": r.answer,
            "waitlist_position": r.waitlist_position,
            "answered_at": r.answered_at.isoformat(),
        }
        for r in rows.all()
    ]


async def _erase_rsvps(session: AsyncSession, guild_id: int, user_id: int) -> privacy.Aftermath:
    """Answers to meetings still ahead are withdrawn (the waiting list moves up, and their announcements are to
    show the new counts); answers to meetings that are over stay counted under an anonymous stand-in."""
    now, stand_in, aftermath = clock_now(), privacy.anonymous_id(), privacy.Aftermath()
    rows = await session.exec(
        select(Rsvp, Meeting)
        .join(Meeting, col(Meeting.id) == col(Rsvp.meeting_id))
        .where(Rsvp.guild_id == guild_id, Rsvp.user_id == user_id)
    )
    for row, meeting in rows.all():
        if meeting.cancelled or meeting.end_at <= now:
            row.user_id = stand_in
            session.add(row)
        else:
            await _take_answers(session, meeting.id)  # the meeting first, as every answer takes it
            await session.delete(row)
            await session.flush()
            aftermath.change("meeting", meeting.id, await _promote(session, meeting))
    return aftermath


async def _export_attendance(session: AsyncSession, guild_id: int, user_id: int) -> dict[str, list[dict]]:
    attended = await session.exec(
        select(Attendance)
        .where(Attendance.guild_id == guild_id, Attendance.user_id == user_id)
        .order_by(col(Attendance.id))
    )
    recorded = await session.exec(
        select(Attendance.meeting_id, func.max(Attendance.recorded_at))
        .where(Attendance.guild_id == guild_id, Attendance.recorded_by == user_id)
        .group_by(col(Attendance.meeting_id))
        .order_by(col(Attendance.meeting_id))
    )
    return {
        "attended": [{"meeting_id": a.meeting_id, "recorded_at": a.recorded_at.isoformat()} for a in attended.all()],
        "recorded_by_you": [{"meeting_id": m, "recorded_at": at.isoformat()} for m, at in recorded.all()],
    }


async def _erase_attendance(session: AsyncSession, guild_id: int, user_id: int) -> None:
    """Attendance totals (and the number of different people) stay the same without the person."""
    await session.exec(
        update(Attendance)
        .where(Attendance.guild_id == guild_id, Attendance.user_id == user_id)
        .values(user_id=privacy.anonymous_id())
    )
    await session.exec(
        update(Attendance)
        .where(Attendance.guild_id == guild_id, Attendance.recorded_by == user_id)
        .values(recorded_by=0)
    )


async def _export_reminders(session: AsyncSession, guild_id: int, user_id: int) -> list[dict]:
    preference = await session.get(ReminderPreference, (guild_id, user_id))
    return [] if preference is None else [{"reminders": preference.enabled}]


async def _erase_reminders(session: AsyncSession, guild_id: int, user_id: int) -> None:
    await session.exec(
        delete(ReminderPreference).where(ReminderPreference.guild_id == guild_id, ReminderPreference.user_id == user_id)
    )


async def _export_created(session: AsyncSession, guild_id: int, user_id: int) -> list[dict]:
    rows = await session.exec(
        select(Meeting).where(Meeting.guild_id == guild_id, Meeting.created_by == user_id).order_by(col(Meeting.id))
    )
    return [
        {
            "meeting_id": m.id,
            "title": m.title,
            "start_at": m.start_at.isoformat(),
            "created_at": m.created_at.isoformat(),
        }
        for m in rows.all()
    ]


async def _erase_created(session: AsyncSession, guild_id: int, user_id: int) -> None:
    """The meeting stays; who scheduled it is forgotten (organisers still manage it)."""
    await session.exec(
        update(Meeting).where(Meeting.guild_id == guild_id, Meeting.created_by == user_id).values(created_by=0)
    )


async def _export_requests(session: AsyncSession, guild_id: int, user_id: int) -> dict[str, list[dict]]:
    made = await session.exec(
        select(JoinRequest)
        .where(JoinRequest.guild_id == guild_id, JoinRequest.user_id == user_id)
        .order_by(col(JoinRequest.id))
    )
    decided = await session.exec(
        select(JoinRequest)
        .where(JoinRequest.guild_id == guild_id, JoinRequest.decided_by == user_id)
        .order_by(col(JoinRequest.id))
    )
    return {
        "requested": [
            {
                "request_id": r.id,
                "network": r.audience,
                "status": r.status,
                "requested_at": r.requested_at.isoformat(),
                "decided_at": r.decided_at.isoformat() if r.decided_at else None,
            }
            for r in made.all()
        ],
        # whose request it was is the other person's data
        "decided_by_you": [
            {"request_id": r.id, "status": r.status, "decided_at": r.decided_at.isoformat() if r.decided_at else None}
            for r in decided.all()
        ],
    }


async def _erase_requests(session: AsyncSession, guild_id: int, user_id: int) -> privacy.Aftermath:
    """A request to join a network says how someone identifies: it is deleted, not kept anonymously, and so is
    its message in the organisers' channel. The messages of requests the person decided name them as the one
    who decided: they go too (the requests stay, without the decider)."""
    named = (
        await session.exec(
            select(JoinRequest).where(
                JoinRequest.guild_id == guild_id,
                (col(JoinRequest.user_id) == user_id) | (col(JoinRequest.decided_by) == user_id),
            )
        )
    ).all()
    posted = {(r.channel_id, r.message_id) for r in named if r.channel_id is not None and r.message_id is not None}
    await session.exec(delete(JoinRequest).where(JoinRequest.guild_id == guild_id, JoinRequest.user_id == user_id))
    await session.exec(
        update(JoinRequest)
        .where(JoinRequest.guild_id == guild_id, JoinRequest.decided_by == user_id)
        .values(decided_by=None)
    )
    return privacy.Aftermath(messages=posted)


def _over_a_year_ago(now: datetime):
    return select(Meeting.id).where(Meeting.start_at < now - RSVP_RETENTION)


async def _expire_rsvps(session: AsyncSession, now: datetime) -> int:
    """Answers are deleted a year after the meeting."""
    result = await session.exec(delete(Rsvp).where(col(Rsvp.meeting_id).in_(_over_a_year_ago(now))))
    return result.rowcount or 0


async def _expire_attendance(session: AsyncSession, now: datetime) -> int:
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
privacy.register(privacy.PersonalData("network_requests", _export_requests, _erase_requests))
privacy.register_retention(privacy.Retention("meeting_rsvps", "a year after the meeting", _expire_rsvps))
privacy.register_retention(
    privacy.Retention("meeting_attendance", "a year after the meeting, then anonymised", _expire_attendance)
)
