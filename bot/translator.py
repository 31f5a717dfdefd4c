"""Swedish names and descriptions for every command, option and choice, from the message catalog."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Location

from bot.i18n import COMMANDS

SWEDISH = discord.Locale.swedish


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


class CatalogTranslator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContext,
    ) -> str | None:
        if locale is not SWEDISH:
            return None
        found = catalog_key(context)
        if found is None:
            return None
        key, half = found
        entry = COMMANDS.get(key)
        if entry is None:
            return None
        return entry if isinstance(entry, str) else entry[half]
