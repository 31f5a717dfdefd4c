"""The languages the bot writes: one row each, and its catalog `bot/i18n/<code>.po`. That is all a language is:
/setup language offers the rows, BOT_LOCALE accepts their codes, the command translator maps Discord's client
languages to them, and dates, lists and language names are written by Babel in their locale."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    """Stored per server (`guild_config.language`, at most 5 characters) and read from BOT_LOCALE; names the
    catalog file."""
    babel_locale: str
    """Dates, lists and the names of languages are written in this locale."""
    discord_locales: tuple[str, ...]
    """The Discord client languages (`discord.Locale` values) whose users see the commands' names in this one."""


LANGUAGES = (
    Language("sv", babel_locale="sv_SE", discord_locales=("sv-SE",)),
    Language("en", babel_locale="en_GB", discord_locales=("en-GB", "en-US")),
)

DEFAULT_LANGUAGE = "sv"
"""What a text falls back to when a language lacks it."""

COMMAND_LANGUAGE = "en"
"""The language the commands are written in, in the code: its catalog holds no command names."""

BY_CODE = {language.code: language for language in LANGUAGES}
BY_DISCORD_LOCALE = {locale: language for language in LANGUAGES for locale in language.discord_locales}
