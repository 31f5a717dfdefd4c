"""Which language a reply is written in. What everyone sees (an announcement, a memorial post, a meeting's post
and its buttons, the organisers' channel, the audit log) and a direct message (no interaction, so no client
language known) are in the server's language; a reply only the member sees (an ephemeral reply or embed, a form,
the buttons of an ephemeral view, a suggestion) is too, unless the server chose (/setup language) that those follow
each member's own Discord language."""

from __future__ import annotations

import discord

from bot.guilds import GuildConfig, Replies
from bot.i18n.languages import BY_DISCORD_LOCALE


def member_language(locale: discord.Locale | str | None) -> str | None:
    """The language of the table a Discord client language is ('sv-SE' -> 'sv', 'en-US' and 'en-GB' -> 'en');
    None for one the bot does not write."""
    if locale is None:
        return None
    language = BY_DISCORD_LOCALE.get(locale.value if isinstance(locale, discord.Locale) else str(locale))
    return language.code if language is not None else None


def reply_language(interaction: discord.Interaction, config: GuildConfig) -> str:
    """The language of a reply only the person who used the command, button or form sees: theirs when the server
    chose so and the bot writes it, the server's otherwise."""
    if config.replies == Replies.MEMBER:
        return member_language(interaction.locale) or config.language
    return config.language
