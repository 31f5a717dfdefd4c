"""A campaign's life: created with its script and questions, found by name, paused, resumed and closed.

Closing starts the clock of its personal data (`purge_due_at`); the purge itself is `bot.campaigns.retention`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.campaigns.models import (
    DEFAULT_CLAIM_MINUTES,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_RETRY_COOLDOWN_HOURS,
    Campaign,
    CampaignStatus,
    Contact,
)
from bot.errors import NotFound, UserError

MAX_QUESTIONS = 5
QUESTION_LENGTH = 100


def questions_from_text(text: str) -> list[str]:
    """The survey questions typed in the create form, one a line; list marks are not part of a question."""
    questions = [line.strip(" -•\t") for line in text.splitlines()]
    return [question[:QUESTION_LENGTH] for question in questions if question][:MAX_QUESTIONS]


async def create_campaign(
    *,
    session: AsyncSession,
    guild_id: int,
    name: str,
    created_by: int,
    now: datetime,
    description: str = "",
    script: str = "",
    questions: list[str] | None = None,
    retry_cooldown_hours: int = DEFAULT_RETRY_COOLDOWN_HOURS,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    claim_minutes: int = DEFAULT_CLAIM_MINUTES,
    show_extra_fields: bool = False,
) -> Campaign:
    name = " ".join(name.split())
    if not name:
        raise UserError("campaigns.error.name_empty")
    questions = [q.strip() for q in (questions or []) if q.strip()][:MAX_QUESTIONS]
    if await _by_name(session=session, guild_id=guild_id, name=name) is not None:
        raise UserError("campaigns.error.name_taken", name=name)
    campaign = Campaign(
        guild_id=guild_id,
        name=name,
        description=description.strip(),
        script=script.strip(),
        questions=questions,
        retry_cooldown_hours=retry_cooldown_hours,
        max_attempts=max_attempts,
        claim_minutes=claim_minutes,
        show_extra_fields=show_extra_fields,
        created_by=created_by,
        created_at=now,
    )
    session.add(campaign)
    await session.flush()
    return campaign


async def ensure_name_free(*, session: AsyncSession, guild_id: int, name: str) -> None:
    """Refuse, before the create form opens, a name that already finds a campaign of this server."""
    try:
        await find_campaign(session=session, guild_id=guild_id, ref=name)
    except NotFound:
        return
    raise UserError("campaigns.error.name_taken", name=" ".join(name.split()))


async def list_campaigns(
    *, session: AsyncSession, guild_id: int, statuses: tuple[str, ...] | None = None
) -> list[Campaign]:
    query = select(Campaign).where(Campaign.guild_id == guild_id)
    if statuses is not None:
        query = query.where(col(Campaign.status).in_(statuses))
    return list((await session.exec(query.order_by(Campaign.id))).all())


async def _by_name(*, session: AsyncSession, guild_id: int, name: str) -> Campaign | None:
    """Names compare without case in Python (SQLite's lower() knows only ASCII, not Å, Ä, Ö)."""
    wanted = name.casefold()
    campaigns = (await session.exec(select(Campaign).where(Campaign.guild_id == guild_id))).all()
    return next((c for c in campaigns if c.name.casefold() == wanted), None)


async def find_campaign(*, session: AsyncSession, guild_id: int, ref: str) -> Campaign:
    """A campaign by name (any case) or by id, in this server only."""
    text = " ".join(ref.split())
    found = await _by_name(session=session, guild_id=guild_id, name=text)
    if found is None and text.isdecimal():
        found = await session.get(Campaign, int(text))
        if found is not None and found.guild_id != guild_id:
            found = None
    if found is None:
        raise NotFound("campaigns.error.not_found", name=text)
    return found


async def campaign_by_id(*, session: AsyncSession, campaign_id: int) -> Campaign:
    """The campaign a confirmation was asked for, read again in the transaction that acts on it."""
    campaign = await session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("campaigns.error.not_found", name=str(campaign_id))
    return campaign


async def set_status(*, session: AsyncSession, campaign: Campaign, status: CampaignStatus, now: datetime) -> None:
    current = CampaignStatus(campaign.status)
    if current is CampaignStatus.CLOSED:
        raise UserError("campaigns.error.closed", name=campaign.name)
    if status is CampaignStatus.PAUSED and current is not CampaignStatus.ACTIVE:
        raise UserError("campaigns.error.not_active", name=campaign.name)
    if status is CampaignStatus.ACTIVE and current is not CampaignStatus.PAUSED:
        raise UserError("campaigns.error.not_paused", name=campaign.name)
    campaign.status = status
    if status is CampaignStatus.CLOSED:
        campaign.closed_at = now
        await session.exec(
            update(Contact).where(col(Contact.campaign_id) == campaign.id).values(claimed_by=None, claimed_until=None)
        )
    session.add(campaign)


def purge_due_at(campaign: Campaign) -> datetime | None:
    """When a closed campaign's personal data is erased (None: still running, or erased already)."""
    if campaign.closed_at is None or campaign.purged_at is not None:
        return None
    return campaign.closed_at + timedelta(days=campaign.retention_days)
