"""/meeting: schedule meetings, answer Kommer / Kanske / Kan inte, reminders, attendance and statistics."""

from bot.bot import RodBot
from cogs.meetings._cog import Meetings


async def setup(bot: RodBot) -> None:
    await bot.add_cog(Meetings(bot))
