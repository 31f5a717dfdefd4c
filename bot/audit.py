"""The audit log: every moderator action, stored per server; the bot mirrors it to the audit-log channel.

Details hold ids and counts only, never personal data such as phone numbers or notes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import now
from bot.db import UTCDateTime, guild_field


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    actor_id: int | None = Field(default=None, sa_type=BigInteger, index=True)
    action: str = Field(max_length=64)
    details: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = Field(default_factory=now, sa_type=UTCDateTime, index=True)
    # the copy in the audit-log channel, so that it can be deleted when someone it names is forgotten
    mirror_channel_id: int | None = Field(default=None, sa_type=BigInteger)
    mirror_message_id: int | None = Field(default=None, sa_type=BigInteger)


async def record(
    *, session: AsyncSession, guild_id: int, actor_id: int | None, action: str, **details: Any
) -> AuditEntry:
    """Store one entry. `action` names a catalog key `audit.action.<action>` that renders it."""
    entry = AuditEntry(guild_id=guild_id, actor_id=actor_id, action=action, details=details)
    session.add(entry)
    await session.flush()
    return entry


async def set_mirror(*, session: AsyncSession, entry_id: int, channel_id: int, message_id: int) -> None:
    """Remember where the entry was copied in the audit-log channel."""
    entry = await session.get(AuditEntry, entry_id)
    if entry is not None:
        entry.mirror_channel_id, entry.mirror_message_id = channel_id, message_id
        session.add(entry)


async def recent(*, session: AsyncSession, guild_id: int, limit: int = 20) -> list[AuditEntry]:
    query = (
        select(AuditEntry)
        .where(AuditEntry.guild_id == guild_id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return list((await session.exec(query)).all())
