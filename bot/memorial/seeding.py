"""The days of the district's plan, given to every server when it is first seen (`data/memorial_days.json`)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.guilds import GuildConfig
from bot.i18n import DEFAULT_LANGUAGE
from bot.memorial.models import MemorialDay
from bot.timeparse import DateRule

SEED_FILE = Path(__file__).resolve().parents[2] / "data" / "memorial_days.json"


@cache
def seed_days() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(SEED_FILE.read_text(encoding="utf-8"))["days"])


async def seed_guild(*, session: AsyncSession, config: GuildConfig) -> None:
    """Give a server the plan's days (a guild hook: runs when the server is first seen). Idempotent: a
    day already seeded is not added again."""
    existing = set(
        (
            await session.exec(
                select(MemorialDay.seed_key).where(
                    MemorialDay.guild_id == config.guild_id, col(MemorialDay.seed_key).is_not(None)
                )
            )
        ).all()
    )
    for seed in seed_days():
        if seed["key"] in existing:
            continue
        rule = DateRule(month=seed["month"], day=seed["day"])
        day = MemorialDay(
            guild_id=config.guild_id,
            name=seed["name"][DEFAULT_LANGUAGE],
            text=seed["text"][DEFAULT_LANGUAGE],
            translations={
                lang: {"name": seed["name"][lang], "text": seed["text"][lang]}
                for lang in seed["name"]
                if lang != DEFAULT_LANGUAGE
            },
            seed_key=seed["key"],
            month=rule.month,
        )
        day.set_rule(rule)
        session.add(day)
    await session.flush()
