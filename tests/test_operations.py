"""The operators' command line: check, backup while writing, restore, export and purge a server."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime

import pytest

from bot import audit, guilds
from bot.db import Database
from bot.ledger import Occurrence
from bot.operations import OperationError, backup, restore, running_lock

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cli(*args: str, database: str, extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISCORD_TOKEN", "BOT_TIMEZONE", "BOT_LOCALE"}}
    env.update({"DATABASE_URL": database, **(extra or {})})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"


async def populate(url: str, guild_ids: list[int]) -> None:
    database = Database(url)
    await database.migrate()
    async with database.session() as session:
        for guild_id in guild_ids:
            await guilds.ensure_config(session, guild_id)
            await audit.record(session, guild_id, 1, "setup.language", language="svenska")
            moment = datetime(2026, 3, 8, 8, tzinfo=UTC)
            session.add(
                Occurrence(
                    guild_id=guild_id,
                    kind="k",
                    object_id="1",
                    occurrence_key="2026",
                    due_at=moment,
                    expires_at=moment,
                    next_attempt_at=moment,
                )
            )
    await database.dispose()


def test_check_with_a_bad_setting_exits_2_with_one_line(sqlite_url):
    result = cli("check", database=sqlite_url, extra={"BOT_LOCALE": "fi"})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Configuration error: BOT_LOCALE: unsupported locale 'fi'. Use sv (Swedish) or en (English)."
    )


def test_check_migrates_and_reports(sqlite_url):
    result = cli("check", database=sqlite_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Settings: OK",
        "Database: OK, schema up to date",
        "Discord: not checked (DISCORD_TOKEN is not set)",
    ]


async def test_backup_while_writing_is_consistent_and_restore_round_trips(sqlite_url, tmp_path):
    await populate(sqlite_url, [1])
    path = sqlite_url.split("///", 1)[1]
    stop = threading.Event()

    def writer() -> None:
        with sqlite3.connect(path, timeout=10) as connection:
            number = 0
            while not stop.is_set() and number < 2000:
                connection.execute("INSERT INTO bot_state (key, value) VALUES (?, ?)", (f"k{number}", "x" * 100))
                connection.commit()
                number += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copy = backup(sqlite_url, tmp_path / "backups" / "copy.db")
    finally:
        stop.set()
        thread.join()
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        saved = connection.execute("SELECT count(*) FROM bot_state").fetchone()[0]
        assert connection.execute("SELECT count(*) FROM guild_config").fetchone()[0] == 1

    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM guild_config")
        connection.execute("DELETE FROM bot_state")
    restore(sqlite_url, copy)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM guild_config").fetchone()[0] == 1
        assert connection.execute("SELECT count(*) FROM bot_state").fetchone()[0] == saved


async def test_restore_is_refused_while_the_bot_runs(sqlite_url, tmp_path):
    await populate(sqlite_url, [1])
    copy = backup(sqlite_url, tmp_path / "copy.db")
    with running_lock(sqlite_url), pytest.raises(OperationError, match="The bot is running"):
        restore(sqlite_url, copy)


async def test_export_and_purge_touch_one_server_only(sqlite_url):
    await populate(sqlite_url, [111, 222])
    exported = cli("export-guild", "111", database=sqlite_url)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert [row["guild_id"] for row in data["guild_config"]] == [111]
    assert [row["guild_id"] for row in data["audit_entry"]] == [111]
    assert [row["guild_id"] for row in data["occurrence"]] == [111]

    purged = cli("purge-guild", "111", "--yes", database=sqlite_url)
    assert purged.returncode == 0, purged.stderr
    path = sqlite_url.split("///", 1)[1]
    with sqlite3.connect(path) as connection:
        for table in ("guild_config", "audit_entry", "occurrence"):
            assert connection.execute(f"SELECT count(*) FROM {table} WHERE guild_id = 111").fetchone()[0] == 0
            assert connection.execute(f"SELECT count(*) FROM {table} WHERE guild_id = 222").fetchone()[0] == 1
    assert json.loads(cli("export-guild", "111", database=sqlite_url).stdout) == {name: [] for name in data}
