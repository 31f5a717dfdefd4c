"""/network: members join or leave the separatist networks; organisers decide join requests."""

from bot.bot import RodBot
from cogs.network._cog import Network


async def setup(bot: RodBot) -> None:
    await bot.add_cog(Network(bot))
