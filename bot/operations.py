"""Operating the bot without a developer: check, backup, restore, export and purge a server's data.

Export and purge walk the schema itself: every table with a `guild_id` column, and every table whose rows hang
off such a table through a foreign key, so a feature's new table is covered without changes here.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import Table, delete, select
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

import bot.schema  # noqa: F401  (every table on the metadata)
from bot.db import alembic_config

SQLITE_HEADER = b"SQLite format 3\x00"


class OperationError(Exception):
    """An operation refused or failed; the message says why, for the person at the terminal."""


def sqlite_path(url: str) -> Path:
    if not url.startswith("sqlite"):
        raise OperationError(
            "This works on SQLite only. For PostgreSQL use pg_dump / pg_restore, e.g. "
            "pg_dump --format=custom --file=rodbot.dump <database>."
        )
    return Path(url.split("///", 1)[1])


@contextmanager
def running_lock(url: str) -> Iterator[None]:
    """Held by a running bot; `restore` refuses while anyone holds it."""
    path = lock_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OperationError("The bot is running on this database. Stop it first.") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def lock_path(url: str) -> Path:
    if url.startswith("sqlite"):
        return sqlite_path(url).with_suffix(".lock")
    return Path("data") / "bot.lock"


@contextmanager
def file_errors(what: str) -> Iterator[None]:
    """A file that cannot be read or written is one line for the operator, not a traceback."""
    try:
        yield
    except OSError as error:
        raise OperationError(f"{what} failed: {error.strerror or error} ({error.filename or ''}).") from None
    except sqlite3.Error as error:
        raise OperationError(f"{what} failed: {error}.") from None


def backup(url: str, target: Path) -> Path:
    """A consistent snapshot through SQLite's online backup API, safe while the bot writes. The copy holds
    everything the database holds, so only its owner may read it (0600, in a 0700 folder when it makes one)."""
    source = sqlite_path(url)
    if not source.exists():
        raise OperationError(f"No database at {source}.")
    with file_errors("The backup"):
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        os.chmod(target, 0o600)  # the file may have existed with wider permissions
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
        with closing(sqlite3.connect(target)) as check:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise OperationError(f"The backup failed its integrity check: {result}")
    return target


def check_backup(source: Path) -> None:
    """Refuse anything but a sound SQLite file holding a rödbot database that this version can migrate."""
    if not source.is_file():
        raise OperationError(f"No backup at {source}.")
    with file_errors("Reading the backup"), open(source, "rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise OperationError(f"{source} is not a SQLite database; nothing was restored.")
    try:
        with closing(sqlite3.connect(source)) as check:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise OperationError(f"{source} failed SQLite's integrity check ({result}); nothing was restored.")
            tables = {row[0] for row in check.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "alembic_version" not in tables:
                raise OperationError(
                    f"{source} is not a rödbot database (it has no migration table); nothing was restored."
                )
            revisions = [row[0] for row in check.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.DatabaseError as error:
        raise OperationError(f"{source} cannot be read as a SQLite database ({error}); nothing was restored.") from None
    known = {script.revision for script in ScriptDirectory.from_config(alembic_config("sqlite://")).walk_revisions()}
    unknown = sorted(set(revisions) - known)
    if not revisions or unknown:
        raise OperationError(
            f"{source} is not a rödbot database this version knows (migrations {', '.join(unknown) or 'none'}); "
            "nothing was restored."
        )


def restore(url: str, source: Path, confirm: Callable[[Path], bool] = lambda target: True) -> bool:
    """Replace the database with a checked backup, once `confirm(target)` agrees; refused while the bot runs.
    Returns whether it was replaced."""
    target = sqlite_path(url)
    check_backup(source)
    with running_lock(url):
        if not confirm(target):
            return False
        with (
            file_errors("The restore"),
            closing(sqlite3.connect(source)) as src,
            closing(sqlite3.connect(target)) as dst,
        ):
            src.backup(dst)
    return True


def server_tables() -> list[tuple[Table, Table | None]]:
    """(table, parent) for every table holding a server's data; parent is None when it has guild_id itself.
    Ordered parents first."""
    tables = SQLModel.metadata.sorted_tables
    owned: list[tuple[Table, Table | None]] = []
    direct = {t.name for t in tables if "guild_id" in t.columns}
    for table in tables:
        if table.name in direct:
            owned.append((table, None))
            continue
        for column in table.columns:
            parent = next((fk.column.table for fk in column.foreign_keys if fk.column.table.name in direct), None)
            if parent is not None:
                owned.append((table, parent))
                break
    return owned


def _child_filter(table: Table, parent: Table, guild_id: int) -> Any:
    for column in table.columns:
        for fk in column.foreign_keys:
            if fk.column.table is parent:
                return column.in_(select(fk.column).where(parent.c.guild_id == guild_id))
    raise AssertionError(f"{table.name} has no key to {parent.name}")


def _where(table: Table, parent: Table | None, guild_id: int) -> Any:
    return table.c.guild_id == guild_id if parent is None else _child_filter(table, parent, guild_id)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


async def export_guild(*, session: AsyncSession, guild_id: int) -> dict[str, list[dict[str, Any]]]:
    return {
        table.name: [
            {key: _plain(value) for key, value in row._mapping.items()}
            for row in (await session.exec(select(table).where(_where(table, parent, guild_id)))).all()
        ]
        for table, parent in server_tables()
    }


async def purge_guild(*, session: AsyncSession, guild_id: int) -> dict[str, int]:
    """Erase everything of one server, children before parents (all of it in the caller's one unit of work)."""
    counts: dict[str, int] = {}
    for table, parent in reversed(server_tables()):
        result = await session.exec(delete(table).where(_where(table, parent, guild_id)))
        counts[table.name] = result.rowcount or 0
    return counts


def dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def default_backup_path(url: str) -> Path:
    stamp = datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
    return sqlite_path(url).parent / "backups" / f"bot-{stamp}.db"
