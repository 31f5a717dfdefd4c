"""What the networks look like on Discord: the join request the organisers decide, and the member's answer."""

from __future__ import annotations

import discord

from bot.i18n import t
from bot.meetings.models import JoinRequest


def network_name(audience: str, lang: str) -> str:
    return t(f"meetings.audience.{audience}", lang)


def request_embed(request: JoinRequest, lang: str) -> discord.Embed:
    """A pending request, in the organisers' channel."""
    return discord.Embed(
        title=t("network.request.title", lang),
        description=_body(request, lang),
        colour=0xDA291C,
    )


def decided_embed(request: JoinRequest, lang: str, *, approved: bool, moderator: str) -> discord.Embed:
    """The request once decided: who decided, and how."""
    verdict = "approved" if approved else "declined"
    return discord.Embed(
        title=t("network.request.title", lang),
        description=_body(request, lang) + "\n\n" + t(f"network.request.{verdict}", lang, moderator=moderator),
        colour=0x2E7D32 if approved else 0x777777,
    )


def answer_text(request: JoinRequest, lang: str, *, approved: bool) -> str:
    """What the member who asked is told."""
    verdict = "approved" if approved else "declined"
    return t(f"network.request.dm.{verdict}", lang, network=network_name(request.audience, lang))


def _body(request: JoinRequest, lang: str) -> str:
    return t("network.request.body", lang, user=f"<@{request.user_id}>", network=network_name(request.audience, lang))
