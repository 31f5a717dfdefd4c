"""A 100 000-row call list: the bot's import (parse, preview, store) beside its parse floor (`csv` and
`phonenumbers` alone), each a whole process of its own, run in pairs."""

from __future__ import annotations

import asyncio
import csv
import gc
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import DATA_KEY, LONG_AGO, peak_rss_mb, rss_mb


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Namn", "Telefon", "Partiförening", "E-post", "Anteckning"])
        for k in range(rows):
            writer.writerow(
                [f"Person {k}", f"07{(0, 2, 3, 6)[k % 4]}-{k // 4:07d}", f"Förening {k % 30}", f"p{k}@example.se", ""]
            )


def parse_floor(path: str) -> dict[str, Any]:
    """Read the file and check and format every number, nothing more."""
    import phonenumbers

    baseline = rss_mb()
    started = time.perf_counter()
    valid = 0
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        for row in reader:
            number = phonenumbers.parse(row[1], "SE")
            if phonenumbers.is_valid_number(number):
                phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                valid += 1
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows": valid, "peak_rss_mb": peak_rss_mb(), "baseline_rss_mb": baseline}


def bot_import(path: str, url: str) -> dict[str, Any]:
    """The bot's import into a new campaign on a migrated database: parse, the preview, then the store."""
    from bot.campaigns import importer
    from bot.campaigns import imports as campaign_imports
    from bot.campaigns.crypto import Vault
    from bot.campaigns.models import Campaign
    from bot.db import Database

    async def run() -> dict[str, Any]:
        db = Database(url)
        await db.migrate()
        async with db.session() as session:
            campaign = Campaign(guild_id=1, name="Import", created_at=LONG_AGO)
            session.add(campaign)
        vault = Vault(DATA_KEY)
        now = datetime.now(UTC)
        gc.collect()
        baseline = rss_mb()
        started = time.perf_counter()
        data = Path(path).read_bytes()
        parsed = await asyncio.to_thread(importer.parse_file, data, "list.csv")
        parse_seconds = time.perf_counter() - started
        async with db.session() as session:
            await campaign_imports.plan_import(
                session=session, vault=vault, campaign=campaign, parsed=parsed
            )  # the preview
        async with db.session() as session:
            plan = await campaign_imports.store_import(
                session=session, vault=vault, campaign_id=campaign.id, parsed=parsed, now=now
            )
        seconds = time.perf_counter() - started
        await db.dispose()
        return {
            "seconds": seconds,
            "parse_seconds": parse_seconds,
            "rows": len(plan.new),
            "peak_rss_mb": peak_rss_mb(),
            "baseline_rss_mb": baseline,
        }

    return asyncio.run(run())
