"""The rules of phone campaigns: campaigns, imports, claiming, outcomes, statistics, export, retention.

Plain values in and out; every "now" is given by the caller (the cog passes `bot.clock.now()`).
Claiming is one `UPDATE … WHERE id = (SELECT … LIMIT 1 [FOR UPDATE SKIP LOCKED]) RETURNING`, so two
callers asking at the same moment never get the same contact, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, delete, func, insert, literal_column, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import privacy
from bot.audit import AuditEntry
from bot.campaigns.crypto import Vault
from bot.campaigns.importer import Parsed, Row, display_phone
from bot.campaigns.models import (
    DEFAULT_CLAIM_MINUTES,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_RETRY_COOLDOWN_HOURS,
    RETRY_OUTCOMES,
    Attempt,
    Campaign,
    CampaignStatus,
    Contact,
    ContactStatus,
    DoNotCall,
    Outcome,
)
from bot.db import Database
from bot.errors import NotFound, UserError
from bot.i18n import t
from bot.ledger import Planned
from bot.timeparse import Refusals, parse_moment, to_local

MAX_QUESTIONS = 5
CALLBACK_EXCLUSIVE = timedelta(hours=1)
CALLBACK_HORIZON = timedelta(days=60)
PURGE_GRACE = timedelta(days=365)
INSERT_CHUNK = 5000
CLAIM_RETRIES = 8
PURGE_KIND = "campaigns.purge"

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------- campaigns


async def create_campaign(
    session: AsyncSession,
    *,
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
    if await _by_name(session, guild_id, name) is not None:
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


async def list_campaigns(
    session: AsyncSession, guild_id: int, *, statuses: tuple[str, ...] | None = None
) -> list[Campaign]:
    query = select(Campaign).where(Campaign.guild_id == guild_id)
    if statuses is not None:
        query = query.where(col(Campaign.status).in_(statuses))
    return list((await session.exec(query.order_by(Campaign.id))).all())


async def _by_name(session: AsyncSession, guild_id: int, name: str) -> Campaign | None:
    """Names compare without case in Python (SQLite's lower() knows only ASCII, not Å, Ä, Ö)."""
    wanted = name.casefold()
    campaigns = (await session.exec(select(Campaign).where(Campaign.guild_id == guild_id))).all()
    return next((c for c in campaigns if c.name.casefold() == wanted), None)


async def find_campaign(session: AsyncSession, guild_id: int, ref: str) -> Campaign:
    """A campaign by name (any case) or by id, in this server only."""
    text = " ".join(ref.split())
    found = await _by_name(session, guild_id, text)
    if found is None and text.isdecimal():
        found = await session.get(Campaign, int(text))
        if found is not None and found.guild_id != guild_id:
            found = None
    if found is None:
        raise NotFound("campaigns.error.not_found", name=text)
    return found


async def set_status(session: AsyncSession, campaign: Campaign, status: CampaignStatus, now: datetime) -> None:
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
    if campaign.closed_at is None or campaign.purged_at is not None:
        return None
    return campaign.closed_at + timedelta(days=campaign.retention_days)


async def purge(session: AsyncSession, campaign: Campaign, now: datetime) -> int:
    """Erase the contacts' personal data (names, numbers, notes); outcomes and answers stay for statistics."""
    if campaign.status != CampaignStatus.CLOSED:
        campaign.status = CampaignStatus.CLOSED
        campaign.closed_at = now
    result = await session.exec(
        update(Contact)
        .where(col(Contact.campaign_id) == campaign.id)
        .values(sealed=None, phone_hash=None, claimed_by=None, claimed_until=None, callback_for=None)
    )
    await session.exec(update(Attempt).where(col(Attempt.campaign_id) == campaign.id).values(sealed_note=None))
    campaign.purged_at = now
    session.add(campaign)
    return result.rowcount or 0


async def purge_planner(
    session: AsyncSession, now: datetime, *, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    """One purge occurrence for every closed campaign whose personal data is still kept."""
    query = select(Campaign).where(Campaign.status == CampaignStatus.CLOSED, col(Campaign.purged_at).is_(None))
    if guild_id is not None:
        query = query.where(Campaign.guild_id == guild_id)
    if object_id is not None:
        query = query.where(Campaign.id == int(object_id))
    planned = []
    for campaign in (await session.exec(query)).all():
        due = purge_due_at(campaign)
        if due is not None and due + PURGE_GRACE > now:
            planned.append(Planned(campaign.guild_id, str(campaign.id), "purge", due, due + PURGE_GRACE))
    return planned


# ---------------------------------------------------------------------------- import


@dataclass(slots=True)
class ImportPlan:
    rows_read: int
    new: list[tuple[Row, str]]  # (row, phone hash)
    duplicates: int
    invalid: list[tuple[int, str]]
    already: int  # already in the campaign
    do_not_call: int


async def plan_import(session: AsyncSession, vault: Vault, campaign: Campaign, parsed: Parsed) -> ImportPlan:
    """What an import would store: the file's valid rows minus numbers the campaign has or must not call."""
    existing = set(
        (
            await session.exec(
                select(Contact.phone_hash).where(
                    col(Contact.campaign_id) == campaign.id, col(Contact.phone_hash).is_not(None)
                )
            )
        ).all()
    )
    blocked = set(
        (await session.exec(select(DoNotCall.phone_hash).where(DoNotCall.guild_id == campaign.guild_id))).all()
    )
    plan = ImportPlan(
        rows_read=parsed.rows_read,
        new=[],
        duplicates=parsed.duplicates,
        invalid=[(item.row, item.reason) for item in parsed.invalid],
        already=0,
        do_not_call=0,
    )
    for row in parsed.rows:
        digest = vault.digest(row.phone)
        if digest in blocked:
            plan.do_not_call += 1
        elif digest in existing:
            plan.already += 1
        else:
            plan.new.append((row, digest))
    return plan


async def store_import(
    session: AsyncSession, vault: Vault, campaign: Campaign, parsed: Parsed, now: datetime
) -> ImportPlan:
    """Store the import all at once (planned again now, so a confirm never stores what became blocked)."""
    if campaign.status == CampaignStatus.CLOSED:
        raise UserError("campaigns.error.closed", name=campaign.name)
    plan = await plan_import(session, vault, campaign, parsed)
    # encrypting 100 000 rows takes seconds: not on the event loop
    values = await asyncio.to_thread(_contact_values, vault, campaign, plan.new, now)
    for start in range(0, len(values), INSERT_CHUNK):
        await session.exec(insert(Contact), params=values[start : start + INSERT_CHUNK])
    return plan


def _contact_values(
    vault: Vault, campaign: Campaign, rows: list[tuple[Row, str]], now: datetime
) -> list[dict[str, object]]:
    return [
        {
            "guild_id": campaign.guild_id,
            "campaign_id": campaign.id,
            "row_number": row.row,
            "phone_hash": digest,
            "sealed": vault.seal(
                {"name": row.name, "phone": row.phone, "email": row.email, "note": row.note, "extra": row.extra}
            ),
            "branch": row.branch[:100],
            "status": ContactStatus.OPEN.value,
            "attempts": 0,
            "available_at": now,
            "updated_at": now,
        }
        for row, digest in rows
    ]


# ---------------------------------------------------------------------------- claiming


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


def _ready(caller_id: int, now: datetime):
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


def _active_campaigns(guild_id: int, campaign_ids: list[int] | None):
    query = select(Campaign.id).where(Campaign.guild_id == guild_id, Campaign.status == CampaignStatus.ACTIVE)
    if campaign_ids is not None:
        query = query.where(col(Campaign.id).in_(campaign_ids))
    return query


async def _current_claim(
    session: AsyncSession, guild_id: int, caller_id: int, campaign_ids: list[int] | None, now: datetime
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
    session: AsyncSession,
    vault: Vault,
    guild_id: int,
    caller_id: int,
    campaign_ids: list[int] | None,
    now: datetime,
    active_ids: list[int],
    own_ids: list[int],
) -> Claimed | Unreadable | None:
    """One try: the caller's own call-backs first, then everything in the order it became available
    (an overdue call-back of someone else's is open to anyone). Each step is one
    UPDATE … WHERE id = (SELECT … LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING; the UPDATE checks once more,
    on the row it takes, that the contact is ready for this caller and its campaign still runs. A contact the
    key cannot read is not handed out but set aside for an organiser (`Unreadable`)."""
    ready = _ready(caller_id, now)
    still_active = col(Contact.campaign_id).in_(_active_campaigns(guild_id, campaign_ids))
    pools = [col(Contact.id).in_(own_ids)] if own_ids else []
    # per campaign, so that the pool index (campaign, status, available_at) gives the order without a sort
    pools += [col(Contact.campaign_id) == campaign_id for campaign_id in active_ids]
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
                # the real expiry is set below, in this transaction, from the campaign's claim time
                .values(claimed_by=caller_id, claimed_until=now + timedelta(days=1), updated_at=now)
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
    minutes = (await session.exec(select(Campaign.claim_minutes).where(Campaign.id == campaign_id))).one()
    await session.exec(
        update(Contact).where(col(Contact.id) == contact_id).values(claimed_until=now + timedelta(minutes=minutes))
    )
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
    db: Database,
    vault: Vault,
    *,
    guild_id: int,
    caller_id: int,
    now: datetime,
    campaign_ids: list[int] | None = None,
) -> Claimed | Nothing:
    """The caller's next contact (or the one they already hold), or why there is none."""
    async with db.session() as session:
        held = await _current_claim(session, guild_id, caller_id, campaign_ids, now)
        active_ids = list((await session.exec(_active_campaigns(guild_id, campaign_ids).order_by(Campaign.id))).all())
        own_ids = list(
            (
                await session.exec(
                    select(Contact.id).where(Contact.callback_for == caller_id, Contact.status == ContactStatus.OPEN)
                )
            ).all()
        )
    if held is not None:
        return held
    for _ in range(CLAIM_RETRIES if active_ids else 0):
        claimed = await db.run_write(
            lambda session: _claim_once(session, vault, guild_id, caller_id, campaign_ids, now, active_ids, own_ids)
        )
        if isinstance(claimed, Claimed):
            return claimed
        if isinstance(claimed, Unreadable):
            continue
        async with db.session() as session:
            nothing = await why_nothing(session, guild_id, caller_id, campaign_ids, now)
        if nothing is not None:
            return nothing
        # a candidate existed but another caller took it between our look and our update: look again
    async with db.session() as session:
        return await why_nothing(session, guild_id, caller_id, campaign_ids, now) or Nothing("all_claimed")


async def why_nothing(
    session: AsyncSession, guild_id: int, caller_id: int, campaign_ids: list[int] | None, now: datetime
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


async def _claimed_contact(session: AsyncSession, guild_id: int, contact_id: int, caller_id: int) -> Contact:
    contact = await session.get(Contact, contact_id)
    if contact is None or contact.guild_id != guild_id:
        raise NotFound("campaigns.error.contact_gone")
    if contact.status != ContactStatus.OPEN or contact.claimed_by != caller_id:
        raise UserError("campaigns.error.not_claimed")
    return contact


async def _open_attempt(session: AsyncSession, contact: Contact, caller_id: int) -> Attempt | None:
    return (
        await session.exec(
            select(Attempt)
            .where(
                col(Attempt.contact_id) == contact.id,
                Attempt.caller_id == caller_id,
                col(Attempt.outcome).is_(None),
            )
            .order_by(col(Attempt.id).desc())
            .limit(1)
        )
    ).first()


async def card(session: AsyncSession, vault: Vault, *, guild_id: int, contact_id: int, caller_id: int) -> Card:
    contact = await _claimed_contact(session, guild_id, contact_id, caller_id)
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
    pending = next((a for a in reversed(attempts) if a.outcome is None and a.caller_id == caller_id), None)
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


# ---------------------------------------------------------------------------- outcomes


@dataclass(frozen=True, slots=True)
class Recorded:
    outcome: Outcome
    campaign_id: int
    finished: bool
    available_at: datetime | None = None


def _join_notes(*notes: str) -> str:
    return "\n".join(note.strip() for note in notes if note and note.strip())


async def add_note(
    session: AsyncSession, vault: Vault, *, guild_id: int, contact_id: int, caller_id: int, note: str
) -> None:
    """A note written before the outcome is chosen; it is stored with the outcome."""
    contact = await _claimed_contact(session, guild_id, contact_id, caller_id)
    attempt = await _open_attempt(session, contact, caller_id)
    if attempt is None:
        raise UserError("campaigns.error.not_claimed")
    earlier = vault.decrypt(attempt.sealed_note) if attempt.sealed_note else ""
    attempt.sealed_note = vault.encrypt(_join_notes(earlier, note))
    session.add(attempt)


async def record(
    session: AsyncSession,
    vault: Vault,
    *,
    guild_id: int,
    contact_id: int,
    caller_id: int,
    outcome: Outcome,
    now: datetime,
    note: str = "",
    answers: dict[str, str] | None = None,
    callback_at: datetime | None = None,
) -> Recorded:
    contact = await _claimed_contact(session, guild_id, contact_id, caller_id)
    campaign = await session.get(Campaign, contact.campaign_id)
    assert campaign is not None
    if campaign.status == CampaignStatus.CLOSED:
        raise UserError("campaigns.error.closed", name=campaign.name)
    if outcome is Outcome.CALLBACK:
        if callback_at is None or callback_at <= now:
            raise UserError("campaigns.error.callback_past")
        if callback_at > now + CALLBACK_HORIZON:
            raise UserError("campaigns.error.callback_far", days=CALLBACK_HORIZON.days)
    if outcome is Outcome.NEEDS_ORGANISER and not note.strip():
        raise UserError("campaigns.error.help_needs_message")
    attempt = await _open_attempt(session, contact, caller_id)
    if attempt is None:
        attempt = Attempt(
            guild_id=guild_id,
            campaign_id=contact.campaign_id,
            contact_id=contact.id,
            caller_id=caller_id,
            claimed_at=now,
        )
    earlier = vault.decrypt(attempt.sealed_note) if attempt.sealed_note else ""
    full_note = _join_notes(earlier, note)
    attempt.outcome = outcome
    attempt.recorded_at = now
    attempt.sealed_note = vault.encrypt(full_note) if full_note else None
    contact.claimed_by = None
    contact.claimed_until = None
    contact.callback_for = None
    contact.callback_until = None
    contact.last_outcome = outcome
    contact.updated_at = now
    finished = False
    if outcome is Outcome.ANSWERED:
        attempt.sealed_answers = vault.seal({q: (answers or {}).get(q, "").strip() for q in campaign.questions})
        contact.status, finished = ContactStatus.DONE, True
    elif outcome in RETRY_OUTCOMES:
        contact.attempts += 1
        if contact.attempts >= campaign.max_attempts:
            contact.status, finished = ContactStatus.DONE, True
        else:
            contact.available_at = now + timedelta(hours=campaign.retry_cooldown_hours)
    elif outcome is Outcome.CALLBACK:
        assert callback_at is not None
        attempt.callback_at = callback_at
        contact.available_at = callback_at
        contact.callback_for = caller_id
        contact.callback_until = callback_at + CALLBACK_EXCLUSIVE
    elif outcome in (Outcome.WRONG_NUMBER, Outcome.DO_NOT_CALL):
        contact.status, finished = ContactStatus.DONE, True
    elif outcome is Outcome.NEEDS_ORGANISER:
        contact.status = ContactStatus.HELD
    elif outcome is Outcome.SKIPPED:
        contact.available_at = now
    session.add(attempt)
    session.add(contact)
    if outcome is Outcome.DO_NOT_CALL and contact.phone_hash:
        sealed_phone = vault.encrypt(vault.open(contact.sealed)["phone"])
        await block_number(session, guild_id, contact.phone_hash, sealed_phone, now)
    await session.flush()
    return Recorded(outcome, contact.campaign_id, finished, contact.available_at if not finished else None)


async def block_number(session: AsyncSession, guild_id: int, phone_hash: str, sealed_phone: str, now: datetime) -> None:
    """Put a number on the server's do-not-call list (its hash to match imports, the number encrypted so that a
    new key can hash it again) and take it out of every open call list."""
    exists = (
        await session.exec(select(DoNotCall).where(DoNotCall.guild_id == guild_id, DoNotCall.phone_hash == phone_hash))
    ).first()
    if exists is None:
        try:
            async with session.begin_nested():
                session.add(
                    DoNotCall(guild_id=guild_id, phone_hash=phone_hash, sealed_phone=sealed_phone, created_at=now)
                )
        except IntegrityError:
            pass
    elif exists.sealed_phone is None:
        exists.sealed_phone = sealed_phone
        session.add(exists)
    await session.exec(
        update(Contact)
        .where(
            Contact.guild_id == guild_id,
            Contact.phone_hash == phone_hash,
            col(Contact.status).in_((ContactStatus.OPEN, ContactStatus.HELD)),
            or_(col(Contact.claimed_by).is_(None), Contact.claimed_until <= now),
        )
        .values(status=ContactStatus.DONE, last_outcome=Outcome.DO_NOT_CALL, updated_at=now)
    )


# ---------------------------------------------------------------------------- organisers' help queue


@dataclass(frozen=True, slots=True)
class HeldItem:
    contact_id: int
    campaign_name: str
    branch: str
    caller_id: int | None
    message: str
    since: datetime | None


async def help_queue(session: AsyncSession, vault: Vault, guild_id: int, limit: int = 25) -> list[HeldItem]:
    rows = (
        await session.exec(
            select(Contact, Campaign)
            .join(Campaign, col(Campaign.id) == col(Contact.campaign_id))
            .where(Contact.guild_id == guild_id, Contact.status == ContactStatus.HELD)
            .order_by(Contact.updated_at, Contact.id)
            .limit(limit)
        )
    ).all()
    items = []
    for contact, campaign in rows:
        attempt = (
            await session.exec(
                select(Attempt)
                .where(col(Attempt.contact_id) == contact.id, Attempt.outcome == Outcome.NEEDS_ORGANISER)
                .order_by(col(Attempt.id).desc())
                .limit(1)
            )
        ).first()
        message = vault.decrypt(attempt.sealed_note) if attempt and attempt.sealed_note else ""
        items.append(
            HeldItem(
                contact.id,
                campaign.name,
                contact.branch,
                attempt.caller_id if attempt else None,
                message,
                attempt.recorded_at if attempt else None,
            )
        )
    return items


async def held_count(session: AsyncSession, guild_id: int) -> int:
    return (
        await session.exec(
            select(func.count()).where(Contact.guild_id == guild_id, Contact.status == ContactStatus.HELD)
        )
    ).one()


async def resolve(
    session: AsyncSession, *, guild_id: int, contact_id: int, back_to_list: bool, now: datetime
) -> Contact:
    """An organiser solved a held contact: back into the list (available now), or finished."""
    contact = await session.get(Contact, contact_id)
    if contact is None or contact.guild_id != guild_id:
        raise NotFound("campaigns.error.contact_gone")
    if contact.status != ContactStatus.HELD:
        raise UserError("campaigns.error.not_held")
    contact.status = ContactStatus.OPEN if back_to_list else ContactStatus.DONE
    contact.available_at = now
    contact.updated_at = now
    session.add(contact)
    return contact


# ---------------------------------------------------------------------------- following


@dataclass(slots=True)
class Stats:
    total: int = 0
    done: int = 0
    ready: int = 0
    claimed: int = 0
    waiting: int = 0
    held: int = 0
    recorded: int = 0
    callers: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    answers: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)
    branches: list[tuple[str, int, int]] = field(default_factory=list)  # (branch, contacts, done)


async def stats(session: AsyncSession, vault: Vault, campaign: Campaign, now: datetime) -> Stats:
    # counted in the database (a list of 100 000 contacts is not read into memory for a few numbers)
    state = case(
        (Contact.status == ContactStatus.DONE, "done"),
        (Contact.status == ContactStatus.HELD, "held"),
        (and_(col(Contact.claimed_until).is_not(None), Contact.claimed_until > now), "claimed"),
        (Contact.available_at > now, "waiting"),
        else_="ready",
    ).label("contact_state")  # grouped by this name: PostgreSQL may not match two copies holding parameters
    counted = (
        await session.exec(
            select(Contact.branch, state, func.count())
            .where(col(Contact.campaign_id) == campaign.id)
            .group_by(Contact.branch, literal_column("contact_state"))
        )
    ).all()
    result = Stats()
    branches: dict[str, list[int]] = {}
    for branch, which, count in counted:
        per_branch = branches.setdefault(branch or "", [0, 0])
        per_branch[0] += count
        result.total += count
        setattr(result, which, getattr(result, which) + count)
        if which == "done":
            per_branch[1] += count
    result.branches = sorted(((b, n, d) for b, (n, d) in branches.items()), key=lambda x: (-x[1], x[0]))
    recorded = (col(Attempt.campaign_id) == campaign.id, col(Attempt.outcome).is_not(None))
    outcomes: Counter[str] = Counter(
        dict(
            (await session.exec(select(Attempt.outcome, func.count()).where(*recorded).group_by(Attempt.outcome))).all()
        )
    )
    callers = (await session.exec(select(func.count(func.distinct(Attempt.caller_id))).where(*recorded))).one()
    answer_counts: dict[str, Counter[str]] = {q: Counter() for q in campaign.questions}
    if answer_counts:
        sealed = (
            await session.exec(
                select(Attempt.sealed_answers).where(*recorded, col(Attempt.sealed_answers).is_not(None))
            )
        ).all()
        # decrypting the answers of a large campaign takes a while: not on the event loop
        for answers in await asyncio.to_thread(_readable_answers, vault, list(sealed)):
            for question, answer in answers.items():
                if question in answer_counts and answer:
                    answer_counts[question][" ".join(answer.split()).capitalize()] += 1
    result.recorded = sum(outcomes.values())
    result.callers = callers
    result.outcomes = {o.value: outcomes[o.value] for o in Outcome if outcomes[o.value]}
    result.answers = [(q, answer_counts[q].most_common(10)) for q in campaign.questions]
    return result


def _readable_answers(vault: Vault, sealed: list[str]) -> list[dict[str, str]]:
    return [vault.open(token) for token in sealed if vault.opens(token)]


async def contact_count(session: AsyncSession, campaign: Campaign) -> int:
    return (await session.exec(select(func.count()).where(col(Contact.campaign_id) == campaign.id))).one()


@dataclass(frozen=True, slots=True)
class MyCount:
    campaign_name: str
    calls: int
    answered: int
    today: int


async def my_counts(
    session: AsyncSession, *, guild_id: int, caller_id: int, now: datetime, zone: ZoneInfo
) -> list[MyCount]:
    midnight = to_local(now, zone).replace(hour=0, minute=0, second=0, microsecond=0)
    rows = (
        await session.exec(
            select(Campaign.name, Attempt.outcome, Attempt.recorded_at)
            .join(Campaign, col(Campaign.id) == col(Attempt.campaign_id))
            .where(
                Attempt.guild_id == guild_id,
                Attempt.caller_id == caller_id,
                col(Attempt.outcome).is_not(None),
                Attempt.outcome != Outcome.SKIPPED,
            )
            .order_by(Campaign.id)
        )
    ).all()
    counts: dict[str, list[int]] = {}
    for name, outcome, recorded_at in rows:
        entry = counts.setdefault(name, [0, 0, 0])
        entry[0] += 1
        entry[1] += outcome == Outcome.ANSWERED
        entry[2] += recorded_at is not None and recorded_at >= midnight
    return [MyCount(name, *values) for name, values in counts.items()]


@dataclass(frozen=True, slots=True)
class Export:
    data: bytes
    contacts: int
    unreadable: int  # contacts whose personal data the key does not open: exported without it


async def export_csv(session: AsyncSession, vault: Vault, campaign: Campaign, lang: str) -> Export:
    """The campaign's contacts with outcomes and answers: semicolon-separated UTF-8 with BOM (Swedish Excel).
    A row the key cannot read is exported with what is not encrypted and marked, instead of failing the file."""
    contacts = (
        await session.exec(select(Contact).where(col(Contact.campaign_id) == campaign.id).order_by(col(Contact.id)))
    ).all()
    attempts = (
        await session.exec(
            select(Attempt)
            .where(col(Attempt.campaign_id) == campaign.id, col(Attempt.outcome).is_not(None))
            .order_by(col(Attempt.id))
        )
    ).all()
    by_contact: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_contact.setdefault(attempt.contact_id, []).append(attempt)
    # decrypting every contact takes seconds on a large list: not on the event loop
    return await asyncio.to_thread(_render_export, vault, campaign, list(contacts), by_contact, lang)


def _render_export(
    vault: Vault, campaign: Campaign, contacts: list[Contact], by_contact: dict[int, list[Attempt]], lang: str
) -> Export:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    header = [t(f"campaigns.export.column.{name}", lang) for name in EXPORT_COLUMNS]
    writer.writerow([_cell(text) for text in (*header, *campaign.questions, t("campaigns.export.column.notes", lang))])
    unreadable = 0
    for contact in contacts:
        history = by_contact.get(contact.id, [])
        answered = next((a for a in reversed(history) if a.outcome == Outcome.ANSWERED), None)
        sealed = [contact.sealed, *(a.sealed_note for a in history), answered.sealed_answers if answered else None]
        readable = all(vault.opens(token) for token in sealed)
        unreadable += not readable
        data = vault.open(contact.sealed) if readable else {"name": t("campaigns.export.unreadable", lang)}
        answers = vault.open(answered.sealed_answers) if readable and answered else {}
        notes = " | ".join(vault.decrypt(a.sealed_note) for a in history if a.sealed_note) if readable else ""
        status = t(f"campaigns.contact_status.{contact.status}", lang)
        last = t(f"campaigns.outcome.{contact.last_outcome}", lang) if contact.last_outcome else ""
        writer.writerow(
            [
                contact.id,
                _cell(data.get("name", "")),
                display_phone(data["phone"]) if data.get("phone") else "",
                _cell(data.get("email", "")),
                _cell(contact.branch),
                status,
                last,
                sum(1 for a in history if a.outcome != Outcome.SKIPPED),
                _cell(data.get("note", "")),
                *[_cell(answers.get(q, "")) for q in campaign.questions],
                _cell(notes),
            ]
        )
    return Export(buffer.getvalue().encode("utf-8-sig"), len(contacts), unreadable)


def _cell(text: str) -> str:
    """Text that a spreadsheet would take for a formula is kept as text (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


EXPORT_COLUMNS = ("id", "name", "phone", "email", "branch", "status", "outcome", "calls", "import_note")


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


CALLBACK_TIME = Refusals("campaigns.error.callback_format")


def parse_when(text: str, now: datetime, zone: ZoneInfo) -> datetime:
    """A call-back time typed by a caller, in the server's zone: every moment of `bot.timeparse` ('18:30',
    today or tomorrow once passed; '2026-01-05 18:30', '5/1 18:30', 'i morgon kl. 9'). A day alone ('5/1')
    means the same time of day as now."""
    local_now = to_local(now, zone)
    return parse_moment(text, CALLBACK_TIME, now=now, zone=zone, clock=time(local_now.hour, local_now.minute))


# ---------------------------------------------------------------------------- personal data and retention


async def _export_calls(session: AsyncSession, guild_id: int, user_id: int, data_key: str | None) -> list[dict]:
    """The calls the person made as a caller: outcomes, their own note and the answers they recorded — never the
    contact's name or number."""
    rows = (
        await session.exec(
            select(Attempt).where(Attempt.guild_id == guild_id, Attempt.caller_id == user_id).order_by(col(Attempt.id))
        )
    ).all()
    vault = Vault(data_key) if data_key and any(a.sealed_note or a.sealed_answers for a in rows) else None

    def readable(token: str | None) -> str | None:
        return vault.decrypt(token) if token and vault is not None and vault.opens(token) else None

    calls = []
    for a in rows:
        note, answers = readable(a.sealed_note), readable(a.sealed_answers)
        calls.append(
            {
                "campaign_id": a.campaign_id,
                "call_id": a.id,
                "claimed_at": a.claimed_at.isoformat(),
                "outcome": a.outcome,
                "recorded_at": a.recorded_at.isoformat() if a.recorded_at else None,
                "callback_at": a.callback_at.isoformat() if a.callback_at else None,
                "answers": json.loads(answers) if answers else None,
                "note": note,
            }
        )
    return calls


