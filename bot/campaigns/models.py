"""Tables of phone campaigns. Personal data (name, number, e-mail, notes, survey answers, the numbers on the
do-not-call list) is stored only encrypted; numbers are found again through their keyed hash."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.clock import now
from bot.db import UTCDateTime, guild_field


class CampaignStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class ContactStatus(StrEnum):
    OPEN = "open"  # in the pool (maybe cooling down or waiting for a call-back)
    HELD = "held"  # waits for an organiser
    DONE = "done"  # finished: answered, wrong number, do-not-call, attempts used up, resolved


class Outcome(StrEnum):
    ANSWERED = "answered"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    VOICEMAIL = "voicemail"
    CALLBACK = "callback"
    WRONG_NUMBER = "wrong_number"
    DO_NOT_CALL = "do_not_call"
    NEEDS_ORGANISER = "needs_organiser"
    SKIPPED = "skipped"


DEFAULT_RETRY_COOLDOWN_HOURS = 3
"""How long an unanswered number rests before it is called again, unless the campaign says otherwise."""
DEFAULT_MAX_ATTEMPTS = 3
DEFAULT_CLAIM_MINUTES = 15


class Campaign(SQLModel, table=True):
    __tablename__ = "campaign"
    __table_args__ = (UniqueConstraint("guild_id", "name", name="uq_campaign_name"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    name: str = Field(max_length=100)
    description: str = Field(default="", max_length=500)
    script: str = Field(default="", sa_type=Text)
    questions: list[str] = Field(default_factory=list, sa_type=JSON)
    retry_cooldown_hours: int = DEFAULT_RETRY_COOLDOWN_HOURS
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    claim_minutes: int = DEFAULT_CLAIM_MINUTES
    show_extra_fields: bool = False
    retention_days: int = 30
    status: str = Field(default=CampaignStatus.ACTIVE, max_length=16)
    created_by: int | None = Field(default=None, sa_type=BigInteger)
    created_at: datetime = Field(default_factory=now, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    purged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Contact(SQLModel, table=True):
    __tablename__ = "campaign_contact"
    __table_args__ = (
        UniqueConstraint("campaign_id", "phone_hash", name="uq_campaign_contact_phone"),
        Index("ix_campaign_contact_pool", "campaign_id", "status", "available_at"),
        Index("ix_campaign_contact_callback", "callback_for"),
        Index("ix_campaign_contact_claimed_by", "claimed_by"),
    )

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    campaign_id: int = Field(sa_column=Column(Integer, ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False))
    row_number: int = 0
    phone_hash: str | None = Field(default=None, max_length=64)
    sealed: str | None = Field(default=None, sa_type=Text)  # encrypted JSON: name, phone, email, note, extra
    branch: str = Field(default="", max_length=100)
    status: str = Field(default=ContactStatus.OPEN, max_length=16)
    attempts: int = 0  # unanswered tries (no answer, busy, message left), limited by max_attempts
    available_at: datetime = Field(sa_type=UTCDateTime)
    claimed_by: int | None = Field(default=None, sa_type=BigInteger)
    claimed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    callback_for: int | None = Field(default=None, sa_type=BigInteger)
    callback_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_outcome: str | None = Field(default=None, max_length=20)
    updated_at: datetime = Field(default_factory=now, sa_type=UTCDateTime)
    taken_by: int | None = Field(default=None, sa_type=BigInteger)  # the organiser who last took it while held
    taken_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Attempt(SQLModel, table=True):
    """One claim of a contact by a caller, and what came of it: the accountability log."""

    __tablename__ = "campaign_attempt"

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    campaign_id: int = Field(
        sa_column=Column(Integer, ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    contact_id: int = Field(
        sa_column=Column(Integer, ForeignKey("campaign_contact.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    caller_id: int = Field(sa_type=BigInteger, index=True)
    claimed_at: datetime = Field(sa_type=UTCDateTime)
    outcome: str | None = Field(default=None, max_length=20)
    recorded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sealed_note: str | None = Field(default=None, sa_type=Text)
    sealed_answers: str | None = Field(default=None, sa_type=Text)  # encrypted JSON: question -> answer
    callback_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class DoNotCall(SQLModel, table=True):
    """Numbers (as keyed hashes) the server never calls again, in any campaign."""

    __tablename__ = "campaign_do_not_call"
    __table_args__ = (UniqueConstraint("guild_id", "phone_hash", name="uq_do_not_call"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    phone_hash: str = Field(max_length=64)
    sealed_phone: str | None = Field(default=None, sa_type=Text)  # the number, encrypted: a new key re-hashes it
    created_at: datetime = Field(default_factory=now, sa_type=UTCDateTime)


class HelpNotice(SQLModel, table=True):
    """The one message in the organisers' channel that says how many contacts wait for an organiser (a count,
    nothing about who they are), kept so that it is edited rather than posted again."""

    __tablename__ = "campaign_help_notice"

    guild_id: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    channel_id: int = Field(sa_type=BigInteger)
    message_id: int = Field(sa_type=BigInteger)
    count: int = 0  # the count the message shows
