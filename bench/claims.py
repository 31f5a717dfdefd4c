"""Claims by 50 concurrent callers: through the service (`campaigns.claims.claim_next`) beside a bare claim in SQL
that does the same work, in alternating rounds, each round on a campaign of its own, every claim by a caller who
has never called (so each is a new claim, never a resumed one). Then: was any contact handed out twice?

The bare claim does what `claim_next` does: it looks for a claim the caller already holds, reads the server's
running campaigns with their claim minutes and the caller's own call-backs, takes the next ready contact in the
order it became available with one `UPDATE … WHERE id = (SELECT … LIMIT 1 [FOR UPDATE SKIP LOCKED]) RETURNING`
(the contact still ready, its campaign still running), sets the claim to expire after the campaign's claim
minutes, checks the key opens the contact, and writes the attempt row. It retries a locked SQLite database as
`Database.run_write` does; it is one transaction where the service uses two."""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, bindparam, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.common import CALLERS
from bot.campaigns import claims as campaign_claims
from bot.campaigns.crypto import Vault
from bot.campaigns.models import CampaignStatus, ContactStatus
from bot.db import Database, UTCDateTime

FIRST_CALLER = 10_000_000  # synthetic caller ids, each used once
LOCKED_RETRIES = 5

READY = (
    "status = :open AND available_at <= :now AND (claimed_until IS NULL OR claimed_until <= :now)"
    " AND (callback_for IS NULL OR callback_for = :caller OR callback_until <= :now)"
)
RUNNING = "SELECT id FROM campaign WHERE guild_id = :guild AND status = :active"


TYPES = {"now": UTCDateTime, "until": UTCDateTime, "guild": BigInteger, "caller": BigInteger}


def _typed(statement: str) -> Any:
    """The statement with its times and Discord ids bound as the bot's columns bind them."""
    named = set(re.findall(r":(\w+)", statement))
    return text(statement).bindparams(*(bindparam(name, type_=TYPES[name]()) for name in named & set(TYPES)))


HELD = _typed(
    "SELECT id, campaign_id FROM campaign_contact WHERE claimed_by = :caller AND status = :open"
    f" AND claimed_until > :now AND campaign_id IN ({RUNNING}) LIMIT 1"
)
CAMPAIGNS = _typed("SELECT id, claim_minutes FROM campaign WHERE guild_id = :guild AND status = :active ORDER BY id")
CALLBACKS = _typed("SELECT id FROM campaign_contact WHERE callback_for = :caller AND status = :open")
ATTEMPT = _typed(
    "INSERT INTO campaign_attempt (guild_id, campaign_id, contact_id, caller_id, claimed_at)"
    " VALUES (:guild, :campaign, :contact, :caller, :now)"
)


def _claim(skip_locked: bool) -> Any:
    lock = " FOR UPDATE SKIP LOCKED" if skip_locked else ""
    return _typed(
        "UPDATE campaign_contact SET claimed_by = :caller, claimed_until = :until, updated_at = :now"
        f" WHERE id = (SELECT id FROM campaign_contact WHERE campaign_id = :campaign AND {READY}"
        f" ORDER BY available_at, id LIMIT 1{lock})"
        f" AND {READY} AND campaign_id IN ({RUNNING})"
        " RETURNING id, campaign_id, sealed"
    )


