"""The thread a meeting's announcement opens for its talk, reminders and changes.

An open meeting's thread is a public thread on its announcement. A separatist meeting's is a private thread in
its audience's channel that only the bot can add people to (`invitable=False`): those who answer Kommer or Kanske
are added, and someone who changes to Kan inte is taken out again (they are still told of changes by DM). The
thread is archived, not deleted, a day after the meeting ends (`bot.meetings.planner.plan_archiving`); one Discord
archived before that for want of talk is opened again when something is posted there or someone is let in, so a
moved meeting's thread is reopened with the notice of the move.

Everything here is in addition to the announcement and the direct messages: where the bot lacks the thread
permissions (`bot.permissions.thread_permissions`, which /setup show names) or Discord refuses, the meeting goes
on without a thread and nothing is reported to the person who clicked."""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot import clock, permissions
from bot.bot import RodBot
from bot.meetings import planner
from bot.meetings.models import Answer, Meeting
from cogs._shared import channels
from cogs._shared.delivery import send_once
from cogs._shared.interactions import MESSAGE_LIMIT, clamp
from cogs._shared.visibility import ChannelExposed

log = logging.getLogger(__name__)

ARCHIVE_AFTER = 10080
"""Minutes of quiet before Discord archives the thread by itself (a week, the longest it offers); the bot archives
it a day after the meeting in any case."""
ADDED = (Answer.KOMMER, Answer.KANSKE)
"""The answers that put a member in the meeting's thread."""


def lacking(channel: Any, audience: str) -> list[str]:
    """The thread permissions the bot lacks in the channel (Discord's names); all of them where it is no text
    channel the bot is in."""
    needed = permissions.thread_permissions(audience)
    guild = getattr(channel, "guild", None)
    if not isinstance(channel, discord.TextChannel) or guild is None:
        return list(needed)
    granted = channel.permissions_for(guild.me)
    return [name for name in needed if not getattr(granted, name)]


async def open_thread(meeting: Meeting, message: Any, channel: Any) -> int | None:
    """Open the meeting's thread under its announcement `message` in `channel`; its id, or None where the bot may
    not or Discord refused (the meeting goes on without one)."""
    if lacking(channel, meeting.audience):
        return None
    name = thread_name(meeting)
    try:
        if meeting.audience_enum.is_separatist:
            thread = await channel.create_thread(
                name=name,
                type=discord.ChannelType.private_thread,
                invitable=False,
                auto_archive_duration=ARCHIVE_AFTER,
            )
        else:
            partial = message if isinstance(message, discord.Message) else channel.get_partial_message(message.id)
            thread = await partial.create_thread(name=name, auto_archive_duration=ARCHIVE_AFTER)
    except discord.HTTPException as error:
        log.warning("could not open a thread for meeting %s (status %s)", meeting.id, error.status)
        return None
    return thread.id


async def _thread(bot: RodBot, meeting: Meeting) -> discord.Thread | None:
    """The meeting's thread, archived or not; None where it has none or it is gone or out of reach."""
    if meeting.thread_id is None:
        return None
    found = bot.get_channel(meeting.thread_id)
    if isinstance(found, discord.Thread):
        return found
    try:
        fetched = await bot.fetch_channel(meeting.thread_id)
    except discord.HTTPException:
        return None
    return fetched if isinstance(fetched, discord.Thread) else None


async def _reachable(bot: RodBot, meeting: Meeting) -> discord.Thread | None:
    """The thread, where a post there is safe now: a separatist meeting's audience channel is checked again first
    (a private thread is still listed to anyone who may manage threads in a channel others can see)."""
    thread = await _thread(bot, meeting)
    if thread is None:
        return None
    try:
        await channels.require_audience_channel(bot, meeting.guild_id, meeting.audience)
    except ChannelExposed:
        log.warning("thread of meeting %s left alone: its channel is not private", meeting.id)
        return None
    return thread


def thread_name(meeting: Meeting) -> str:
    """The meeting's title as its thread's name. Discord's note in the channel that the thread was started
    carries the name: it must ping no one."""
    return clamp(discord.utils.escape_mentions(meeting.title), 100)


