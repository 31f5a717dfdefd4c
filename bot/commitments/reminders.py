"""The weekly digest to the organisers and a DM to owners a week before a due date: their ledger planners, what
the digest lists, and whether a reminder is still to be sent and to whom.

Both are "exactly once per occurrence" through the ledger: the digest's occurrence is the local date of
its weekly slot, the DM's the due date it warns about (a new due date is a new occurrence).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import leadtimes
from bot.campaigns.crypto import Vault
from bot.commitments.models import CLOSED_STATUSES, Commitment, DigestSettings, Owner, Plan
from bot.commitments.progress import Pace
from bot.commitments.service import CommitmentInfo, info, infos_of
from bot.errors import NotFound
from bot.guilds import GuildConfig
from bot.ledger import Planned, in_scope
from bot.timeparse import to_local, to_utc

DIGEST = "commitment.digest"
DUE_DM = "commitment.due_dm"
DIGEST_OBJECT = "digest"
DIGEST_GRACE = timedelta(hours=12)
DUE_DM_LEAD = 7 * leadtimes.DAY
"""How long before its due date a commitment's owners are reminded."""
DUE_DM_TIME = time(9, 0)
DUE_DM_GRACE = timedelta(hours=24)
MAX_DM_RECIPIENTS = 25
"""At most this many owners are reminded of one commitment (a role may be large)."""
DUE_SOON_DAYS = 14
STALE_DAYS = 30


def digest_slots(settings: DigestSettings, zone: ZoneInfo, now: datetime) -> list[tuple[date, datetime]]:
    """The latest weekly slot at or before now and the next one after it, as (local day, UTC instant)."""
    today = to_local(now, zone).date()
    at = time(settings.hour, settings.minute)
    this_week = today - timedelta(days=(today.weekday() - settings.weekday) % 7)
    slots = []
    for day in (this_week - timedelta(days=7), this_week, this_week + timedelta(days=7)):
        slots.append((day, to_utc(datetime.combine(day, at), zone, repeating=True)))
    past = [s for s in slots if s[1] <= now]
    future = [s for s in slots if s[1] > now]
    return past[-1:] + future[:1]


async def _configs(*, session: AsyncSession, guild_ids: set[int]) -> dict[int, GuildConfig]:
    if not guild_ids:
        return {}
    rows = (await session.exec(select(GuildConfig).where(col(GuildConfig.guild_id).in_(guild_ids)))).all()
    return {row.guild_id: row for row in rows}


async def plan_digests(
    *, session: AsyncSession, now: datetime, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    if object_id is not None and object_id != DIGEST_OBJECT:
        return []
    query = select(Plan.guild_id).distinct()
    if guild_id is not None:
        query = query.where(Plan.guild_id == guild_id)
    guild_ids = set((await session.exec(query)).all())
    configs = await _configs(session=session, guild_ids=guild_ids)
    planned = []
    for gid in sorted(guild_ids):
        config = configs.get(gid)
        if config is None:
            continue
        settings = await session.get(DigestSettings, gid) or DigestSettings(guild_id=gid)
        if not settings.enabled:
            continue
        for day, due in digest_slots(settings, ZoneInfo(config.timezone), now):
            if due + DIGEST_GRACE > now:
                planned.append(Planned(gid, DIGEST_OBJECT, day.isoformat(), due, due + DIGEST_GRACE))
    return planned


async def plan_due_dms(
    *, session: AsyncSession, now: datetime, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    query = select(Commitment).where(
        col(Commitment.due_date).is_not(None),
        col(Commitment.status).not_in(CLOSED_STATUSES),
        col(Commitment.id).in_(select(Owner.commitment_id)),
    )
    query = in_scope(query, Commitment, guild_id=guild_id, object_id=object_id)
    rows = (await session.exec(query)).all()
    configs = await _configs(session=session, guild_ids={row.guild_id for row in rows})
    planned = []
    for row in rows:
        config = configs.get(row.guild_id)
        if config is None or row.due_date is None:
            continue
        warn_on = row.due_date - DUE_DM_LEAD
        due = to_utc(datetime.combine(warn_on, DUE_DM_TIME), config.timezone, repeating=True)
        if due + DUE_DM_GRACE > now:
            planned.append(
                Planned(row.guild_id, str(row.id), f"due:{row.due_date.isoformat()}", due, due + DUE_DM_GRACE)
            )
    return planned


@dataclass
class Digest:
    behind: list[CommitmentInfo] = field(default_factory=list)
    """Behind the plan or at risk (see `bot.commitments.progress.pace`), the ones at risk first."""
    overdue: list[CommitmentInfo] = field(default_factory=list)
    due_soon: list[CommitmentInfo] = field(default_factory=list)
    stale: list[CommitmentInfo] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.behind or self.overdue or self.due_soon or self.stale)


async def digest_for(
    guild_id: int, *, session: AsyncSession, today: date, now: datetime, vault: Vault | None
) -> Digest:
    """Open commitments that are behind the plan or at risk, overdue, due within 14 days, or not updated for 30
    days (each listed once, in the first of these that it is)."""
    rows = (
        await session.exec(
            select(Commitment)
            .where(Commitment.guild_id == guild_id, col(Commitment.status).not_in(CLOSED_STATUSES))
            .order_by(col(Commitment.due_date), col(Commitment.position), col(Commitment.id))
        )
    ).all()
    digest = Digest()
    stale_before = now - timedelta(days=STALE_DAYS)
    for item in await infos_of(rows, session=session, today=today, vault=vault):
        if item.pace in (Pace.BEHIND, Pace.RISK):
            digest.behind.append(item)
        elif item.due_date is not None and item.due_date < today:
            digest.overdue.append(item)
        elif item.due_date is not None and item.due_date <= today + timedelta(days=DUE_SOON_DAYS):
            digest.due_soon.append(item)
        elif item.updated_at <= stale_before:
            digest.stale.append(item)
    digest.behind.sort(key=lambda item: item.pace != Pace.RISK)
    return digest


async def due_reminder(
    guild_id: int, object_id: str, occurrence_key: str, *, session: AsyncSession, today: date, vault: Vault | None
) -> CommitmentInfo | None:
    """The commitment a due-date reminder is about, or None when it no longer is to be sent: the commitment is
    gone, its due date moved (a new due date is a new occurrence) or it is closed."""
    try:
        item = await info(guild_id, int(object_id), session=session, today=today, vault=vault)
    except NotFound:
        return None
    if item.due_date is None or occurrence_key != f"due:{item.due_date.isoformat()}":
        return None
    if item.status in CLOSED_STATUSES:
        return None
    return item


def due_recipients(item: CommitmentInfo, role_members: Mapping[int, Iterable[int]]) -> list[int]:
    """Who is reminded: the owning members, then the members of each owning role (`role_members`, without bots),
    each once, at most `MAX_DM_RECIPIENTS`."""
    recipients = list(dict.fromkeys(item.owner_user_ids))
    for role_id in item.owner_role_ids:
        recipients += [member for member in role_members.get(role_id, ()) if member not in recipients]
    return recipients[:MAX_DM_RECIPIENTS]
