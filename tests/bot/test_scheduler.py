"""The scheduler (`bot.scheduler`) decides only *when* the ledger runs: one wake at the ledger's next due time, moved
whenever that changes and re-armed after each run, a nightly re-plan, and a clean shutdown.

These tests run APScheduler on the real clock (SimCord's does not move it): what is due "now" is in the past, what
must wait is a day or more ahead, and a test waits for what the scheduler did, never for a time to pass."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.base import STATE_STOPPED
from apscheduler.triggers.cron import CronTrigger
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.ledger import Ledger, Occurrence, Planned
from bot.scheduler import REPLAN_JOB, WAKE_JOB, Scheduler

ZONE = ZoneInfo("Europe/Stockholm")
KIND = "test.ping"
GUILD = 5150
PATIENCE = 10  # seconds a test waits at most for the scheduler to act before it fails


def real_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Plan:
    """A kind whose occurrences are whatever `due` holds; it notes each one delivered and each planning."""

    def __init__(self, *due: datetime) -> None:
        self.due = list(due)
        self.planned = 0
        self.delivered: list[str] = []

    async def planner(
        self, *, session: AsyncSession, now: datetime, guild_id: int | None = None, object_id: str | None = None
    ) -> list[Planned]:
        self.planned += 1
        return [
            Planned(guild_id=GUILD, object_id="1", key=at.isoformat(), due_at=at, expires_at=at + timedelta(days=1))
            for at in self.due
        ]

    async def handler(self, occurrence: Occurrence) -> None:
        self.delivered.append(occurrence.occurrence_key)


class Wakes:
    """Every wake the ledger asks of the scheduler, passed on to it; `until` waits for one."""

    def __init__(self, ledger: Ledger) -> None:
        self.asked: list[datetime | None] = []
        self.changed = asyncio.Event()
        self.forward = ledger.on_wake_change
        ledger.on_wake_change = self

    def __call__(self, when: datetime | None) -> None:
        self.asked.append(when)
        assert self.forward is not None
        self.forward(when)
        self.changed.set()

    async def until(self, wanted: datetime | None) -> None:
        async def seen() -> None:
            while wanted not in self.asked:
                self.changed.clear()
                await self.changed.wait()

        await asyncio.wait_for(seen(), PATIENCE)


async def settle() -> None:
    """Wait for the ledger runs APScheduler started, so the database is not closed under one of them."""
    running = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    if running:
        await asyncio.wait(running, timeout=PATIENCE)


@pytest.fixture
async def ledger(db):
    yield Ledger(db)
    await settle()


@pytest.fixture
async def scheduler(ledger):
    started = Scheduler(ledger, ZONE)
    started.start()
    yield started
    started.shutdown()


def wake_time(scheduler: Scheduler) -> datetime | None:
    job = scheduler.aps.get_job(WAKE_JOB)
    return None if job is None else job.next_run_time


async def test_the_wake_is_set_at_the_ledgers_next_due_time(ledger, scheduler):
    soon, later = real_now() + timedelta(days=1), real_now() + timedelta(days=2)
    plan = Plan(later, soon)
    ledger.register(KIND, plan.planner, plan.handler)
    await ledger.replan()

    job = scheduler.aps.get_job(WAKE_JOB)
    assert job.next_run_time == soon and job.func == ledger.run_due
    assert job.misfire_grace_time is None and job.coalesce  # a wake missed while busy still runs, once


async def test_the_wake_moves_when_the_next_due_time_changes_and_goes_when_nothing_is_due(ledger, scheduler):
    first, earlier = real_now() + timedelta(days=3), real_now() + timedelta(days=1)
    plan = Plan(first)
    ledger.register(KIND, plan.planner, plan.handler)
    await ledger.replan()
    assert wake_time(scheduler) == first

    plan.due = [first, earlier]  # something earlier was planned
    await ledger.replan(KIND)
    assert wake_time(scheduler) == earlier

    plan.due = []  # and everything was called off
    await ledger.replan(KIND)
    assert scheduler.aps.get_job(WAKE_JOB) is None


async def test_a_due_wake_runs_the_ledger_and_is_armed_again_for_the_next_occurrence(ledger, scheduler):
    due, next_one = real_now() - timedelta(minutes=1), real_now() + timedelta(days=1)
    plan = Plan(due, next_one)
    ledger.register(KIND, plan.planner, plan.handler)
    wakes = Wakes(ledger)

    await ledger.replan()  # the wake is set in the past: APScheduler runs the ledger at once
    await wakes.until(next_one)

    assert plan.delivered == [due.isoformat()]
    assert wakes.asked[0] == due and wakes.asked[-1] == next_one
    assert wake_time(scheduler) == next_one


async def test_after_the_last_occurrence_ran_no_wake_is_left(ledger, scheduler):
    due = real_now() - timedelta(minutes=1)
    plan = Plan(due)
    ledger.register(KIND, plan.planner, plan.handler)
    wakes = Wakes(ledger)

    await ledger.replan()
    await wakes.until(None)

    assert plan.delivered == [due.isoformat()]
    assert scheduler.aps.get_job(WAKE_JOB) is None


async def test_asking_for_the_same_wake_again_changes_nothing(ledger, scheduler, monkeypatch):
    added = []
    add_job = scheduler.aps.add_job
    monkeypatch.setattr(
        scheduler.aps, "add_job", lambda *args, **kwargs: added.append(kwargs) or add_job(*args, **kwargs)
    )
    at, other = real_now() + timedelta(days=1), real_now() + timedelta(days=2)

    scheduler.wake_at(at)
    scheduler.wake_at(at)
    assert [job["run_date"] for job in added] == [at]
    scheduler.wake_at(other)
    assert [job["run_date"] for job in added] == [at, other]
    assert wake_time(scheduler) == other


async def test_the_nightly_job_replans_every_kind_and_delivers_what_came_due(ledger, scheduler):
    job = scheduler.aps.get_job(REPLAN_JOB)
    assert isinstance(job.trigger, CronTrigger) and job.trigger.timezone == ZONE
    fields = {field.name: str(field) for field in job.trigger.fields}
    assert (fields["hour"], fields["minute"], fields["second"]) == ("0", "0", "30")
    local = job.next_run_time.astimezone(ZONE)
    assert (local.hour, local.minute, local.second) == (0, 0, 30)
    assert timedelta(0) < job.next_run_time - datetime.now(UTC) <= timedelta(days=1)

    plan = Plan()
    ledger.register(KIND, plan.planner, plan.handler)
    await ledger.replan()
    planned = plan.planned
    due = real_now() - timedelta(minutes=1)
    plan.due = [due]  # the horizon rolled forward: an occurrence came into view, and it is due

    await job.func()

    assert plan.planned > planned
    assert plan.delivered == [due.isoformat()]


async def test_shutdown_stops_the_scheduler_and_later_wakes_change_nothing(ledger):
    scheduler = Scheduler(ledger, ZONE)
    scheduler.wake_at(real_now() + timedelta(days=1))  # not started yet: nothing to arm
    scheduler.start()
    assert scheduler.aps.get_job(WAKE_JOB) is None
    scheduler.wake_at(real_now() + timedelta(days=1))
    assert scheduler.aps.get_job(WAKE_JOB) is not None

    scheduler.shutdown()
    scheduler.wake_at(real_now() + timedelta(days=2))
    scheduler.wake_at(None)
    scheduler.shutdown()  # a second shutdown (the bot releases twice on close) is harmless
    loop_errors = []
    asyncio.get_running_loop().set_exception_handler(lambda loop, context: loop_errors.append(context))
    await asyncio.sleep(0)  # one turn of the loop, where APScheduler's asyncio scheduler stops
    assert scheduler.aps.state == STATE_STOPPED and not scheduler.aps.running
    assert loop_errors == []