async def rename(bot: RodBot, meeting: Meeting) -> None:
    """The meeting's title changed: its thread is named anew (an archived one too: it keeps the meeting's name)."""
    thread = await _reachable(bot, meeting)
    if thread is None or thread.name == thread_name(meeting):
        return
    try:
        await thread.edit(name=thread_name(meeting))
    except discord.HTTPException as error:
        log.warning("could not rename the thread of meeting %s (status %s)", meeting.id, error.status)


def over(meeting: Meeting) -> bool:
    """Whether the meeting's thread is due to be archived (a day after the meeting): then it stays archived."""
    return clock.now() >= meeting.end_at + planner.ARCHIVE_DELAY


async def _open(bot: RodBot, meeting: Meeting) -> discord.Thread | None:
    """The thread, ready for a post or a new member: a thread Discord archived for want of talk (after a week) is
    opened again until the meeting is over; None where it is over, or no post is safe or possible."""
    thread = await _reachable(bot, meeting)
    if thread is None or not thread.archived:
        return thread
    if over(meeting):
        return None
    try:
        return await thread.edit(archived=False)
    except discord.HTTPException as error:
        log.warning("could not reopen the thread of meeting %s (status %s)", meeting.id, error.status)
        return None


async def post(bot: RodBot, meeting: Meeting, text: str) -> None:
    """Post `text` (a change, a cancellation, a reminder) in the meeting's thread, once per ledger occurrence; a
    thread archived before the meeting is over is opened again for it (so a moved meeting's is)."""
    thread = await _open(bot, meeting)
    if thread is None:
        return
    try:
        # Its own nonce: a reminder's mention in the audience's channel is the occurrence's other channel post.
        await send_once(
            bot,
            thread,
            recipient=thread.id,
            content=clamp(text, MESSAGE_LIMIT),
            allowed_mentions=discord.AllowedMentions.none(),
        )
    except discord.HTTPException as error:
        log.warning("could not post in the thread of meeting %s (status %s)", meeting.id, error.status)


async def follow_answer(bot: RodBot, meeting: Meeting, user_id: int, answer: Answer | str | None) -> None:
    """Someone answered: Kommer or Kanske adds them to the thread; for a separatist meeting Kan inte (or no
    answer) takes them out. A public thread is open to everyone anyway, so no one is taken out of it."""
    if meeting.cancelled:
        return
    adding = answer is not None and Answer(answer) in ADDED
    thread = await _open(bot, meeting) if adding else await _reachable(bot, meeting)
    if thread is None:
        return
    member = discord.Object(user_id)
    try:
        if adding:
            await thread.add_user(member)
        elif meeting.audience_enum.is_separatist:
            await thread.remove_user(member)
    except discord.HTTPException as error:
        log.warning("could not change who is in the thread of meeting %s (status %s)", meeting.id, error.status)


async def forget(bot: RodBot, meeting: Meeting, user_id: int) -> None:
    """A forgotten member is taken out of the meeting's thread, public or private, over or not: who is in it says
    who answered. An archived thread is opened for the moment it takes, and archived again."""
    thread = await _thread(bot, meeting)
    if thread is None:
        return
    archived = thread.archived
    try:
        if archived:
            thread = await thread.edit(archived=False)
        await thread.remove_user(discord.Object(user_id))
        if archived:
            await thread.edit(archived=True)
    except discord.HTTPException as error:
        log.warning(
            "could not take a forgotten member out of the thread of meeting %s (status %s)", meeting.id, error.status
        )


async def archive(bot: RodBot, meeting: Meeting) -> None:
    """Archive the meeting's thread, a day after the meeting: not deleted, those in it still read the talk."""
    thread = await _thread(bot, meeting)
    if thread is None or thread.archived:
        return
    try:
        await thread.edit(archived=True)
    except discord.HTTPException as error:
        log.warning("could not archive the thread of meeting %s (status %s)", meeting.id, error.status)
