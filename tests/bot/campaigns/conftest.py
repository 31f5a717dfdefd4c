"""The database the campaign services are tested on: migrated as the bot migrates it, with the test key."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.campaigns.crypto import Vault
from bot.db import Database
from bot.settings import Settings
from tests.conftest import TEST_DATA_KEY


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Database]:
    database = Database(settings.database_url)
    await database.migrate(vault=Vault(TEST_DATA_KEY))
    yield database
    await database.dispose()
