"""Migrations build exactly the schema the models describe, and applying them twice changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlmodel import SQLModel, select

import bot.schema  # noqa: F401
from bot.campaigns.crypto import DataKeyError, Vault
from bot.campaigns.models import Attempt, DoNotCall
from bot.db import Database, alembic_config
from bot.guilds import BindingKind, ChannelPurpose, GuildConfig, Replies, RolePurpose
from bot.memorial.models import MemorialDay, MemorialRegistration
from tests.conftest import TEST_DATA_KEY

T0 = datetime(2026, 1, 1, tzinfo=UTC)


async def test_migrations_match_the_models_and_are_idempotent(settings):
    database = Database(settings.database_url)
    try:
        await database.migrate()
        await database.migrate()

        def differences(connection):
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, SQLModel.metadata)

        async with database.engine.connect() as connection:
            diff = await connection.run_sync(differences)
        assert diff == []
    finally:
        await database.dispose()


async def test_every_server_table_carries_its_guild_id():
    global_tables = {"bot_state", "alembic_version"}
    without = [
        name
        for name, table in SQLModel.metadata.tables.items()
        if name not in global_tables and "guild_id" not in table.columns and not _owned_through_parent(table)
    ]
    assert without == []


def _owned_through_parent(table) -> bool:
    """A child row (an RSVP, an owner) may reach its server through a foreign key to a server-owned row."""
    return any("guild_id" in fk.column.table.columns for column in table.columns for fk in column.foreign_keys)


async def test_survey_answers_in_plain_text_are_encrypted_by_the_upgrade_with_the_data_key(settings):
    vault = Vault(TEST_DATA_KEY)
    database = Database(settings.database_url)
    try:
        await database.migrate()
        await alembic_step(database, "downgrade", "0401-1")  # the campaigns branch as the previous version left it
        phone = "+46701740605"
        async with database.engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO campaign (id, guild_id, name, description, script, questions, retry_cooldown_hours,"
                    " max_attempts, claim_minutes, show_extra_fields, retention_days, status, created_at)"
                    " VALUES (1, 7, 'Vår', '', '', :questions, 3, 3, 15, false, 30, 'active', :at)"
                ),
                {"at": T0, "questions": '["Kommer du?"]'},
            )
            await connection.execute(
                text(
                    "INSERT INTO campaign_contact (id, guild_id, campaign_id, row_number, phone_hash, sealed, branch,"
                    " status, attempts, available_at, updated_at)"
                    " VALUES (1, 7, 1, 2, :hash, :sealed, '', 'done', 0, :at, :at)"
                ),
                {"hash": vault.digest(phone), "sealed": vault.seal({"name": "Kontakt", "phone": phone}), "at": T0},
            )
            await connection.execute(
                text(
                    "INSERT INTO campaign_attempt (id, guild_id, campaign_id, contact_id, caller_id, claimed_at,"
                    " outcome, answers) VALUES (1, 7, 1, 1, 99, :at, 'answered', :answers)"
                ),
                {"at": T0, "answers": '{"Kommer du?": "Ja, med barnen"}'},
            )
            await connection.execute(
                text(
                    "INSERT INTO campaign_do_not_call (id, guild_id, phone_hash, created_at)"
                    " VALUES (1, 7, :hash, :at), (2, 7, 'a hash whose number no list holds', :at)"
                ),
                {"hash": vault.digest(phone), "at": T0},
            )
        with pytest.raises(DataKeyError, match=r"^DATA_KEY: not set, and it is needed to encrypt 1 survey answers"):
            await database.migrate()
        with pytest.raises(DataKeyError, match=r"^DATA_KEY: it does not open the data stored in this database"):
            await database.migrate(vault=Vault(Fernet.generate_key().decode()))
        await database.migrate(vault=vault)

        async with database.session() as session:
            [attempt] = (await session.exec(select(Attempt))).all()
            blocked = (await session.exec(select(DoNotCall).order_by(DoNotCall.id))).all()
        assert "barnen" not in attempt.sealed_answers
        assert vault.open(attempt.sealed_answers) == {"Kommer du?": "Ja, med barnen"}
        assert vault.decrypt(blocked[0].sealed_phone) == phone and blocked[1].sealed_phone is None
    finally:
        await database.dispose()


async def test_channels_and_roles_move_from_their_columns_to_bindings_and_back(settings):
    announcements, men, moderator = 1187654321098765432, 1187654321098765433, 1187654321098765434
    database = Database(settings.database_url)
    try:
        await database.migrate()
        await alembic_step(database, "downgrade", "0621-1")  # a column per purpose, as the previous version had
        async with database.engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO guild_config (guild_id, language, timezone, announcements_channel_id, men_role_id,"
                    " moderator_role_id, created_at) VALUES (7, 'sv', 'Europe/Stockholm', :announcements, :men,"
                    " :moderator, :at), (8, 'en', 'Europe/Stockholm', NULL, NULL, NULL, :at)"
                ),
                {"announcements": announcements, "men": men, "moderator": moderator, "at": T0},
            )
        await database.migrate()

        async with database.session() as session:
            configs = {c.guild_id: c for c in (await session.exec(select(GuildConfig))).all()}
        assert sorted((b.kind, b.purpose, b.discord_id) for b in configs[7].bindings) == [
            (BindingKind.CHANNEL, "announcements", announcements),
            (BindingKind.ROLE, "men", men),
            (BindingKind.ROLE, "moderator", moderator),
        ]
        assert configs[7].channel_id(ChannelPurpose.ANNOUNCEMENTS) == announcements
        assert configs[7].role_id(RolePurpose.MEN) == men and configs[7].role_id(RolePurpose.ORGANISER) is None
        assert configs[7].language == "sv" and configs[8].language == "en" and configs[8].bindings == []

        await alembic_step(database, "downgrade", "0621-1")
        async with database.engine.connect() as connection:
            rows = (
                await connection.execute(
                    text(
                        "SELECT guild_id, announcements_channel_id, men_role_id, moderator_role_id, organiser_role_id"
                        " FROM guild_config ORDER BY guild_id"
                    )
                )
            ).all()
        assert [tuple(row) for row in rows] == [(7, announcements, men, moderator, None), (8, None, None, None, None)]
    finally:
        await database.dispose()


async def test_a_seeded_days_english_moves_to_its_translations_and_back(settings):
    database = Database(settings.database_url)
    try:
        await database.migrate()
        await alembic_step(database, "downgrade", "0622-1")  # name_en and text_en, as the previous version had
        async with database.engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO memorial_day (id, guild_id, name, name_en, rule_kind, month, day, text, text_en,"
                    " post_hour, post_minute, lead_days, active, created_at) VALUES"
                    " (1, 7, 'Första maj', 'May Day', 'fixed', 5, 1, 'Glad första maj!', 'Happy May Day!', 9, 0,"
                    " '[14, 3]', true, :at),"
                    " (2, 7, 'Vår dag', NULL, 'fixed', 6, 2, 'Vår egen text', NULL, 9, 0, '[]', true, :at)"
                ),
                {"at": T0},
            )
            await connection.execute(
                text(
                    "INSERT INTO memorial_registration (id, guild_id, day_id, year, organiser_id, branch, what,"
                    " created_at) VALUES (1, 7, 1, 2026, 99, 'Malmö', 'Demonstration', :at)"
                ),
                {"at": T0},
            )
        await database.migrate()

        async with database.session() as session:
            days = (await session.exec(select(MemorialDay).order_by(MemorialDay.id))).all()
            registrations = (await session.exec(select(MemorialRegistration))).all()
        assert [d.translations for d in days] == [{"en": {"name": "May Day", "text": "Happy May Day!"}}, {}]
        assert (days[0].display_name("en"), days[0].display_text("en")) == ("May Day", "Happy May Day!")
        assert (days[0].display_name("sv"), days[1].display_name("en")) == ("Första maj", "Vår dag")
        assert [(r.day_id, r.branch) for r in registrations] == [(1, "Malmö")]  # rebuilding the table kept them

        await alembic_step(database, "downgrade", "0622-1")
        async with database.engine.connect() as connection:
            rows = (await connection.execute(text("SELECT id, name_en, text_en FROM memorial_day ORDER BY id"))).all()
            kept = (await connection.execute(text("SELECT count(*) FROM memorial_registration"))).scalar_one()
        assert [tuple(row) for row in rows] == [(1, "May Day", "Happy May Day!"), (2, None, None)] and kept == 1
    finally:
        await database.dispose()


async def test_a_server_stored_before_keeps_its_replies_in_its_own_language(settings):
    database = Database(settings.database_url)
    try:
        await database.migrate()
        await alembic_step(database, "downgrade", "0631-1")  # no choice of the replies' language yet
        async with database.engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO guild_config (guild_id, language, timezone, created_at)"
                    " VALUES (7, 'sv', 'Europe/Stockholm', :at), (8, 'en', 'Europe/Stockholm', :at)"
                ),
                {"at": T0},
            )
        await database.migrate()

        async with database.session() as session:
            configs = {c.guild_id: c for c in (await session.exec(select(GuildConfig))).all()}
        assert {guild: (c.language, c.replies) for guild, c in configs.items()} == {
            7: ("sv", Replies.SERVER),
            8: ("en", Replies.SERVER),
        }

        await alembic_step(database, "downgrade", "0631-1")
        async with database.engine.connect() as connection:
            rows = (await connection.execute(text("SELECT guild_id, language FROM guild_config ORDER BY 1"))).all()
        assert [tuple(row) for row in rows] == [(7, "sv"), (8, "en")]
    finally:
        await database.dispose()


async def alembic_step(database: Database, direction: str, revision: str) -> None:
    def step(connection) -> None:
        config = alembic_config(database.url)
        config.attributes["connection"] = connection
        getattr(command, direction)(config, revision)

    async with database.engine.begin() as connection:
        await connection.run_sync(step)
