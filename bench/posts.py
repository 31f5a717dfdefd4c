"""3 000 posts due in the same minute (ten memorial days in each of 300 servers, all on 2 January at 09:00),
delivered under the model of Discord's rate limits: time from due to posted, beside the floor the limits set."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from simcord.env import Env

from bench.common import MEMORIAL_DUE, Size, percentile
from bench.discord_limits import EMBEDS_PER_MESSAGE, LimitedDiscord, floor_times
from bot.bot import RodBot
from bot.memorial import POST_KIND


async def due_posts(env: Env, bot: RodBot, size: Size) -> dict[str, Any]:
    """The clock is moved to the due minute through the ledger (as the scheduler would run it), and the ledger
    runs at the due instant; a post counts as posted when its handler has sent it."""
    from tests.support import advance_to

    await advance_to(env, bot, MEMORIAL_DUE - timedelta(seconds=1))
    kind = bot.ledger.kinds[POST_KIND]
    original = kind.handler
    posted: list[float] = []

    async def timed(occurrence: Any) -> None:
        await original(occurrence)
        posted.append(time.perf_counter())

    kind.handler = timed
    await env.advance_time(1)
    discord = LimitedDiscord(bot.http)
    try:
        with discord.installed():
            started = time.perf_counter()
            await bot.ledger.run_due()
            finished = time.perf_counter() - started
    finally:
        kind.handler = original
    await env.settle()
    delays = [moment - started for moment in posted]
    per_channel = [size.memorial_per_guild] * size.guilds  # each server's days post in its announcements channel
    floor = floor_times(per_channel, EMBEDS_PER_MESSAGE)
    one_each = floor_times(per_channel, 1)
    return {
        "due": size.posts,
        "posted": len(posted),
        "p50_s": percentile(delays, 50),
        "p99_s": percentile(delays, 99),
        "last_s": max(delays, default=float("nan")),
        "run_due_s": finished,
        "requests": discord.requests,
        "too_many_requests": dict(discord.too_many),
        "floor_p99_s": percentile(floor, 99),
        "floor_last_s": max(floor, default=0.0),
        "floor_one_per_message_p99_s": percentile(one_each, 99),
    }
