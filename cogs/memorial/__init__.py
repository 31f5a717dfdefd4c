"""Memorial days: moderators manage the days; the ledger posts the announcements and reminds organisers."""

from bot.bot import RodBot
from cogs.memorial._cog import Memorial


async def setup(bot: RodBot) -> None:
    await bot.add_cog(Memorial(bot))
