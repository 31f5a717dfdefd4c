"""What the two campaign cogs share: organising (`/campaign`) and calling (`/call`)."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.bot import RodBot
from bot.campaigns import service
from bot.campaigns.crypto import Vault
from bot.campaigns.models import CampaignStatus
from cogs._shared.interactions import clamp
from cogs._shared.ui import bot_of

COLOUR = 0xDA291C
VIEW_MEMORY = 900
"""How long a view of campaign buttons stays in memory: the buttons are persistent (they work from their custom
id, also after a restart), so the view object need not stay for ever."""


def vault_of(bot: RodBot) -> Vault:
    """The encryption of personal data; a clear Swedish error when DATA_KEY is missing."""
    return Vault(bot.settings.data_key)


async def campaign_choices(
    interaction: discord.Interaction, current: str, *, statuses: tuple[str, ...] | None = None
) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    async with bot_of(interaction).db.session() as session:
        campaigns = await service.list_campaigns(session, interaction.guild_id, statuses=statuses)
    typed = current.strip().lower()
    return [
        app_commands.Choice(name=clamp(c.name, 100), value=c.name)
        for c in reversed(campaigns)
        if typed in c.name.lower()
    ][:25]


async def campaign_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return await campaign_choices(interaction, current)


async def running_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return await campaign_choices(interaction, current, statuses=(CampaignStatus.ACTIVE,))
