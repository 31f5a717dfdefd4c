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

from bot.campaigns.claims import Card, claimed_contact, contact_card
from bot.campaigns.crypto import Vault
from bot.campaigns.models import (
    Attempt,
    Campaign,
    CampaignStatus,
    Contact,
    ContactStatus,
    DoNotCall,
    HelpNotice,
    Outcome,
)
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
    """A contact that waits for an organiser, as the help queue lists it (only organisers see it)."""

    contact_id: int
    campaign_name: str
    branch: str
    caller_id: int | None
    message: str
    since: datetime | None
    name: str | None = ""  # None: the key cannot read the contact
    taken_by: int | None = None
    taken_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Taken:
    """A held contact an organiser took: its card as a caller sees it, the caller's help message, and who had
    taken it before them (another organiser), if anyone."""

    card: Card
    item: HeldItem
    earlier_by: int | None = None
    earlier_at: datetime | None = None


async def _held_item(*, session: AsyncSession, vault: Vault, contact: Contact, campaign: Campaign) -> HeldItem:
    attempt = (
        await session.exec(
            select(Attempt)
            .where(col(Attempt.contact_id) == contact.id, Attempt.outcome == Outcome.NEEDS_ORGANISER)
            .order_by(col(Attempt.id).desc())
            .limit(1)
        )
    ).first()
    message = vault.decrypt(attempt.sealed_note) if attempt and attempt.sealed_note else ""
    readable = vault.opens(contact.sealed)
    return HeldItem(
        contact.id,
        campaign.name,
        contact.branch,
        attempt.caller_id if attempt else None,
        message,
        attempt.recorded_at if attempt else None,
        name=vault.open(contact.sealed).get("name", "") if readable else None,
        taken_by=contact.taken_by,
        taken_at=contact.taken_at,
    )


async def help_queue(*, session: AsyncSession, vault: Vault, guild_id: int, limit: int = 25) -> list[HeldItem]:
    """The contacts that wait for an organiser, the longest waiting first."""
    rows = (
        await session.exec(
            select(Contact, Campaign)
            .join(Campaign, col(Campaign.id) == col(Contact.campaign_id))
            .where(Contact.guild_id == guild_id, Contact.status == ContactStatus.HELD)
            .order_by(Contact.updated_at, Contact.id)
            .limit(limit)
        )
    ).all()
    return [
        await _held_item(session=session, vault=vault, contact=contact, campaign=campaign) for contact, campaign in rows
    ]


async def held_count(*, session: AsyncSession, guild_id: int) -> int:
    return (
        await session.exec(
            select(func.count()).where(Contact.guild_id == guild_id, Contact.status == ContactStatus.HELD)
        )
    ).one()


async def held_contact(*, session: AsyncSession, guild_id: int, contact_id: int) -> Contact:
    """The contact, if it still waits for an organiser; refused otherwise."""
    contact = await session.get(Contact, contact_id)
    if contact is None or contact.guild_id != guild_id:
        raise NotFound("campaigns.error.contact_gone")
    if contact.status != ContactStatus.HELD:
        raise UserError("campaigns.error.not_held")
    return contact


async def take(
    *, session: AsyncSession, vault: Vault, guild_id: int, contact_id: int, organiser_id: int, now: datetime
) -> Taken:
    """An organiser takes a held contact to solve it: they see it as a caller does. It stays held (the queue and
    `resolve` go on as before); another organiser who takes it too sees it as well, and is told who took it first,
    so that they agree who calls. Refused when the contact no longer waits or the key cannot read it."""
    contact = await held_contact(session=session, guild_id=guild_id, contact_id=contact_id)
    campaign = await session.get(Campaign, contact.campaign_id)
    assert campaign is not None
    shown = await contact_card(session=session, vault=vault, contact=contact, caller_id=None)
    item = await _held_item(session=session, vault=vault, contact=contact, campaign=campaign)
    earlier = contact.taken_by not in (None, organiser_id)
    taken = Taken(
        shown,
        item,
        contact.taken_by if earlier else None,
        contact.taken_at if earlier else None,
    )
    contact.taken_by, contact.taken_at = organiser_id, now
    session.add(contact)
    return taken


async def _settle(*, session: AsyncSession, guild_id: int, contact_id: int, now: datetime, **values: object) -> Contact:
    """Change a held contact, in one UPDATE that only a contact still held passes: of two organisers who solve it
    at the same moment, one does and the other is refused."""
    changed = await session.exec(
        update(Contact)
        .where(col(Contact.id) == contact_id, Contact.guild_id == guild_id, Contact.status == ContactStatus.HELD)
        .values(available_at=now, updated_at=now, taken_by=None, taken_at=None, **values)
        .execution_options(synchronize_session=False)
    )
    contact = await session.get(Contact, contact_id, populate_existing=True)
    if contact is None or contact.guild_id != guild_id:
        raise NotFound("campaigns.error.contact_gone")
    if not changed.rowcount:
        raise UserError("campaigns.error.not_held")
    return contact


async def resolve(
    *, session: AsyncSession, guild_id: int, contact_id: int, back_to_list: bool, now: datetime
) -> Contact:
    """An organiser solved a held contact: back into the list (available now), or finished. Once: a contact no
    longer held is refused."""
    status = ContactStatus.OPEN if back_to_list else ContactStatus.DONE
    return await _settle(session=session, guild_id=guild_id, contact_id=contact_id, now=now, status=status)


async def resolve_blocked(
    *, session: AsyncSession, vault: Vault, guild_id: int, contact_id: int, now: datetime
) -> Contact:
    """An organiser solved a held contact: the person does not want to be called. It is finished and its number
    goes on the do-not-call list, as when a caller records it. Once, like `resolve`."""
    contact = await held_contact(session=session, guild_id=guild_id, contact_id=contact_id)
    phone = vault.open(contact.sealed).get("phone", "")  # refused before anything changes if the key cannot read it
    contact = await _settle(
        session=session,
        guild_id=guild_id,
        contact_id=contact_id,
        now=now,
        status=ContactStatus.DONE,
        last_outcome=Outcome.DO_NOT_CALL,
    )
    if contact.phone_hash and phone:
        await block_number(
            session=session,
            guild_id=guild_id,
            phone_hash=contact.phone_hash,
            sealed_phone=vault.encrypt(phone),
            now=now,
        )
    return contact


# ---------------------------------------------------------------------------- the organisers' count


async def help_notice(*, session: AsyncSession, guild_id: int) -> HelpNotice | None:
    """Where the organisers' channel was last told how many contacts wait, and the count it shows."""
    return await session.get(HelpNotice, guild_id)


async def keep_help_notice(
    *, session: AsyncSession, guild_id: int, channel_id: int, message_id: int, count: int
) -> None:
    notice = await session.get(HelpNotice, guild_id)
    if notice is None:
        notice = HelpNotice(guild_id=guild_id, channel_id=channel_id, message_id=message_id, count=count)
    else:
        notice.channel_id, notice.message_id, notice.count = channel_id, message_id, count
    session.add(notice)


async def forget_help_notice(*, session: AsyncSession, guild_id: int) -> None:
    notice = await session.get(HelpNotice, guild_id)
    if notice is not None:
        await session.delete(notice)
