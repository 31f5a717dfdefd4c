"""The permission matrix, generated from the bot's own command tree.

Every slash command is invoked by every kind of member; the outcome must be what `bot/permissions.py` says:
invisible when Discord's default permissions hide it, refused by the bot's gate when the capability is missing,
let through otherwise. A new command without a declared capability fails here and in test_i18n.
"""

from __future__ import annotations

import discord
from discord import AppCommandOptionType, app_commands
from simcord import SetupError

from bot import permissions
from bot.ui import Refused, capability_of

KINDS = ("member", "caller", "organiser", "woman", "man", "moderator", "admin")


def leaves(commands):
    for command in commands:
        if isinstance(command, app_commands.Group):
            yield from leaves(command.commands)
        else:
            yield command


def default_permissions(command: app_commands.Command) -> discord.Permissions | None:
    node = command
    while node is not None:
        if node.default_permissions is not None:
            return node.default_permissions
        node = node.parent
    return None


def sample_options(command: app_commands.Command, district, actor) -> dict:
    """The simplest valid value of every required option."""
    values = {}
    for parameter in command.parameters:
        if not parameter.required:
            continue
        kind = parameter.type
        if parameter.choices:
            values[parameter.name] = parameter.choices[0].value
        elif kind is AppCommandOptionType.string:
            values[parameter.name] = "x" * max(parameter.min_value or 1, 1)
        elif kind in (AppCommandOptionType.integer, AppCommandOptionType.number):
            values[parameter.name] = parameter.min_value if parameter.min_value is not None else 1
        elif kind is AppCommandOptionType.boolean:
            values[parameter.name] = False
        elif kind in (AppCommandOptionType.user, AppCommandOptionType.mentionable):
            values[parameter.name] = actor
        elif kind is AppCommandOptionType.role:
            values[parameter.name] = district.roles["caller"]
        elif kind is AppCommandOptionType.channel:
            values[parameter.name] = district.channels["announcements"]
        elif kind is AppCommandOptionType.attachment:
            values[parameter.name] = ("x.txt", b"x")
    return values


async def test_every_command_for_every_kind_of_member(simcord_env, simcord_bot, district):
    mismatches = []
    checked = 0
    for command in leaves(simcord_bot.tree.get_commands()):
        capability = capability_of(command)
        hidden_by = default_permissions(command)
        for kind in KINDS:
            await district.configure(simcord_bot)  # undo what the previous sample invocation changed
            config = await simcord_bot.guild_config(district.guild.id)
            actor = district.members[kind]
            member = actor.member
            person = permissions.Person(
                actor.id, frozenset(r.id for r in member.roles), member.guild_permissions.manage_guild
            )
            visible = hidden_by is None or member.guild_permissions >= hidden_by
            expected = (
                "hidden" if not visible else "allowed" if permissions.allows(person, capability, config) else "refused"
            )
            cursor = simcord_env.error_cursor
            try:
                await actor.slash(district.general, command.qualified_name, **sample_options(command, district, actor))
            except SetupError:
                observed = "hidden"
            else:
                errors = simcord_env.errors_since(cursor)
                observed = "refused" if any(isinstance(e, Refused) for e in errors) else "allowed"
            checked += 1
            if observed != expected:
                mismatches.append(f"{command.qualified_name} as {kind}: expected {expected}, got {observed}")
    _ = simcord_env.errors  # refusals and bad dummy input above are the point of this test
    assert mismatches == []
    assert checked >= 5 * len(KINDS)
