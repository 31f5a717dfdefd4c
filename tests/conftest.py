"""Shared fixtures: a bot built by `create_bot` on a throw-away database, and a simulated district server."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable

import pytest
import pytest_asyncio
import simcord.interactions
from simcord.env import Env

from bot import Settings, create_bot
from bot.bot import RodBot
from bot.db import Database
from bot.logs import PAYLOAD_LOGGERS, QUIET_LOGGERS, hold_payload_loggers
from tests.support import (
    Collect,
    District,
    build_district,
    find_leaks,
    misplaced_mentions,
    postgres_database,
    raw_keys,
)

TEST_DATA_KEY = "k3bN0uZs8e1Vq2m7aD4pX9yL6cR5tW0fH8jG3nE2iO4="


@pytest.fixture
async def settings(tmp_path) -> AsyncIterator[Settings]:
    """SQLite in the test's own folder; or, with TEST_DATABASE_URL set, a fresh PostgreSQL database per test."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        yield Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", data_key=TEST_DATA_KEY)
        return
    async with postgres_database(server) as url:
        yield Settings(database_url=url, data_key=TEST_DATA_KEY)


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Database]:
    """The test database, migrated, for services run without a bot."""
    database = Database(settings.database_url)
    await database.migrate()
    yield database
    await database.dispose()


@pytest.fixture
async def make_bot(settings: Settings) -> AsyncIterator[Callable[[], RodBot]]:
    """Builds bots on the test database; each is released at the end (SimCord never closes it)."""
    built: list[RodBot] = []

    def make() -> RodBot:
        bot = create_bot(settings)
        built.append(bot)
        return bot

    yield make
    for bot in built:
        await bot.release()


@pytest.fixture
def simcord_bot(make_bot: Callable[[], RodBot]) -> RodBot:
    return make_bot()


@pytest.fixture
def locales(monkeypatch) -> dict[int, str]:
    """The Discord client language of members, by id: fill it, and their interactions arrive in that language.
    SimCord sends every interaction as en-US and has no setting for it, so the payload it builds is amended."""
    chosen: dict[int, str] = {}
    build = simcord.interactions.base_payload

    def with_locale(backend, *, user_id: int, **values):
        record, payload = build(backend, user_id=user_id, **values)
        if user_id in chosen:
            payload["locale"] = chosen[user_id]
        return record, payload

    monkeypatch.setattr(simcord.interactions, "base_payload", with_locale)
    return chosen


@pytest.fixture
async def district(simcord_env, simcord_bot: RodBot) -> District:
    """A configured district server with one member of each kind."""
    with simcord_env.time_context():  # async fixtures run outside SimCord's clock otherwise
        district = build_district(simcord_env)
        await district.configure(simcord_bot)
    return district


@pytest.fixture
async def seen_district(simcord_env, simcord_bot: RodBot) -> District:
    """A configured district the bot saw from the start, so its features seeded their data (the memorial days of
    the plan)."""
    district = build_district(simcord_env)
    with simcord_env.time_context():
        await simcord_bot.ensure_guild(district.guild.id)
        await district.configure(simcord_bot)
    return district


@pytest_asyncio.fixture
async def simcord_env(simcord_bot: RodBot, request, monkeypatch) -> AsyncIterator[Env]:
    """SimCord's environment (as its plugin builds it) with a leak guard: before the world is torn down, no
    public message and no log record of any logger at any level (the root at DEBUG, third-party loggers held as
    the running bot holds them) may carry a phone number or a feature's secret, in its text, its arguments,
    its exception or its stack; no mention the bot wrote may stand where Discord shows it as raw text; and no text
    the bot showed anyone, publicly, ephemerally or directly, may hold a catalog key or a raw enum value.

    SimCord records the errors a command, a view or a modal swallowed; a persistent button's errors reach the bot's
    one error handler directly (discord.py has no hook for them), so every error that handler answers is recorded
    too (SimCord keeps each error once), in this bot and in any it restarts with."""
    marker = request.node.get_closest_marker("simcord")
    env = Env(simcord_bot, **(marker.kwargs if marker else {}))
    answer = RodBot.handle_interaction_error

    async def recorded(bot: RodBot, interaction, error: BaseException) -> None:
        env._record_error(error)
        await answer(bot, interaction, error)

    monkeypatch.setattr(RodBot, "handle_interaction_error", recorded)
    handler = Collect()
    root = logging.getLogger()
    held = [logging.getLogger(name) for name in (*PAYLOAD_LOGGERS, *QUIET_LOGGERS)]
    levels = [root.level, *(logger.level for logger in held)]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    hold_payload_loggers(simcord_bot.settings)
    await env.start()
    try:
        yield env
        leaks = await find_leaks(env, simcord_bot, handler.records)
        assert leaks == [], "personal data leaked:\n" + "\n".join(leaks)
        if request.node.get_closest_marker("typed_mentions") is None:  # the bot's own mentions, not typed ones
            misplaced = misplaced_mentions(env)
            assert misplaced == [], "mentions Discord would show as raw text:\n" + "\n".join(misplaced)
        raw = raw_keys(env)
        assert raw == [], "catalog keys or raw values shown to a person:\n" + "\n".join(raw)
    finally:
        root.removeHandler(handler)
        for logger, level in zip([root, *held], levels, strict=True):
            logger.setLevel(level)
        await env.shutdown()
        if env.check_errors:
            env._raise_errors_since(env._errors_acknowledged)  # as SimCord's own plugin does
