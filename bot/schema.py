"""Every table of the bot, imported in one place so that Alembic and the tests see the whole schema."""

from bot import audit, db, guilds, ledger, privacy  # noqa: F401
from bot.campaigns import models as campaigns_models  # noqa: F401
from bot.commitments import models as commitments_models  # noqa: F401
from bot.meetings import models as meetings_models  # noqa: F401
from bot.memorial import models as memorial_models  # noqa: F401
