"""One primary-key read, four ways, interleaved in the same process against the same database: the raw driver,
a synchronous SQLAlchemy session on a worker thread (the whole unit of work in one hop), and the project's
database layer (`Database.session()`)."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bench.common import summary_ms
from bench.databases import driver_url, sqlite_path, sync_url
from bot.db import Database, _sqlite_pragmas
from bot.meetings.models import Meeting

RAW_READ = "SELECT * FROM meeting WHERE id = {}"


async def one_read(db: Database, meetings: int, rounds: int) -> dict[str, dict[str, float]]:
    """Seconds per read of a random meeting by its id, each way, in alternating order."""
    url = db.url
    if db.is_sqlite:
        engine = create_engine(sync_url(url), connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        raw = sqlite3.connect(sqlite_path(url))

        async def raw_read(key: int) -> None:
            raw.execute(RAW_READ.format("?"), (key,)).fetchone()

        async def close_raw() -> None:
            raw.close()
    else:
        import asyncpg

        engine = create_engine(sync_url(url), pool_size=10, max_overflow=20)
        connection = await asyncpg.connect(driver_url(url))

        async def raw_read(key: int) -> None:
            await connection.fetchrow(RAW_READ.format("$1"), key)

        async def close_raw() -> None:
            await connection.close()

    sessions = sessionmaker(engine, class_=Session, expire_on_commit=False)

    def read_in_one_hop(key: int) -> None:
        with sessions.begin() as session:
            session.get(Meeting, key)

    async def one_hop(key: int) -> None:
        await asyncio.to_thread(read_in_one_hop, key)

    async def project(key: int) -> None:
        async with db.session() as session:
            await session.get(Meeting, key)

    ways: dict[str, Callable[[int], Awaitable[None]]] = {"raw": raw_read, "one_hop": one_hop, "project": project}
    times: dict[str, list[float]] = {name: [] for name in ways}
    rnd = random.Random(3)
    try:
        for turn in range(rounds + 10):  # the first ten warm every way up
            order = list(ways.items())
            rnd.shuffle(order)
            for name, read in order:
                key = rnd.randint(1, meetings)
                started = time.perf_counter()
                await read(key)
                if turn >= 10:
                    times[name].append(time.perf_counter() - started)
    finally:
        await close_raw()
        engine.dispose()
    found: dict[str, Any] = {name: summary_ms(values) for name, values in times.items()}
    return found
