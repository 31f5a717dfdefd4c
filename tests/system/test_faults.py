"""Faults: Discord failing, the bot restarting, the database locked or failing, the process killed, a channel gone.

Covered elsewhere and not repeated here: a 500 on a scheduled post (tests/bot/test_ledger.py,
tests/cogs/memorial/test_memorial.py), RSVP buttons after a restart between an announcement and its answers
(tests/cogs/meetings/test_meetings.py::test_rsvp_buttons_keep_working_after_a_restart).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event
from sqlmodel import func, select

from bot.campaigns.models import Attempt, Campaign, Contact
from bot.db import BotState, Database
from bot.ledger import Occurrence, Status
from bot.meetings.models import Meeting, Rsvp
from tests.bot.test_ledger import DUE, install_ping_kind, rows
from tests.cogs.campaigns.test_flow import call_list, contacts, create, imported, next_card
from tests.cogs.meetings.test_meetings import announcement, schedule
from tests.cogs.memorial.test_memorial import WOMENS_DAY, WOMENS_DAY_AT, occurrence
from tests.support import Collect, advance_to, record_text

REPO = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------------------- Discord fails


async def test_discord_429_on_a_scheduled_post_is_retried_and_posts_once(simcord_env, simcord_bot, district, caplog):
    """SimCord answers a 429 without discord.py's own waiting and retrying (as discord.py raises it once its
    retries are spent): the ledger must treat it as transient, like a 5xx, and try again with backoff."""
    channel = district.channels["announcements"]
    install_ping_kind(simcord_bot, district.guild.id, channel.id)
    await simcord_bot.ledger.replan("test.ping")
    simcord_env.inject_error(
        "POST", f"/channels/{channel.id}/messages", status=429, code=0, message="You are being rate limited.", times=2
    )
    await advance_to(simcord_env, simcord_bot, DUE)
    assert channel.history() == []
    [row] = await rows(simcord_bot)
    assert (row.status, row.attempts, row.last_error) == (Status.PENDING, 1, "TransientDeliveryError")
    assert row.next_attempt_at == DUE + timedelta(seconds=30)

    await advance_to(simcord_env, simcord_bot, DUE + timedelta(minutes=10))
    assert [m.content for m in channel.history()] == ["ping noon"]
    [row] = await rows(simcord_bot)
    assert (row.status, row.attempts) == (Status.POSTED, 3)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "a rate limit is not an error"


# ---------------------------------------------------------------------------- restarts


async def test_restart_between_a_claim_and_its_outcome_keeps_the_claim(simcord_env, simcord_bot, district, make_bot):
    await create(district)
    await imported(district, call_list(2))
    card = await next_card(district.caller, district)
    [claimed] = [c for c in await contacts(simcord_bot) if c.claimed_by == district.caller.id]

    restarted = make_bot()
    await simcord_env.restart_bot(restarted)
    await simcord_env.settle()

    # The claim survived: /call next hands out the same contact, and the old card's outcome button works.
    again = await next_card(district.caller, district)
    assert again.response.content == "Du har redan den här kontakten – registrera den först."
    result = await district.caller.click(card.response.message, label="Inget svar")
    assert result.response.content.startswith("Registrerat: **Inget svar**")
    async with restarted.db.session() as session:
        attempts = (await session.exec(select(Attempt).where(Attempt.contact_id == claimed.id))).all()
    assert [a.outcome for a in attempts] == ["no_answer"]
    [after] = [c for c in await contacts(restarted) if c.id == claimed.id]
    assert after.claimed_by is None and after.attempts == 1


# ---------------------------------------------------------------------------- the database


class WriteLock:
    """Another process holds the database's write lock for `seconds`, then commits a write of its own."""

    def __init__(self, url: str, seconds: float = 0.3) -> None:
        self.url, self.seconds = url, seconds
        self.held = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> WriteLock:
        self.thread.start()
        assert self.held.wait(10), "could not take the lock"
        return self

    def __exit__(self, *exc: object) -> None:
        self.thread.join(10)
        assert self.error is None, self.error

    def _run(self) -> None:
        try:
            if self.url.startswith("sqlite"):
                connection = sqlite3.connect(self.url.split("///", 1)[1], isolation_level=None)
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("INSERT INTO bot_state (key, value) VALUES ('fault-test', 'held')")
                self.held.set()
                time.sleep(self.seconds)
                connection.execute("COMMIT")
                connection.close()
            else:
                asyncio.run(self._postgres())
        except BaseException as error:  # reported by __exit__
            self.error = error
            self.held.set()

    async def _postgres(self) -> None:
        import asyncpg

        connection = await asyncpg.connect(self.url.replace("postgresql+asyncpg", "postgresql"))
        try:
            async with connection.transaction():
                await connection.execute("INSERT INTO bot_state (key, value) VALUES ('fault-test', 'held')")
                await connection.execute("LOCK TABLE meeting_rsvp IN EXCLUSIVE MODE")
                self.held.set()
                time.sleep(self.seconds)
        finally:
            await connection.close()


