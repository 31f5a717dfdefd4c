"""Logging: one line per event, and at every level, DEBUG included, nothing personal reaches a handler.

The project's own loggers (`bot`, `cogs`) log ids, kinds and counts, never what a person typed or what is stored
about them. Some third-party loggers echo whole statements or payloads below a certain level; they are held at
that level (their records are then never made, so no handler can see them, ours or anyone's), unless LOG_SQL=1
is set for a throwaway database, which the settings and the start refuse while a DATA_KEY protects data.
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

from bot.settings import Settings

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

PAYLOAD_LOGGERS: dict[str, int] = {
    "aiosqlite": logging.WARNING,  # DEBUG: every call with its SQL parameters, and what it returned
    "sqlalchemy": logging.WARNING,  # INFO: statements; DEBUG: result rows
    "asyncpg": logging.WARNING,
    "discord.http": logging.WARNING,  # DEBUG: request and response bodies (message texts, contact cards)
    "discord.gateway": logging.INFO,  # DEBUG: every gateway event (what members typed into forms)
    "discord.webhook": logging.INFO,  # DEBUG: interaction URLs, which carry the interaction's token
    "pdfminer": logging.WARNING,  # DEBUG: every token of a PDF it reads (an imported plan's whole text)
}
QUIET_LOGGERS: dict[str, int] = {"apscheduler": logging.WARNING}  # a line per job run: noise, not payload


def hold_payload_loggers(settings: Settings) -> None:
    """Keep the loggers that echo statements or payloads above the levels where they do (or let them follow
    LOG_LEVEL when LOG_SQL is set)."""
    for name, level in PAYLOAD_LOGGERS.items():
        logging.getLogger(name).setLevel(logging.NOTSET if settings.log_sql else level)
    for name, level in QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)


def configure_logging(settings: Settings) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if settings.log_file:
        handlers.append(RotatingFileHandler(settings.log_file, maxBytes=5_000_000, backupCount=5, encoding="utf-8"))
    logging.basicConfig(level=settings.log_level, format=FORMAT, handlers=handlers, force=True)
    hold_payload_loggers(settings)
