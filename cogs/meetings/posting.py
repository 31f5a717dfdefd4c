"""Where a meeting shows on Discord besides the replies: the channel it is announced in, its scheduled event,
and the notices sent to those who answered. Used by the cog and by the announcement's buttons."""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot import permissions
from bot.bot import RodBot
from bot.errors import UserError
from bot.guilds import ChannelPurpose, GuildConfig
from bot.i18n import t
from bot.meetings import service
from bot.meetings.models import Meeting
from bot.permissions import Audience
from cogs._shared import visibility
from cogs._shared.interactions import clamp
from cogs._shared.notices import dm_or_mention

log = logging.getLogger(__name__)


def announcement_channel(guild: discord.Guild, config: GuildConfig, audience: Audience) -> Any:
    """The channel a new meeting for the audience is announced in; refused when it is not set or not usable."""
    channel_id = service.announcement_channel_id(config, audience)
    channel = guild.get_channel(channel_id)
    if channel is None or not isinstance(channel, discord.abc.Messageable):
        raise UserError("error.channel_unusable", channel=f"<#{channel_id}>")
    return channel


async def notify(bot: RodBot, meeting: Meeting, user_ids: list[int], text: str) -> bool:
    """DM each person; those whose DMs are closed get one mention in the audience's channel instead (its
    organiser is told if that channel is not private). Returns whether some answer was lost."""
    return await dm_or_mention(
        bot,
        meeting.guild_id,
        user_ids,
        text,
        fallback=ChannelPurpose(meeting.audience_enum.channel_purpose),
        what_key="private.what.notice",
        organiser_id=meeting.created_by,
    )


def _voice_room(guild: discord.Guild, meeting: Meeting) -> discord.VoiceChannel | discord.StageChannel | None:
    channel = guild.get_channel(meeting.voice_channel_id) if meeting.voice_channel_id else None
    return channel if isinstance(channel, discord.VoiceChannel | discord.StageChannel) else None


async def create_event(guild: discord.Guild, meeting: Meeting, config: GuildConfig) -> int | None:
    """A Discord scheduled event, where `bot.permissions.can_have_scheduled_event` allows one."""
    room = _voice_room(guild, meeting)
    # Who can view the room matters only for a separatist meeting: an open one is not looked into.
    seen = await visibility.visibility(room) if room is not None and meeting.audience_enum.is_separatist else None
    if not permissions.can_have_scheduled_event(config, meeting.audience, seen):
        return None
    kwargs: dict[str, Any] = {
        "name": clamp(meeting.title, 100),
        "start_time": meeting.start_at,
        "end_time": meeting.end_at,
        "privacy_level": discord.PrivacyLevel.guild_only,
    }
    if meeting.description:
        kwargs["description"] = clamp(meeting.description, 1000)
    if isinstance(room, discord.StageChannel):
        kwargs.update(entity_type=discord.EntityType.stage_instance, channel=room)
    elif isinstance(room, discord.VoiceChannel):
        kwargs.update(entity_type=discord.EntityType.voice, channel=room)
    else:
        kwargs.update(
            entity_type=discord.EntityType.external,
            location=clamp(meeting.location or t("meetings.embed.no_place", config.language), 100),
        )
    try:
        event = await guild.create_scheduled_event(**kwargs)
    except discord.HTTPException:
        log.warning("could not create a scheduled event for meeting %s", meeting.id)
        return None
    return event.id


async def update_event(guild: discord.Guild, meeting: Meeting, *, delete: bool = False) -> None:
    if meeting.event_id is None:
        return
    try:
        event = await guild.fetch_scheduled_event(meeting.event_id)
        if delete:
            await event.delete()
        else:
            changes: dict[str, Any] = {
                "name": clamp(meeting.title, 100),
                "start_time": meeting.start_at,
                "end_time": meeting.end_at,
            }
            if meeting.description:
                changes["description"] = clamp(meeting.description, 1000)
            if event.entity_type is discord.EntityType.external and meeting.location:
                changes["location"] = clamp(meeting.location, 100)
            await event.edit(**changes)
    except discord.HTTPException:
        log.warning("could not update the scheduled event of meeting %s", meeting.id)