async def test_a_briefly_locked_database_makes_a_write_wait_not_fail(simcord_env, simcord_bot, district, settings):
    await schedule(district, "open", start="2026-01-10 18:00")
    with WriteLock(settings.database_url):
        answered = await district.member.click(announcement(district, "open"), label="Kommer (0)")
    assert answered.response.content == "Du har svarat: Kommer.\nKommer: 1 · Kanske: 0 · Kan inte: 0"
    async with simcord_bot.db.session() as session:
        assert [(r.user_id, r.answer) for r in (await session.exec(select(Rsvp))).all()] == [
            (district.member.id, "kommer")
        ]
        assert len((await session.exec(select(Meeting))).all()) == 1
        assert (await session.exec(select(BotState.value).where(BotState.key == "fault-test"))).one() == "held"


async def test_a_write_that_fails_midway_stores_nothing_of_it(simcord_env, simcord_bot, district, monkeypatch):
    from bot.campaigns import imports

    monkeypatch.setattr(imports, "INSERT_CHUNK", 2)  # five contacts: three statements
    inserts: list[str] = []

    def second_insert_fails(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO CAMPAIGN_CONTACT"):
            inserts.append(statement)
            if len(inserts) == 2:
                raise RuntimeError("the disk is full (injected)")

    await create(district)
    event.listen(simcord_bot.db.engine.sync_engine, "before_cursor_execute", second_insert_fails)
    try:
        _, done = await imported(district, call_list(5))
    finally:
        event.remove(simcord_bot.db.engine.sync_engine, "before_cursor_execute", second_insert_fails)
    assert len(inserts) == 2
    said = [done.response.content] + [followup.content for followup in done.followups]
    assert [text for text in said if text and text.startswith("Något gick fel. Felkod: `")] != []
    assert [type(getattr(e, "original", e)).__name__ for e in simcord_env.errors] == ["RuntimeError"]
    assert await contacts(simcord_bot) == []

    # Nothing half written: the same import afterwards stores all five, none counted as already present.
    _, done = await imported(district, call_list(5))
    assert len(await contacts(simcord_bot)) == 5


KILLED_IMPORT = textwrap.dedent(
    """
    import asyncio, sys
    from datetime import UTC, datetime
    from sqlalchemy import event
    from bot.db import BotState, Database
    from bot.campaigns import importer, imports, lifecycle
    from bot.campaigns.crypto import Vault
    import bot.schema  # noqa: F401  (every table)

    async def main(url, key, path):
        db = Database(url)
        await db.migrate()
        now = datetime(2026, 1, 1, tzinfo=UTC)
        async with db.session() as session:
            campaign = await lifecycle.create_campaign(session=session, guild_id=1, name="Stor", created_by=2, now=now)
        print("campaign", campaign.id, flush=True)
        parsed = importer.parse_file(open(path, "rb").read(), "stor.csv")
        seen = []

        def announce(conn, cursor, statement, parameters, context, executemany):
            if statement.lstrip().upper().startswith("INSERT INTO CAMPAIGN_CONTACT"):
                seen.append(1)
                if len(seen) == 2:
                    print("inserting", flush=True)

        event.listen(db.engine.sync_engine, "after_cursor_execute", announce)
        async with db.session() as session:
            await imports.store_import(
                session=session, vault=Vault(key), campaign_id=campaign.id, parsed=parsed, now=now
            )
            print("stored", flush=True)
            while True:  # the commit never comes: the process is killed first
                await asyncio.sleep(1)

    asyncio.run(main(*sys.argv[1:]))
    """
)


async def test_a_process_killed_during_a_large_import_stores_nothing_of_it(settings, tmp_path):
    from bot.campaigns import imports

    rows_count = 3 * imports.INSERT_CHUNK
    csv_path = tmp_path / "stor.csv"
    lines = ["Namn;Telefon"] + [f"Fiktiv{n} Provsson;+46701{n:06d}" for n in range(rows_count)]
    csv_path.write_text("\n".join(lines), encoding="utf-8")
    script = tmp_path / "import.py"
    script.write_text(KILLED_IMPORT, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(script), settings.database_url, settings.data_key, str(csv_path)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        said = []
        for line in process.stdout:
            said.append(line.split()[0])
            if said[-1] in ("inserting", "stored"):
                break
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(30)
    assert said[0] == "campaign", process.stderr.read()
    assert said[-1] == "inserting", process.stderr.read()
    assert process.returncode == -signal.SIGKILL

    if settings.database_url.startswith("sqlite"):
        check = sqlite3.connect(settings.database_url.split("///", 1)[1])
        assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        check.close()
    db = Database(settings.database_url)
    try:
        async with db.session() as session:
            assert [c.name for c in (await session.exec(select(Campaign))).all()] == ["Stor"]
            assert (await session.exec(select(func.count()).select_from(Contact))).one() == 0
        # The database still takes writes.
        async with db.session() as session:
            session.add(
                Occurrence(
                    guild_id=1,
                    kind="x",
                    object_id="1",
                    occurrence_key="k",
                    due_at=DUE,
                    expires_at=DUE,
                    next_attempt_at=DUE,
                )
            )
    finally:
        await db.dispose()


# ---------------------------------------------------------------------------- a channel gone


async def test_a_channel_deleted_while_a_post_is_due_is_reported_and_posted_once_reconfigured(
    simcord_env, simcord_bot, seen_district
):
    district = seen_district
    gone = district.channels["announcements"]
    await simcord_bot.get_channel(gone.id).delete()
    await simcord_env.settle()

    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT + timedelta(minutes=40))
    row = await occurrence(simcord_bot, "memorial.post", "2026-03-08")
    assert row.status == Status.BLOCKED
    reports = [
        m.embeds[0].description
        for m in district.channels["audit"].history()
        if m.embeds and "minnesdagsinlägget" in m.embeds[0].description
    ]
    assert reports == [
        f"boten · kunde inte posta minnesdagsinlägget i <#{gone.id}>: kanalen finns inte. "
        "Jag försöker igen när det är åtgärdat."
    ]

    # A moderator configures a new announcements channel: the post goes out there at once, once.
    fresh = district.guild.create_text_channel("nya-meddelanden")
    await simcord_env.settle()
    await district.admin.slash(district.general, "setup channel", purpose="announcements", channel=fresh)
    [post] = [m for m in fresh.history() if m.embeds and m.embeds[0].title == WOMENS_DAY]
    assert post.created_at == WOMENS_DAY_AT + timedelta(minutes=40)
    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT + timedelta(hours=3))
    assert len([m for m in fresh.history() if m.embeds and m.embeds[0].title == WOMENS_DAY]) == 1
    assert (await occurrence(simcord_bot, "memorial.post", "2026-03-08")).status == Status.POSTED


