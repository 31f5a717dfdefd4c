"""3 000 posts due in the same minute (ten memorial days in each of 300 servers, all on 2 January at 09:00),
delivered under the model of Discord's rate limits: time from due to posted, beside the floor the limits set."""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter
from datetime import timedelta
from typing import Any

from simcord.env import Env

from bench.common import MEMORIAL_DUE, Size, percentile
from bench.discord_limits import EMBEDS_PER_MESSAGE, LimitedDiscord, floor_times
from bot.bot import RodBot
from bot.memorial.planner import POST_KIND

PATIENCE_SECONDS = 120.0
"""How long the bench waits for the posts. What is not out by then counts as later than that; the pace so far says
when the last would have been out."""


class Elapsed:
    """Seconds since the posts fell due: the real clock, plus the time the scheduler would have slept until a
    retry fell due (SimCord's clock jumps it; the rate limits' windows must see it pass)."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.slept = 0.0

    def __call__(self) -> float:
        return time.perf_counter() - self.started + self.slept


async def due_posts(env: Env, bot: RodBot, size: Size) -> dict[str, Any]:
    """The clock is moved to the due minute through the ledger, and the ledger runs at the due instant, and again
    whenever a retry falls due, as the scheduler would run it; a post counts as posted when its handler has sent
    it. A post that failed (discord.py gave up after five 429s in a row) is retried by the ledger, after 30 s."""
    from tests.support import advance_to

    await advance_to(env, bot, MEMORIAL_DUE - timedelta(seconds=1))
    kind = bot.ledger.kinds[POST_KIND]
    original = kind.handler
    posted: list[float] = []
    failed: list[str] = []
    elapsed = Elapsed()

    async def timed(occurrence: Any) -> None:
        try:
            await original(occurrence)
        except Exception as error:  # the ledger records it and tries again later
            failed.append(type(error).__name__)
            raise
        posted.append(elapsed())

    kind.handler = timed
    # From here the bench runs the ledger itself, as the scheduler would: APScheduler reads the real wall clock,
    # which is past every simulated date, and would run it besides whenever SimCord's clock moves.
    bot.scheduler.aps.pause()
    await env.advance_time(1)
    discord = LimitedDiscord(bot.http, elapsed)
    try:
        with discord.installed():
            elapsed.started = time.perf_counter()
            while len(posted) < size.posts:
                delivery = asyncio.ensure_future(bot.ledger.run_due())
                done, _ = await asyncio.wait({delivery}, timeout=max(0.0, PATIENCE_SECONDS - elapsed()))
                if not done:
                    delivery.cancel()
                    await asyncio.gather(delivery, return_exceptions=True)
                    break
                delivery.result()
                retry = await bot.ledger.next_due()
                sleep = (retry - env.now()).total_seconds() if retry is not None else math.inf
                if len(posted) == size.posts or elapsed() + sleep > PATIENCE_SECONDS:
                    break
                elapsed.slept += sleep
                await env.advance_time(sleep)
            waited = elapsed()
    finally:
        kind.handler = original
    await env.settle()
    late = [math.inf] * (size.posts - len(posted))  # not out within the bench's patience
    delays = posted + late
    per_channel = [size.memorial_per_guild] * size.guilds  # each server's days post in its announcements channel
    floor = floor_times(per_channel, EMBEDS_PER_MESSAGE)

    def seconds(p: float) -> float | None:
        found = percentile(delays, p)
        return None if math.isinf(found) else found

    return {
        "due": size.posts,
        "posted": len(posted),
        "failed": dict(Counter(failed)),  # attempts that failed (and were retried later)
        "waited_s": waited,
        "p50_s": seconds(50),
        "p99_s": seconds(99),
        "last_s": seconds(100),
        "projected_last_s": size.posts / len(posted) * waited if late and posted else None,
        "requests": discord.requests,
        "too_many_requests": dict(discord.too_many),
        "floor_p99_s": percentile(floor, 99),
        "floor_one_per_message_p99_s": percentile(floor_times(per_channel, 1), 99),
    }
