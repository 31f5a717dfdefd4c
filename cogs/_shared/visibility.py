"""The Discord side of private channels: who can view a channel (or thread), as plain values for
`permissions.outsiders` (the rule); and the words for what is wrong. Nothing here needs the bot, so the bot class
itself uses these; the re-check before a post that must stay private is `cogs._shared.channels`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import discord

from bot import permissions
from bot.errors import UserError
from bot.guilds import ChannelPurpose, GuildConfig, RolePurpose
from bot.i18n import and_list, t
from bot.ledger import BlockedDelivery
from bot.permissions import Outsiders, Viewer, Visibility

Channel = discord.abc.GuildChannel | discord.Thread
ChannelLookup = Callable[[int], Awaitable[Any]]
NAMES_SHOWN = 10


class ChannelExposed(BlockedDelivery):
    """A post was held back: the channel it belongs in can be seen by people it is not for.

    A `BlockedDelivery`, so the ledger keeps a scheduled post and retries it once the server is fixed.
    `organiser_id`, when known, is told by DM."""

    def __init__(
        self, purpose: ChannelPurpose, channel_id: int, found: Outsiders, *, organiser_id: int | None = None
    ) -> None:
        super().__init__("exposed", channel_id)
        self.purpose = purpose
        self.found = found
        self.organiser_id = organiser_id


@dataclass(frozen=True, slots=True)
class Exposure:
    """A configured private channel that others can see."""

    purpose: ChannelPurpose
    channel_id: int
    found: Outsiders


# ---------------------------------------------------------------------- visibility as plain values


def _role_viewer(role: discord.Role, me: discord.Member | None) -> Viewer:
    own = role.managed and me is not None and me.get_role(role.id) is not None
    return Viewer(
        id=role.id,
        name=role.name,
        manages_server=role.permissions.administrator or role.permissions.manage_guild,
        bot=role.is_bot_managed() or own,
    )


def _member_viewer(member: discord.Member) -> Viewer:
    return Viewer(
        id=member.id,
        name=member.display_name,
        manages_server=member.guild_permissions.manage_guild,
        bot=member.bot,
        role_ids=frozenset(role.id for role in member.roles),
    )


async def _member(guild: discord.Guild, user_id: int) -> discord.Member | None:
    member = guild.get_member(user_id)
    if member is not None:
        return member
    try:
        return await guild.fetch_member(user_id)
    except discord.NotFound:
        return None  # gone from the server: sees nothing


async def _named_members(guild: discord.Guild, user_ids: list[int]) -> tuple[Viewer, ...]:
    found = [await _member(guild, user_id) for user_id in user_ids]
    return tuple(_member_viewer(member) for member in found if member is not None)


def _is_member(target: object) -> bool:
    """An overwrite's target is a member (cached, or an `Object` when the member is not)."""
    if isinstance(target, discord.Object):
        return target.type is discord.Member
    return isinstance(target, discord.Member | discord.User)


async def visibility(channel: Channel) -> Visibility:
    """Who can view the channel. Roles count with their base permissions (Administrator sees everything), as a
    member holding only that role would; members count when a member overwrite lets them view it. A public
    thread is seen by whoever sees its parent; a private one by those who may also manage threads there, and by
    its members."""
    if isinstance(channel, discord.Thread):
        return await _thread_visibility(channel)
    guild = channel.guild
    me = guild.me
    roles = tuple(
        _role_viewer(role, me)
        for role in guild.roles
        if not role.is_default() and channel.permissions_for(role).view_channel
    )
    named = [
        target.id for target, overwrite in channel.overwrites.items() if _is_member(target) and overwrite.view_channel
    ]
    return Visibility(
        everyone=channel.permissions_for(guild.default_role).view_channel,
        roles=roles,
        members=await _named_members(guild, named),
    )


async def _thread_visibility(thread: discord.Thread) -> Visibility:
    parent = thread.parent
    if parent is None:
        raise discord.ClientException("the thread's parent channel is unknown")
    seen = await visibility(parent)
    if not thread.is_private():
        return seen
    guild = thread.guild

    def manages_threads(role: discord.Role | None) -> bool:
        return role is not None and parent.permissions_for(role).manage_threads

    thread_members = [member.id for member in await thread.fetch_members()]
    return Visibility(
        everyone=seen.everyone and manages_threads(guild.default_role),
        roles=tuple(viewer for viewer in seen.roles if manages_threads(guild.get_role(viewer.id))),
        members=seen.members + await _named_members(guild, thread_members),
    )


async def outsiders_of(channel: Channel, allowed_role_ids: frozenset[int]) -> Outsiders:
    return permissions.outsiders(await visibility(channel), allowed_role_ids)


