"""The organisers' channel is told how many contacts wait for an organiser: one message, a count and nothing about
who they are (the help queue, only for organisers, says that).

When more contacts wait than the message says, a new message is posted (so that the channel shows something new)
and the old one deleted; when fewer wait, the message is edited. Without an organisers' channel nothing is posted,
and a message that cannot be posted or edited never stops what a caller or an organiser did."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from weakref import WeakKeyDictionary

import discord

from bot.bot import RodBot
from bot.campaigns import outcomes
from bot.guilds import ChannelPurpose
from cogs.campaigns.render import help_waiting_text

log = logging.getLogger(__name__)

_locks: WeakKeyDictionary[RodBot, dict[int, asyncio.Lock]] = WeakKeyDictionary()


def _lock(bot: RodBot, guild_id: int) -> asyncio.Lock:
    """One change of a server's message at a time, so that two changes at once leave one message."""
    return _locks.setdefault(bot, {}).setdefault(guild_id, asyncio.Lock())


async def refresh_help_notice(bot: RodBot, guild_id: int) -> None:
    """Bring the organisers' channel's count up to date with the help queue."""
    async with _lock(bot, guild_id):
        try:
            await _refresh(bot, guild_id)
        except discord.HTTPException as error:
            log.warning("could not update the help queue count (status %s) guild=%s", error.status, guild_id)


async def _refresh(bot: RodBot, guild_id: int) -> None:
    config = await bot.guild_config(guild_id)
    channel_id = config.channel_id(ChannelPurpose.ORGANISERS)
    async with bot.db.session() as session:
        count = await outcomes.held_count(session=session, guild_id=guild_id)
        notice = await outcomes.help_notice(session=session, guild_id=guild_id)
        shown = (notice.channel_id, notice.message_id, notice.count) if notice is not None else None
    if channel_id is None:
        return
    text = help_waiting_text(count, config.language)
    nothing = discord.AllowedMentions.none()
    if shown is not None and shown[0] == channel_id:
        if count == shown[2]:
            return
        if count < shown[2]:
            message = bot.get_partial_messageable(channel_id, guild_id=guild_id).get_partial_message(shown[1])
            try:
                await message.edit(content=text, allowed_mentions=nothing)
            except discord.NotFound:  # someone deleted it: a new one only while contacts wait
                if count:
                    await _post(bot, guild_id, channel_id, text, count)
                else:
                    async with bot.db.session() as session:
                        await outcomes.forget_help_notice(session=session, guild_id=guild_id)
                return
            async with bot.db.session() as session:
                await outcomes.keep_help_notice(
                    session=session, guild_id=guild_id, channel_id=channel_id, message_id=shown[1], count=count
                )
            return
    elif count == 0:
        return  # nothing waits and nothing was said here: nothing to say
    await _post(bot, guild_id, channel_id, text, count)
    if shown is not None:
        old = bot.get_partial_messageable(shown[0], guild_id=guild_id).get_partial_message(shown[1])
        with contextlib.suppress(discord.HTTPException):  # gone already, or a channel the bot no longer reaches
            await old.delete()


async def _post(bot: RodBot, guild_id: int, channel_id: int, text: str, count: int) -> None:
    channel = bot.get_partial_messageable(channel_id, guild_id=guild_id)
    posted = await channel.send(content=text, allowed_mentions=discord.AllowedMentions.none())
    async with bot.db.session() as session:
        await outcomes.keep_help_notice(
            session=session, guild_id=guild_id, channel_id=channel_id, message_id=posted.id, count=count
        )
