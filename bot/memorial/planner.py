"""The ledger's plans for memorial days: the post on the day and the reminders before it.

At the posting time (local, default 09:00) on the day the announcement is posted; at each lead time
(by default `bot.memorial.models.DEFAULT_LEADS`) organisers get a reminder and branches can register what they organise.
Both are ledger kinds ("memorial.post", "memorial.reminder"); the grace window of each is the rest of its
local day, so a bot that starts later that day still posts, and one that starts the next day does not.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.guilds import GuildConfig
from bot.ledger import Planned, in_scope
from bot.memorial.models import MemorialDay
from bot.timeparse import to_local, to_utc

POST_KIND = "memorial.post"
REMINDER_KIND = "memorial.reminder"
KINDS = (POST_KIND, REMINDER_KIND)
"""The ledger kinds planned for a memorial day."""


def at_local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall-clock time on `day`, by the clock-change policy of `bot.timeparse`."""
    return to_utc(datetime.combine(day, at), zone, repeating=True)


def end_of_local_day(day: date, zone: ZoneInfo) -> datetime:
    return at_local(day + timedelta(days=1), time(), zone)


def post_key(occurrence: date) -> str:
    return occurrence.isoformat()


def reminder_key(occurrence: date, lead: int) -> str:
    return f"{occurrence.isoformat()}:{lead}"


def parse_key(key: str) -> tuple[date, int | None]:
    """An occurrence key back to (occurrence date, lead days or None for the post itself)."""
    day, _, lead = key.partition(":")
    return date.fromisoformat(day), int(lead) if lead else None


def _candidate_occurrences(day: MemorialDay, zone: ZoneInfo, now: datetime) -> list[date]:
    year = to_local(now, zone).year
    return [day.rule.in_year(y) for y in (year, year + 1, year + 2)]


def post_plan(day: MemorialDay, zone: ZoneInfo, now: datetime) -> list[Planned]:
    """The posts of `day` whose grace window (the rest of the local day) is still open."""
    assert day.id is not None
    planned = []
    for occurrence in _candidate_occurrences(day, zone, now)[:2]:
        expires = end_of_local_day(occurrence, zone)
        if expires > now:
            due = at_local(occurrence, day.post_time, zone)
            planned.append(Planned(day.guild_id, str(day.id), post_key(occurrence), due, expires))
    return planned


def reminder_plan(day: MemorialDay, zone: ZoneInfo, now: datetime) -> list[Planned]:
    """The lead reminders of `day` whose grace window (the rest of that local day) is still open,
    for occurrences up to a year ahead."""
    assert day.id is not None
    horizon = to_local(now, zone).date() + timedelta(days=366)
    planned = []
    for occurrence in _candidate_occurrences(day, zone, now):
        for lead in day.leads:
            on = occurrence - lead
            expires = end_of_local_day(on, zone)
            if expires > now and on <= horizon:
                due = at_local(on, day.post_time, zone)
                planned.append(Planned(day.guild_id, str(day.id), reminder_key(occurrence, lead.days), due, expires))
    return planned


async def _plan(
    plan: Callable[[MemorialDay, ZoneInfo, datetime], list[Planned]],
    *,
    session: AsyncSession,
    now: datetime,
    guild_id: int | None,
    object_id: str | None,
) -> list[Planned]:
    """`plan` for every active day in scope, each in its server's time zone."""
    query = (
        select(MemorialDay, GuildConfig.timezone)
        .join(GuildConfig, col(GuildConfig.guild_id) == col(MemorialDay.guild_id))
        .where(col(MemorialDay.active).is_(True))
    )
    query = in_scope(query, MemorialDay, guild_id=guild_id, object_id=object_id)
    return [planned for day, zone in (await session.exec(query)).all() for planned in plan(day, ZoneInfo(zone), now)]


async def plan_posts(
    *, session: AsyncSession, now: datetime, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    """Ledger planner for "memorial.post"."""
    return await _plan(post_plan, session=session, now=now, guild_id=guild_id, object_id=object_id)


async def plan_reminders(
    *, session: AsyncSession, now: datetime, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    """Ledger planner for "memorial.reminder"."""
    return await _plan(reminder_plan, session=session, now=now, guild_id=guild_id, object_id=object_id)
