"""`bot.ledger.in_scope`: the one narrowing every planner applies when `replan` is scoped to a server or an object."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.db import Database
from bot.ledger import in_scope
from bot.memorial.models import MemorialDay


@pytest.fixture
async def db(settings):
    database = Database(settings.database_url)
    await database.migrate()
    async with database.session() as session:
        for guild_id, name in ((1, "a"), (1, "b"), (2, "c")):
            session.add(MemorialDay(guild_id=guild_id, name=name, month=3, day=8, text=name))
    yield database
    await database.dispose()


async def names(db: Database, *, guild_id: int | None, object_id: str | None) -> list[str]:
    async with db.session() as session:
        ids = {day.name: day.id for day in (await session.exec(select(MemorialDay))).all()}
        if object_id == "<b>":
            object_id = str(ids["b"])
        query = in_scope(select(MemorialDay), MemorialDay, guild_id=guild_id, object_id=object_id)
        return sorted(day.name for day in (await session.exec(query)).all())


@pytest.mark.parametrize(
    ("guild_id", "object_id", "expected"),
    [
        (None, None, ["a", "b", "c"]),
        (1, None, ["a", "b"]),
        (2, None, ["c"]),
        (1, "<b>", ["b"]),
        (2, "<b>", []),  # the object is not in that server
        (None, "digest", []),  # another kind's object: no row id
        (None, "¹", []),  # a digit but no decimal number
        (None, "-1", []),
    ],
)
async def test_a_scope_narrows_to_the_server_and_the_row_it_names(db, guild_id, object_id, expected):
    assert await names(db, guild_id=guild_id, object_id=object_id) == expected
