"""Server setup and the audit log: moderators' admin commands."""

from __future__ import annotations

from bot.bot import RodBot
from cogs.setup._cog import Admin, Setup


async def setup(bot: RodBot) -> None:
    await bot.add_cog(Setup(bot))
    await bot.add_cog(Admin(bot))
