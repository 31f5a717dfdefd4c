"""A district's Discord server in SimCord, as the demo shows it and the tests drive it: its roles, its channels (the
organisers', the separatist and the audit channels private to their roles), its members, and the configuration a
board member stores with /setup."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import discord
from simcord.actors import MemberActor
from simcord.builders import ChannelHandle, GuildHandle, RoleHandle

from bot import guilds
from bot.audiences import Audience
from bot.bot import RodBot
from bot.guilds import ChannelPurpose, RolePurpose
from bot.i18n import t

SEPARATIST = [audience for audience in Audience if audience.is_separatist]
"""Each separatist audience has its role (keyed by the audience) and its private channel, named as /setup create
names them: a new audience in `bot.audiences` is on the server with nothing added here."""

ROLES = {
    "board": ("Styrelse", discord.Permissions(manage_guild=True)),
    "moderator": ("Moderator", None),
    "organiser": ("Organisatör", None),
    "caller": ("Ringare", None),
    **{audience.value: (t(f"setup.create.role.{audience}"), None) for audience in SEPARATIST},
}
"""Key → the role's name and its permissions (the board manages the server)."""

CHANNELS = {
    "allmänt": None,
    "meddelanden": None,
    "organisatörer": ("organiser", "moderator", "board"),
    **{t(f"setup.create.channel.{audience}"): (audience.value, "moderator") for audience in SEPARATIST},
    "logg": ("moderator", "board"),
}
"""Channel name → the roles that may see it (None: everyone)."""

CHANNEL_PURPOSES = {
    ChannelPurpose.ANNOUNCEMENTS: "meddelanden",
    ChannelPurpose.ORGANISERS: "organisatörer",
    **{ChannelPurpose(audience.channel_purpose): t(f"setup.create.channel.{audience}") for audience in SEPARATIST},
    ChannelPurpose.AUDIT_LOG: "logg",
}
ROLE_PURPOSES = {
    RolePurpose.MODERATOR: "moderator",
    RolePurpose.ORGANISER: "organiser",
    RolePurpose.CALLER: "caller",
    **{RolePurpose(audience.role_purpose): audience.value for audience in SEPARATIST},
}


def build(env: Any) -> tuple[GuildHandle, dict[str, ChannelHandle], dict[str, RoleHandle]]:
    """The server with its roles (by key) and its channels (by name); the bot sees every channel."""
    guild = env.create_guild("Vänsterpartiet Skåne")
    roles = {key: guild.create_role(name, permissions=permissions) for key, (name, permissions) in ROLES.items()}
    hidden = discord.PermissionOverwrite(view_channel=False)
    shown = discord.PermissionOverwrite(view_channel=True, send_messages=True)
    channels = {}
    for name, seen_by in CHANNELS.items():
        overwrites = None
        if seen_by is not None:
            overwrites = {guild.default_role: hidden, env.bot.user: shown}
            overwrites.update({roles[role]: shown for role in seen_by})
        channels[name] = guild.create_text_channel(name, overwrites=overwrites)
    return guild, channels, roles


def add_members(
    env: Any,
    guild: GuildHandle,
    roles: Mapping[str, RoleHandle],
    people: Mapping[str, tuple[str, list[str]]],
    *,
    roles_in_nicknames: bool = False,
) -> dict[str, MemberActor]:
    """`people` (key → name and role keys) as members of the server, by key. With `roles_in_nicknames` each is
    known on the server by their name and roles, e.g. "Karin Nilsson (ringare)", as the demo's page lists them."""
    members = {}
    for key, (name, role_keys) in people.items():
        user = env.create_user(name.lower().replace(" ", "."), global_name=name)
        nick = nickname(name, role_label(role_keys)) if roles_in_nicknames else None
        members[key] = guild.add_member(user, roles=[roles[role] for role in role_keys], nick=nick)
    return members


NICKNAME_LIMIT = 32
"""The longest nickname Discord takes."""


def nickname(name: str, roles: str) -> str:
    """A nickname of name and roles, "Karin Nilsson (ringare)"; the first name only where the whole name and the
    roles are too long for Discord ("Fatima (kvinnor och ickebinära)")."""
    whole = f"{name} ({roles})"
    return whole if len(whole) <= NICKNAME_LIMIT else f"{name.split()[0]} ({roles})"[:NICKNAME_LIMIT]


def role_label(role_keys: list[str]) -> str:
    """The roles of `role_keys` as a member reads them ("ringare", "kvinnor och ickebinära"); "medlem" for none."""
    return ", ".join(ROLES[key][0].lower() for key in role_keys) or "medlem"


async def configure(
    bot: RodBot, guild: GuildHandle, channels: Mapping[str, ChannelHandle], roles: Mapping[str, RoleHandle]
) -> None:
    """Store the configuration a board member sets with /setup: every purpose bound to its channel (by name) and
    role (by key)."""
    async with bot.db.session() as session:
        config, _ = await guilds.ensure_config(session=session, guild_id=guild.id)
        for purpose, name in CHANNEL_PURPOSES.items():
            await guilds.set_channel(session=session, config=config, purpose=purpose, channel_id=channels[name].id)
        for purpose, key in ROLE_PURPOSES.items():
            await guilds.set_role(session=session, config=config, purpose=purpose, role_id=roles[key].id)
    bot.forget_config(guild.id)
    await bot.ensure_guild(guild.id)