async def _erase_calls(session: AsyncSession, guild_id: int, user_id: int) -> None:
    """Call statistics keep their counts (and their number of callers) under an anonymous stand-in; a claim in
    progress or a call-back promised by the person goes back to the pool."""
    await session.exec(
        delete(Attempt).where(
            Attempt.guild_id == guild_id, Attempt.caller_id == user_id, col(Attempt.outcome).is_(None)
        )
    )
    await session.exec(
        update(Attempt)
        .where(Attempt.guild_id == guild_id, Attempt.caller_id == user_id)
        .values(caller_id=privacy.anonymous_id())
    )
    await session.exec(
        update(Contact)
        .where(Contact.guild_id == guild_id, Contact.claimed_by == user_id)
        .values(claimed_by=None, claimed_until=None)
    )
    await session.exec(
        update(Contact)
        .where(Contact.guild_id == guild_id, Contact.callback_for == user_id)
        .values(callback_for=None, callback_until=None)
    )


async def _export_campaigns_created(session: AsyncSession, guild_id: int, user_id: int) -> list[dict]:
    rows = await session.exec(
        select(Campaign).where(Campaign.guild_id == guild_id, Campaign.created_by == user_id).order_by(col(Campaign.id))
    )
    return [{"campaign_id": c.id, "name": c.name, "created_at": c.created_at.isoformat()} for c in rows.all()]


