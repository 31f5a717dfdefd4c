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
from bot.bot import RodBot
from bot.guilds import ChannelPurpose, RolePurpose

ROLES = {
    "board": ("Styrelse", discord.Permissions(manage_guild=True)),
    "moderator": ("Moderator", None),
    "organiser": ("Organisatör", None),
    "caller": ("Ringare", None),
    "women": ("Kvinnor och ickebinära", None),
    "men": ("Mansträffar", None),
}
"""Key → the role's name and its permissions (the board manages the server)."""

CHANNELS = {
    "allmänt": None,
    "meddelanden": None,
    "organisatörer": ("organiser", "moderator", "board"),
    "kvinnor-ickebinära": ("women", "moderator"),
    "mansträffar": ("men", "moderator"),
    "logg": ("moderator", "board"),
}
"""Channel name → the roles that may see it (None: everyone)."""

CHANNEL_PURPOSES = {
    ChannelPurpose.ANNOUNCEMENTS: "meddelanden",
    ChannelPurpose.ORGANISERS: "organisatörer",
    ChannelPurpose.WOMEN_NONBINARY: "kvinnor-ickebinära",
    ChannelPurpose.MEN: "mansträffar",
    ChannelPurpose.AUDIT_LOG: "logg",
}
ROLE_PURPOSES = {
    RolePurpose.MODERATOR: "moderator",
    RolePurpose.ORGANISER: "organiser",
    RolePurpose.CALLER: "caller",
    RolePurpose.WOMEN_NONBINARY: "women",
    RolePurpose.MEN: "men",
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
    env: Any, guild: GuildHandle, roles: Mapping[str, RoleHandle], people: Mapping[str, tuple[str, list[str]]]
) -> dict[str, MemberActor]:
    """`people` (key → name and role keys) as members of the server, by key."""
    members = {}
    for key, (name, role_keys) in people.items():
        user = env.create_user(name.lower().replace(" ", "."), global_name=name)
        members[key] = guild.add_member(user, roles=[roles[role] for role in role_keys])
    return members


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
