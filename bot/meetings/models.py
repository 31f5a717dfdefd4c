"""The tables of meetings and the networks, and the values their columns take.

Nothing about a person's gender is stored: only Discord role membership decides who takes part.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import BigInteger, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.audiences import Audience
from bot.clock import now as clock_now
from bot.db import UTCDateTime, guild_field

DEFAULT_DURATION = 90
"""Minutes, when the organiser gives no length."""


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
    thread_id: int | None = Field(default=None, sa_type=BigInteger)
    """The thread the announcement opened for the meeting's talk, reminders and changes (None: none could be)."""
    created_by: int = Field(sa_type=BigInteger)
    created_at: datetime = Field(default_factory=clock_now, sa_type=UTCDateTime)
    # When the current start time (or the reminders) was set: reminders whose time had already passed then are
    # not sent.
    start_set_at: datetime = Field(default_factory=clock_now, sa_type=UTCDateTime)
    # The organiser's reminders, minutes before the start, longest first ("2880,180"); "" for none, None for the
    # default (`bot.meetings.planner.REMINDERS`).
    reminder_leads: str | None = Field(default=None, max_length=100)
    reminder_note: str | None = Field(default=None, max_length=500)
    """A text the organiser adds to each reminder."""
    deadline_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """The sign-up deadline: after it the announcement takes no answers."""

    @property
    def end_at(self) -> datetime:
        return self.start_at + timedelta(minutes=self.duration_minutes)

    @property
    def audience_enum(self) -> Audience:
        return Audience(self.audience)

    def signup_closed(self, now: datetime) -> bool:
        return self.deadline_at is not None and self.deadline_at <= now


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
