"""Where the bench runs: throw-away databases on SQLite (files in the run's temporary folder) or on a PostgreSQL
server (databases created for the run and dropped after it). The database a URL names is never touched."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}


def kind_of(url: str) -> str:
    if url.startswith("sqlite"):
        return SQLITE
    if url.startswith("postgresql"):
        return POSTGRESQL
    raise SystemExit(f"the bench runs on SQLite or PostgreSQL, not on {url.split(':', 1)[0]}")


def chosen(postgres_option: str | None) -> tuple[list[str], str | None, str]:
    """Which databases to run on, the PostgreSQL server to use, and a sentence saying why.

    DATABASE_URL chooses the database as it does for the bot (unset or SQLite: SQLite; PostgreSQL: that server).
    A PostgreSQL server given with --postgres or BENCH_POSTGRES_URL adds a PostgreSQL run beside SQLite's."""
    configured = os.environ.get("DATABASE_URL", "").strip()
    extra = (postgres_option or os.environ.get("BENCH_POSTGRES_URL", "")).strip() or None
    if extra is not None:
        kind_of(extra)
    if configured and kind_of(configured) == POSTGRESQL:
        return [POSTGRESQL], configured, "PostgreSQL only (DATABASE_URL names a PostgreSQL server)"
    if extra is not None:
        return [SQLITE, POSTGRESQL], extra, "SQLite and PostgreSQL"
    return [SQLITE], None, "SQLite only: no PostgreSQL server given (set BENCH_POSTGRES_URL, or DATABASE_URL)"


@dataclass
class Databases:
    """Makes and removes the run's databases of one kind."""

    kind: str
    folder: Path
    server: str | None = None  # postgresql+asyncpg://user:password@host:port/maintenance-database

    def create(self, label: str) -> str:
        if self.kind == SQLITE:
            place = self.folder / f"{label}-{uuid.uuid4().hex[:8]}"
            place.mkdir(parents=True)
            return f"sqlite+aiosqlite:///{place}/bot.db"
        assert self.server is not None
        name = f"rodbot_bench_{label.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
        asyncio.run(self._admin(f"CREATE DATABASE {name}"))
        return f"{self.server.rpartition('/')[0]}/{name}"

    def drop(self, url: str) -> None:
        if self.kind == SQLITE:
            shutil.rmtree(Path(url.split("///", 1)[1]).parent, ignore_errors=True)
            return
        asyncio.run(self._admin(f"DROP DATABASE IF EXISTS {url.rpartition('/')[2]} WITH (FORCE)"))

    async def _admin(self, statement: str) -> None:
        import asyncpg

        assert self.server is not None
        connection = await asyncpg.connect(driver_url(self.server))
        try:
            await connection.execute(statement)
        finally:
            await connection.close()


def driver_url(url: str) -> str:
    """The URL asyncpg itself takes."""
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def sync_url(url: str) -> str:
    """The same database through a synchronous driver (the stdlib's sqlite3, or psycopg)."""
    if url.startswith("sqlite+aiosqlite://"):
        return url.replace("sqlite+aiosqlite://", "sqlite+pysqlite://", 1)
    return url.replace("postgresql+asyncpg://", "postgresql+psycopg://", 1)


def sqlite_path(url: str) -> str:
    return url.split("///", 1)[1]
