"""Alembic environment: migrations run on the connection the bot hands over, or on sqlalchemy.url."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

import bot.schema  # noqa: F401  (registers every table on SQLModel.metadata)

target_metadata = SQLModel.metadata


def run_with(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_online() -> None:
    engine = create_async_engine(context.config.get_main_option("sqlalchemy.url"), hide_parameters=True)
    async with engine.begin() as connection:
        await connection.run_sync(run_with)
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    asyncio.run(run_online())
