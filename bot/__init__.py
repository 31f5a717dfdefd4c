"""rödbot: keeps a district's activity-plan promises, meetings, call lists and memorial days."""

from bot.settings import Settings


def create_bot(settings: Settings | None = None):
    """Build the fully configured bot without connecting; see `bot.bot.create_bot`."""
    from bot.bot import create_bot as build

    return build(settings)


__all__ = ["Settings", "create_bot"]
