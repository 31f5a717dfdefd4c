"""Telling people something privately, the same way in every feature: a direct message, and for those whose
direct messages are closed one mention in a channel the feature names."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord

from bot import permissions, privacy
from bot.bot import RodBot
from bot.guilds import ChannelPurpose
from bot.ledger import OutcomeUnknown
from cogs._shared.channels import hold_back, require_private
from cogs._shared.delivery import deliver_dm, send_once
from cogs._shared.interactions import MESSAGE_LIMIT, clamp, render
from cogs._shared.visibility import ChannelExposed, held_now

log = logging.getLogger(__name__)


async def dm_or_mention(
    bot: RodBot,
    guild_id: int,
    user_ids: Sequence[int],
    text: str,
    *,
    fallback: ChannelPurpose | None,
    what_key: str,
    organiser_id: int | None = None,
    view: discord.ui.View | None = None,
) -> bool:
    """DM each person (once per occurrence and person, see `deliver_dm`); those whose direct messages are closed
    get one mention, with the text, in the `fallback` purpose's channel instead (`None` when no channel may show
    it, such as a refusal: they are not reached, and it is logged).

    A private fallback channel is checked again first: while others can see it nothing is posted there, the audit
    log says so (`what_key` names the message) and `organiser_id`, if given, is told. The mention is remembered,
    so that erasing a member removes it. Returns whether Discord's answer to some message was lost (it may have
    arrived): a scheduled notice is then tried again, and what did arrive is not sent twice. A `view` (persistent
    buttons) goes with the direct message and with the mention."""
    unreachable: list[int] = []
    lost = False
    for user_id in user_ids:
        try:
            await deliver_dm(bot, user_id, content=text, **({"view": view} if view is not None else {}))
        except discord.Forbidden:
            unreachable.append(user_id)
        except OutcomeUnknown:
            lost = True
        except discord.HTTPException as error:
            log.warning("could not send a direct message (status %s) guild=%s", error.status, guild_id)
    if unreachable:
        lost = await _mention(bot, guild_id, unreachable, text, fallback, what_key, organiser_id, view) or lost
    if lost:
        log.warning("Discord's answer to a direct message was lost guild=%s", guild_id)
    return lost


async def _mention(
    bot: RodBot,
    guild_id: int,
    user_ids: list[int],
    text: str,
    fallback: ChannelPurpose | None,
    what_key: str,
    organiser_id: int | None,
    view: discord.ui.View | None = None,
) -> bool:
    """One mention of everyone unreachable in the fallback channel; returns whether its answer was lost."""
    config = await bot.guild_config(guild_id)
    channel_id = config.channel_id(fallback) if fallback is not None else None
    channel = bot.get_channel(channel_id) if channel_id is not None else None
    if fallback is None or not isinstance(channel, discord.abc.Messageable):
        log.warning("%d closed direct messages not reached guild=%s", len(user_ids), guild_id)
        return False
    if permissions.is_private(fallback):
        try:
            await require_private(bot, guild_id, fallback)
        except ChannelExposed as exposed:
            await hold_back(bot, guild_id, exposed, what_key=what_key, actor_id=None)
            if organiser_id is not None:
                error = held_now(exposed, what_key, config.language)
                await bot.direct_message(organiser_id, render(error, config.language))
            return False
    mentions = " ".join(f"<@{user_id}>" for user_id in user_ids)
    try:
        posted = await send_once(
            bot,
            channel,
            content=clamp(f"{mentions} {text}", MESSAGE_LIMIT),
            allowed_mentions=discord.AllowedMentions(users=[discord.Object(u) for u in user_ids]),
            **({"view": view} if view is not None else {}),
        )
    except OutcomeUnknown:
        return True
    except discord.HTTPException:
        log.warning("could not mention closed direct messages in their channel guild=%s", guild_id)
        return False
    async with bot.db.session() as session:
        await privacy.remember_mentions(
            session=session, guild_id=guild_id, user_ids=user_ids, channel_id=posted.channel.id, message_id=posted.id
        )
    return False
