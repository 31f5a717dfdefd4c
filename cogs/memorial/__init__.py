"""Memorial days on Discord: `_cog` the commands and the ledger's handlers, `views` the buttons and forms, `render`
the posts, reminders and replies."""

from bot.bot import RodBot
from cogs.memorial._cog import Memorial


async def setup(bot: RodBot) -> None:
    await bot.add_cog(Memorial(bot))
