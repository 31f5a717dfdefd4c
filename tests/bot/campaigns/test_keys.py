"""DATA_KEY: a real Fernet key, bound to the data it encrypts by a stored fingerprint, and rotated all at once."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from cryptography.fernet import Fernet
from sqlmodel import select

from bot.campaigns import claims, imports, lifecycle, outcomes
from bot.campaigns.crypto import DataKeyError, Vault
from bot.campaigns.importer import Parsed, Row
from bot.campaigns.keys import FINGERPRINT, check_data_key, rotate
from bot.campaigns.models import Attempt, Contact, DoNotCall, Outcome
from bot.db import BotState, Database
from tests.conftest import TEST_DATA_KEY

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
GUILD = 77
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEW_KEY = Fernet.generate_key().decode()
PHONES = [f"+467017406{n:02d}" for n in range(5, 9)]


def cli(*args: str, database: str, **env: str) -> subprocess.CompletedProcess[str]:
    keep = {k: v for k, v in os.environ.items() if k not in {"DISCORD_TOKEN", "DATA_KEY", "OLD_DATA_KEY", "LOG_SQL"}}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={**keep, "DATABASE_URL": database, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        input="",
    )


async def fill(db: Database, vault: Vault) -> int:
    """A campaign of four contacts: one answered with a note, one on the do-not-call list, two open."""
    async with db.session() as session:
        campaign = await lifecycle.create_campaign(
            session=session, guild_id=GUILD, name="Vår", created_by=1, now=T0, questions=["Kommer du?"]
        )
        rows = [Row(row=n + 2, phone=phone, name=f"Kontakt {n}") for n, phone in enumerate(PHONES)]
        await imports.store_import(
            session=session, vault=vault, campaign_id=campaign.id, parsed=Parsed(rows_read=4, rows=rows), now=T0
        )
    for caller, outcome in ((1, Outcome.ANSWERED), (2, Outcome.DO_NOT_CALL)):
        claimed = await claims.claim_next(db=db, vault=vault, guild_id=GUILD, caller_id=caller, now=T0)
        async with db.session() as session:
            await outcomes.record(
                session=session,
                vault=vault,
                guild_id=GUILD,
                contact_id=claimed.contact_id,
                caller_id=caller,
                outcome=outcome,
                now=T0,
                note="Ringer tillbaka i maj",
                answers={"Kommer du?": "Ja, med grannarna"},
            )
    return campaign.id


async def tokens(db: Database) -> list[str | None]:
    async with db.session() as session:
        contacts = (await session.exec(select(Contact).order_by(Contact.id))).all()
        attempts = (await session.exec(select(Attempt).order_by(Attempt.id))).all()
        blocked = (await session.exec(select(DoNotCall).order_by(DoNotCall.id))).all()
    return (
        [c.sealed for c in contacts]
        + [c.phone_hash for c in contacts]
        + [a.sealed_note for a in attempts]
        + [a.sealed_answers for a in attempts]
        + [(b.phone_hash, b.sealed_phone) for b in blocked]
    )


def test_a_data_key_that_is_no_fernet_key_stops_the_program_with_one_line(tmp_path):
    result = cli("check", database=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", DATA_KEY="vårt hemliga lösenord")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("Configuration error: DATA_KEY: not a Fernet key (44 characters of URL-safe base64")
    assert "OLD_DATA_KEY" in line and "rotate-key" in line


async def test_start_and_check_refuse_a_key_that_does_not_match_the_stored_data(db, settings):
    await fill(db, Vault(TEST_DATA_KEY))
    async with db.session() as session:
        assert await session.get(BotState, FINGERPRINT) is None  # a database from before fingerprints
    with pytest.raises(DataKeyError, match=r"^DATA_KEY: it does not open the data stored in this database"):
        await check_data_key(db, dataclasses.replace(settings, data_key=NEW_KEY))
    await check_data_key(db, settings)  # the first start with the right key remembers it
    async with db.session() as session:
        assert (await session.get(BotState, FINGERPRINT)).value == Vault(TEST_DATA_KEY).fingerprint

    ok = cli("check", database=settings.database_url, DATA_KEY=TEST_DATA_KEY)
    assert ok.returncode == 0, ok.stderr
    assert "Data key: OK, it opens the stored data" in ok.stdout.splitlines()
    for command in (("check",), ("run",)):
        refused = cli(*command, database=settings.database_url, DATA_KEY=NEW_KEY, DISCORD_TOKEN="not-used")
        assert refused.returncode == 2, refused.stderr
        assert refused.stderr.splitlines() == [
            "Configuration error: DATA_KEY: it is not the key the stored data is encrypted with. Set that key "
            "again. To move the data to a new key, see `python -m bot rotate-key --help`."
        ]


async def test_the_bot_does_not_start_with_a_key_that_does_not_match(db, settings, make_bot):
    await check_data_key(db, settings)
    bot = make_bot()
    bot.settings = dataclasses.replace(settings, data_key=NEW_KEY)
    with pytest.raises(DataKeyError):
        await bot.setup_hook()


async def test_log_sql_is_refused_on_a_database_with_encrypted_data(db, settings):
    await fill(db, Vault(TEST_DATA_KEY))
    with pytest.raises(DataKeyError, match=r"^LOG_SQL: refused"):
        await check_data_key(db, dataclasses.replace(settings, data_key=None, log_sql=True))


async def test_rotate_key_re_encrypts_and_re_hashes_everything_and_keeps_the_do_not_call_list(db, settings):
    old = Vault(TEST_DATA_KEY)
    campaign_id = await fill(db, old)
    await check_data_key(db, settings)
    before = await tokens(db)

    done = cli("rotate-key", database=settings.database_url, OLD_DATA_KEY=TEST_DATA_KEY, DATA_KEY=NEW_KEY)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "Rotated to the new key: 4 contacts, 2 call notes, 1 survey answers, 1 do-not-call numbers. "
        "Remove OLD_DATA_KEY from the settings and start the bot.\n"
    )
    new = Vault(NEW_KEY)
    after = await tokens(db)
    assert all(a != b for a, b in zip(before, after, strict=True) if a is not None)
    async with db.session() as session:
        contacts = (await session.exec(select(Contact).order_by(Contact.id))).all()
        [answered] = (await session.exec(select(Attempt).where(Attempt.outcome == Outcome.ANSWERED))).all()
        [blocked] = (await session.exec(select(DoNotCall))).all()
        assert [new.open(c.sealed)["phone"] for c in contacts] == PHONES
        assert [c.phone_hash for c in contacts] == [new.digest(p) for p in PHONES]
        assert new.open(answered.sealed_answers) == {"Kommer du?": "Ja, med grannarna"}
        assert new.decrypt(answered.sealed_note) == "Ringer tillbaka i maj"
        assert blocked.phone_hash == new.digest(PHONES[1]) and new.decrypt(blocked.sealed_phone) == PHONES[1]
        # the number that asked not to be called is still refused when the list is imported again
        campaign = await lifecycle.create_campaign(session=session, guild_id=GUILD, name="Höst", created_by=1, now=T0)
        rows = [Row(row=n + 2, phone=phone) for n, phone in enumerate(PHONES)]
        plan = await imports.plan_import(
            session=session, vault=new, campaign=campaign, parsed=Parsed(rows_read=4, rows=rows)
        )
        assert plan.do_not_call == 1 and len(plan.new) == 3
    assert cli("check", database=settings.database_url, DATA_KEY=NEW_KEY).returncode == 0
    assert cli("check", database=settings.database_url, DATA_KEY=TEST_DATA_KEY).returncode == 2
    assert campaign_id


async def test_rotation_is_all_or_nothing(db, settings):
    await fill(db, Vault(TEST_DATA_KEY))
    stranger = Vault(Fernet.generate_key().decode())
    async with db.session() as session:
        campaign = await lifecycle.find_campaign(session=session, guild_id=GUILD, ref="Vår")
        rows = [Row(row=9, phone="+46701740699", name="Okänd")]
        await imports.store_import(
            session=session, vault=stranger, campaign_id=campaign.id, parsed=Parsed(rows_read=1, rows=rows), now=T0
        )
    before = await tokens(db)
    with pytest.raises(DataKeyError, match=r"^1 stored values open with neither key.*; nothing was changed"):
        await rotate(db, TEST_DATA_KEY, NEW_KEY)
    assert await tokens(db) == before

    done = await rotate(db, TEST_DATA_KEY, NEW_KEY, drop_unreadable=True)
    assert (done.contacts, done.dropped) == (4, 1)
    with pytest.raises(DataKeyError, match=r"^The data is already under DATA_KEY"):
        await rotate(db, TEST_DATA_KEY, NEW_KEY)


async def test_rotate_key_moves_data_stored_under_a_passphrase_that_earlier_versions_accepted(db, settings):
    passphrase = "vårt gamla lösenord"
    old = Vault.previous(passphrase)
    await fill(db, old)
    done = cli("rotate-key", database=settings.database_url, OLD_DATA_KEY=passphrase, DATA_KEY=NEW_KEY)
    assert done.returncode == 0, done.stderr
    async with db.session() as session:
        contacts = (await session.exec(select(Contact).order_by(Contact.id))).all()
    assert [c.phone_hash for c in contacts] == [Vault(NEW_KEY).digest(p) for p in PHONES]


def test_rotate_key_needs_both_keys_in_the_settings_never_on_the_command_line(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    missing = cli("rotate-key", database=url, DATA_KEY=NEW_KEY)
    assert missing.returncode == 2
    assert missing.stderr.splitlines() == [
        "Configuration error: OLD_DATA_KEY: not set. Set it to the key the data is stored under (see --help)."
    ]
    described = cli("rotate-key", "--help", database=url)
    assert "rename DATA_KEY to OLD_DATA_KEY" in described.stdout
    assert "Keys never go on the command line" in described.stdout
