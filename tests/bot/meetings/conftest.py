"""A migrated database of its own for the unit tests of meetings."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.db import Database


@pytest.fixture
async def db(settings) -> AsyncIterator[Database]:
    database = Database(settings.database_url)
    await database.migrate()
    yield database
    await database.dispose()
