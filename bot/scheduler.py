"""The one APScheduler of the bot. It only decides *when* the ledger runs; the ledger decides *what*.

Jobs: a one-shot wake at the ledger's next due time (moved whenever that changes) and a nightly re-plan
that rolls every planner's horizon forward.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.ledger import Ledger

log = logging.getLogger(__name__)

WAKE_JOB = "ledger-wake"
REPLAN_JOB = "ledger-replan"


class Scheduler:
    def __init__(self, ledger: Ledger, zone: ZoneInfo) -> None:
        self.ledger = ledger
        self.aps = AsyncIOScheduler(
            timezone=zone,
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 3},
        )
        self.zone = zone
        self._wake_at: datetime | None = None
        self._stopping = False
        ledger.on_wake_change = self.wake_at

    def start(self) -> None:
        self.aps.start()
        self.aps.add_job(
            self._nightly,
            CronTrigger(hour=0, minute=0, second=30, timezone=self.zone),
            id=REPLAN_JOB,
            replace_existing=True,
        )

    async def _nightly(self) -> None:
        await self.ledger.replan()
        await self.ledger.run_due()

    def wake_at(self, when: datetime | None) -> None:
        """Run the ledger at `when` (the earliest open occurrence); a repeated time changes nothing."""
        if when == self._wake_at or self._stopping or not self.aps.running:
            return
        self._wake_at = when
        if when is None:
            if self.aps.get_job(WAKE_JOB) is not None:
                self.aps.remove_job(WAKE_JOB)
            return
        self.aps.add_job(self.ledger.run_due, "date", run_date=when, id=WAKE_JOB, replace_existing=True)

    def shutdown(self) -> None:
        """Stop once: APScheduler's asyncio scheduler stops on the loop's next turn, and a second call would fail
        there, out of sight."""
        if self.aps.running and not self._stopping:
            self._stopping = True
            self.aps.shutdown(wait=False)
