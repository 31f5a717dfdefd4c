"""/meeting: schedule meetings, answer Kommer / Kanske / Kan inte, reminders, attendance and statistics.

Thin: parses the interaction, asks `bot.meetings`, renders. Separatist meetings are announced only in the
audience's channel, listed only to those who may see them, and answered only by holders of the role.
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Literal, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from bot import clock, privacy
from bot.errors import UserError
from bot.guilds import ChannelPurpose, GuildConfig
from bot.i18n import t, tn
from bot.ledger import Occurrence, OutcomeUnknown, SkipDelivery
from bot.meetings import planner, service
from bot.meetings.ics import calendar_file
from bot.meetings.models import Meeting, Repeat
from bot.meetings.service import Counts
from bot.meetings.times import parse_deadline, parse_duration, parse_reminders, parse_start, stored_leads
from bot.permissions import Audience, Capability, Person
from bot.timeparse import to_local
from cogs._shared import channels
from cogs._shared.feature import FeatureCog, delivers
from cogs._shared.interactions import member_person, person_of, reply
from cogs._shared.language import reply_language
from cogs._shared.posts import load_or_skip, post_occurrence
from cogs._shared.transformers import Moment
from cogs._shared.ui import choices, config_of, requires, send_list
from cogs.meetings import render, threads
from cogs.meetings.posting import announcement_channel, create_event, notify, update_event
from cogs.meetings.views import (
    AudienceAttendanceView,
    RsvpButton,
    attendance_view,
    refresh_announcement,
    rsvp_view,
    send_late_reminder,
)

T = TypeVar("T")
AUDIENCE_CHOICES = choices(Audience)
Start = app_commands.Transform[datetime, Moment(parse_start, min_length=1, max_length=60)]


@app_commands.guild_only()
class Meetings(FeatureCog, group_name="meeting", group_description="Meetings: schedule, answer, remind"):
    buttons = (RsvpButton,)

    async def after_erasure(self, guild_id: int, aftermath: privacy.Aftermath) -> None:
        """A forgotten member's answers are gone: they are taken out of the meetings' threads, announcements show
        the counts without them, and those who moved up from the waiting list are told, as when anyone gives up a
        place."""
        for meeting_id, user_id in sorted(aftermath.left.get("meeting", ())):
            async with self.bot.db.session() as session:
                left = await session.get(Meeting, meeting_id)
            if left is not None:
                await threads.forget(self.bot, left, user_id)
        changed = aftermath.changed.get("meeting", {})
        if not changed:
            return
        config = await self.bot.guild_config(guild_id)
        for meeting_id, moved_up in changed.items():
            async with self.bot.db.session() as session:
                meeting = await session.get(Meeting, meeting_id)
            if meeting is None:
                continue
            await refresh_announcement(self.bot, meeting, config)
            if moved_up:
                await notify(self.bot, meeting, moved_up, render.promoted_text(meeting, config))

    async def _as_asked(
        self,
        call: Callable[..., Awaitable[T]],
        interaction: discord.Interaction,
        config: GuildConfig,
        meeting: int,
        *args: Any,
        **values: Any,
    ) -> T:
        """Run a service on one meeting for the person asking, in one unit of work: the service decides what
        they may see or do."""
        async with self.bot.db.session() as session:
            return await call(
                *args, session=session, meeting_id=meeting, person=person_of(interaction), config=config, **values
            )

    # ------------------------------------------------------------------ autocomplete

    async def _meeting_choices(
        self, interaction: discord.Interaction, current: str, rule: Callable[[Meeting, Person, GuildConfig], bool]
    ) -> list[app_commands.Choice[int]]:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            found = await service.search_meetings(
                session=session,
                person=person_of(interaction),
                config=config,
                typed=current,
                now=clock.now(),
                rule=rule,
            )
        lang = reply_language(interaction, config)
        return [app_commands.Choice(name=render.choice_name(m, config.timezone, lang), value=m.id) for m in found]

    async def meeting_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[int]]:
        return await self._meeting_choices(interaction, current, service.may_see)

    async def managed_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[int]]:
        return await self._meeting_choices(interaction, current, service.may_manage)

    async def attendance_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[int]]:
        return await self._meeting_choices(interaction, current, service.may_see_attendees)

    # ------------------------------------------------------------------ ledger handlers

    @delivers(planner.REMINDER_KIND, planner.plan_reminders)
    async def send_reminder(self, occurrence: Occurrence) -> None:
        meeting = await load_or_skip(self.bot, Meeting, occurrence, wanted=lambda found: not found.cancelled)
        async with self.bot.db.session() as session:
            recipients = await service.reminder_recipients(meeting, session=session)
        await channels.require_audience_channel(
            self.bot, meeting.guild_id, meeting.audience, organiser_id=meeting.created_by
        )
        config = await self.bot.guild_config(meeting.guild_id)
        text = render.reminder_text(occurrence.occurrence_key.split(":", 1)[0], meeting, config)
        lost = await notify(self.bot, meeting, recipients, text)
        await threads.post(self.bot, meeting, text)
        if lost:
            raise OutcomeUnknown("meeting reminder")

    @delivers(planner.ARCHIVE_KIND, planner.plan_archiving)
    async def archive_thread(self, occurrence: Occurrence) -> None:
        """A day after the meeting its thread is archived (not deleted: the talk stays readable)."""
        meeting = await load_or_skip(self.bot, Meeting, occurrence, wanted=lambda found: found.thread_id is not None)
        await threads.archive(self.bot, meeting)

    @delivers(planner.DEADLINE_KIND, planner.plan_deadlines)
    async def close_signup(self, occurrence: Occurrence) -> None:
        """At the sign-up deadline the announcement's buttons are shown disabled (a click is refused anyway)."""
        meeting = await load_or_skip(self.bot, Meeting, occurrence, wanted=lambda found: not found.cancelled)
        config = await self.bot.guild_config(meeting.guild_id)
        await refresh_announcement(self.bot, meeting, config)

    @delivers(planner.NEXT_KIND, planner.plan_next_occurrences)
    async def create_next(self, occurrence: Occurrence) -> None:
        """Bring the series' next meeting into being and announce it. A retry (the announcement's answer was
        lost, or what followed it failed) finds the meeting made the first time and announces it with the same
        nonce, so it appears once and its buttons answer a meeting that exists."""
        config = await self.bot.guild_config(occurrence.guild_id)
        guild = self.bot.get_guild(occurrence.guild_id)
        meeting = await load_or_skip(self.bot, Meeting, occurrence, wanted=lambda found: found.repeat != Repeat.NONE)
        # Checked before the next meeting is made: a held announcement makes nothing.
        await channels.require_audience_channel(
            self.bot, meeting.guild_id, meeting.audience, organiser_id=meeting.created_by
        )
        async with self.bot.db.session() as session:
            following = await planner.create_next_occurrence(
                meeting, session=session, zone=config.timezone, now=clock.now()
            )
        if following is None:
            raise SkipDelivery()
        channel_id = service.audience_channel_id(config, following.audience)
        message = await post_occurrence(
            self.bot,
            occurrence,
            channel_id,
            embed=render.meeting_embed(following, Counts(), config.timezone, config.language),
            view=rsvp_view(following, Counts(), config.language),
        )
        event_id = await create_event(guild, following, config) if guild is not None else None
        thread_id = await threads.open_thread(following, message, self.bot.get_channel(channel_id))
        async with self.bot.db.session() as session:
            await service.set_posted(
                following,
                session=session,
                channel_id=channel_id,
                message_id=message.id,
                event_id=event_id,
                thread_id=thread_id,
            )
        await self.bot.ledger.replan(*planner.KINDS, guild_id=following.guild_id, object_id=str(following.id))

    # ------------------------------------------------------------------ Discord's "Interested"

    @commands.Cog.listener()
    async def on_scheduled_event_user_add(self, event: discord.ScheduledEvent, user: discord.User) -> None:
        await self._interest(event, user, interested=True)

    @commands.Cog.listener()
    async def on_scheduled_event_user_remove(self, event: discord.ScheduledEvent, user: discord.User) -> None:
        await self._interest(event, user, interested=False)

    async def _interest(self, event: discord.ScheduledEvent, user: discord.User, *, interested: bool) -> None:
        """Interest in an open meeting's Discord event counts as Kanske (`service.mark_interest`); the
        announcement shows the new count, and a reminder that already went out follows at once."""
        member = event.guild.get_member(user.id) if event.guild is not None else None
        if member is None or member.bot:
            return
        config = await self.bot.guild_config(member.guild.id)
        person = member_person(member)
        answered = await self.bot.db.run_write(
            lambda session: service.mark_interest(
                session=session,
                event_id=event.id,
                person=person,
                config=config,
                interested=interested,
                now=clock.now(),
            )
        )
        if answered is None:
            return
        await refresh_announcement(self.bot, answered.meeting, config)
        await threads.follow_answer(self.bot, answered.meeting, member.id, answered.result.answer)
        await send_late_reminder(self.bot, answered.meeting, member.id, answered.result, config)

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
        reminders='How long before the reminders go out: "2 dagar, 3 h" (default 24 h and 1 h; "inga" for none)',
        reminder_text="A text added to each reminder",
        deadline='Sign-up deadline, local time, before the start: "2026-03-06 12:00" or "fredag 12:00"',
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
        reminders: app_commands.Range[str, 1, 100] | None = None,
        reminder_text: app_commands.Range[str, 1, 500] | None = None,
        deadline: app_commands.Range[str, 1, 60] | None = None,
    ) -> None:
        config = await config_of(interaction)
        guild = interaction.guild
        assert guild is not None
        minutes = parse_duration(duration) if duration else None
        leads = stored_leads(parse_reminders(reminders)) if reminders is not None else None
        deadline_at = parse_deadline(deadline, now=clock.now(), zone=config.timezone, start=start) if deadline else None
        channel = announcement_channel(guild, config, Audience(audience))
        if Audience(audience).is_separatist:
            await channels.refuse_if_exposed(
                self.bot,
                guild.id,
                ChannelPurpose(Audience(audience).channel_purpose),
                what_key="private.what.announcement",
                actor_id=interaction.user.id,
                lang=reply_language(interaction, config),
            )
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.bot.db.session() as session:
            meeting = await service.create_meeting(
                session=session,
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
                reminder_leads=leads,
                reminder_note=reminder_text,
                deadline_at=deadline_at,
            )
        try:
            message = await channel.send(
                embed=render.meeting_embed(meeting, Counts(), config.timezone, config.language),
                view=rsvp_view(meeting, Counts(), config.language),
            )
        except discord.HTTPException:
            async with self.bot.db.session() as session:
                await service.delete_meeting(session=session, meeting_id=meeting.id)
            raise UserError("error.channel_unusable", channel=channel.mention) from None
        event_id = await create_event(guild, meeting, config)
        thread_id = await threads.open_thread(meeting, message, channel)
        async with self.bot.db.session() as session:
            await service.set_posted(
                meeting,
                session=session,
                channel_id=channel.id,
                message_id=message.id,
                event_id=event_id,
                thread_id=thread_id,
            )
        await self.bot.ledger.replan_object(*planner.KINDS, guild_id=guild.id, object_id=meeting.id)
        lang = reply_language(interaction, config)
        text = render.scheduled_text(meeting, config.timezone, lang, channel.mention, with_event=event_id is not None)
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
        lang = reply_language(interaction, config)
        async with self.bot.db.session() as session:
            listed = await service.list_meetings(
                session=session,
                person=person_of(interaction),
                config=config,
                now=clock.now(),
                audience=audience,
                period=period,
            )
        title = t(f"meetings.list.title.{period}", lang)
        lines = render.list_lines(listed, config.timezone, lang)
        await send_list(interaction, lang, lines, title=title, empty="meetings.list.empty", per_page=8)

    @app_commands.command(name="show", description="Show a meeting")
    @app_commands.describe(meeting="The meeting")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @requires(Capability.EVERYONE)
    async def show(self, interaction: discord.Interaction, meeting: int) -> None:
        config = await config_of(interaction)
        found, counts = await self._as_asked(service.shown_meeting, interaction, config, meeting)
        lang = reply_language(interaction, config)
        await reply(interaction, embed=render.shown_embed(found, counts, config.timezone, lang))

    @app_commands.command(name="attendees", description="Who answered what (organisers; only you see it)")
    @app_commands.describe(meeting="The meeting")
    @app_commands.autocomplete(meeting=managed_autocomplete)
    @requires(Capability.ORGANISER)
    async def attendees(self, interaction: discord.Interaction, meeting: int) -> None:
        config = await config_of(interaction)
        guild = interaction.guild
        assert guild is not None
        found = await self._as_asked(service.attendee_list, interaction, config, meeting)
        shown = {u for group in (*found.groups, found.attended) for u in group.user_ids}
        name_of = {u: member.display_name for u in shown if (member := guild.get_member(u)) is not None}
        lang = reply_language(interaction, config)
        await reply(interaction, embed=render.attendees_embed(found, lang, name_of), ephemeral=True)

    @app_commands.command(name="ics", description="Get the meeting as a calendar file (.ics)")
    @app_commands.describe(meeting="The meeting")
    @app_commands.autocomplete(meeting=meeting_autocomplete)
    @requires(Capability.EVERYONE)
    async def ics(self, interaction: discord.Interaction, meeting: int) -> None:
        config = await config_of(interaction)
        found = await self._as_asked(service.visible_meeting, interaction, config, meeting)
        room = self.bot.get_channel(found.voice_channel_id) if found.voice_channel_id else None
        room_name = getattr(room, "name", None)
        data = calendar_file(found, zone=config.timezone, now=clock.now(), room_name=room_name)
        file = discord.File(io.BytesIO(data), filename=f"meeting-{found.id}.ics")
        lang = reply_language(interaction, config)
        await reply(interaction, t("meetings.ics.done", lang, title=found.title), file=file)

    @app_commands.command(name="stats", description="Meetings held and attendance per audience in a year")
    @app_commands.describe(year="The year (default this year)")
    @requires(Capability.ORGANISER)
    async def stats(
        self, interaction: discord.Interaction, year: app_commands.Range[int, 2000, 2100] | None = None
    ) -> None:
        config = await config_of(interaction)
        now = clock.now()
        year = year or to_local(now, config.timezone).year
        async with self.bot.db.session() as session:
            result = await service.stats(
                session=session, guild_id=config.guild_id, year=year, zone=config.timezone, now=now
            )
        await reply(interaction, embed=render.stats_embed(year, result, reply_language(interaction, config)))

    @app_commands.command(name="edit", description="Change a meeting; those who answered are told")
    @app_commands.describe(
        meeting="The meeting",
        title="New title",
        start="New start, local time",
        duration="New length",
        location="New place",
        description="New description",
        capacity="New number of places",
        reminders='New reminder times: "2 dagar, 3 h" ("inga" for none)',
        reminder_text='New text added to each reminder ("inga" removes it)',
        deadline='New sign-up deadline, local time ("inga" removes it)',
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
        reminders: app_commands.Range[str, 1, 100] | None = None,
        reminder_text: app_commands.Range[str, 1, 500] | None = None,
        deadline: app_commands.Range[str, 1, 60] | None = None,
    ) -> None:
        config = await config_of(interaction)
        guild = interaction.guild
        assert guild is not None
        changes = service.read_changes(
            title=title,
            start_at=start,
            duration=duration,
            location=location,
            description=description,
            capacity=capacity,
            reminders=reminders,
            reminder_text=reminder_text,
            deadline=deadline,
        )
        await interaction.response.defer(ephemeral=True, thinking=True)
        edited = await self._as_asked(service.edit_meeting, interaction, config, meeting, changes, now=clock.now())
        found = edited.meeting
        await refresh_announcement(self.bot, found, config)
        await update_event(guild, found)
        await self.bot.ledger.replan_object(*planner.KINDS, guild_id=guild.id, object_id=found.id)
        if edited.noticed:
            await notify(self.bot, found, edited.changed_for, render.changed_text(found, config))
            if title is not None:
                await threads.rename(self.bot, found)
            await threads.post(self.bot, found, render.changed_text(found, config))
        if edited.moved_up:
            await notify(self.bot, found, edited.moved_up, render.promoted_text(found, config))
        lang = reply_language(interaction, config)
        await reply(interaction, tn("meetings.edit.done", edited.told, lang, title=found.title))
        await self.bot.audit(guild.id, interaction.user.id, "meetings.edit", meeting_id=found.id)

    @app_commands.command(name="cancel", description="Cancel a meeting; those who answered are told")
    @app_commands.describe(meeting="The meeting", series="Also end the series of a recurring meeting")
    @app_commands.autocomplete(meeting=managed_autocomplete)
    @requires(Capability.ORGANISER)
    async def cancel(self, interaction: discord.Interaction, meeting: int, series: bool = False) -> None:
        config = await config_of(interaction)
        guild = interaction.guild
        assert guild is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        found, told = await self._as_asked(service.cancel_meeting, interaction, config, meeting, whole_series=series)
        await refresh_announcement(self.bot, found, config)
        await update_event(guild, found, delete=True)
        await self.bot.ledger.replan_object(*planner.KINDS, guild_id=guild.id, object_id=found.id)
        await notify(self.bot, found, told, render.cancelled_text(found, config))
        await threads.post(self.bot, found, render.cancelled_text(found, config))
        lang = reply_language(interaction, config)
        await reply(interaction, tn("meetings.cancel.done", len(told), lang, title=found.title))
        await self.bot.audit(guild.id, interaction.user.id, "meetings.cancel", meeting_id=found.id)

    @app_commands.command(name="attendance", description="Record who attended (organisers; only you see it)")
    @app_commands.describe(meeting="The meeting")
    @app_commands.autocomplete(meeting=attendance_autocomplete)
    @requires(Capability.ORGANISER)
    async def attendance(self, interaction: discord.Interaction, meeting: int) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        guild = interaction.guild
        assert guild is not None
        sheet = await self._as_asked(service.attendance_sheet, interaction, config, meeting, now=clock.now())
        view = attendance_view(guild, interaction.user.id, sheet, config, lang)
        text = t("meetings.attendance.prompt", lang, title=sheet.meeting.title)
        if isinstance(view, AudienceAttendanceView) and view.left_out:
            text += "\n" + t("meetings.attendance.more", lang, shown=view.shown)
        await reply(interaction, text, view=view, ephemeral=True)

    @app_commands.command(name="reminders", description="Whether you get meeting reminders")
    @app_commands.describe(setting="On or off")
    @requires(Capability.EVERYONE)
    async def reminders(self, interaction: discord.Interaction, setting: Literal["on", "off"]) -> None:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            await service.set_reminders(
                session=session, guild_id=config.guild_id, user_id=interaction.user.id, enabled=setting == "on"
            )
        await reply(interaction, t(f"meetings.reminders.{setting}", reply_language(interaction, config)))
