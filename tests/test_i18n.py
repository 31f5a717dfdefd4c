"""Every text exists in Swedish and English; every command, option and choice has a Swedish name."""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime

import discord
from discord import app_commands

from bot.i18n import COMMANDS, MESSAGES, format_datetime, in_days
from cogs._shared.interactions import capability_of

NAME = re.compile(r"^[-_\w]{1,32}$")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_swedish_and_english_with_the_same_placeholders():
    for key, texts in MESSAGES.items():
        assert set(texts) == {"sv", "en"}, key
        assert texts["sv"].strip() and texts["en"].strip(), key
        assert placeholders(texts["sv"]) == placeholders(texts["en"]), key


def walk(commands):
    for command in commands:
        yield command
        if isinstance(command, app_commands.Group):
            yield from walk(command.commands)


def test_every_command_option_and_choice_has_a_swedish_name_and_description(simcord_bot):
    missing = []
    for command in walk(simcord_bot.tree.get_commands()):
        entry = COMMANDS.get(command.qualified_name)
        if not (isinstance(entry, tuple) and NAME.match(entry[0]) and entry[0] == entry[0].lower() and entry[1]):
            missing.append(command.qualified_name)
        if isinstance(command, app_commands.Command):
            for parameter in command.parameters:
                key = f"{command.qualified_name}:{parameter.name}"
                entry = COMMANDS.get(key)
                if not (isinstance(entry, tuple) and NAME.match(entry[0]) and entry[1]):
                    missing.append(key)
                missing.extend(
                    f"choice:{choice.value}" for choice in parameter.choices if f"choice:{choice.value}" not in COMMANDS
                )
    assert missing == []


def test_every_command_declares_who_may_use_it(simcord_bot):
    undeclared = [
        command.qualified_name
        for command in walk(simcord_bot.tree.get_commands())
        if isinstance(command, app_commands.Command) and capability_of(command) is None
    ]
    assert undeclared == []


async def test_swedish_names_reach_discord(simcord_env, simcord_bot):
    synced = {c.name: c for c in await simcord_bot.tree.fetch_commands()}
    assert synced["setup"].name_localizations[discord.Locale.swedish] == "inställningar"


def test_dates_are_written_the_swedish_way():
    moment = datetime(2023, 3, 8, 17, 0, tzinfo=UTC)
    assert format_datetime(moment, "Europe/Stockholm") == "onsdag 8 mars 2023 kl. 18.00"
    assert format_datetime(moment, "Europe/Stockholm", "en") == "Wednesday 8 March 2023 at 18:00"
    summer = datetime(2023, 7, 11, 7, 0, tzinfo=UTC)
    assert format_datetime(summer, "Europe/Stockholm") == "tisdag 11 juli 2023 kl. 09.00"
    assert in_days(12) == "om 12 dagar" and in_days(0) == "i dag" and in_days(1, "en") == "tomorrow"
