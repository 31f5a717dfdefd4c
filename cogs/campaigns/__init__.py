"""Phone campaigns on Discord: organising (`/campaign`) and calling (`/call`), one extension for both, since they
share their autocompletion, buttons and rendering."""

from __future__ import annotations

from bot.bot import RodBot
from cogs.campaigns._cog import Calls, Campaigns


async def setup(bot: RodBot) -> None:
    await bot.add_cog(Calls(bot))
    await bot.add_cog(Campaigns(bot))
