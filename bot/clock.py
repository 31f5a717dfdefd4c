"""The one clock every scheduling decision reads.

discord.py's `utcnow()` is the real wall clock in production and the simulated clock under SimCord,
so the scheduler, the ledger and every feature agree on what time it is.
"""

from __future__ import annotations

from datetime import datetime

import discord.utils


def now() -> datetime:
    """The current instant, aware, in UTC."""
    return discord.utils.utcnow()
