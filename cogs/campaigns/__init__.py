"""Phone campaigns on Discord: organising (`/campaign`) and calling (`/call`)."""

from __future__ import annotations

from bot.bot import RodBot
from cogs.campaigns._cog import Campaigns
from cogs.campaigns.views import Calls


async def setup(bot: RodBot) -> None:
    await bot.add_cog(Calls(bot))
    await bot.add_cog(Campaigns(bot))
