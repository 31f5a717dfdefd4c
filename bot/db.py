"""The database: SQLModel on SQLAlchemy's async engine, migrated by Alembic at start.

One way to run a unit of work. A unit of work is one transaction on one session, opened by the caller (a cog, a
ledger handler, the command line), never by a service:

    async with bot.db.session() as session:            # committed when the block ends, rolled back on error
        config = await guilds.get_config(session=session, guild_id=guild_id)
        await audit.record(session=session, guild_id=guild_id, actor_id=None, action="setup.language")

Every service function takes the session as the keyword-only argument `session` (`async def f(*, session:
AsyncSession, ...)`), plain values besides, and returns plain values: it does its part inside the caller's unit of
work, so several services make one all-or-nothing change, and it never holds the `Database`.

A write that others may make at the same moment (a claim, an answer to a meeting) runs as a unit of work of its
own through `run_write`, which opens the session, hands it to the service with the other keyword arguments, and
runs the whole unit of work again when SQLite reports it is locked:

    recorded = await bot.db.run_write(service.record, campaign_id=campaign_id, outcome=outcome, now=now)

The callbacks the core calls with a session (ledger planners, personal-data exporters and erasers, retention
rules, server hooks) receive it by keyword the same way.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import BigInteger, DateTime, event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import dbdriver

if TYPE_CHECKING:
    from bot.campaigns.crypto import Vault

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
POOL: dict[str, Any] = {"pool_size": 10, "max_overflow": 40, "pool_use_lifo": True}
"""Sized for 50 concurrent callers; the last connection returned is the next one lent, so the few that a quiet
server needs stay warm (and their pragmas, set once per connection, stay set) while the rest time out."""
WRITE_ATTEMPTS = 5
"""How often `run_write` tries a unit of work that SQLite refuses as locked (past its busy timeout)."""

R = TypeVar("R")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every backend (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use aware UTC datetimes")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def snowflake_field(*, index: bool = False, nullable: bool = False, **kwargs: Any) -> Any:
    """A Discord id: 64-bit, so BIGINT on PostgreSQL."""
    return Field(default=None if nullable else ..., sa_type=BigInteger, index=index, nullable=nullable, **kwargs)


def guild_field() -> Any:
    """The owning server of a row: every server-owned table carries it, indexed."""
    return Field(sa_type=BigInteger, index=True, nullable=False)


def utc_field(*, nullable: bool = False, index: bool = False, **kwargs: Any) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted and overwritten content is zeroed, so erased personal data does not linger in free pages.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url)
    return config


class Database:
    """Owns the engine; hands out sessions; applies migrations idempotently."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        # hide_parameters: a failed statement's error (and so a logged traceback) names no stored value
        if self.is_sqlite:
            Path(url.split("///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
            self.engine: AsyncEngine = create_async_engine(
                url, module=dbdriver.dbapi(), connect_args={"timeout": 5}, hide_parameters=True, **POOL
            )
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        else:
            self.engine = create_async_engine(url, pool_pre_ping=True, hide_parameters=True, **POOL)
        self.sessions = async_sessionmaker(self.engine, class_=AsyncSession, expire_on_commit=False)

    async def migrate(self, *, vault: Vault | None = None) -> None:
        """Bring the schema to the newest revision; does nothing when it is already there. A migration that
        encrypts what was stored in plain text uses the vault (the DATA_KEY)."""

        def upgrade(connection: Connection) -> None:
            config = alembic_config(self.url)
            config.attributes["connection"] = connection
            config.attributes["vault"] = vault
            command.upgrade(config, "heads")

        async with self.engine.begin() as connection:
            await connection.run_sync(upgrade)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A unit of work: committed when the block ends, rolled back on error (all or nothing)."""
        async with self.sessions() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def run_write(self, work: Callable[..., Awaitable[R]], /, **arguments: Any) -> R:
        """`await work(session=<a new unit of work>, **arguments)`, committed; run again from the start (a fresh
        session) when SQLite reports the database locked, up to `WRITE_ATTEMPTS` times.

        The arguments are checked when `work` is called: PEP 612 cannot take a keyword-only parameter out of a
        signature, so `session` cannot be subtracted from `work`'s for a type checker."""
        for attempt in range(WRITE_ATTEMPTS):
            try:
                async with self.session() as session:
                    return await work(session=session, **arguments)
            except OperationalError as error:
                if "locked" not in str(error).lower() or attempt == WRITE_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    async def scrub(self) -> None:
        """After an erasure, on SQLite: move the write-ahead log into the database and empty it, so the old
        copies of the erased rows' pages do not stay behind in the -wal file."""
        if not self.is_sqlite:
            return
        async with self.engine.connect() as connection:
            await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    async def dispose(self) -> None:
        await self.engine.dispose()


class BotState(SQLModel, table=True):
    """Small facts the bot keeps about itself, such as the hash of the last synced command tree."""

    __tablename__ = "bot_state"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=256)
