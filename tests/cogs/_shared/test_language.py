"""Which language a reply is written in: a Discord client language mapped to one of the table, and the server's
choice of whose language the replies only the member sees follow."""

from __future__ import annotations

from types import SimpleNamespace

import discord
import pytest

from bot.guilds import GuildConfig, Replies
from cogs._shared.language import member_language, reply_language


@pytest.mark.parametrize(
    ("locale", "language"),
    [
        ("sv-SE", "sv"),
        ("en-US", "en"),
        ("en-GB", "en"),
        (discord.Locale.swedish, "sv"),
        (discord.Locale.american_english, "en"),
        (discord.Locale.british_english, "en"),
        ("de", None),
        (discord.Locale.norwegian, None),
        ("sv", None),  # not a Discord locale
        (None, None),
    ],
)
def test_a_discord_language_maps_to_a_language_the_bot_writes(locale, language):
    assert member_language(locale) == language


def asked_in(locale: str) -> discord.Interaction:
    return SimpleNamespace(locale=discord.Locale(locale))  # type: ignore[return-value]


@pytest.mark.parametrize("server", ["sv", "en"])
def test_replies_are_in_the_servers_language_unless_it_chose_each_members(server):
    config = GuildConfig(guild_id=1, language=server)
    assert config.replies == Replies.SERVER
    assert [reply_language(asked_in(locale), config) for locale in ("sv-SE", "en-US", "de")] == [server] * 3

    config.replies = Replies.MEMBER
    assert [reply_language(asked_in(locale), config) for locale in ("sv-SE", "en-US", "en-GB", "de", "fi")] == [
        "sv",
        "en",
        "en",
        server,
        server,
    ]
