"""The base of every feature's slash-command group: what each feature's cog does when it is loaded and unloaded,
written once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from discord.ext import commands

from bot import privacy
from bot.bot import RodBot
from bot.ledger import Handler, Planner
from cogs._shared.ui import PersistentButton

LedgerKind = tuple[str, Planner, Handler]
"""A kind of occurrence the feature plans and delivers: its name, its planner and its handler."""


class FeatureCog(commands.GroupCog):
    """A feature's command group (`/meeting`, `/memorial` …), holding the bot. While it is loaded the bot answers
    its persistent `buttons` (also after a restart), the ledger plans and delivers its `ledger_kinds()`, and a
    member's erasure reaches its `after_erasure`."""

    buttons: ClassVar[Sequence[type[PersistentButton]]] = ()

    def __init__(self, bot: RodBot) -> None:
        self.bot = bot

    def ledger_kinds(self) -> Sequence[LedgerKind]:
        return ()

    async def after_erasure(self, guild_id: int, aftermath: privacy.Aftermath) -> None:
        """Put right what the erasure leaves showing in the feature's own posts; most features have nothing to."""

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*self.buttons)
        for kind, planner, handler in self.ledger_kinds():
            self.bot.ledger.register(kind, planner, handler)
        self.bot.erasure_hooks.append(self.after_erasure)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*self.buttons)
        self.bot.erasure_hooks.remove(self.after_erasure)
