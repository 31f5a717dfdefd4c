"""Reading an interaction (who is asking, which capability a command needs) and answering it (a reply, an error
in words). Nothing here needs the bot, so the bot class itself uses these."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.errors import UserError
from bot.i18n import Moment, stored_text, t
from bot.permissions import Capability, Person

EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FIELD_LIMIT = 1024
MESSAGE_LIMIT = 2000


class Unreadable:
    """What an option's transformer gives the command in place of a value its reading refused (a date that does
    not exist, a time that does not parse): discord.py transforms options before the command runs, where a raised
    error could only reach the error handler. The command's gate (`requires`) answers `error` in words instead of
    running the command, so the command itself never sees one."""

    __slots__ = ("error",)

    def __init__(self, error: UserError) -> None:
        self.error = error

    def __repr__(self) -> str:
        return f"Unreadable({self.error.key!r})"


def member_person(member: discord.Member) -> Person:
    """The plain facts the permission rules read about a member, as they are now."""
    return Person(
        user_id=member.id,
        role_ids=frozenset(role.id for role in member.roles),
        manage_guild=member.guild_permissions.manage_guild,
    )


def person_of(interaction: discord.Interaction) -> Person:
    user = interaction.user
    if not isinstance(user, discord.Member):
        return Person(user.id, frozenset())
    return member_person(user)


def declare_capability(target: Any, capability: Capability) -> None:
    """Note on a command (or on a callback not yet made one) the capability it needs, for `capability_of`."""
    if isinstance(target, app_commands.Command):
        target.extras["capability"] = capability
    else:
        target.__rodbot_capability__ = capability


def capability_of(command: app_commands.Command[Any, ..., Any]) -> Capability | None:
    return command.extras.get("capability") or getattr(command.callback, "__rodbot_capability__", None)


def render(error: UserError, lang: str) -> str:
    """A `UserError` in words; values named `*_key` are catalog keys, translated too, and a `Moment` is written in
    the reader's language."""
    values = {}
    for name, value in error.values.items():
        if name.endswith("_key") and isinstance(value, str):
            values[name.removesuffix("_key")] = t(value, lang)
        elif isinstance(value, Moment):
            values[name] = value.written(lang)
        else:
            values[name] = value
    return stored_text(error.key, lang, values)


async def reply(
    interaction: discord.Interaction,
    content: str | None = None,
    *,
    ephemeral: bool = True,
    **kwargs: Any,
) -> None:
    """Answer the interaction whether or not it was already answered or deferred."""
    if content is not None and len(content) > MESSAGE_LIMIT:
        content = content[: MESSAGE_LIMIT - 1] + "…"
    if interaction.response.is_done():
        await interaction.followup.send(content=content, ephemeral=ephemeral, **kwargs)
    else:
        await interaction.response.send_message(content=content, ephemeral=ephemeral, **kwargs)


def clamp(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
