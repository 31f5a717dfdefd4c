"""Handing out contacts: a caller claims one contact at a time and sees its card.

Claiming is one `UPDATE … WHERE id = (SELECT … LIMIT 1 [FOR UPDATE SKIP LOCKED]) RETURNING`, so two callers
asking at the same moment never get the same contact, on SQLite and on PostgreSQL. Every "now" is given by the
caller (the cog passes `bot.clock.now()`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from bot.campaigns.crypto import Vault
from bot.campaigns.importer import display_phone
from bot.campaigns.models import Attempt, Campaign, CampaignStatus, Contact, ContactStatus
from bot.db import Database, UTCDateTime
from bot.errors import NotFound, UserError

CLAIM_RETRIES = 8

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Claimed:
    contact_id: int
    campaign_id: int
    resumed: bool = False


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A contact the key does not open: held for an organiser instead of handed out."""

    contact_id: int


@dataclass(frozen=True, slots=True)
class Nothing:
    reason: str  # "all_claimed" | "cooling" | "done" | "no_campaign" | "paused" | "closed"
    next_free_at: datetime | None = None
    held: int = 0


def _ready(caller_id: int, now: datetime) -> ColumnElement[bool]:
    """A contact this caller may take now."""
    return and_(
        Contact.status == ContactStatus.OPEN,
        Contact.available_at <= now,
        or_(col(Contact.claimed_until).is_(None), Contact.claimed_until <= now),
        or_(
            col(Contact.callback_for).is_(None),
            Contact.callback_for == caller_id,
            Contact.callback_until <= now,
        ),
    )


def _active_campaigns(guild_id: int, campaign_ids: list[int] | None) -> SelectOfScalar[int | None]:
    query = select(Campaign.id).where(Campaign.guild_id == guild_id, Campaign.status == CampaignStatus.ACTIVE)
    if campaign_ids is not None:
        query = query.where(col(Campaign.id).in_(campaign_ids))
    return query


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


async def _current_claim(
    *, session: AsyncSession, guild_id: int, caller_id: int, campaign_ids: list[int] | None, now: datetime
) -> Claimed | None:
    query = select(Contact.id, Contact.campaign_id).where(
        Contact.claimed_by == caller_id,
        Contact.status == ContactStatus.OPEN,
        Contact.claimed_until > now,
        col(Contact.campaign_id).in_(_active_campaigns(guild_id, campaign_ids)),
    )
    row = (await session.exec(query.limit(1))).first()
    return Claimed(row[0], row[1], resumed=True) if row else None


