"""The commands' names, descriptions and choices in each language of the table, from the message catalog."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Location

from bot.i18n import COMMANDS
from bot.i18n.languages import BY_DISCORD_LOCALE


def catalog_key(context: app_commands.TranslationContext) -> tuple[str, int] | None:
    """The catalog key of a translatable string and which half of its entry (0 name, 1 description)."""
    location, data = context.location, context.data
    if location in (Location.command_name, Location.group_name):
        return data.qualified_name, 0
    if location in (Location.command_description, Location.group_description):
        return data.qualified_name, 1
    if location is Location.parameter_name:
        return f"{data.command.qualified_name}:{data.name}", 0
    if location is Location.parameter_description:
        return f"{data.command.qualified_name}:{data.name}", 1
    if location is Location.choice_name:
        return f"choice:{data.value}", 0
    return None


def filled(text: str, extras: Mapping[str, Any], lang: str) -> str:
    """A command text with the values its `locale_str` carries (a default, say); a value that depends on the
    language is a function of the language's code."""
    if not extras:
        return text
    return text.format(**{name: value(lang) if callable(value) else value for name, value in extras.items()})


class CatalogTranslator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContext,
    ) -> str | None:
        language = BY_DISCORD_LOCALE.get(locale.value)
        found = catalog_key(context)
        if language is None or found is None:
            return None
        key, half = found
        entry = COMMANDS[language.code].get(key)
        if entry is None:
            return None
        return filled(entry if isinstance(entry, str) else entry[half], string.extras, language.code)
