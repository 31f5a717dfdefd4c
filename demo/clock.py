"""Moving the simulated clock as the production scheduler would: the ledger runs at every due time on the way.

SimCord's clock only moves when told (`Env.advance_time`), and APScheduler's own wake-ups read the real wall clock,
so the demo (like the tests) runs the ledger itself at each due instant between now and the target.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

from simcord import SetupError

from bot.bot import RodBot

log = logging.getLogger(__name__)


async def advance_to(env: Any, bot: RodBot, moment: datetime) -> None:
    """Move the simulated clock to `moment`, running the ledger at every due time on the way."""
    while True:
        due = await bot.ledger.next_due()
        if due is None or due > moment:
            break
        if due > env.now():
            await env.advance_time((due - env.now()).total_seconds())
        await bot.ledger.run_due()
        await env.settle()
        if due <= env.now() and await bot.ledger.next_due() == due:
            break  # nothing more can happen at this instant (e.g. a delivery keeps failing)
    if moment > env.now():
        await env.advance_time((moment - env.now()).total_seconds())
    await bot.ledger.run_due()
    await env.settle()


class DemoClock:
    """Requests to move the clock, made by the bot's `/demo advance` command, carried out by the demo's driver.

    A command runs as bot work, and SimCord refuses to move its clock from inside bot work; so the command only
    queues the request, and `run()` (a task the demo runner starts outside the bot) does the moving.
    """

    def __init__(self, env: Any, bot: RodBot) -> None:
        self.env = env
        self.bot = bot
        self.requests: asyncio.Queue[int] = asyncio.Queue()
        self.after_advance: list[Any] = []

    def request(self, minutes: int) -> None:
        self.requests.put_nowait(minutes)

    async def wait_idle(self) -> None:
        """Return once every queued request has been carried out."""
        await self.requests.join()

    async def run(self) -> None:
        while True:
            minutes = await self.requests.get()
            try:
                await self._advance(minutes)
            except Exception:
                log.exception("the demo clock could not move %d minutes", minutes)
            finally:
                self.requests.task_done()

    async def _advance(self, minutes: int) -> None:
        target = self.env.now() + timedelta(minutes=minutes)
        for _ in range(200):  # a page action may still be settling; SimCord runs one operation at a time
            try:
                await advance_to(self.env, self.bot, target)
                break
            except SetupError as error:
                if "overlaps" not in str(error):
                    raise
                await asyncio.sleep(0.05)
        for hook in self.after_advance:
            await hook()