async def _claim_once(
    *,
    session: AsyncSession,
    vault: Vault,
    guild_id: int,
    caller_id: int,
    campaign_ids: list[int] | None,
    now: datetime,
) -> Claimed | Unreadable | None:
    """One try, one transaction: the contact the caller already holds; else their own call-backs first, then
    everything in the order it became available (an overdue call-back of someone else's is open to anyone). Taking
    is one UPDATE … WHERE id = (SELECT … LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING per pool, which checks once more,
    on the row it takes, that the contact is ready for this caller and its campaign still runs, and sets the
    expiry from its campaign's claim time; the attempt is inserted in the same transaction. A contact the key
    cannot read is not handed out but set aside for an organiser (`Unreadable`)."""
    held = await _current_claim(
        session=session, guild_id=guild_id, caller_id=caller_id, campaign_ids=campaign_ids, now=now
    )
    if held is not None:
        return held
    active = select(Campaign.id, Campaign.claim_minutes).where(
        col(Campaign.id).in_(_active_campaigns(guild_id, campaign_ids))
    )
    minutes_of = dict((await session.exec(active.order_by(Campaign.id))).all())
    if not minutes_of:
        return None
    own_ids = list(
        (
            await session.exec(
                select(Contact.id).where(Contact.callback_for == caller_id, Contact.status == ContactStatus.OPEN)
            )
        ).all()
    )
    ready = _ready(caller_id, now)
    still_active = col(Contact.campaign_id).in_(_active_campaigns(guild_id, campaign_ids))
    expiry = case(
        {
            campaign_id: literal(now + timedelta(minutes=minutes), UTCDateTime)
            for campaign_id, minutes in minutes_of.items()
        },
        value=Contact.campaign_id,
    )
    pools = [col(Contact.id).in_(own_ids)] if own_ids else []
    # per campaign, so that the pool index (campaign, status, available_at) gives the order without a sort
    pools += [col(Contact.campaign_id) == campaign_id for campaign_id in minutes_of]
    claimed = None
    for pool in pools:
        candidate = (
            select(Contact.id)
            .where(pool, ready)
            .order_by(Contact.available_at, Contact.id)
            .limit(1)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        claimed = (
            await session.exec(
                update(Contact)
                .where(col(Contact.id) == candidate, ready, still_active)
                .values(claimed_by=caller_id, claimed_until=expiry, updated_at=now)
                .returning(Contact.id, Contact.campaign_id, Contact.sealed)
            )
        ).first()
        if claimed is not None:
            break
    if claimed is None:
        return None
    contact_id, campaign_id, sealed = claimed
    if not vault.opens(sealed):
        await session.exec(
            update(Contact)
            .where(col(Contact.id) == contact_id)
            .values(status=ContactStatus.HELD, claimed_by=None, claimed_until=None, updated_at=now)
        )
        log.warning("contact %s of campaign %s cannot be read with DATA_KEY: held for an organiser", *claimed[:2])
        return Unreadable(contact_id)
    session.add(
        Attempt(
            guild_id=guild_id,
            campaign_id=campaign_id,
            contact_id=contact_id,
            caller_id=caller_id,
            claimed_at=now,
        )
    )
    return Claimed(contact_id, campaign_id)


async def claim_next(
    *,
    db: Database,
    vault: Vault,
    guild_id: int,
    caller_id: int,
    now: datetime,
    campaign_ids: list[int] | None = None,
) -> Claimed | Nothing:
    """The caller's next contact (or the one they already hold), or why there is none. It is given the database,
    not a session: each try is its own short transaction, so a try that lost a contact to another caller looks
    again at what is committed."""
    for _ in range(CLAIM_RETRIES):
        claimed = await db.run_write(
            _claim_once, vault=vault, guild_id=guild_id, caller_id=caller_id, campaign_ids=campaign_ids, now=now
        )
        if isinstance(claimed, Claimed):
            return claimed
        if isinstance(claimed, Unreadable):
            continue
        async with db.session() as session:
            nothing = await why_nothing(
                session=session, guild_id=guild_id, caller_id=caller_id, campaign_ids=campaign_ids, now=now
            )
        if nothing is not None:
            return nothing
        # a candidate existed but another caller took it between our look and our update: look again
    async with db.session() as session:
        nothing = await why_nothing(
            session=session, guild_id=guild_id, caller_id=caller_id, campaign_ids=campaign_ids, now=now
        )
    return nothing or Nothing("all_claimed")


async def why_nothing(
    *, session: AsyncSession, guild_id: int, caller_id: int, campaign_ids: list[int] | None, now: datetime
) -> Nothing | None:
    """Why nothing can be handed out to this caller now; None when something could be."""
    if campaign_ids is not None and len(campaign_ids) == 1:
        campaign = await session.get(Campaign, campaign_ids[0])
        if campaign is not None and campaign.guild_id == guild_id and campaign.status != CampaignStatus.ACTIVE:
            return Nothing(campaign.status)
    active = list((await session.exec(_active_campaigns(guild_id, campaign_ids))).all())
    if not active:
        return Nothing("no_campaign")
    pool = and_(col(Contact.campaign_id).in_(active), Contact.status == ContactStatus.OPEN)
    if (await session.exec(select(func.count()).where(pool, _ready(caller_id, now)))).one():
        return None
    unclaimed = or_(col(Contact.claimed_until).is_(None), Contact.claimed_until <= now)
    claimed = (await session.exec(select(func.count()).where(pool, Contact.claimed_until > now))).one()
    cooling_at = (
        await session.exec(select(func.min(Contact.available_at)).where(pool, unclaimed, Contact.available_at > now))
    ).one()
    callback_at = (
        await session.exec(
            select(func.min(Contact.callback_until)).where(
                pool,
                unclaimed,
                Contact.available_at <= now,
                Contact.callback_for != caller_id,
                Contact.callback_until > now,
            )
        )
    ).one()
    held = (
        await session.exec(
            select(func.count()).where(col(Contact.campaign_id).in_(active), Contact.status == ContactStatus.HELD)
        )
    ).one()
    next_free = min((moment for moment in (cooling_at, callback_at) if moment is not None), default=None)
    if next_free is not None:
        return Nothing("cooling", _aware(next_free), held)
    if claimed:
        return Nothing("all_claimed", None, held)
    return Nothing("done", None, held)


# ---------------------------------------------------------------------------- the contact card


@dataclass(frozen=True, slots=True)
class HistoryItem:
    when: datetime
    outcome: str
    note: str


@dataclass(frozen=True, slots=True)
class Card:
    contact_id: int
    campaign_id: int
    campaign_name: str
    script: str
    questions: list[str]
    name: str
    phone: str
    phone_e164: str
    branch: str
    email: str
    note: str
    extra: dict[str, str]
    attempts: int
    max_attempts: int
    claimed_until: datetime | None
    pending_note: str
    history: list[HistoryItem] = field(default_factory=list)


async def claimed_contact(*, session: AsyncSession, guild_id: int, contact_id: int, caller_id: int) -> Contact:
    """The contact, if this caller holds it now; refused otherwise."""
    contact = await session.get(Contact, contact_id)
    if contact is None or contact.guild_id != guild_id:
        raise NotFound("campaigns.error.contact_gone")
    if contact.status != ContactStatus.OPEN or contact.claimed_by != caller_id:
        raise UserError("campaigns.error.not_claimed")
    return contact


async def card(*, session: AsyncSession, vault: Vault, guild_id: int, contact_id: int, caller_id: int) -> Card:
    """The card of the contact this caller holds now; refused otherwise."""
    contact = await claimed_contact(session=session, guild_id=guild_id, contact_id=contact_id, caller_id=caller_id)
    return await contact_card(session=session, vault=vault, contact=contact, caller_id=caller_id)


async def contact_card(*, session: AsyncSession, vault: Vault, contact: Contact, caller_id: int | None) -> Card:
    """What a caller sees of a contact: its data, the campaign's script and questions, and every earlier call with
    its outcome and note; `caller_id`'s note not yet recorded with an outcome, if any (None: nobody's). Whoever
    calls this has checked that the person may see the contact."""
    campaign = await session.get(Campaign, contact.campaign_id)
    assert campaign is not None
    data = vault.open(contact.sealed)
    attempts = (
        await session.exec(select(Attempt).where(col(Attempt.contact_id) == contact.id).order_by(col(Attempt.id)))
    ).all()
    history = [
        HistoryItem(a.recorded_at, a.outcome, vault.decrypt(a.sealed_note) if a.sealed_note else "")
        for a in attempts
        if a.outcome is not None and a.recorded_at is not None
    ]
    pending = next(
        (a for a in reversed(attempts) if caller_id is not None and a.outcome is None and a.caller_id == caller_id),
        None,
    )
    return Card(
        contact_id=contact.id,
        campaign_id=campaign.id,
        campaign_name=campaign.name,
        script=campaign.script,
        questions=list(campaign.questions),
        name=data.get("name", ""),
        phone=display_phone(data.get("phone", "")),
        phone_e164=data.get("phone", ""),
        branch=contact.branch,
        email=data.get("email", ""),
        note=data.get("note", ""),
        extra=data.get("extra", {}) if campaign.show_extra_fields else {},
        attempts=contact.attempts,
        max_attempts=campaign.max_attempts,
        claimed_until=contact.claimed_until,
        pending_note=vault.decrypt(pending.sealed_note) if pending and pending.sealed_note else "",
        history=history,
    )
