"""Storing a call list read by `bot.campaigns.importer`: what is new to the campaign, what it has already, what
the server must not call; stored all at once, or not at all."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.campaigns.crypto import Vault
from bot.campaigns.importer import Parsed, Row
from bot.campaigns.lifecycle import campaign_by_id
from bot.campaigns.models import Campaign, CampaignStatus, Contact, ContactStatus, DoNotCall
from bot.errors import UserError

INSERT_CHUNK = 5000


@dataclass(slots=True)
class ImportPlan:
    rows_read: int
    new: list[tuple[Row, str]]  # (row, phone hash)
    duplicates: int
    invalid: list[tuple[int, str]]
    already: int  # already in the campaign
    do_not_call: int


def ensure_importable(campaign: Campaign) -> None:
    """A closed campaign takes no more contacts."""
    if campaign.status == CampaignStatus.CLOSED:
        raise UserError("campaigns.error.closed", name=campaign.name)


async def plan_import(*, session: AsyncSession, vault: Vault, campaign: Campaign, parsed: Parsed) -> ImportPlan:
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
    *, session: AsyncSession, vault: Vault, campaign_id: int, parsed: Parsed, now: datetime
) -> ImportPlan:
    """Store the import all at once (the campaign read again and the import planned again now, so a confirm
    never stores into a campaign closed meanwhile, nor what became blocked)."""
    campaign = await campaign_by_id(session=session, campaign_id=campaign_id)
    ensure_importable(campaign)
    plan = await plan_import(session=session, vault=vault, campaign=campaign, parsed=parsed)
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
