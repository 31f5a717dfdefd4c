"""Every table of the bot, imported in one place so that Alembic and the tests see the whole schema."""

from bot import audit, db, guilds, ledger  # noqa: F401
