"""Plans and commitments: load or import a plan, follow its commitments, remind, and write the year-end report."""

from __future__ import annotations

from bot.bot import RodBot
from cogs.commitments._cog import CommitmentCog
from cogs.commitments._plan_cog import PlanCog


async def setup(bot: RodBot) -> None:
    await bot.add_cog(PlanCog(bot))
    await bot.add_cog(CommitmentCog(bot))
