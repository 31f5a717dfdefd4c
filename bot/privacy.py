"""Members' data rights and retention, in one place.

Every feature that stores something about a person registers a `PersonalData` provider here: what it stores,
how to export it and how to erase or anonymise it. `/privacy mydata` and `/privacy forget`, the erasure of
members who left, and the guild-wide retention rules all go through this registry, so a new kind of personal
data is covered by adding one provider.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import BigInteger, delete, update
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.audit import AuditEntry
from bot.clock import now as clock_now
from bot.db import UTCDateTime, guild_field
from bot.ledger import Planned, in_scope

DEFAULT_GRACE_DAYS = 30
AUDIT_RETENTION = timedelta(days=730)
RETENTION_HOUR_UTC = 2


class PrivacySettings(SQLModel, table=True):
    __tablename__ = "privacy_settings"

    guild_id: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    contact: str | None = Field(default=None, max_length=300)
    grace_days: int = DEFAULT_GRACE_DAYS


class Departure(SQLModel, table=True):
    """A member who left; their data is erased after the grace period unless they come back."""

    __tablename__ = "departure"

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    user_id: int = Field(sa_type=BigInteger, index=True)
    left_at: datetime = Field(sa_type=UTCDateTime)


class MessageMention(SQLModel, table=True):
    """A message the bot posted that mentions a member (a notice sent in a channel because their DMs were
    closed): kept so that the mention can be taken out when they ask to be forgotten."""

    __tablename__ = "bot_message_mention"

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    user_id: int = Field(sa_type=BigInteger, index=True)
    channel_id: int = Field(sa_type=BigInteger)
    message_id: int = Field(sa_type=BigInteger)
    posted_at: datetime = Field(default_factory=clock_now, sa_type=UTCDateTime)


@dataclass
class Aftermath:
    """What an erasure leaves to put right outside the tables, on Discord. Erasers fill it in; the bot acts on
    it once the erasure is committed."""

    messages: set[tuple[int, int]] = field(default_factory=set)
    """Bot messages (channel id, message id) that name the person: the mention is taken out of a message that
    names others too, any other such message is deleted."""
    changed: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    """Per kind of object ("meeting"), the objects whose public messages show counts that the erasure changed,
    each with the people it moved up from a waiting list (who are told as usual)."""

    left: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    """Per kind of object ("meeting"), the (object id, user id) the person is to be taken out of on Discord (a
    meeting's thread, whose member list would otherwise still say they answered)."""

    def change(self, kind: str, object_id: int, moved_up: Iterable[int] = ()) -> None:
        self.changed.setdefault(kind, {}).setdefault(object_id, []).extend(moved_up)

    def leave(self, kind: str, object_id: int, user_id: int) -> None:
        self.left.setdefault(kind, set()).add((object_id, user_id))

    def merge(self, other: Aftermath) -> None:
        self.messages |= other.messages
        for kind, pairs in other.left.items():
            self.left.setdefault(kind, set()).update(pairs)
        for kind, objects in other.changed.items():
            for object_id, moved_up in objects.items():
                self.change(kind, object_id, moved_up)


class Exporter(Protocol):
    """`export(session=…, guild_id=…, user_id=…)`: the person's rows as plain dicts (ids, titles, statuses, times
    as datetimes, which the copy writes in the server's zone) — never another person's data."""

    def __call__(self, *, session: AsyncSession, guild_id: int, user_id: int) -> Awaitable[Any]: ...


class SealedExporter(Protocol):
    """An exporter that decrypts what it exports (`PersonalData.sealed`): given the DATA_KEY as `data_key`."""

    def __call__(
        self, *, session: AsyncSession, guild_id: int, user_id: int, data_key: str | None
    ) -> Awaitable[Any]: ...


class Eraser(Protocol):
    """`erase(session=…, guild_id=…, user_id=…)`: erases or anonymises the person's rows; returns what it leaves
    to put right on Discord, if anything."""

    def __call__(self, *, session: AsyncSession, guild_id: int, user_id: int) -> Awaitable[Aftermath | None]: ...


class RetentionRule(Protocol):
    """`apply(session=…, now=…)`: deletes (or anonymises) what is kept past its time; returns how many rows."""

    def __call__(self, *, session: AsyncSession, now: datetime) -> Awaitable[int]: ...


@dataclass(frozen=True, slots=True)
class PersonalData:
    """One kind of personal data: its name in the export, and how to export and erase one person's part."""

    name: str
    export: Exporter | SealedExporter
    erase: Eraser
    sealed: bool = False  # the export decrypts something, so it is given the DATA_KEY


@dataclass(frozen=True, slots=True)
class Retention:
    """How long one kind of personal data is kept, and the rule that deletes it after that."""

    what: str
    kept: str
    apply: RetentionRule


@dataclass(frozen=True, slots=True)
class DataKind:
    """One line of the table of personal data: `/privacy info` renders it (catalog keys `privacy.kind.<name>` and
    `privacy.kept.<kept>`); `rule` names the Retention rule that enforces it (None: kept until the member asks
    to be forgotten or leaves the server, then erased after the grace period)."""

    name: str
    kept: str
    rule: str | None = None


KINDS: tuple[DataKind, ...] = (
    DataKind("meeting_rsvps", "year_after_meeting", "meeting_rsvps"),
    DataKind("meeting_attendance", "year_after_meeting_anonymised", "meeting_attendance"),
    DataKind("meeting_reminders", "until_erased"),
    DataKind("meetings_created", "until_erased"),
    DataKind("network_requests", "until_erased"),
    DataKind("campaign_calls", "calls", "call_list_contacts"),
    DataKind("campaigns_created", "until_erased"),
    DataKind("call_list_contacts", "after_campaign", "call_list_contacts"),
    DataKind("help_queue_taken", "after_campaign", "call_list_contacts"),
    DataKind("commitments_owned", "until_erased"),
    DataKind("commitment_updates", "until_erased_anonymised"),
    DataKind("commitments_created", "until_erased"),
    DataKind("memorial_registrations", "until_erased_anonymised"),
    DataKind("audit_entries", "two_years", "audit_entries"),
    DataKind("departures", "grace"),
    DataKind("message_mentions", "until_erased"),
)
"""Every kind of personal data the bot stores, with its retention rule: the one place that lists them.
A test checks that every registered provider and retention rule appears here."""

PROVIDERS: list[PersonalData] = []
RETENTION: list[Retention] = []


def anonymous_id() -> int:
    """A stand-in for an erased person in a NOT NULL id column: negative (no Discord id is), random, so that
    one erasure's rows still count as one person in statistics but cannot be linked to anyone."""
    return -1 - secrets.randbelow(2**53)


def register(provider: PersonalData) -> None:
    if all(existing.name != provider.name for existing in PROVIDERS):
        PROVIDERS.append(provider)


def register_retention(rule: Retention) -> None:
    if all(existing.what != rule.what for existing in RETENTION):
        RETENTION.append(rule)


async def rows_naming(
    *, session: AsyncSession, person: InstrumentedAttribute[Any], guild_id: int, user_id: int
) -> Sequence[Any]:
    """The rows of one server in which the column `person` (such as `Rsvp.user_id`) holds the person's id, oldest
    first: what an exporter lists."""
    table = person.class_
    query = select(table).where(table.guild_id == guild_id, person == user_id).order_by(col(table.id))
    return (await session.exec(query)).all()


async def replace_person(
    *,
    session: AsyncSession,
    person: InstrumentedAttribute[Any],
    guild_id: int,
    user_id: int,
    by: int | None,
    **beside: Any,
) -> None:
    """Put `by` (an `anonymous_id()`, 0 or None) where the column `person` holds the person's id in one server,
    and the values `beside` in their columns (a claim's end goes with the claim): the rows stay, without them."""
    table = person.class_
    await session.exec(
        update(table).where(table.guild_id == guild_id, person == user_id).values({person.key: by, **beside})
    )


async def my_data(*, session: AsyncSession, guild_id: int, user_id: int, data_key: str | None = None) -> dict[str, Any]:
    """Everything stored about one person in one server, by kind."""
    data: dict[str, Any] = {}
    for provider in PROVIDERS:
        sealed = {"data_key": data_key} if provider.sealed else {}
        data[provider.name] = await provider.export(session=session, guild_id=guild_id, user_id=user_id, **sealed)
    return data


async def forget(*, session: AsyncSession, guild_id: int, user_id: int) -> Aftermath:
    """Erase or anonymise everything about one person in one server; statistics keep their counts. Returns what
    is left to put right outside the tables (messages that name them, announcements whose counts changed)."""
    aftermath = Aftermath()
    for provider in PROVIDERS:
        left = await provider.erase(session=session, guild_id=guild_id, user_id=user_id)
        if left is not None:
            aftermath.merge(left)
    session.add(AuditEntry(guild_id=guild_id, actor_id=None, action="privacy.erased", details={}))
    return aftermath


async def remember_mentions(
    *, session: AsyncSession, guild_id: int, user_ids: Iterable[int], channel_id: int, message_id: int
) -> None:
    """Note that a message the bot posted mentions these members."""
    session.add_all(
        MessageMention(guild_id=guild_id, user_id=u, channel_id=channel_id, message_id=message_id) for u in user_ids
    )


async def apply_retention(*, session: AsyncSession, now: datetime) -> dict[str, int]:
    return {rule.what: await rule.apply(session=session, now=now) for rule in RETENTION}


# ---------------------------------------------------------------------------- settings


async def settings_of(*, session: AsyncSession, guild_id: int) -> PrivacySettings:
    settings = await session.get(PrivacySettings, guild_id)
    if settings is None:
        settings = PrivacySettings(guild_id=guild_id)
        session.add(settings)
        await session.flush()
    return settings


async def set_contact(*, session: AsyncSession, guild_id: int, contact: str) -> None:
    settings = await settings_of(session=session, guild_id=guild_id)
    settings.contact = contact.strip()[:300]
    session.add(settings)


async def set_grace_days(*, session: AsyncSession, guild_id: int, days: int) -> None:
    settings = await settings_of(session=session, guild_id=guild_id)
    settings.grace_days = days
    session.add(settings)


# ---------------------------------------------------------------------------- members who leave


async def member_left(*, session: AsyncSession, guild_id: int, user_id: int, when: datetime) -> None:
    await member_returned(session=session, guild_id=guild_id, user_id=user_id)
    session.add(Departure(guild_id=guild_id, user_id=user_id, left_at=when))


async def member_returned(*, session: AsyncSession, guild_id: int, user_id: int) -> None:
    await session.exec(delete(Departure).where(Departure.guild_id == guild_id, Departure.user_id == user_id))


async def departed_member(*, session: AsyncSession, departure_id: int) -> int | None:
    """Who a departure is of; None when it is gone (they came back, or asked to be forgotten, in the meantime)."""
    departure = await session.get(Departure, departure_id)
    return None if departure is None else departure.user_id


async def plan_departures(
    *, session: AsyncSession, now: datetime, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    """Ledger planner: erase each departed member when the server's grace period has passed."""
    query = select(Departure, PrivacySettings.grace_days).join(
        PrivacySettings, col(PrivacySettings.guild_id) == col(Departure.guild_id), isouter=True
    )
    query = in_scope(query, Departure, guild_id=guild_id, object_id=object_id)
    planned = []
    for departure, grace_days in (await session.exec(query)).all():
        due = departure.left_at + timedelta(days=grace_days if grace_days is not None else DEFAULT_GRACE_DAYS)
        planned.append(
            Planned(
                guild_id=departure.guild_id,
                # the departure's id, not the member's: the ledger's history keeps no trace of who left
                object_id=str(departure.id),
                key=departure.left_at.isoformat(),
                due_at=due,
                expires_at=due + timedelta(days=365),
            )
        )
    return planned


async def plan_retention(
    *, session: AsyncSession, now: datetime, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    """Ledger planner: the retention rules run once a day at 02:00 UTC (they span every server)."""
    today = now.replace(hour=RETENTION_HOUR_UTC, minute=0, second=0, microsecond=0)
    return [
        Planned(
            guild_id=0, object_id="all", key=day.date().isoformat(), due_at=day, expires_at=day + timedelta(hours=12)
        )
        for day in (today, today + timedelta(days=1))
    ]


# ---------------------------------------------------------------------------- the core's own personal data


def _names(value: Any, user_id: int) -> bool:
    if isinstance(value, list):
        return any(_names(item, user_id) for item in value)
    return value == user_id or value == str(user_id)


def _scrub(value: Any, user_id: int) -> Any:
    if isinstance(value, list):
        return [item for item in value if not _names(item, user_id)]
    return None if _names(value, user_id) else value


def _about(entry: AuditEntry, user_id: int) -> bool:
    """The entry's details name the person (e.g. someone a moderator removed from a network)."""
    return any(_names(value, user_id) for value in (entry.details or {}).values())


async def _export_audit(*, session: AsyncSession, guild_id: int, user_id: int) -> list[dict[str, Any]]:
    """What the person did as a moderator, and what others did about them (without saying who did it)."""
    rows = (await session.exec(select(AuditEntry).where(AuditEntry.guild_id == guild_id).order_by(AuditEntry.id))).all()
    return [
        {"action": e.action, "details": e.details, "at": e.created_at, "by_you": e.actor_id == user_id}
        for e in rows
        if e.actor_id == user_id or _about(e, user_id)
    ]


async def _erase_audit(*, session: AsyncSession, guild_id: int, user_id: int) -> Aftermath:
    """The entries stay, without the person; their copies in the audit-log channel, which name the person,
    are deleted."""
    aftermath = Aftermath()
    for entry in (await session.exec(select(AuditEntry).where(AuditEntry.guild_id == guild_id))).all():
        by_them, about_them = entry.actor_id == user_id, _about(entry, user_id)
        if not (by_them or about_them):
            continue
        if by_them:
            entry.actor_id = None
        if about_them:
            entry.details = {key: _scrub(value, user_id) for key, value in entry.details.items()}
        if entry.mirror_channel_id is not None and entry.mirror_message_id is not None:
            aftermath.messages.add((entry.mirror_channel_id, entry.mirror_message_id))
            entry.mirror_channel_id = entry.mirror_message_id = None
        session.add(entry)
    return aftermath


async def _export_mentions(*, session: AsyncSession, guild_id: int, user_id: int) -> list[dict[str, Any]]:
    rows = await rows_naming(session=session, person=MessageMention.user_id, guild_id=guild_id, user_id=user_id)
    return [{"channel_id": m.channel_id, "message_id": m.message_id, "at": m.posted_at} for m in rows]


async def _erase_mentions(*, session: AsyncSession, guild_id: int, user_id: int) -> Aftermath:
    rows = (
        await session.exec(
            select(MessageMention).where(MessageMention.guild_id == guild_id, MessageMention.user_id == user_id)
        )
    ).all()
    for row in rows:
        await session.delete(row)
    return Aftermath(messages={(m.channel_id, m.message_id) for m in rows})


async def _export_departures(*, session: AsyncSession, guild_id: int, user_id: int) -> list[dict[str, Any]]:
    rows = await rows_naming(session=session, person=Departure.user_id, guild_id=guild_id, user_id=user_id)
    return [{"left_at": d.left_at} for d in rows]


async def _erase_departures(*, session: AsyncSession, guild_id: int, user_id: int) -> None:
    await session.exec(delete(Departure).where(Departure.guild_id == guild_id, Departure.user_id == user_id))


async def _expire_audit(*, session: AsyncSession, now: datetime) -> int:
    result = await session.exec(delete(AuditEntry).where(AuditEntry.created_at < now - AUDIT_RETENTION))
    return result.rowcount or 0


register(PersonalData("audit_entries", _export_audit, _erase_audit))
register(PersonalData("departures", _export_departures, _erase_departures))
register(PersonalData("message_mentions", _export_mentions, _erase_mentions))
register_retention(Retention("audit_entries", "2 years", _expire_audit))