class LockedWrites:
    """The database answers "database is locked" to every write into the given tables, as SQLite does after its
    busy timeout, on every retry; the statement and its parameters travel in the error."""

    def __init__(self, bot, *tables: str) -> None:
        self.dialect = bot.db.engine.sync_engine.dialect
        self.prefixes = tuple(f"{verb} {table.upper()}" for table in tables for verb in ("INSERT INTO", "UPDATE"))
        self.refused = 0

    def __enter__(self) -> LockedWrites:
        real = self.dialect.do_execute

        def do_execute(cursor, statement, parameters, context=None):
            if statement.lstrip().upper().startswith(self.prefixes):
                self.refused += 1
                raise self.dialect.loaded_dbapi.OperationalError("database is locked")
            return real(cursor, statement, parameters, context)

        self.dialect.do_execute = do_execute
        return self

    def __exit__(self, *exc) -> None:
        del self.dialect.do_execute


async def test_a_write_that_stays_locked_logs_no_answer_note_or_separatist_title(simcord_env, simcord_bot, district):
    collect = Collect()
    logging.getLogger().addHandler(collect)
    try:
        await create(district, questions="Vad tycker du om hyrorna?")
        await imported(district, call_list(1))
        card = await next_card(district.caller, district)
        shown = await district.caller.click(card.response.message, label="Svarade")
        with LockedWrites(simcord_bot, "campaign_attempt") as locked:
            failed = await district.caller.submit_modal(
                shown, {"q0": "Hyrorna i Rosengård är för höga", "note": "Vill bli kontaktad av hyresgruppen"}
            )
        assert locked.refused == 5  # run_write tried five times
        assert failed.response.content.startswith("Något gick fel. Felkod: `")

        with LockedWrites(simcord_bot, "meeting") as locked:
            refused = await schedule(
                district, "women-nonbinary", title="Samtalsgrupp om våld i nära relationer", start="2026-01-10 18:00"
            )
        assert locked.refused >= 1
        said = [refused.response.content, *(f.content for f in refused.followups)]
        assert any(text and text.startswith("Något gick fel. Felkod: `") for text in said)
    finally:
        logging.getLogger().removeHandler(collect)
    simcord_env.errors.clear()

    incidents = [r for r in collect.records if r.getMessage().startswith("incident ")]
    assert len(incidents) == 2 and all(r.exc_info for r in incidents)
    logged = "\n".join(record_text(record)[1] for record in collect.records)
    for secret in (
        "Hyrorna i Rosengård är för höga",
        "Vill bli kontaktad av hyresgruppen",
        "Samtalsgrupp om våld i nära relationer",
    ):
        assert secret not in logged
    assert "database is locked" in logged and "SQL parameters hidden" in logged
