"""What comes of a call: the outcome a caller records, a note, a call-back time, the do-not-call list, and the
organisers' help queue of contacts that wait for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.campaigns.claims import claimed_contact
from bot.campaigns.crypto import Vault
from bot.campaigns.models import Attempt, Campaign, CampaignStatus, Contact, ContactStatus, DoNotCall, Outcome
from bot.errors import NotFound, UserError
from bot.timeparse import Refusals, parse_moment, to_local

RETRY_OUTCOMES = (Outcome.NO_ANSWER, Outcome.BUSY, Outcome.VOICEMAIL)
"""The unanswered tries: the number rests for the campaign's cooldown and is tried again, up to its attempts."""
CALLBACK_EXCLUSIVE = timedelta(hours=1)
"""How long a call-back stays the promising caller's before anyone may take it."""
CALLBACK_HORIZON = timedelta(days=60)
CALLBACK_PRESETS = {"today": timedelta(hours=3), "tomorrow": timedelta(days=1), "week": timedelta(days=7)}
"""The call-back times a caller picks with one click, from now."""
CALLBACK_TIME = Refusals("campaigns.error.callback_format")


def parse_when(text: str, now: datetime, zone: ZoneInfo) -> datetime:
    """A call-back time typed by a caller, in the server's zone: every moment of `bot.timeparse` ('18:30',
    today or tomorrow once passed; '2026-01-05 18:30', '5/1 18:30', 'i morgon kl. 9'). A day alone ('5/1')
    means the same time of day as now."""
    local_now = to_local(now, zone)
    return parse_moment(text, CALLBACK_TIME, now=now, zone=zone, clock=time(local_now.hour, local_now.minute))


@dataclass(frozen=True, slots=True)
class Recorded:
    outcome: Outcome
    campaign_id: int
    finished: bool
    available_at: datetime | None = None


def _join_notes(*notes: str) -> str:
    return "\n".join(note.strip() for note in notes if note and note.strip())


async def _open_attempt(*, session: AsyncSession, contact: Contact, caller_id: int) -> Attempt | None:
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


async def add_note(
    *, session: AsyncSession, vault: Vault, guild_id: int, contact_id: int, caller_id: int, note: str
) -> None:
    """A note written before the outcome is chosen; it is stored with the outcome."""
    contact = await claimed_contact(session=session, guild_id=guild_id, contact_id=contact_id, caller_id=caller_id)
    attempt = await _open_attempt(session=session, contact=contact, caller_id=caller_id)
    if attempt is None:
        raise UserError("campaigns.error.not_claimed")
    earlier = vault.decrypt(attempt.sealed_note) if attempt.sealed_note else ""
    attempt.sealed_note = vault.encrypt(_join_notes(earlier, note))
    session.add(attempt)


async def record(
    *,
    session: AsyncSession,
    vault: Vault,
    guild_id: int,
    contact_id: int,
    caller_id: int,
    outcome: Outcome,
    now: datetime,
    note: str = "",
    answers: dict[str, str] | None = None,
    callback_at: datetime | None = None,
) -> Recorded:
    contact = await claimed_contact(session=session, guild_id=guild_id, contact_id=contact_id, caller_id=caller_id)
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
    attempt = await _open_attempt(session=session, contact=contact, caller_id=caller_id)
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
        await block_number(
            session=session, guild_id=guild_id, phone_hash=contact.phone_hash, sealed_phone=sealed_phone, now=now
        )
    await session.flush()
    return Recorded(outcome, contact.campaign_id, finished, contact.available_at if not finished else None)


async def block_number(
    *, session: AsyncSession, guild_id: int, phone_hash: str, sealed_phone: str, now: datetime
) -> None:
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


async def help_queue(*, session: AsyncSession, vault: Vault, guild_id: int, limit: int = 25) -> list[HeldItem]:
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


async def held_count(*, session: AsyncSession, guild_id: int) -> int:
    return (
        await session.exec(
            select(func.count()).where(Contact.guild_id == guild_id, Contact.status == ContactStatus.HELD)
        )
    ).one()


async def resolve(
    *, session: AsyncSession, guild_id: int, contact_id: int, back_to_list: bool, now: datetime
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
