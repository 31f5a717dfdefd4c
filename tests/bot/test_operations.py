"""The operators' command line: check, backup while writing, restore, export and purge a server."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from contextlib import closing
from datetime import UTC, datetime

import pytest

from bot import audit, guilds
from bot.db import Database
from bot.ledger import Occurrence
from bot.operations import OperationError, backup, restore, running_lock

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cli(
    *args: str, database: str, extra: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISCORD_TOKEN", "BOT_TIMEZONE", "BOT_LOCALE"}}
    env.update({"DATABASE_URL": database, **(extra or {})})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
    )


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"


async def populate(url: str, guild_ids: list[int]) -> None:
    database = Database(url)
    await database.migrate()
    async with database.session() as session:
        for guild_id in guild_ids:
            await guilds.ensure_config(session=session, guild_id=guild_id)
            await audit.record(
                session=session, guild_id=guild_id, actor_id=1, action="setup.language", language="svenska"
            )
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


async def test_backup_files_are_readable_by_their_owner_only(sqlite_url, tmp_path):
    await populate(sqlite_url, [1])
    previous = os.umask(0o022)
    try:
        fresh = backup(sqlite_url, tmp_path / "new-folder" / "copy.db")
        existing = tmp_path / "old.db"
        existing.write_bytes(b"")
        existing.chmod(0o644)
        overwritten = backup(sqlite_url, existing)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    assert stat.S_IMODE(fresh.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(overwritten.stat().st_mode) == 0o600
    result = cli("backup", str(tmp_path / "cli.db"), database=sqlite_url)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((tmp_path / "cli.db").stat().st_mode) == 0o600


def foreign_database(path) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.commit()


def damaged_copy(source, target) -> None:
    data = bytearray(source.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data), page):  # every page after the first two: the tables' contents
        data[offset : offset + 100] = b"\xff" * 100
    target.write_bytes(bytes(data))


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda path, copy: path.write_text("name;phone\n"), "is not a SQLite database; nothing was restored."),
        (lambda path, copy: foreign_database(path), "is not a rödbot database (it has no migration table)"),
        (lambda path, copy: damaged_copy(copy, path), "nothing was restored."),
    ],
    ids=["text file", "another program's database", "damaged database"],
)
async def test_restore_refuses_what_is_not_a_sound_rodbot_database_in_one_line(sqlite_url, tmp_path, make, said):
    await populate(sqlite_url, [1])
    copy = backup(sqlite_url, tmp_path / "copy.db")
    bad = tmp_path / "bad.db"
    make(bad, copy)
    before = (tmp_path / "bot.db").read_bytes()
    result = cli("restore", str(bad), "--yes", database=sqlite_url)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {bad} ") and said in line
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert (tmp_path / "bot.db").read_bytes() == before


async def test_restore_asks_first_and_replaces_only_after_a_yes(sqlite_url, tmp_path):
    await populate(sqlite_url, [1])
    copy = backup(sqlite_url, tmp_path / "copy.db")
    path = tmp_path / "bot.db"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("DELETE FROM guild_config")
        connection.commit()

    def guilds_stored() -> int:
        with closing(sqlite3.connect(path)) as connection:
            return connection.execute("SELECT count(*) FROM guild_config").fetchone()[0]

    for answer in ("no\n", ""):
        refused = cli("restore", str(copy), database=sqlite_url, stdin=answer)
        assert refused.returncode == 1
        assert (
            refused.stdout == f"Replace the database {path} with the backup {copy}? Type yes: Nothing was restored.\n"
        )
        assert guilds_stored() == 0
    agreed = cli("restore", str(copy), database=sqlite_url, stdin="yes\n")
    assert agreed.returncode == 0, agreed.stderr
    assert agreed.stdout.endswith(f"Type yes: Database restored from {copy}.\n")
    assert guilds_stored() == 1
