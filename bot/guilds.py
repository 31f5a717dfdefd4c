"""Per-server configuration: channels and roles by purpose, language and time zone."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger
from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import now
from bot.db import UTCDateTime


class ChannelPurpose(StrEnum):
    ANNOUNCEMENTS = "announcements"
    ORGANISERS = "organisers"
    WOMEN_NONBINARY = "women-nonbinary"
    MEN = "men"
    AUDIT_LOG = "audit-log"


class RolePurpose(StrEnum):
    MODERATOR = "moderator"
    ORGANISER = "organiser"
    CALLER = "caller"
    WOMEN_NONBINARY = "women-nonbinary"
    MEN = "men"


def _column(purpose: StrEnum, suffix: str) -> str:
    return f"{purpose.value.replace('-', '_')}_{suffix}"


class GuildConfig(SQLModel, table=True):
    __tablename__ = "guild_config"

    guild_id: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    language: str = Field(default="sv", max_length=5)
    timezone: str = Field(default="Europe/Stockholm", max_length=64)
    announcements_channel_id: int | None = Field(default=None, sa_type=BigInteger)
    organisers_channel_id: int | None = Field(default=None, sa_type=BigInteger)
    women_nonbinary_channel_id: int | None = Field(default=None, sa_type=BigInteger)
    men_channel_id: int | None = Field(default=None, sa_type=BigInteger)
    audit_log_channel_id: int | None = Field(default=None, sa_type=BigInteger)
    moderator_role_id: int | None = Field(default=None, sa_type=BigInteger)
    organiser_role_id: int | None = Field(default=None, sa_type=BigInteger)
    caller_role_id: int | None = Field(default=None, sa_type=BigInteger)
    women_nonbinary_role_id: int | None = Field(default=None, sa_type=BigInteger)
    men_role_id: int | None = Field(default=None, sa_type=BigInteger)
    created_at: datetime = Field(default_factory=now, sa_type=UTCDateTime)

    def channel_id(self, purpose: ChannelPurpose | str) -> int | None:
        return getattr(self, _column(ChannelPurpose(purpose), "channel_id"))

    def role_id(self, purpose: RolePurpose | str) -> int | None:
        return getattr(self, _column(RolePurpose(purpose), "role_id"))

    def missing(self) -> list[str]:
        """Catalog keys of the purposes that still lack a channel or role."""
        channels = [f"purpose.channel.{p.value}" for p in ChannelPurpose if self.channel_id(p) is None]
        roles = [f"purpose.role.{p.value}" for p in RolePurpose if self.role_id(p) is None]
        return channels + roles


async def get_config(session: AsyncSession, guild_id: int) -> GuildConfig | None:
    return await session.get(GuildConfig, guild_id)


async def ensure_config(
    session: AsyncSession, guild_id: int, *, language: str = "sv", timezone: str = "Europe/Stockholm"
) -> tuple[GuildConfig, bool]:
    """The server's configuration, created with defaults on first sight. Returns (config, created)."""
    config = await session.get(GuildConfig, guild_id)
    if config is not None:
        return config, False
    config = GuildConfig(guild_id=guild_id, language=language, timezone=timezone)
    session.add(config)
    await session.flush()
    return config, True


async def set_channel(session: AsyncSession, config: GuildConfig, purpose: ChannelPurpose, channel_id: int) -> None:
    setattr(config, _column(purpose, "channel_id"), channel_id)
    session.add(config)


async def set_role(session: AsyncSession, config: GuildConfig, purpose: RolePurpose, role_id: int) -> None:
    setattr(config, _column(purpose, "role_id"), role_id)
    session.add(config)


async def set_language(session: AsyncSession, config: GuildConfig, language: str) -> None:
    config.language = language
    session.add(config)
