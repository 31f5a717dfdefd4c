"""What /privacy shows: the table of personal data and how long each kind is kept, and the copy of a member's data."""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any

import discord

from bot import privacy
from bot.i18n import format_datetime, format_number, t, tn
from bot.timeparse import to_local
from cogs._shared.interactions import MESSAGE_LIMIT, clamp

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


def mydata_file(guild_id: int, user_id: int, data: dict[str, Any], zone: str) -> discord.File:
    """Everything stored about the member, as a JSON file only they receive; times in ISO 8601, in the server's
    zone with its offset."""

    def plain(value: object) -> str:
        return to_local(value, zone).isoformat() if isinstance(value, datetime) else str(value)

    document = {"server": guild_id, "member": user_id, "data": data}
    payload = json.dumps(document, ensure_ascii=False, indent=2, default=plain).encode()
    return discord.File(io.BytesIO(payload), filename=MYDATA_FILENAME)


def rows_of(exported: list[Any] | dict[str, list[Any]]) -> int:
    """How many rows one kind of data holds: a list, or a few lists by what the member did."""
    return sum(map(len, exported.values())) if isinstance(exported, dict) else len(exported)


def mydata_summary(data: dict[str, Any], zone: str, lang: str) -> str:
    """Beside the file, in words: the meetings the member answered (title, day and time, answer), how many
    commitments they are responsible for, and how many rows of each kind of data there are."""
    parts = [t("privacy.mydata.done", lang)]
    if rsvps := data.get("meeting_rsvps"):
        meetings = [
            t(
                "privacy.mydata.rsvp",
                lang,
                title=r["title"],
                when=format_datetime(r["start_at"], zone, lang),
                answer=t(f"meetings.answer.{r['answer']}", lang),
            )
            for r in rsvps
        ]
        parts.append(tn("privacy.mydata.rsvps", len(rsvps), lang, meetings="\n".join(meetings)))
    if owned := data.get("commitments_owned"):
        parts.append(tn("privacy.mydata.commitments_owned", len(owned), lang))
    counts = [
        t("privacy.mydata.count", lang, what=t(f"privacy.kind.{name}", lang), count=format_number(count, lang))
        for name, exported in data.items()
        if (count := rows_of(exported))
    ]
    parts.append(
        t("privacy.mydata.counts", lang, counts="\n".join(counts)) if counts else t("privacy.mydata.none", lang)
    )
    return clamp("\n\n".join(parts), MESSAGE_LIMIT)