async def _erase_campaigns_created(session: AsyncSession, guild_id: int, user_id: int) -> None:
    await session.exec(
        update(Campaign).where(Campaign.guild_id == guild_id, Campaign.created_by == user_id).values(created_by=None)
    )


async def _expire_contacts(session: AsyncSession, now: datetime) -> int:
    """Call-list contacts are erased 30 days (the campaign's retention) after it closed. The ledger's
    `campaigns.purge` does it on time; this daily rule catches a purge the bot missed (e.g. it was down longer
    than the purge's grace window)."""
    closed = (
        await session.exec(
            select(Campaign).where(Campaign.status == CampaignStatus.CLOSED, col(Campaign.purged_at).is_(None))
        )
    ).all()
    erased = 0
    for campaign in closed:
        due = purge_due_at(campaign)
        if due is not None and due <= now:
            count = await purge(session, campaign, now)
            erased += count
            session.add(
                AuditEntry(
                    guild_id=campaign.guild_id,
                    actor_id=None,
                    action="campaigns.purge",
                    details={"name": campaign.name, "campaign_id": campaign.id, "count": count},
                )
            )
    return erased


privacy.register(privacy.PersonalData("campaign_calls", _export_calls, _erase_calls, sealed=True))
privacy.register(privacy.PersonalData("campaigns_created", _export_campaigns_created, _erase_campaigns_created))
privacy.register_retention(
    privacy.Retention("call_list_contacts", "30 days after the campaign closes", _expire_contacts)
)
