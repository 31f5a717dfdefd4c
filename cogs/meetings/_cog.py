"""/meeting: schedule meetings, answer Kommer / Kanske / Kan inte, reminders, attendance and statistics.

Thin: parses the interaction, asks bot.meetings, renders. Separatist meetings are announced only in the
audience's channel, listed only to those who may see them, and answered only by holders of the role.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import clock, permissions, privacy
from bot.bot import RodBot
from bot.errors import NotConfigured, UserError
from bot.guilds import ChannelPurpose, GuildConfig
from bot.i18n import MESSAGES, ahead, format_datetime, t
from bot.ledger import Occurrence, OutcomeUnknown, SkipDelivery
from bot.meetings import service as meetings
from bot.meetings.service import Answer, Counts, Meeting
from bot.permissions import Audience, Capability, Person, require_audience
from bot.timeparse import to_local
from cogs._shared import channels, visibility
from cogs._shared.interactions import clamp, member_person, person_of, reply
from cogs._shared.notices import dm_or_mention
from cogs._shared.posts import load_or_skip, post_occurrence
from cogs._shared.transformers import Moment
from cogs._shared.ui import OwnedView, Pager, PersistentButton, choices, config_of, paginate, requires
from cogs._shared.visibility import ChannelExposed

log = logging.getLogger(__name__)

STYLES = {
    Answer.KOMMER: discord.ButtonStyle.success,
    Answer.KANSKE: discord.ButtonStyle.primary,
    Answer.KAN_INTE: discord.ButtonStyle.secondary,
}
AUDIENCE_CHOICES = choices(Audience)
Start = app_commands.Transform[datetime, Moment(meetings.parse_start, min_length=1, max_length=60)]


# ---------------------------------------------------------------------- rendering


def duration_text(minutes: int, lang: str) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return t("meetings.duration.hm", lang, hours=hours, minutes=rest)
    if hours:
        return t("meetings.duration.h", lang, hours=hours)
    return t("meetings.duration.m", lang, minutes=rest)


def place_text(meeting: Meeting, lang: str) -> str:
    parts = []
    if meeting.voice_channel_id:
        parts.append(f"<#{meeting.voice_channel_id}>")
    if meeting.location:
        parts.append(meeting.location)
    return " · ".join(parts) if parts else t("meetings.embed.no_place", lang)


def repeat_text(meeting: Meeting, config: GuildConfig) -> str:
    lang = config.language
    if meeting.repeat != meetings.Repeat.MONTHLY:
        return t(f"meetings.repeat.{meeting.repeat}", lang)
    local = to_local(meeting.start_at, config.timezone)
    return t(
        "meetings.repeat.monthly",
        lang,
        ordinal=t(f"meetings.ordinal.{meetings.weekday_position(local.date())}", lang),
        weekday=t(f"meetings.weekday.{local.weekday()}", lang),
    )


def when_text(moment: datetime, config: GuildConfig) -> str:
    stamp = int(moment.timestamp())
    return f"{format_datetime(moment, config.timezone, config.language)}\n<t:{stamp}:F> · <t:{stamp}:R>"


def counts_text(meeting: Meeting, counts: Counts, lang: str) -> str:
    text = t("meetings.embed.counts", lang, kommer=counts.kommer, kanske=counts.kanske, kan_inte=counts.kan_inte)
    if meeting.capacity is not None:
        text += "\n" + t(
            "meetings.embed.capacity",
            lang,
            taken=counts.kommer,
            capacity=meeting.capacity,
            waitlist=counts.waitlist,
        )
    return text


def reminder_text(name: str, lang: str, **values: object) -> str:
    """A reminder's own words ("is tomorrow", "starts in an hour"), or, for a lead time without its own text, the
    general one that says how long before it is."""
    key = f"meetings.reminder.{name}"
    if key in MESSAGES:
        return t(key, lang, **values)
    return t("meetings.reminder", lang, lead=ahead(meetings.reminder_lead(name), lang), **values)


def meeting_embed(meeting: Meeting, counts: Counts, config: GuildConfig) -> discord.Embed:
    lang = config.language
    title = meeting.title
    if meeting.cancelled:
        title = t("meetings.embed.cancelled_title", lang, title=meeting.title)
    embed = discord.Embed(
        title=clamp(title, 256),
        description=clamp(meeting.description, 4096) if meeting.description else None,
        colour=0x777777 if meeting.cancelled else meeting.audience_enum.colour,
    )
    embed.add_field(name=t("meetings.embed.when", lang), value=when_text(meeting.start_at, config), inline=False)
    embed.add_field(name=t("meetings.embed.duration", lang), value=duration_text(meeting.duration_minutes, lang))
    embed.add_field(name=t("meetings.embed.where", lang), value=clamp(place_text(meeting, lang), 1024))
    embed.add_field(name=t("meetings.embed.audience", lang), value=t(f"meetings.audience.{meeting.audience}", lang))
    if meeting.repeat != meetings.Repeat.NONE:
        embed.add_field(name=t("meetings.embed.repeat", lang), value=repeat_text(meeting, config))
    embed.add_field(name=t("meetings.embed.answers", lang), value=counts_text(meeting, counts, lang), inline=False)
    embed.set_footer(text=t("meetings.embed.footer", lang, id=meeting.id))
    return embed


class RsvpButton(PersistentButton, template=r"meeting:rsvp:(?P<id>[0-9]+):(?P<answer>kommer|kanske|kan_inte)"):
    """Kommer / Kanske / Kan inte: persistent, carries the meeting id, re-checks the audience on every click."""

    def __init__(self, meeting_id: int, answer: Answer | str, label: str | None = None) -> None:
        answer = Answer(answer)
        super().__init__(f"meeting:rsvp:{meeting_id}:{answer.value}", label=label or answer.value, style=STYLES[answer])
        self.meeting_id = meeting_id
        self.answer = answer

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str]
    ) -> RsvpButton:
        return cls(int(match["id"]), match["answer"], item.label)

    async def clicked(self, interaction: discord.Interaction, bot: RodBot) -> None:
        await bot.cog(Meetings).rsvp(interaction, self.meeting_id, self.answer)


def rsvp_view(meeting: Meeting, counts: Counts, lang: str) -> discord.ui.View | None:
    if meeting.cancelled:
        return None
    view = discord.ui.View(timeout=None)
    for answer, count in (
        (Answer.KOMMER, counts.kommer),
        (Answer.KANSKE, counts.kanske),
        (Answer.KAN_INTE, counts.kan_inte),
    ):
        label = t("meetings.button", lang, answer=t(f"meetings.answer.{answer.value}", lang), count=count)
        view.add_item(RsvpButton(meeting.id, answer, label))
    return view


# ---------------------------------------------------------------------- the cog


@app_commands.guild_only()
class Meetings(commands.GroupCog, group_name="meeting", group_description="Meetings: schedule, answer, remind"):
    def __init__(self, bot: RodBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(RsvpButton)
        self.bot.ledger.register(meetings.REMINDER_KIND, meetings.plan_reminders, self.send_reminder)
        self.bot.ledger.register(meetings.NEXT_KIND, meetings.plan_next_occurrences, self.create_next)
        self.bot.erasure_hooks.append(self.after_erasure)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(RsvpButton)
        self.bot.erasure_hooks.remove(self.after_erasure)

    async def after_erasure(self, guild_id: int, aftermath: privacy.Aftermath) -> None:
        """A forgotten member's answers are gone: announcements show the counts without them, and those who
        moved up from the waiting list are told, as when anyone gives up a place."""
        changed = aftermath.changed.get("meeting", {})
        if not changed:
            return
        config = await self.bot.guild_config(guild_id)
        for meeting_id, moved_up in changed.items():
            async with self.bot.db.session() as session:
                meeting = await session.get(Meeting, meeting_id)
            if meeting is None:
                continue
            await self.refresh_announcement(meeting, config)
            if moved_up:
                await self.notify(meeting, moved_up, self._promoted_text(meeting, config))

    # ------------------------------------------------------------------ helpers

    async def _meeting_choices(
        self, interaction: discord.Interaction, current: str, rule: Callable[[Meeting, Person, GuildConfig], bool]
    ) -> list[app_commands.Choice[int]]:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            found = await meetings.search_meetings(
                session, config.guild_id, person_of(interaction), config, current, now=clock.now(), rule=rule
            )
        return [
            app_commands.Choice(
                name=clamp(f"{m.title} · {format_datetime(m.start_at, config.timezone, config.language)}", 100),
                value=m.id,
            )
            for m in found
        ]

    async def meeting_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[int]]:
        return await self._meeting_choices(interaction, current, meetings.may_see)

    async def managed_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[int]]:
        return await self._meeting_choices(interaction, current, meetings.may_manage)

    async def attendance_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[int]]:
        return await self._meeting_choices(interaction, current, meetings.may_see_attendees)

    async def refresh_announcement(self, meeting: Meeting, config: GuildConfig) -> None:
        """Show the meeting's current state (counts, changes, cancellation) on its announcement."""
        if meeting.channel_id is None or meeting.message_id is None:
            return
        try:
            await channels.require_audience_channel(self.bot, meeting.guild_id, meeting.audience)
        except ChannelExposed:
            log.warning("announcement of meeting %s not updated: its channel is not private", meeting.id)
            return
        async with self.bot.db.session() as session:
            counts = await meetings.counts(session, meeting.id)
        channel = self.bot.get_channel(meeting.channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            return
        try:
            await channel.get_partial_message(meeting.message_id).edit(  # type: ignore[attr-defined]
                embed=meeting_embed(meeting, counts, config), view=rsvp_view(meeting, counts, config.language)
            )
        except discord.HTTPException:
            log.warning("could not update the announcement of meeting %s", meeting.id)

    async def notify(self, meeting: Meeting, user_ids: list[int], text: str) -> bool:
        """DM each person; those whose DMs are closed get one mention in the audience's channel instead (its
        organiser is told if that channel is not private). Returns whether some answer was lost."""
        return await dm_or_mention(
            self.bot,
            meeting.guild_id,
            user_ids,
            text,
            fallback=ChannelPurpose(meeting.audience_enum.channel_purpose),
            what_key="private.what.notice",
            organiser_id=meeting.created_by,
        )

    async def _event_wanted(self, guild: discord.Guild, meeting: Meeting, config: GuildConfig) -> bool:
        if meeting.audience_enum is Audience.OPEN:
            return True
        channel = guild.get_channel(meeting.voice_channel_id) if meeting.voice_channel_id else None
        return isinstance(channel, discord.VoiceChannel | discord.StageChannel) and await visibility.audience_only(
            channel, config, meeting.audience_enum
        )

    async def create_event(self, guild: discord.Guild, meeting: Meeting, config: GuildConfig) -> int | None:
        """A Discord scheduled event: for open meetings, and for a role audience only in its private voice room."""
        if not await self._event_wanted(guild, meeting, config):
            return None
        kwargs: dict[str, Any] = {
            "name": clamp(meeting.title, 100),
            "start_time": meeting.start_at,
            "end_time": meeting.end_at,
            "privacy_level": discord.PrivacyLevel.guild_only,
        }
        if meeting.description:
            kwargs["description"] = clamp(meeting.description, 1000)
        channel = guild.get_channel(meeting.voice_channel_id) if meeting.voice_channel_id else None
        if isinstance(channel, discord.StageChannel):
            kwargs.update(entity_type=discord.EntityType.stage_instance, channel=channel)
        elif isinstance(channel, discord.VoiceChannel):
            kwargs.update(entity_type=discord.EntityType.voice, channel=channel)
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

    async def update_event(self, guild: discord.Guild, meeting: Meeting, *, delete: bool = False) -> None:
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

    def _audience_channel(self, guild: discord.Guild, config: GuildConfig, audience: Audience) -> Any:
        channel_id = meetings.audience_channel_id(config, audience)
        if channel_id is None:
            purpose = audience.channel_purpose
            raise NotConfigured("error.not_configured", what_key=f"purpose.channel.{purpose}", command="/setup channel")
        channel = guild.get_channel(channel_id)
        if channel is None or not isinstance(channel, discord.abc.Messageable):
            raise UserError("error.channel_unusable", channel=f"<#{channel_id}>")
        return channel

    # ------------------------------------------------------------------ RSVP

    async def rsvp(self, interaction: discord.Interaction, meeting_id: int, answer: Answer) -> None:
        config = await config_of(interaction)
        lang = config.language
        person = person_of(interaction)

        async def answered(session: AsyncSession) -> tuple[Meeting, meetings.RsvpResult, Counts]:
            meeting = await meetings.get_meeting(session, config.guild_id, meeting_id)
            require_audience(person, config, meeting.audience)
            result = await meetings.answer(session, meeting, person.user_id, answer, now=clock.now())
            return meeting, result, await meetings.counts(session, meeting.id)

        # The database takes answers to one meeting one at a time, across processes (see meetings.answer).
        meeting, result, counts = await self.bot.db.run_write(answered)
        if result.waitlist_position is not None:
            text = t("meetings.rsvp.waitlist", lang, position=result.waitlist_position)
        else:
            key = "meetings.rsvp.done" if result.changed else "meetings.rsvp.unchanged"
            text = t(key, lang, answer=t(f"meetings.answer.{answer.value}", lang))
        text += "\n" + counts_text(meeting, counts, lang)
        await reply(interaction, text, ephemeral=True)
        if result.changed:
            await self.refresh_announcement(meeting, config)
        if result.promoted:
            await self.notify(meeting, result.promoted, self._promoted_text(meeting, config))

    def _promoted_text(self, meeting: Meeting, config: GuildConfig) -> str:
        return t(
            "meetings.waitlist.promoted",
            config.language,
            title=meeting.title,
            when=format_datetime(meeting.start_at, config.timezone, config.language),
        )

    # ------------------------------------------------------------------ ledger handlers

    async def send_reminder(self, occurrence: Occurrence) -> None:
        meeting = await load_or_skip(self.bot, Meeting, occurrence, wanted=lambda found: not found.cancelled)
        async with self.bot.db.session() as session:
            recipients = await meetings.reminder_recipients(session, meeting)
        await channels.require_audience_channel(
            self.bot, meeting.guild_id, meeting.audience, organiser_id=meeting.created_by
        )
        config = await self.bot.guild_config(meeting.guild_id)
        lang = config.language
        text = reminder_text(
            occurrence.occurrence_key.split(":", 1)[0],
            lang,
            title=meeting.title,
            when=format_datetime(meeting.start_at, config.timezone, lang),
            relative=f"<t:{int(meeting.start_at.timestamp())}:R>",
            place=place_text(meeting, lang),
        )
        if await self.notify(meeting, recipients, text):
            raise OutcomeUnknown("meeting reminder")

    async def create_next(self, occurrence: Occurrence) -> None:
        """Bring the series' next meeting into being and announce it. A retry (the announcement's answer was
        lost, or what followed it failed) finds the meeting made the first time and announces it with the same
        nonce, so it appears once and its buttons answer a meeting that exists."""
        config = await self.bot.guild_config(occurrence.guild_id)
        guild = self.bot.get_guild(occurrence.guild_id)
        meeting = await load_or_skip(
            self.bot, Meeting, occurrence, wanted=lambda found: found.repeat != meetings.Repeat.NONE
        )
        # Checked before the next meeting is made: a held announcement makes nothing.
        await channels.require_audience_channel(
            self.bot, meeting.guild_id, meeting.audience, organiser_id=meeting.created_by
        )
        async with self.bot.db.session() as session:
            following = await meetings.create_next_occurrence(session, meeting, zone=config.timezone, now=clock.now())
        if following is None:
            raise SkipDelivery()
        channel_id = meetings.audience_channel_id(config, following.audience)
        message = await post_occurrence(
            self.bot,
            occurrence,
            channel_id,
            embed=meeting_embed(following, Counts(), config),
            view=rsvp_view(following, Counts(), config.language),
        )
        event_id = await self.create_event(guild, following, config) if guild is not None else None
        async with self.bot.db.session() as session:
            await meetings.set_posted(
                session, following, channel_id=channel_id, message_id=message.id, event_id=event_id
            )
        await self.bot.ledger.replan(*meetings.KINDS, guild_id=following.guild_id, object_id=str(following.id))

    # ------------------------------------------------------------------ commands

    @app_commands.command(name="schedule", description="Schedule a meeting and announce it")
    @app_commands.describe(
        title="What the meeting is called",
        audience="Who the meeting is for",
        start='When, local time: "2026-03-08 18:00", "8 mars 18:00" or "onsdag 18:00"',
        duration='How long: "90", "1h30" or "1,5 h" (default 90 minutes)',
        location="Where (an address or a link)",
        voice_channel="A voice or stage channel the meeting is held in",
        description="What the meeting is about",
        repeat="Whether it recurs",
        capacity="At most this many places; later answers go on a waiting list",
    )
    @app_commands.choices(audience=AUDIENCE_CHOICES)
    @requires(Capability.ORGANISER)
    async def schedule(
        self,
        interaction: discord.Interaction,
        title: app_commands.Range[str, 1, 100],
        audience: str,
        start: Start,
        duration: app_commands.Range[str, 1, 20] | None = None,
        location: app_commands.Range[str, 1, 200] | None = None,
        voice_channel: discord.VoiceChannel | discord.StageChannel | None = None,
        description: app_commands.Range[str, 1, 2000] | None = None,
        repeat: Literal["none", "weekly", "biweekly", "monthly"] = "none",
        capacity: app_commands.Range[int, 1, 10000] | None = None,
    ) -> None:
        config = await config_of(interaction)
        lang = config.language
        guild = interaction.guild
        assert guild is not None
        minutes = meetings.parse_duration(duration) if duration else meetings.DEFAULT_DURATION
        channel = self._audience_channel(guild, config, Audience(audience))
        if Audience(audience).is_separatist:
            await channels.refuse_if_exposed(
                self.bot,
                guild.id,
                ChannelPurpose(Audience(audience).channel_purpose),
                what_key="private.what.announcement",
                actor_id=interaction.user.id,
            )
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.bot.db.session() as session:
            meeting = await meetings.create_meeting(
                session,
                guild_id=guild.id,
                title=title,
                audience=audience,
                start_at=start,
                created_by=interaction.user.id,
                duration_minutes=minutes,
                location=location,
                voice_channel_id=voice_channel.id if voice_channel else None,
                description=description,
                repeat=repeat,
                capacity=capacity,
            )
        try:
            message = await channel.send(
                embed=meeting_embed(meeting, Counts(), config), view=rsvp_view(meeting, Counts(), lang)
            )
        except discord.HTTPException:
            async with self.bot.db.session() as session:
                await meetings.delete_meeting(session, meeting.id)
            raise UserError("error.channel_unusable", channel=channel.mention) from None
        event_id = await self.create_event(guild, meeting, config)
        async with self.bot.db.session() as session:
            await meetings.set_posted(session, meeting, channel_id=channel.id, message_id=message.id, event_id=event_id)
        await self.bot.ledger.replan_object(*meetings.KINDS, guild_id=guild.id, object_id=meeting.id)
        text = t(
            "meetings.schedule.done",
            lang,
            title=meeting.title,
            when=format_datetime(start, config.timezone, lang),
            channel=channel.mention,
            id=meeting.id,
        )
        if event_id is not None:
            text += "\n" + t("meetings.schedule.event", lang)
        await reply(interaction, text)
        await self.bot.audit(
            guild.id, interaction.user.id, "meetings.schedule", meeting_id=meeting.id, audience=audience
        )

    @app_commands.command(name="list", description="Meetings you may see")
    @app_commands.describe(audience="Only meetings for this audience", period="Which meetings")
    @app_commands.choices(audience=AUDIENCE_CHOICES)
    @requires(Capability.EVERYONE)
    async def list_(
        self,
        interaction: discord.Interaction,
        audience: str | None = None,
        period: Literal["upcoming", "week", "month", "past"] = "upcoming",
    ) -> None:
        config = await config_of(interaction)
        lang = config.language
        person = person_of(interaction)
        if audience is not None and Audience(audience) not in meetings.visible_audiences(person, config):
            require_audience(person, config, audience)
        async with self.bot.db.session() as session:
            found = await meetings.list_meetings(
                session, config.guild_id, person, config, now=clock.now(), audience=audience, period=period
            )
            all_counts = {m.id: await meetings.counts(session, m.id) for m in found}
        if not found:
            await reply(interaction, t("meetings.list.empty", lang))
            return
        lines = [
            t(
                "meetings.list.line",
                lang,
                id=m.id,
                title=m.title,
                when=format_datetime(m.start_at, config.timezone, lang),
                relative=f"<t:{int(m.start_at.timestamp())}:R>",
                audience=t(f"meetings.audience.{m.audience}", lang),
                kommer=all_counts[m.id].kommer,
            )
            for m in found
        ]
        pages = paginate(lines, title=t(f"meetings.list.title.{period}", lang), per_page=8)
        await Pager(interaction.user.id, lang, pages).send(interaction)

    @app_commands.command(name="show", description="Show a meeting")
    @app_commands.describe(meeting="The meeting")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @requires(Capability.EVERYONE)
    async def show(self, interaction: discord.Interaction, meeting: int) -> None:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            found = await meetings.visible_meeting(session, config.guild_id, meeting, person_of(interaction), config)
            counts = await meetings.counts(session, found.id)
        embed = meeting_embed(found, counts, config)
        if found.channel_id and found.message_id:
            link = f"https://discord.com/channels/{found.guild_id}/{found.channel_id}/{found.message_id}"
            embed.add_field(name=t("meetings.embed.announcement", config.language), value=link, inline=False)
        await reply(interaction, embed=embed)

    @app_commands.command(name="attendees", description="Who answered what (organisers; only you see it)")
    @app_commands.describe(meeting="The meeting")
    @app_commands.autocomplete(meeting=managed_autocomplete)
    @requires(Capability.ORGANISER)
    async def attendees(self, interaction: discord.Interaction, meeting: int) -> None:
        config = await config_of(interaction)
        lang = config.language
        guild = interaction.guild
        assert guild is not None
        person = person_of(interaction)
        async with self.bot.db.session() as session:
            found = await meetings.managed_meeting(session, config.guild_id, meeting, person, config)
            rows = await meetings.answers(session, found.id)
            attended = await meetings.attendees(session, found.id)
        named = meetings.may_see_attendees(found, person, config)

        def names(user_ids: list[int]) -> str:
            if not named:
                return t("meetings.attendees.hidden", lang)
            shown = [m.display_name if (m := guild.get_member(u)) else f"<@{u}>" for u in user_ids]
            return ", ".join(shown) or t("common.none", lang)

        embed = discord.Embed(title=clamp(t("meetings.attendees.title", lang, title=found.title), 256))
        if not named:
            embed.description = t(
                "meetings.attendees.counts_only", lang, audience=t(f"meetings.audience.{found.audience}", lang)
            )
        groups = (
            ("kommer", [r for r in rows if r.answer == Answer.KOMMER and r.waitlist_position is None]),
            ("waitlist", sorted((r for r in rows if r.waitlist_position), key=lambda r: r.waitlist_position)),
            ("kanske", [r for r in rows if r.answer == Answer.KANSKE]),
            ("kan_inte", [r for r in rows if r.answer == Answer.KAN_INTE]),
        )
        for key, group in groups:
            embed.add_field(
                name=t(f"meetings.attendees.{key}", lang, count=len(group)),
                value=clamp(names([r.user_id for r in group]), 1024),
                inline=False,
            )
        if attended:
            embed.add_field(
                name=t("meetings.attendees.attended", lang, count=len(attended)),
                value=clamp(names(attended), 1024),
                inline=False,
            )
        await reply(interaction, embed=embed, ephemeral=True)

    @app_commands.command(name="ics", description="Get the meeting as a calendar file (.ics)")
    @app_commands.describe(meeting="The meeting")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @requires(Capability.EVERYONE)
    async def ics(self, interaction: discord.Interaction, meeting: int) -> None:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            found = await meetings.visible_meeting(session, config.guild_id, meeting, person_of(interaction), config)
        place = found.location
        if found.voice_channel_id:
            channel = self.bot.get_channel(found.voice_channel_id)
            voice = f"Discord: {channel.name}" if channel is not None else "Discord"  # type: ignore[union-attr]
            place = f"{voice} · {place}" if place else voice
        data = meetings.ics(found, zone=config.timezone, now=clock.now(), location=place)
        file = discord.File(io.BytesIO(data), filename=f"meeting-{found.id}.ics")
        await reply(interaction, t("meetings.ics.done", config.language, title=found.title), file=file)

    @app_commands.command(name="stats", description="Meetings held and attendance per audience in a year")
    @app_commands.describe(year="The year (default this year)")
    @requires(Capability.ORGANISER)
    async def stats(
        self, interaction: discord.Interaction, year: app_commands.Range[int, 2000, 2100] | None = None
    ) -> None:
        config = await config_of(interaction)
        lang = config.language
        now = clock.now()
        year = year or to_local(now, config.timezone).year
        async with self.bot.db.session() as session:
            result = await meetings.stats(session, config.guild_id, year, zone=config.timezone, now=now)
        embed = discord.Embed(title=t("meetings.stats.title", lang, year=year), colour=0xDA291C)
        for audience, numbers in result.items():
            embed.add_field(
                name=t(f"meetings.audience.{audience.value}", lang),
                value=t(
                    "meetings.stats.line",
                    lang,
                    meetings=numbers.meetings,
                    with_attendance=numbers.with_attendance,
                    attendance=numbers.attendance,
                    people=numbers.people,
                ),
                inline=False,
            )
        await reply(interaction, embed=embed)

    @app_commands.command(name="edit", description="Change a meeting; those who answered are told")
    @app_commands.describe(
        meeting="The meeting",
        title="New title",
        start="New start, local time",
        duration="New length",
        location="New place",
        description="New description",
        capacity="New number of places",
    )
    @app_commands.autocomplete(meeting=managed_autocomplete)
    @requires(Capability.ORGANISER)
    async def edit(
        self,
        interaction: discord.Interaction,
        meeting: int,
        title: app_commands.Range[str, 1, 100] | None = None,
        start: Start | None = None,
        duration: app_commands.Range[str, 1, 20] | None = None,
        location: app_commands.Range[str, 1, 200] | None = None,
        description: app_commands.Range[str, 1, 2000] | None = None,
        capacity: app_commands.Range[int, 1, 10000] | None = None,
    ) -> None:
        config = await config_of(interaction)
        lang = config.language
        guild = interaction.guild
        assert guild is not None
        now = clock.now()
        if all(v is None for v in (title, start, duration, location, description, capacity)):
            raise UserError("meetings.edit.nothing")
        minutes = meetings.parse_duration(duration) if duration else None
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.bot.db.session() as session:
            found = await meetings.managed_meeting(session, config.guild_id, meeting, person_of(interaction), config)
            if found.cancelled:
                raise UserError("meetings.rsvp.cancelled")
            if found.end_at <= now:
                raise UserError("meetings.rsvp.over")
            found.title = title.strip() if title else found.title
            if start is not None and start != found.start_at:
                found.start_at, found.start_set_at = start, now
            found.duration_minutes = minutes or found.duration_minutes
            found.location = location.strip() if location else found.location
            found.description = description.strip() if description else found.description
            session.add(found)
            promoted = await meetings.set_capacity(session, found, capacity) if capacity else []
            told = await meetings.responders(session, found.id)
        await self.refresh_announcement(found, config)
        await self.update_event(guild, found)
        await self.bot.ledger.replan_object(*meetings.KINDS, guild_id=guild.id, object_id=found.id)
        notice = t(
            "meetings.edit.notice",
            lang,
            title=found.title,
            when=format_datetime(found.start_at, config.timezone, lang),
            relative=f"<t:{int(found.start_at.timestamp())}:R>",
            place=place_text(found, lang),
        )
        await self.notify(found, [u for u in told if u not in promoted], notice)
        if promoted:
            await self.notify(found, promoted, self._promoted_text(found, config))
        await reply(interaction, t("meetings.edit.done", lang, title=found.title, count=len(told)))
        await self.bot.audit(guild.id, interaction.user.id, "meetings.edit", meeting_id=found.id)

    @app_commands.command(name="cancel", description="Cancel a meeting; those who answered are told")
    @app_commands.describe(meeting="The meeting", series="Also end the series of a recurring meeting")
    @app_commands.autocomplete(meeting=managed_autocomplete)
    @requires(Capability.ORGANISER)
    async def cancel(self, interaction: discord.Interaction, meeting: int, series: bool = False) -> None:
        config = await config_of(interaction)
        lang = config.language
        guild = interaction.guild
        assert guild is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.bot.db.session() as session:
            found = await meetings.managed_meeting(session, config.guild_id, meeting, person_of(interaction), config)
            await meetings.cancel(session, found, whole_series=series)
            told = await meetings.responders(session, found.id)
        await self.refresh_announcement(found, config)
        await self.update_event(guild, found, delete=True)
        await self.bot.ledger.replan_object(*meetings.KINDS, guild_id=guild.id, object_id=found.id)
        notice = t(
            "meetings.cancel.notice",
            lang,
            title=found.title,
            when=format_datetime(found.start_at, config.timezone, lang),
        )
        await self.notify(found, told, notice)
        await reply(interaction, t("meetings.cancel.done", lang, title=found.title, count=len(told)))
        await self.bot.audit(guild.id, interaction.user.id, "meetings.cancel", meeting_id=found.id)

    @app_commands.command(name="attendance", description="Record who attended (organisers; only you see it)")
    @app_commands.describe(meeting="The meeting")
    @app_commands.autocomplete(meeting=attendance_autocomplete)
    @requires(Capability.ORGANISER)
    async def attendance(self, interaction: discord.Interaction, meeting: int) -> None:
        config = await config_of(interaction)
        lang = config.language
        async with self.bot.db.session() as session:
            found = await meetings.attendee_meeting(session, config.guild_id, meeting, person_of(interaction), config)
            if found.start_at > clock.now():
                raise UserError("meetings.attendance.not_yet")
            if found.cancelled:
                raise UserError("meetings.rsvp.cancelled")
            rows = await meetings.answers(session, found.id)
            already = await meetings.attendees(session, found.id)
        expected = already or [r.user_id for r in rows if r.answer == Answer.KOMMER and r.waitlist_position is None]
        if found.audience_enum.is_separatist:
            guild = interaction.guild
            assert guild is not None
            view: AttendanceView = AudienceAttendanceView(
                self, interaction.user.id, found, config, expected, audience_members(guild, config, found.audience_enum)
            )
        else:
            view = AttendanceView(self, interaction.user.id, found, config, expected)
        text = t("meetings.attendance.prompt", lang, title=found.title)
        if isinstance(view, AudienceAttendanceView) and view.left_out:
            text += "\n" + t("meetings.attendance.more", lang, shown=view.shown)
        await reply(interaction, text, view=view, ephemeral=True)

    @app_commands.command(name="reminders", description="Whether you get meeting reminders")
    @app_commands.describe(setting="On or off")
    @requires(Capability.EVERYONE)
    async def reminders(self, interaction: discord.Interaction, setting: Literal["on", "off"]) -> None:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            await meetings.set_reminders(session, config.guild_id, interaction.user.id, setting == "on")
        await reply(interaction, t(f"meetings.reminders.{setting}", config.language))


def audience_members(guild: discord.Guild, config: GuildConfig, audience: Audience) -> list[discord.Member]:
    """The members who hold the audience's role now, by name: the only people a separatist meeting's
    attendance may list."""
    found = [
        m for m in guild.members if not m.bot and permissions.holds_audience_role(member_person(m), config, audience)
    ]
    return sorted(found, key=lambda m: m.display_name.casefold())


class AttendanceView(OwnedView):
    """Pick who attended (prefilled with those who said they would come); saved on selection."""

    def __init__(
        self, cog: Meetings, owner_id: int, meeting: Meeting, config: GuildConfig, expected: list[int]
    ) -> None:
        super().__init__(owner_id)
        self.cog, self.meeting, self.config = cog, meeting, config
        self.picker.placeholder = t("meetings.attendance.placeholder", config.language)
        self.picker.default_values = [discord.Object(u, type=discord.User) for u in expected[:25]]

    @discord.ui.select(cls=discord.ui.UserSelect, custom_id="meeting:attendance", min_values=0, max_values=25)
    async def picker(self, interaction: discord.Interaction, select: discord.ui.UserSelect[Any]) -> None:
        await self.save(interaction, [user.id for user in select.values])

    async def save(self, interaction: discord.Interaction, user_ids: list[int]) -> None:
        """Record the attendance, asking the rule again: roles may have changed since the list was shown."""
        lang = self.config.language
        config = await config_of(interaction)
        person = person_of(interaction)
        async with self.cog.bot.db.session() as session:
            meeting = await meetings.attendee_meeting(session, self.meeting.guild_id, self.meeting.id, person, config)
            if meeting.audience_enum.is_separatist:
                guild = interaction.guild
                assert guild is not None
                allowed = {m.id for m in audience_members(guild, config, meeting.audience_enum)}
                if not set(user_ids) <= allowed:
                    raise UserError("meetings.attendance.not_in_audience")
            count = await meetings.record_attendance(
                session, meeting, user_ids, recorded_by=interaction.user.id, now=clock.now()
            )
        await interaction.response.edit_message(
            content=t("meetings.attendance.done", lang, title=meeting.title, count=count), view=None
        )
        await self.cog.bot.audit(
            meeting.guild_id, interaction.user.id, "meetings.attendance", meeting_id=meeting.id, count=count
        )
        self.stop()


class AudienceAttendanceView(AttendanceView):
    """For a separatist meeting the picker offers the audience's members only (Discord's member picker cannot
    be limited to a role): up to four lists of 25 and a Save button; a single list saves on selection."""

    PER_LIST = 25
    LISTS = 4

    def __init__(
        self,
        cog: Meetings,
        owner_id: int,
        meeting: Meeting,
        config: GuildConfig,
        expected: list[int],
        members: list[discord.Member],
    ) -> None:
        super().__init__(cog, owner_id, meeting, config, expected)
        self.remove_item(self.picker)
        lang = config.language
        wanted = set(expected)
        members = sorted(members, key=lambda m: m.id not in wanted)  # those expected first, then by name
        self.shown = self.PER_LIST * self.LISTS
        self.left_out = max(len(members) - self.shown, 0)
        members = members[: self.shown]
        self.chosen = {m.id for m in members if m.id in wanted}
        self.lists: list[discord.ui.Select[Any]] = []
        for index in range(0, len(members), self.PER_LIST):
            chunk = members[index : index + self.PER_LIST]
            picker: discord.ui.Select[Any] = discord.ui.Select(
                custom_id="meeting:attendance" if index == 0 else f"meeting:attendance:{index // self.PER_LIST}",
                placeholder=t("meetings.attendance.placeholder", lang),
                min_values=0,
                max_values=len(chunk),
                options=[
                    discord.SelectOption(label=clamp(m.display_name, 100), value=str(m.id), default=m.id in wanted)
                    for m in chunk
                ],
            )
            picker.callback = self._picked(picker, {m.id for m in chunk})
            self.lists.append(picker)
            self.add_item(picker)
        if len(self.lists) != 1:
            save: discord.ui.Button[Any] = discord.ui.Button(
                label=t("meetings.attendance.save", lang),
                style=discord.ButtonStyle.success,
                custom_id="meeting:attendance:save",
            )
            save.callback = self._save_chosen
            self.add_item(save)

    def _picked(self, picker: discord.ui.Select[Any], offered: set[int]) -> Callable[..., Any]:
        async def picked(interaction: discord.Interaction) -> None:
            self.chosen = (self.chosen - offered) | {int(value) for value in picker.values}
            if len(self.lists) == 1:
                await self._save_chosen(interaction)
            else:
                await interaction.response.defer()

        return picked

    async def _save_chosen(self, interaction: discord.Interaction) -> None:
        await self.save(interaction, sorted(self.chosen))
