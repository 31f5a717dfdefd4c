"""The base of every feature's slash-command group: what each feature's cog does when it is loaded and unloaded,
written once."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar, TypeVar

from discord.ext import commands

from bot import privacy
from bot.bot import RodBot
from bot.ledger import Handler, Planner
from cogs._shared.ui import PersistentButton

H = TypeVar("H", bound=Callable[..., Any])
LEDGER_KIND = "__rodbot_ledger_kind__"


def delivers(kind: str, planner: Planner) -> Callable[[H], H]:
    """Make a feature cog's method the ledger's handler of `kind`, whose occurrences `planner` plans (as
    `commands.Cog.listener` marks a listener): the cog registers it when it is loaded."""

    def mark(handler: H) -> H:
        setattr(handler, LEDGER_KIND, (kind, planner))
        return handler

    return mark


class FeatureCog(commands.GroupCog):
    """A feature's command group (`/meeting`, `/memorial` …), holding the bot. While it is loaded the bot answers
    its persistent `buttons` (also after a restart), the ledger plans and delivers the kinds of its `@delivers`
    methods, and a member's erasure reaches its `after_erasure`."""

    buttons: ClassVar[Sequence[type[PersistentButton]]] = ()

    def __init__(self, bot: RodBot) -> None:
        self.bot = bot

    def _ledger_kinds(self) -> Iterator[tuple[str, Planner, Handler]]:
        for name, member in vars(type(self)).items():
            if hasattr(member, LEDGER_KIND):
                kind, planner = getattr(member, LEDGER_KIND)
                yield kind, planner, getattr(self, name)

    async def after_erasure(self, guild_id: int, aftermath: privacy.Aftermath) -> None:
        """Put right what the erasure leaves showing in the feature's own posts; most features have nothing to."""

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*self.buttons)
        for kind, planner, handler in self._ledger_kinds():
            self.bot.ledger.register(kind, planner, handler)
        self.bot.erasure_hooks.append(self.after_erasure)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*self.buttons)
        self.bot.erasure_hooks.remove(self.after_erasure)
