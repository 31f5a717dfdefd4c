"""Personal data in campaigns: the purge of a closed campaign's contacts (on time through the ledger, at once
when a moderator asks, and a daily rule that catches a purge the bot missed), and each member's part, exported
and erased when they ask (`bot.privacy`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import privacy
from bot.audit import AuditEntry
from bot.campaigns.crypto import Vault
from bot.campaigns.lifecycle import campaign_by_id, purge_due_at
from bot.campaigns.models import Attempt, Campaign, CampaignStatus, Contact
from bot.ledger import Planned, in_scope

PURGE_KIND = "campaigns.purge"
PURGE_GRACE = timedelta(days=365)


@dataclass(frozen=True, slots=True)
class Purged:
    name: str
    count: int  # contacts whose personal data was erased


async def purge(*, session: AsyncSession, campaign: Campaign, now: datetime) -> int:
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


async def purge_now(*, session: AsyncSession, campaign_id: int, now: datetime) -> Purged:
    """A moderator confirmed: erase now, whether or not the campaign is closed."""
    campaign = await campaign_by_id(session=session, campaign_id=campaign_id)
    return Purged(campaign.name, await purge(session=session, campaign=campaign, now=now))


async def purge_on_time(*, session: AsyncSession, campaign_id: int, now: datetime) -> Purged | None:
    """The ledger's purge of a closed campaign; None when there is nothing left to erase (the campaign is gone,
    or a moderator purged it already)."""
    campaign = await session.get(Campaign, campaign_id)
    if campaign is None or campaign.purged_at is not None:
        return None
    return Purged(campaign.name, await purge(session=session, campaign=campaign, now=now))


async def contacts_to_purge(*, session: AsyncSession, campaign: Campaign) -> int | None:
    """How many contacts a purge would erase, asked before it; None when their data is erased already."""
    if campaign.purged_at is not None:
        return None
    return (await session.exec(select(func.count()).where(col(Contact.campaign_id) == campaign.id))).one()


async def purge_planner(
    *, session: AsyncSession, now: datetime, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    """One purge occurrence for every closed campaign whose personal data is still kept (the ledger's planner:
    the ledger calls it with the session and the moment first)."""
    query = select(Campaign).where(Campaign.status == CampaignStatus.CLOSED, col(Campaign.purged_at).is_(None))
    query = in_scope(query, Campaign, guild_id=guild_id, object_id=object_id)
    planned = []
    for campaign in (await session.exec(query)).all():
        due = purge_due_at(campaign)
        if due is not None and due + PURGE_GRACE > now:
            planned.append(Planned(campaign.guild_id, str(campaign.id), "purge", due, due + PURGE_GRACE))
    return planned


# ---------------------------------------------------------------------------- the members' data (bot.privacy)
# The privacy registry calls these with the session, the server and the member first.


async def _export_calls(
    *, session: AsyncSession, guild_id: int, user_id: int, data_key: str | None
) -> list[dict[str, Any]]:
    """The calls the person made as a caller: outcomes, their own note and the answers they recorded — never the
    contact's name or number."""
    rows = await privacy.rows_naming(session=session, person=Attempt.caller_id, guild_id=guild_id, user_id=user_id)
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
                "claimed_at": a.claimed_at,
                "outcome": a.outcome,
                "recorded_at": a.recorded_at,
                "callback_at": a.callback_at,
                "answers": json.loads(answers) if answers else None,
                "note": note,
            }
        )
    return calls


async def _erase_calls(*, session: AsyncSession, guild_id: int, user_id: int) -> None:
    """Call statistics keep their counts (and their number of callers) under an anonymous stand-in; a claim in
    progress or a call-back promised by the person goes back to the pool."""
    await session.exec(
        delete(Attempt).where(
            Attempt.guild_id == guild_id, Attempt.caller_id == user_id, col(Attempt.outcome).is_(None)
        )
    )
    stand_in = privacy.anonymous_id()
    await privacy.replace_person(
        session=session, person=Attempt.caller_id, guild_id=guild_id, user_id=user_id, by=stand_in
    )
    await privacy.replace_person(
        session=session, person=Contact.claimed_by, guild_id=guild_id, user_id=user_id, by=None, claimed_until=None
    )
    await privacy.replace_person(
        session=session, person=Contact.callback_for, guild_id=guild_id, user_id=user_id, by=None, callback_until=None
    )


async def _export_contacts_taken(*, session: AsyncSession, guild_id: int, user_id: int) -> list[dict[str, Any]]:
    """The held contacts the person took as an organiser: which and when, not the contact's own data."""
    rows = await privacy.rows_naming(session=session, person=Contact.taken_by, guild_id=guild_id, user_id=user_id)
    return [{"campaign_id": c.campaign_id, "contact_id": c.id, "taken_at": c.taken_at} for c in rows]


async def _erase_contacts_taken(*, session: AsyncSession, guild_id: int, user_id: int) -> None:
    """A held contact the person took no longer names them: it waits for an organiser as before."""
    await privacy.replace_person(
        session=session, person=Contact.taken_by, guild_id=guild_id, user_id=user_id, by=None, taken_at=None
    )


async def _export_campaigns_created(*, session: AsyncSession, guild_id: int, user_id: int) -> list[dict[str, Any]]:
    rows = await privacy.rows_naming(session=session, person=Campaign.created_by, guild_id=guild_id, user_id=user_id)
    return [{"campaign_id": c.id, "name": c.name, "created_at": c.created_at} for c in rows]


async def _erase_campaigns_created(*, session: AsyncSession, guild_id: int, user_id: int) -> None:
    await privacy.replace_person(
        session=session, person=Campaign.created_by, guild_id=guild_id, user_id=user_id, by=None
    )


async def _expire_contacts(*, session: AsyncSession, now: datetime) -> int:
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
            count = await purge(session=session, campaign=campaign, now=now)
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
privacy.register(privacy.PersonalData("help_queue_taken", _export_contacts_taken, _erase_contacts_taken))
privacy.register_retention(
    privacy.Retention("call_list_contacts", "30 days after the campaign closes", _expire_contacts)
)
