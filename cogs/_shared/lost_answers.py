"""A request whose answer from Discord was lost: it may have reached Discord all the same. Nothing here needs
the bot, so the bot class itself uses these."""

from __future__ import annotations

import aiohttp
import discord

CONNECTION_ERRORS = (TimeoutError, ConnectionError, aiohttp.ClientError)
"""A request that raised one of these may have reached Discord: its answer, not the request, is what was lost."""


def answer_lost(error: BaseException) -> bool:
    """Whether a send that raised this may have reached Discord all the same: a timeout, a broken connection or
    a 5xx after the request left. Its outcome is unknown, not failed."""
    if isinstance(error, CONNECTION_ERRORS):
        return True
    return isinstance(error, discord.HTTPException) and error.status >= 500
