"""What /privacy shows: the table of personal data and how long each kind is kept, and the copy of a member's data."""

from __future__ import annotations

import io
import json
from typing import Any

import discord

from bot import privacy
from bot.i18n import t, tn
from cogs._shared.interactions import clamp

MYDATA_FILENAME = "mina-uppgifter.json"


def info_embed(settings: privacy.PrivacySettings, lang: str) -> discord.Embed:
    retention = "\n".join(
        t(
            "privacy.info.line",
            lang,
            what=t(f"privacy.kind.{kind.name}", lang),
            kept=t(f"privacy.kept.{kind.kept}", lang, grace=tn("count.days", settings.grace_days, lang)),
        )
        for kind in privacy.KINDS
    )
    body = t(
        "privacy.info.body",
        lang,
        retention=retention,
        grace=tn("count.days", settings.grace_days, lang),
        contact=settings.contact or t("privacy.info.no_contact", lang),
    )
    return discord.Embed(title=t("privacy.info.title", lang), description=clamp(body, 4096), colour=0xDA291C)


def mydata_file(guild_id: int, user_id: int, data: dict[str, Any]) -> discord.File:
    """Everything stored about the member, as a JSON file only they receive."""
    document = {"server": guild_id, "member": user_id, "data": data}
    payload = json.dumps(document, ensure_ascii=False, indent=2, default=str).encode()
    return discord.File(io.BytesIO(payload), filename=MYDATA_FILENAME)
