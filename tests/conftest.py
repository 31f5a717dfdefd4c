"""Shared fixtures: a bot built by `create_bot` on a throw-away database, and a simulated district server."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable

import pytest

from bot import Settings, create_bot
from bot.bot import RodBot
from tests.support import District, build_district, postgres_database

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
async def district(simcord_env, simcord_bot: RodBot) -> District:
    """A configured district server with one member of each kind."""
    district = build_district(simcord_env)
    await district.configure(simcord_bot)
    return district