class BareClaim:
    def __init__(self, engine: AsyncEngine, vault: Vault, *, skip_locked: bool) -> None:
        self.engine = engine
        self.vault = vault
        self.claim = _claim(skip_locked)

    async def __call__(self, guild_id: int, caller_id: int, now: datetime) -> int | None:
        values = {
            "guild": guild_id,
            "caller": caller_id,
            "now": now,
            "open": ContactStatus.OPEN.value,
            "active": CampaignStatus.ACTIVE.value,
        }
        for attempt in range(LOCKED_RETRIES):
            try:
                async with self.engine.begin() as connection:
                    held = (await connection.execute(HELD, values)).first()
                    if held is not None:
                        return None  # a resumed claim: fresh callers never have one
                    campaigns = (await connection.execute(CAMPAIGNS, values)).all()
                    callbacks = (await connection.execute(CALLBACKS, values)).all()
                    assert not callbacks, "a caller who has never called has no call-backs"
                    for campaign_id, minutes in campaigns:
                        until = now + timedelta(minutes=minutes)
                        values |= {"campaign": campaign_id, "until": until}
                        claimed = (await connection.execute(self.claim, values)).first()
                        if claimed is not None:
                            break
                    else:
                        return None
                    assert self.vault.opens(claimed.sealed), "every contact of the dataset opens with its key"
                    await connection.execute(ATTEMPT, values | {"contact": claimed.id})
                    return int(claimed.id)
            except OperationalError as error:
                if "locked" not in str(error).lower() or attempt == LOCKED_RETRIES - 1:
                    raise
                await asyncio.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")


Claimer = Callable[[int, int, datetime], Awaitable[int | None]]


def through_service(db: Database, vault: Vault) -> Claimer:
    async def claim(guild_id: int, caller_id: int, now: datetime) -> int | None:
        found = await campaign_claims.claim_next(db=db, vault=vault, guild_id=guild_id, caller_id=caller_id, now=now)
        if isinstance(found, campaign_claims.Claimed) and not found.resumed:
            return found.contact_id
        return None

    return claim


async def claim_round(claim: Claimer, guild_id: int, callers: list[list[int]], now: datetime) -> dict[str, Any]:
    """Each worker claims once for each of its callers, one after the other; the workers run side by side."""

    async def worker(ids: list[int]) -> list[int | None]:
        return [await claim(guild_id, caller_id, now) for caller_id in ids]

    started = time.perf_counter()
    found = [contact for got in await asyncio.gather(*(worker(ids) for ids in callers)) for contact in got]
    seconds = time.perf_counter() - started
    claimed = [contact for contact in found if contact is not None]
    return {
        "asked": len(found),
        "claims": len(claimed),
        "seconds": seconds,
        "per_second": len(claimed) / seconds,
        "contacts": claimed,
    }


async def claims(
    db: Database, vault: Vault, guild_ids: list[int], rounds: int, per_caller: int, now: datetime
) -> dict[str, Any]:
    """`rounds` rounds of each way, alternating which goes first; round r of the service claims in server
    `guild_ids[2r]`, of the bare claim in `guild_ids[2r + 1]` (one campaign each, alike)."""
    fresh = itertools.count(FIRST_CALLER)
    ways: dict[str, Claimer] = {
        "service": through_service(db, vault),
        "bare_sql": BareClaim(db.engine, vault, skip_locked=not db.is_sqlite),
    }
    result: dict[str, list[dict[str, Any]]] = {name: [] for name in ways}
    for r in range(rounds):
        order = list(ways) if r % 2 == 0 else list(reversed(ways))
        for name in order:
            callers = [[next(fresh) for _ in range(per_caller)] for _ in range(CALLERS)]
            guild_id = guild_ids[2 * r + (name == "bare_sql")]
            result[name].append(await claim_round(ways[name], guild_id, callers, now))
    handed = Counter(contact for rounds_of in result.values() for found in rounds_of for contact in found["contacts"])
    async with db.engine.connect() as connection:
        in_attempts = (
            await connection.execute(
                text(
                    "SELECT contact_id FROM campaign_attempt WHERE caller_id >= :first"
                    " GROUP BY contact_id HAVING COUNT(*) > 1"
                ),
                {"first": FIRST_CALLER},
            )
        ).scalars()
        twice = {contact for contact, n in handed.items() if n > 1} | set(in_attempts)
    for rounds_of in result.values():
        for found in rounds_of:
            del found["contacts"]
    return {
        "rounds": result,
        "double_claims": len(twice),  # contacts handed to two callers, by what the claims returned or the attempts
    }
