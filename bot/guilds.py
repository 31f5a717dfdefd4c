"""Per-server configuration: language (and whose language a reply only the member sees is written in), time zone,
and the channel or role bound to each purpose.

Channels and roles are stored as bindings, one row per purpose (`guild_binding`), so that a new purpose (an
audience's channel and role, see `bot.audiences`) needs no new column. `GuildConfig.channel_id(purpose)` and
`role_id(purpose)` read them; the bindings load with the configuration, so a cached configuration answers without
the database.
"""

# No `from __future__ import annotations` here: SQLModel reads the relationship's type from its annotation.

from collections.abc import Callable, Iterable
from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger
from sqlmodel import Field, Relationship, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.audiences import OPEN_CHANNEL, SEPARATIST
from bot.clock import now
from bot.db import UTCDateTime
from bot.i18n.languages import DEFAULT_LANGUAGE


def _purposes(name: str, keys: Iterable[str | None]) -> type[StrEnum]:
    """An enum of purposes, each member named after its key ('audit-log' -> AUDIT_LOG)."""
    return StrEnum(name, {key.upper().replace("-", "_"): key for key in keys if key is not None})


ChannelPurpose = _purposes(
    "ChannelPurpose", (OPEN_CHANNEL, "organisers", *(a.channel_purpose for a in SEPARATIST), "audit-log")
)
"""What a channel is for: announcements, organisers, each separatist audience's own channel, the audit log."""

RolePurpose = _purposes("RolePurpose", ("moderator", "organiser", "caller", *(a.role_purpose for a in SEPARATIST)))
"""What a role carries: the bot's three tasks, and membership of each separatist audience."""


class Replies(StrEnum):
    """Which language a reply only the member sees (an ephemeral reply, a form, a suggestion) is written in; what
    everyone sees is always in the server's language."""

    SERVER = "server"
    """The server's language, as everything else (the default)."""
    MEMBER = "member"
    """The member's own Discord language when it is one the bot writes; the server's otherwise."""


class BindingKind(StrEnum):
    CHANNEL = "channel"
    ROLE = "role"


class GuildBinding(SQLModel, table=True):
    """The channel or role a server uses for a purpose, as /setup channel, /setup role or /setup create set it."""

    __tablename__ = "guild_binding"

    guild_id: int = Field(primary_key=True, sa_type=BigInteger, foreign_key="guild_config.guild_id", ondelete="CASCADE")
    kind: str = Field(primary_key=True, max_length=8)
    purpose: str = Field(primary_key=True, max_length=32)
    discord_id: int = Field(sa_type=BigInteger)


class GuildConfig(SQLModel, table=True):
    __tablename__ = "guild_config"

    guild_id: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    language: str = Field(default=DEFAULT_LANGUAGE, max_length=5)
    replies: str = Field(default=Replies.SERVER.value, max_length=8)
    """A `Replies` value: whose language a reply only the member sees is written in."""
    timezone: str = Field(default="Europe/Stockholm", max_length=64)
    created_at: datetime = Field(default_factory=now, sa_type=UTCDateTime)
    bindings: list[GuildBinding] = Relationship(
        sa_relationship_kwargs={"lazy": "selectin", "cascade": "all, delete-orphan"}
    )

    def _bound(self, kind: BindingKind, purpose: str) -> int | None:
        return next((b.discord_id for b in self.bindings if b.kind == kind and b.purpose == purpose), None)

    def channel_id(self, purpose: ChannelPurpose | str) -> int | None:
        return self._bound(BindingKind.CHANNEL, ChannelPurpose(purpose))

    def role_id(self, purpose: RolePurpose | str) -> int | None:
        return self._bound(BindingKind.ROLE, RolePurpose(purpose))

    def bind(self, kind: BindingKind, purpose: str, discord_id: int) -> None:
        """Use the channel or role for the purpose from now on (replacing the one used so far)."""
        for binding in self.bindings:
            if binding.kind == kind and binding.purpose == purpose:
                binding.discord_id = discord_id
                return
        self.bindings.append(GuildBinding(kind=kind, purpose=purpose, discord_id=discord_id))

    def to_create(
        self, role_exists: Callable[[int], bool], channel_exists: Callable[[int], bool]
    ) -> tuple[list[RolePurpose], list[ChannelPurpose]]:
        """What /setup create makes: the purposes bound to nothing, or to a role or channel that no longer exists."""

        def wanting(bound: int | None, exists: Callable[[int], bool]) -> bool:
            return bound is None or not exists(bound)

        return (
            [p for p in RolePurpose if wanting(self.role_id(p), role_exists)],
            [p for p in ChannelPurpose if wanting(self.channel_id(p), channel_exists)],
        )

    def missing(self) -> list[str]:
        """Catalog keys of the purposes that still lack a channel or role."""
        channels = [f"purpose.channel.{p.value}" for p in ChannelPurpose if self.channel_id(p) is None]
        roles = [f"purpose.role.{p.value}" for p in RolePurpose if self.role_id(p) is None]
        return channels + roles


async def get_config(*, session: AsyncSession, guild_id: int) -> GuildConfig | None:
    return await session.get(GuildConfig, guild_id)


async def ensure_config(
    *, session: AsyncSession, guild_id: int, language: str = DEFAULT_LANGUAGE, timezone: str = "Europe/Stockholm"
) -> tuple[GuildConfig, bool]:
    """The server's configuration, created with defaults on first sight. Returns (config, created)."""
    config = await session.get(GuildConfig, guild_id)
    if config is not None:
        return config, False
    # The empty list is set, not left to load: the bot caches the configuration past its session.
    config = GuildConfig(guild_id=guild_id, language=language, timezone=timezone, bindings=[])
    session.add(config)
    await session.flush()
    return config, True


async def set_channel(*, session: AsyncSession, config: GuildConfig, purpose: ChannelPurpose, channel_id: int) -> None:
    config.bind(BindingKind.CHANNEL, ChannelPurpose(purpose), channel_id)
    session.add(config)


async def set_role(*, session: AsyncSession, config: GuildConfig, purpose: RolePurpose, role_id: int) -> None:
    config.bind(BindingKind.ROLE, RolePurpose(purpose), role_id)
    session.add(config)


async def set_language(
    *, session: AsyncSession, config: GuildConfig, language: str, replies: Replies | None = None
) -> None:
    """The server's language; and, when given, whose language replies only the member sees are written in."""
    config.language = language
    if replies is not None:
        config.replies = Replies(replies).value
    session.add(config)
