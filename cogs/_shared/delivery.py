"""Sending exactly once: every message of a ledger occurrence carries the occurrence's nonce for its recipient, a
lost answer is an unknown outcome (not a failure), and a retry past Discord's nonce window looks for the message
before sending again. `deliver` and `deliver_dm` turn Discord's answers into the ledger's outcomes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

import discord

from bot.bot import RodBot
from bot.ledger import (
    NONCE_WINDOW,
    BlockedDelivery,
    OutcomeUnknown,
    Sent,
    SkipDelivery,
    TransientDeliveryError,
    current_attempt,
)
from cogs._shared.lost_answers import answer_lost

LOOKUP_SLACK = timedelta(seconds=30)
"""How far before its first send the look-up for a message starts: the bot's clock and Discord's may differ."""
LOOKUP_LIMIT = 100
KEPT_FINGERPRINTS = 8
UNKNOWN_MESSAGE = 10008


def _custom_ids(components: Iterable[Any]) -> list[str]:
    found: list[str] = []
    for component in components:
        if isinstance(component, dict):
            if "custom_id" in component:
                found.append(str(component["custom_id"]))
            found.extend(_custom_ids(component.get("components", [])))
    return found


def _fingerprint(content: str | None, embeds: Sequence[discord.Embed], custom_ids: list[str]) -> str:
    parts = [content or ""]
    for embed in embeds:
        parts += [embed.title or "", embed.description or "", embed.footer.text or ""]
        parts += [f"{field.name}\n{field.value}" for field in embed.fields]
    parts += custom_ids
    return hashlib.blake2b("\x1f".join(part.strip() for part in parts).encode(), digest_size=8).hexdigest()


def payload_fingerprint(send: dict[str, Any]) -> str:
    """What a message will say (text, embeds' text, button ids), as `message_fingerprint` reads it back."""
    embeds = send.get("embeds") or ([send["embed"]] if send.get("embed") else [])
    view = send.get("view")
    components = view.to_components() if view else []
    return _fingerprint(send.get("content"), embeds, _custom_ids(components))


def message_fingerprint(message: discord.Message) -> str:
    return _fingerprint(message.content, message.embeds, _custom_ids(c.to_dict() for c in message.components))


async def _find_sent(bot: RodBot, channel: Any, known: Sent) -> discord.Message | None:
    """The bot's own message in the channel since the first send, recognised by what it says.

    Discord keeps no nonce with a message, so what can be found again is the message itself: the bot as its
    author, created after the first send, and the fingerprint of one of the payloads sent (a retry renders the
    post anew, and its text may have changed in between, say a registration added to a reminder)."""
    assert bot.user is not None
    try:
        async for message in channel.history(limit=LOOKUP_LIMIT, after=known.sent_at - LOOKUP_SLACK, oldest_first=True):
            if message.author.id == bot.user.id and message_fingerprint(message) in known.fingerprints:
                return message
    except discord.Forbidden:
        # Without Read Message History there is no telling whether the post is there: ask for the permission
        # rather than risk posting twice.
        raise BlockedDelivery("forbidden", getattr(channel, "id", None)) from None
    except Exception as error:
        if answer_lost(error):
            raise TransientDeliveryError(type(error).__name__) from None
        raise
    return None


async def send_once(
    bot: RodBot, channel: Any, *, recipient: int | None = None, **send: Any
) -> discord.Message | discord.PartialMessage:
    """Send a message of the ledger occurrence being delivered, once however often the occurrence is tried.

    The message carries the occurrence's nonce for this recipient (Discord enforces it: a repeat within its nonce
    window is answered with the first message), and a lost answer raises `OutcomeUnknown`. A retry skips what
    an earlier attempt had confirmed, and past the nonce window looks for the message before sending again.
    Outside an occurrence (a command's own post) this is a plain send."""
    attempt = current_attempt.get()
    if attempt is None:
        try:
            return await channel.send(**send)
        except Exception as error:
            if answer_lost(error):
                raise OutcomeUnknown(type(error).__name__) from None
            raise
    nonce = attempt.nonce(recipient)
    known = attempt.known(nonce)
    if known is not None and known.message_id is not None:
        return channel.get_partial_message(known.message_id)
    now = bot.ledger.now()
    if known is not None and now - known.sent_at >= NONCE_WINDOW:
        found = await _find_sent(bot, channel, known)
        if found is not None:
            attempt.record(nonce, replace(known, message_id=found.id))
            return found
        known = None  # it never arrived: this send starts afresh
    printed = payload_fingerprint(send)
    try:
        # discord.py 2.7 sends `enforce_nonce: true` with every nonce it is given (it has no parameter for it).
        message = await channel.send(nonce=nonce, **send)
    except discord.NotFound as error:
        if error.code == UNKNOWN_MESSAGE:
            # Discord's answer to a nonce whose message was posted and then deleted: someone removed the post.
            raise SkipDelivery() from None
        raise
    except Exception as error:
        if not answer_lost(error):
            raise
        if known is None:
            attempt.record(nonce, Sent(now, (printed,)))
        else:
            earlier = tuple(f for f in known.fingerprints if f != printed)
            attempt.record(nonce, replace(known, fingerprints=(*earlier, printed)[-KEPT_FINGERPRINTS:]))
        raise OutcomeUnknown(type(error).__name__) from None
    attempt.record(nonce, Sent(known.sent_at if known else now, (printed,), message.id))
    return message


async def deliver(bot: RodBot, channel_id: int | None, **send: Any) -> discord.Message | discord.PartialMessage:
    """Send a scheduled post (once, see `send_once`), turning Discord's answers into the ledger's outcomes:
    no channel or no access blocks the occurrence (reported, retried once fixed), rate limits are transient
    (retried with backoff), a lost answer is an unknown outcome (retried with the same nonce)."""
    if channel_id is None:
        raise BlockedDelivery("missing")
    channel = bot.get_channel(channel_id)
    if channel is None or not isinstance(channel, discord.abc.Messageable):
        raise BlockedDelivery("missing", channel_id)
    try:
        return await send_once(bot, channel, **send)
    except discord.NotFound:
        raise BlockedDelivery("missing", channel_id) from None
    except discord.Forbidden:
        raise BlockedDelivery("forbidden", channel_id) from None
    except discord.RateLimited as error:
        raise TransientDeliveryError(str(error)) from None
    except discord.HTTPException as error:
        if error.status == 429:  # discord.py gave up waiting out a rate limit: try again later
            raise TransientDeliveryError(str(error)) from None
        raise


async def deliver_dm(bot: RodBot, user_id: int, **send: Any) -> discord.Message | discord.PartialMessage:
    """A direct message (once per recipient and occurrence, see `send_once`). Closed DMs raise Forbidden."""
    user = bot.get_user(user_id) or await bot.fetch_user(user_id)
    channel = user.dm_channel or await user.create_dm()
    return await send_once(bot, channel, recipient=user_id, **send)
