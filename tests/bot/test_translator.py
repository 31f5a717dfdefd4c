"""The command translator (`bot.translator`): which catalog entry answers which string of a command, for which
Discord client language, and what it leaves to discord.py (the code's own English) by answering None."""

from __future__ import annotations

import discord
import pytest
from discord import app_commands
from discord.app_commands import TranslationContext
from discord.app_commands import TranslationContextLocation as Location

from bot.i18n import COMMANDS
from bot.translator import CatalogTranslator, catalog_key, filled

setup = app_commands.Group(name="setup", description="Set the bot up for this server")


@setup.command(name="language", description="The language the bot writes in this server")
@app_commands.describe(language="Which language")
@app_commands.choices(language=[app_commands.Choice(name="Men", value="men")])
async def language(interaction: discord.Interaction, language: str) -> None:
    """A command shaped as the bot's own `/setup language`, so its strings have catalog entries."""


(parameter,) = language.parameters  # what discord.py hands the translator: the parameter with its command
choice = parameter.choices[0]


def context(location: Location, data: object) -> TranslationContext:
    return TranslationContext(location=location, data=data)


async def translated(location: Location, data: object, locale: discord.Locale, text: str = "x", **extras) -> str | None:
    return await CatalogTranslator().translate(app_commands.locale_str(text, **extras), locale, context(location, data))


@pytest.mark.parametrize(
    ("location", "data", "expected"),
    [
        (Location.group_name, setup, ("setup", 0)),
        (Location.group_description, setup, ("setup", 1)),
        (Location.command_name, language, ("setup language", 0)),
        (Location.command_description, language, ("setup language", 1)),
        (Location.parameter_name, parameter, ("setup language:language", 0)),
        (Location.parameter_description, parameter, ("setup language:language", 1)),
        (Location.choice_name, choice, ("choice:men", 0)),
        (Location.other, None, None),
    ],
)
def test_each_string_of_a_command_has_its_catalog_key_and_half(location, data, expected):
    assert catalog_key(context(location, data)) == expected


async def test_a_swedish_client_sees_the_swedish_catalog_entry():
    sv = discord.Locale.swedish
    assert await translated(Location.group_name, setup, sv) == COMMANDS["sv"]["setup"][0] == "inställningar"
    assert await translated(Location.command_name, language, sv) == "språk"
    assert await translated(Location.command_description, language, sv) == "Språket boten skriver på i servern"
    assert await translated(Location.choice_name, choice, sv) == "män"


@pytest.mark.parametrize("locale", [discord.Locale.american_english, discord.Locale.british_english])
async def test_english_clients_get_none_and_so_the_codes_own_english(locale):
    assert await translated(Location.command_name, language, locale) is None
    assert await translated(Location.choice_name, choice, locale) is None


async def test_a_client_language_outside_the_table_gets_none():
    assert await translated(Location.command_name, language, discord.Locale.german) is None


async def test_a_string_without_a_catalog_entry_gets_none():
    unknown = app_commands.Group(name="nowhere", description="Not in the catalog")
    assert await translated(Location.group_name, unknown, discord.Locale.swedish) is None
    assert await translated(Location.other, None, discord.Locale.swedish) is None


async def test_the_values_a_string_carries_fill_the_entry_in_the_clients_language():
    described = app_commands.Group(name="memorial", description="x")

    @described.command(name="add", description="x")
    @app_commands.describe(lead_days="Reminders")
    async def add(interaction: discord.Interaction, lead_days: str) -> None:
        """The shape of `/memorial add`, whose reminder option names its default."""

    text = await translated(Location.parameter_description, add.parameters[0], discord.Locale.swedish, default="14, 3")
    assert text == "Påminnelser till organisatörer, dagar före: ”14, 3” eller ”0”"


def test_a_value_that_depends_on_the_language_is_called_with_its_code():
    assert filled("{names}", {"names": lambda lang: f"in {lang}"}, "sv") == "in sv"
    assert filled("{n} days", {"n": 3}, "en") == "3 days"
    assert filled("no {braces} touched", {}, "sv") == "no {braces} touched"
