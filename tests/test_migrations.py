"""Migrations build exactly the schema the models describe, and applying them twice changes nothing."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import bot.schema  # noqa: F401
from bot.db import Database


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
