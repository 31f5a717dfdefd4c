"""Tables of commitment tracking: plans, their sections and commitments, owners, updates, evidence links."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.clock import now
from bot.db import UTCDateTime, guild_field


class Status(StrEnum):
    PLANNED = "planerad"
    IN_PROGRESS = "pågår"
    DONE = "klar"
    CANCELLED = "inställd"
    DROPPED = "struken"
    """Struck from the plan by the annual meeting (a re-import of the adopted plan): out of the lists, kept in the
    history and in the year-end report."""


CLOSED_STATUSES = (Status.DONE, Status.CANCELLED, Status.DROPPED)
OVERDUE = "försenad"
"""Not stored: how an open commitment past its due date is shown."""


class OwnerKind(StrEnum):
    MEMBER = "member"
    ROLE = "role"


class Origin(StrEnum):
    """Where a commitment comes from: a listed item of the plan, a promise in its prose, or added by hand."""

    LIST = "list"
    PROSE = "prose"
    ADDED = "added"


class LinkKind(StrEnum):
    MEETING_AUDIENCE = "meeting_audience"
    MEETING_TITLE = "meeting_title"
    CAMPAIGN = "campaign"
    MEMORIAL_DAY = "memorial_day"
    """The branches that registered an activity for a memorial day ("Vi ordnar något") in the plan's year; the
    value is the day's id."""
    SURVEY_ANSWER = "survey_answer"
    """The calls of a campaign whose answer to one of its questions is a chosen answer; the value is
    `campaign id:question number:keyed hash of the answer`, so the answer itself is not stored here."""
    MEETING_SERIES = "meeting_series"
    """The meetings held of a repeating meeting's series; the value is the series' id."""


class Plan(SQLModel, table=True):
    __tablename__ = "commitment_plan"
    __table_args__ = (UniqueConstraint("guild_id", "source_key", name="uq_commitment_plan_source"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    organisation: str = Field(default="", max_length=120)
    year: int
    title: str = Field(max_length=200)
    source_key: str = Field(max_length=80)
    created_by: int | None = Field(default=None, sa_type=BigInteger)
    created_at: datetime = Field(default_factory=now, sa_type=UTCDateTime)


class Section(SQLModel, table=True):
    __tablename__ = "commitment_section"

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    plan_id: int = Field(foreign_key="commitment_plan.id", index=True, ondelete="CASCADE")
    position: int = 0
    title: str = Field(default="", max_length=120)


class Commitment(SQLModel, table=True):
    __tablename__ = "commitment"

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    plan_id: int = Field(foreign_key="commitment_plan.id", index=True, ondelete="CASCADE")
    section_id: int | None = Field(default=None, foreign_key="commitment_section.id", index=True, ondelete="SET NULL")
    position: int = 0
    title: str = Field(max_length=300)
    description: str = Field(default="", max_length=2000)
    due_date: date | None = Field(default=None, index=True)
    status: str = Field(default=Status.PLANNED, max_length=16, index=True)
    origin: str = Field(default=Origin.ADDED, max_length=8, sa_column_kwargs={"server_default": Origin.LIST.value})
    target_amount: int | None = None
    """A measurable target: how many of `target_unit` (a `bot.commitments.progress.Unit`) make it done."""
    target_unit: str | None = Field(default=None, max_length=24)
    parent_id: int | None = Field(default=None, foreign_key="commitment.id", index=True, ondelete="SET NULL")
    """The commitment this one is a step of: its progress rolls up into the parent's (see
    `bot.commitments.progress.rolled_up`)."""
    weight: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    """How much this step weighs in its parent's progress."""
    created_by: int | None = Field(default=None, sa_type=BigInteger)
    created_at: datetime = Field(default_factory=now, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=now, sa_type=UTCDateTime)


class Owner(SQLModel, table=True):
    __tablename__ = "commitment_owner"
    __table_args__ = (UniqueConstraint("commitment_id", "kind", "target_id", name="uq_commitment_owner"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    commitment_id: int = Field(foreign_key="commitment.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=8)
    target_id: int = Field(sa_type=BigInteger, index=True)


class Update(SQLModel, table=True):
    __tablename__ = "commitment_update"

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    commitment_id: int = Field(foreign_key="commitment.id", index=True, ondelete="CASCADE")
    author_id: int = Field(sa_type=BigInteger)
    created_at: datetime = Field(default_factory=now, sa_type=UTCDateTime)
    note: str = Field(default="", max_length=1000)
    old_status: str | None = Field(default=None, max_length=16)
    new_status: str | None = Field(default=None, max_length=16)
    percent: int | None = None
    """Progress typed by hand (`/åtagande framsteg`), 0–100, where no evidence counts it."""
    old_due: date | None = None
    """A postponement (the reminder's "Skjut upp"): the due date before it, with `new_due` and the reason in
    `note`."""
    new_due: date | None = None

    @property
    def postponed(self) -> bool:
        return self.new_due is not None


class Link(SQLModel, table=True):
    __tablename__ = "commitment_link"
    __table_args__ = (UniqueConstraint("commitment_id", "kind", "value", name="uq_commitment_link"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    commitment_id: int = Field(foreign_key="commitment.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=24)
    value: str = Field(max_length=120)


class Board(SQLModel, table=True):
    """A plan's live board: messages in a channel, kept edited in place as the plan's progress changes.

    `version` counts the changes told to the board and `shown_version` the last one an edit showed; `edited_at`
    is when the board was last edited (edits are spaced, see `bot.commitments.board`), `checked_at` when it was
    last compared with what the evidence counts."""

    __tablename__ = "commitment_board"

    plan_id: int = Field(
        primary_key=True,
        foreign_key="commitment_plan.id",
        ondelete="CASCADE",
        sa_column_kwargs={"autoincrement": False},
    )
    guild_id: int = guild_field()
    channel_id: int = Field(sa_type=BigInteger)
    created_by: int | None = Field(default=None, sa_type=BigInteger)
    version: int = 0
    shown_version: int = 0
    changed_at: datetime = Field(default_factory=now, sa_type=UTCDateTime)
    edited_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    checked_at: datetime = Field(default_factory=now, sa_type=UTCDateTime)


class BoardMessage(SQLModel, table=True):
    """One message of a board, in order, with a fingerprint of what it shows (an edit is made only when it
    changes)."""

    __tablename__ = "commitment_board_message"

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    plan_id: int = Field(foreign_key="commitment_board.plan_id", index=True, ondelete="CASCADE")
    position: int = 0
    message_id: int = Field(sa_type=BigInteger)
    shown: str = Field(default="", max_length=64)


class DigestSettings(SQLModel, table=True):
    """When the weekly digest goes out, in the server's local time (default Monday 09:00)."""

    __tablename__ = "commitment_digest"

    guild_id: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    weekday: int = 0
    hour: int = 9
    minute: int = 0
    enabled: bool = True


def stored_id(row: Plan | Section | Commitment) -> int:
    """The id of a row read from the database or flushed to it. SQLModel types every id optional, since a new row
    has none until it is flushed; this is where that is checked, once."""
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id before it is flushed")
    return row.id
