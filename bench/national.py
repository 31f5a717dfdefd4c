"""The bot on the national dataset (a child process of its own): start-up, the one-read comparison, the
interactions, the claims, a restart and the due posts; and the start-up with no servers at all, its floor."""

from __future__ import annotations

import gc
import os
import time
from typing import Any

from simcord.env import Env

from bench.claims import claims
from bench.common import DATA_KEY, Size, rss_mb, say
from bench.databases import sqlite_path
from bench.interactions import interactions
from bench.posts import due_posts
from bench.reads import one_read
from bench.world import SETTLE_SECONDS, add_floor_commands, build_world, generate, patient
from bot import Settings, create_bot
from bot.bot import RodBot
from bot.campaigns.crypto import Vault
from bot.db import Database


def bench_bot(url: str, meetings: int) -> RodBot:
    """The bot as the real process builds it (its start-up heap frozen out of full collections), with the floors."""
    bot = create_bot(Settings(database_url=url, data_key=DATA_KEY, freeze_heap=True))
    add_floor_commands(bot, meetings)
    return bot


async def start_bot(env: Env) -> float:
    """Seconds from attaching the bot to ready with its start-up work done (migrations, cogs, sync, the ledger's
    planning and first run): SimCord's start returns once the bot has settled."""
    gc.collect()
    started = time.perf_counter()
    await env.start()
    return time.perf_counter() - started


async def national(url: str, size: Size) -> dict[str, Any]:
    bot = bench_bot(url, size.meetings)
    env = Env(bot, settle_timeout=SETTLE_SECONDS, check_errors=False)
    patient(env)
    started = time.perf_counter()
    servers = build_world(env, size)
    result: dict[str, Any] = {"world_seconds": time.perf_counter() - started}
    say(f"world built in {result['world_seconds']:.1f} s; generating data …")
    result["generate"] = await generate(url, servers, size)
    if url.startswith("sqlite"):
        result["db_mb"] = os.path.getsize(sqlite_path(url)) / 1e6
    say(f"data generated in {result['generate']['total']:.1f} s; starting the bot …")
    result["start_seconds"] = await start_bot(env)
    result["rss_after_start_mb"] = rss_mb()
    say(f"started in {result['start_seconds']:.1f} s; one read, three ways …")
    try:
        with env.time_context():
            result["reads"] = await one_read(bot.db, size.meetings, size.reads)
            say("interactions …")
            result |= await interactions(env, bot, servers[0], size.samples)
            say("claims …")
            guild_ids = [server.id for server in servers[1 : 1 + 2 * size.claim_rounds]]
            result["claims"] = await claims(
                bot.db, Vault(DATA_KEY), guild_ids, size.claim_rounds, size.claims_per_caller, env.now()
            )
            say("restart …")
            restarted = bench_bot(url, size.meetings)
            gc.collect()
            started = time.perf_counter()
            await env.restart_bot(restarted)
            result["restart_seconds"] = time.perf_counter() - started
            await bot.release()
            bot = restarted
            say(f"{size.posts} posts due at once, under Discord's rate limits …")
            result["posts"] = await due_posts(env, bot, size)
            result["errors"] = [f"{type(e).__name__}: {e}"[:300] for e in env.errors]
            await env.shutdown()
    finally:
        await bot.release()
    return result


async def no_servers(url: str) -> dict[str, Any]:
    """The same bot started in a SimCord world without a server, on a database with the schema (as the national
    one has it) and nothing in it."""
    db = Database(url)
    await db.migrate()
    await db.dispose()
    bot = bench_bot(url, 1)
    env = Env(bot, settle_timeout=SETTLE_SECONDS, check_errors=False)
    patient(env)
    try:
        seconds = await start_bot(env)
        rss = rss_mb()
        with env.time_context():
            await env.shutdown()
    finally:
        await bot.release()
    return {"seconds": seconds, "rss_mb": rss}
