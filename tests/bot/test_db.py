"""The one way to run a unit of work (`bot.db`): a session committed or rolled back as a whole, and `run_write`, which
hands a service its keyword-only session and its keyword arguments and runs it again when SQLite is locked."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiosqlite
import pytest
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import WRITE_ATTEMPTS, BotState, Database


async def stored(db: Database) -> dict[str, str]:
    async with db.session() as session:
        return {row.key: row.value for row in (await session.exec(select(BotState))).all()}


async def remember(*, session: AsyncSession, key: str, value: str) -> str:
    """A service as every service is written: the session keyword-only, plain values in and out."""
    session.add(BotState(key=key, value=value))
    await session.flush()
    return f"{key}={value}"


def locked() -> OperationalError:
    return OperationalError("INSERT INTO bot_state", {}, Exception("database is locked"))


async def test_a_session_commits_when_the_block_ends(db):
    async with db.session() as session:
        await remember(session=session, key="a", value="1")
        await remember(session=session, key="b", value="2")
    assert await stored(db) == {"a": "1", "b": "2"}


async def test_a_session_that_raises_stores_nothing_of_it(db):
    with pytest.raises(RuntimeError):
        async with db.session() as session:
            await remember(session=session, key="a", value="1")
            raise RuntimeError("halfway")
    assert await stored(db) == {}


async def test_run_write_gives_the_service_its_session_and_arguments_and_returns_its_value(db):
    assert await db.run_write(remember, key="a", value="1") == "a=1"
    assert await stored(db) == {"a": "1"}


async def test_run_write_still_runs_a_function_of_the_session_alone(db):
    """The form the features used before (`work(session)`), so that a caller not yet converted keeps working."""

    async def work(session: AsyncSession) -> str:
        return await remember(session=session, key="closure", value="kept")

    assert await db.run_write(work) == "closure=kept"
    assert await db.run_write(lambda session: remember(session=session, key="lambda", value="kept")) == "lambda=kept"
    assert await stored(db) == {"closure": "kept", "lambda": "kept"}


async def test_run_write_checks_the_arguments_when_it_calls_the_service(db):
    with pytest.raises(TypeError):
        await db.run_write(remember, key="a")
    with pytest.raises(TypeError):
        await db.run_write(remember, key="a", value="1", colour="red")
    assert await stored(db) == {}


async def test_a_locked_database_runs_the_whole_unit_of_work_again_in_a_fresh_session(db):
    sessions: list[AsyncSession] = []

    async def flaky(*, session: AsyncSession, value: str) -> str:
        sessions.append(session)
        attempt = len(sessions)
        await remember(session=session, key=f"try-{attempt}", value=value)
        if attempt < 3:
            raise locked()
        return "done"

    assert await db.run_write(flaky, value="x") == "done"
    assert len(sessions) == 3 and len(set(map(id, sessions))) == 3
    assert await stored(db) == {"try-3": "x"}  # the refused attempts left nothing behind


async def test_a_database_that_stays_locked_is_tried_write_attempts_times_then_the_error_is_raised(db):
    attempts = []

    async def always_locked(*, session: AsyncSession) -> None:
        attempts.append(session)
        raise locked()

    with pytest.raises(OperationalError, match="database is locked"):
        await db.run_write(always_locked)
    assert len(attempts) == WRITE_ATTEMPTS == 5


async def test_another_database_error_is_not_run_again(db):
    attempts = []

    async def broken(*, session: AsyncSession) -> None:
        attempts.append(session)
        raise OperationalError("SELECT 1", {}, Exception("disk I/O error"))

    with pytest.raises(OperationalError, match="disk I/O error"):
        await db.run_write(broken)
    assert len(attempts) == 1


@pytest.fixture
async def sqlite_db(tmp_path) -> AsyncIterator[Database]:
    """SQLite whatever the suite runs on: the worker thread counted below is SQLite's driver's."""
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/trips.db")
    await database.migrate()
    yield database
    await database.dispose()


@pytest.fixture
def trips(monkeypatch) -> list[str]:
    """Counts the functions sent to SQLite's worker thread (each one a wake-up of that thread and of the loop)."""
    sent: list[str] = []
    send = aiosqlite.Connection._execute

    async def counted(self, fn, *args, **kwargs):
        sent.append(getattr(fn, "__name__", repr(fn)))
        return await send(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return sent


async def test_a_read_is_one_trip_to_sqlites_thread_commit_and_check_in_included(sqlite_db, trips):
    db = sqlite_db
    await stored(db)  # the pool's first connection, and its pragmas, are made once
    trips.clear()
    assert await stored(db) == {}
    assert len(trips) == 1


async def test_a_write_is_one_trip_per_statement_and_one_for_its_commit(sqlite_db, trips):
    db = sqlite_db
    await stored(db)
    trips.clear()
    await db.run_write(remember, key="a", value="1")
    assert len(trips) == 2
    assert await stored(db) == {"a": "1"}


async def test_a_statement_that_fails_rolls_its_unit_of_work_back_and_the_connection_goes_on(db):
    await db.run_write(remember, key="a", value="1")
    with pytest.raises(IntegrityError):
        async with db.session() as session:
            await remember(session=session, key="b", value="2")
            await remember(session=session, key="a", value="again")
    assert await stored(db) == {"a": "1"}
    await db.run_write(remember, key="c", value="3")
    assert await stored(db) == {"a": "1", "c": "3"}