async def exposures(config: GuildConfig, lookup: ChannelLookup) -> list[Exposure]:
    """The configured private channels that others can see (a channel the lookup cannot find is left out:
    the configuration reports it missing elsewhere)."""
    found: list[Exposure] = []
    for purpose in permissions.PRIVATE_CHANNELS:
        channel_id = config.channel_id(purpose)
        channel = await lookup(channel_id) if channel_id is not None else None
        if channel is None:
            continue
        outside = await outsiders_of(channel, permissions.private_role_ids(config, purpose))
        if outside:
            found.append(Exposure(purpose, channel_id, outside))
    return found


def cached_lookup(bot: discord.Client) -> ChannelLookup:
    async def lookup(channel_id: int) -> Any:
        return bot.get_channel(channel_id)

    return lookup


def creation_overwrites(
    guild: discord.Guild, config: GuildConfig, purpose: ChannelPurpose
) -> dict[discord.Role | discord.Member, discord.PermissionOverwrite]:
    """The overwrites /setup create gives a new channel: the bot may always post; a private one is hidden from
    @everyone and shown to its roles (the audience, or the organisers) and the moderators."""
    me = guild.me
    overwrites: dict[discord.Role | discord.Member, discord.PermissionOverwrite] = {
        me: discord.PermissionOverwrite(
            view_channel=True,
            send_messages=True,
            send_messages_in_threads=True,
            embed_links=True,
            read_message_history=True,
        )
    }
    if not permissions.is_private(purpose):
        return overwrites
    overwrites[guild.default_role] = discord.PermissionOverwrite(view_channel=False)
    shown = discord.PermissionOverwrite(view_channel=True, send_messages=True, read_message_history=True)
    for role_id in permissions.private_role_ids(config, purpose):
        role = guild.get_role(role_id)
        if role is not None:
            overwrites[role] = shown
    return overwrites


# ---------------------------------------------------------------------- words


def _plain(name: str) -> str:
    return discord.utils.escape_markdown(discord.utils.escape_mentions(name))


def _listed(parts: list[str], lang: str) -> str:
    if len(parts) > NAMES_SHOWN:
        parts = [*parts[:NAMES_SHOWN], t("private.who.more", lang, count=len(parts) - NAMES_SHOWN)]
    return and_list(parts, lang)


def who_text(found: Outsiders, lang: str) -> str:
    """Who can see the channel, by name (role names, members' display names), pinging nobody."""
    parts = [t("private.who.everyone", lang)] if found.everyone else []
    parts += [t("private.who.role", lang, name=_plain(role.name)) for role in found.roles]
    parts += [_plain(member.name) for member in found.members]
    return _listed(parts, lang)


def audit_who(found: Outsiders, lang: str) -> str:
    """Who can see the channel, for the audit log: @everyone and role mentions, members only counted (the audit
    log keeps ids and counts, never names)."""
    parts = [t("private.who.everyone", lang)] if found.everyone else []
    parts += [f"<@&{role.id}>" for role in found.roles]
    if found.members:
        parts.append(t("private.who.members", lang, count=len(found.members)))
    return _listed(parts, lang)


def fix_text(config: GuildConfig, purpose: ChannelPurpose, lang: str) -> str:
    """Who the channel is for and how to make it so."""
    text = t(f"private.fix.{purpose.value}", lang) + " " + t("private.fix.how", lang)
    unset = [p for p in (*permissions.PRIVATE_CHANNELS[purpose], RolePurpose.MODERATOR) if config.role_id(p) is None]
    if unset:
        roles = and_list((t(f"purpose.role.{p.value}", lang) for p in unset), lang)
        text += " " + t("private.fix.roles_unset", lang, roles=roles)
    return text


def exposure_text(exposure: Exposure, channel: str, lang: str) -> str:
    """One line for /setup show and `python -m bot check`: which purpose, which channel, who sees it."""
    return t(
        "private.exposure",
        lang,
        purpose=t(f"purpose.channel.{exposure.purpose.value}", lang),
        channel=channel,
        who=who_text(exposure.found, lang),
    )


def held_now(exposed: ChannelExposed, what_key: str, lang: str) -> UserError:
    """What the person is told when the post they asked for was held back (nothing was sent)."""
    return UserError(
        "private.held.now", what_key=what_key, channel=f"<#{exposed.channel_id}>", who=who_text(exposed.found, lang)
    )


def held_later_text(exposed: ChannelExposed, what: str, lang: str) -> str:
    """What the organiser is told by DM when a scheduled post waits for the channel to be private again."""
    return t(
        "private.held.later", lang, what=what, channel=f"<#{exposed.channel_id}>", who=who_text(exposed.found, lang)
    )
