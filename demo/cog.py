"""`/demo advance minutes:<n>`: moves the simulated clock. Exists only in the demo (loaded by the demo runner,
never by the bot's extension discovery), so its texts live here rather than in the bot's catalog."""

from __future__ import annotations

from datetime import timedelta

import discord
from discord import app_commands
from discord.ext import commands

from bot import clock
from bot.i18n import format_datetime, tn
from bot.translator import CatalogTranslator, catalog_key
from cogs._shared.ui import config_of
from demo.clock import DemoClock

MAX_MINUTES = 7 * 24 * 60

COMMANDS = {
    "demo": ("demo", "Bara i demon: styr den simulerade klockan"),
    "demo advance": ("framåt", "Flytta den simulerade klockan framåt; det som ska hända på vägen händer"),
    "demo advance:minutes": ("minuter", "Hur många minuter (högst en vecka)"),
}

MESSAGES = {
    "sv": "⏩ Klockan flyttas fram {minutes}, till {moment}. Det som boten ska göra på vägen händer nu.",
    "en": "⏩ The clock moves {minutes} forward, to {moment}. What is due on the way happens now.",
}


class DemoTranslator(CatalogTranslator):
    """The bot's translator, plus the Swedish names of the demo's own command."""

    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContext
    ) -> str | None:
        found = catalog_key(context)
        if locale is discord.Locale.swedish and found is not None and found[0] in COMMANDS:
            return COMMANDS[found[0]][found[1]]
        return await super().translate(string, locale, context)


class Demo(commands.GroupCog, group_name="demo", group_description="Demo only: drive the simulated clock"):
    def __init__(self, demo_clock: DemoClock) -> None:
        self.demo_clock = demo_clock
        super().__init__()

    @app_commands.command(
        name="advance", description="Move the simulated clock forward; what is due on the way happens"
    )
    @app_commands.describe(minutes="How many minutes (at most a week)")
    async def advance(self, interaction: discord.Interaction, minutes: app_commands.Range[int, 1, MAX_MINUTES]) -> None:
        """Anyone may move the clock, in the server and in their direct messages with the bot (the page of
        `--dm`, where meeting reminders arrive): there is no permission to ask, and outside the server the bot's
        own zone and language apply."""
        settings = self.demo_clock.bot.settings
        zone, lang = settings.timezone, settings.locale
        if interaction.guild_id is not None:
            config = await config_of(interaction)
            zone, lang = config.timezone, config.language
        moment = format_datetime(clock.now() + timedelta(minutes=minutes), zone, lang)
        text = MESSAGES.get(lang, MESSAGES["sv"]).format(minutes=tn("count.minutes", minutes, lang), moment=moment)
        await interaction.response.send_message(text, ephemeral=True)
        self.demo_clock.request(minutes)
