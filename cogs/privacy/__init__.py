"""Members' data rights: what is stored, a copy of it, erasure; members who leave; the daily retention job."""

from __future__ import annotations

from bot.bot import RodBot
from cogs.privacy._cog import Privacy


async def setup(bot: RodBot) -> None:
    await bot.add_cog(Privacy(bot))
