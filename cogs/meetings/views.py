"""The components of meetings: the announcement's Kommer / Kanske / Kan inte buttons (persistent, answering after
a restart) and what they keep up to date, and the organisers' attendance pickers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from typing import Any

import discord

from bot import clock, permissions
from bot.bot import RodBot
from bot.guilds import GuildConfig
from bot.i18n import t, tn
from bot.meetings import planner, service
from bot.meetings.models import Answer, Meeting
from bot.meetings.service import AttendanceSheet, Counts
from bot.permissions import Audience
from cogs._shared import channels
from cogs._shared.interactions import clamp, member_person, person_of, reply
from cogs._shared.language import reply_language
from cogs._shared.ui import OwnedView, PersistentButton, bot_of, config_of
from cogs._shared.visibility import ChannelExposed
from cogs.meetings import render, threads
from cogs.meetings.posting import notify

log = logging.getLogger(__name__)

STYLES = {
    Answer.KOMMER: discord.ButtonStyle.success,
    Answer.KANSKE: discord.ButtonStyle.primary,
    Answer.KAN_INTE: discord.ButtonStyle.secondary,
}


class RsvpButton(PersistentButton, template=r"meeting:rsvp:(?P<id>[0-9]+):(?P<answer>kommer|kanske|kan_inte)"):
    """Kommer / Kanske / Kan inte: persistent, carries the meeting id, re-checks the audience on every click."""

    def __init__(self, meeting_id: int, answer: Answer | str, label: str | None = None) -> None:
        answer = Answer(answer)
        super().__init__(f"meeting:rsvp:{meeting_id}:{answer.value}", label=label or answer.value, style=STYLES[answer])
        self.meeting_id = meeting_id
        self.answer = answer

    async def clicked(self, interaction: discord.Interaction, bot: RodBot) -> None:
        config = await config_of(interaction)
        person = person_of(interaction)
        # The database takes answers to one meeting one at a time, across processes (see service.answer).
        answered = await bot.db.run_write(
            lambda session: service.answer_meeting(
                session=session,
                meeting_id=self.meeting_id,
                person=person,
                config=config,
                given=self.answer,
                now=clock.now(),
            )
        )
        await reply(interaction, render.answered_text(answered, reply_language(interaction, config)), ephemeral=True)
        meeting = answered.meeting
        if answered.result.changed:
            await refresh_announcement(bot, meeting, config)
            await threads.follow_answer(bot, meeting, person.user_id, answered.result.answer)
        if answered.result.promoted:
            await notify(bot, meeting, answered.result.promoted, render.promoted_text(meeting, config))
        await send_late_reminder(bot, meeting, person.user_id, answered.result, config)


async def send_late_reminder(
    bot: RodBot, meeting: Meeting, user_id: int, result: service.RsvpResult, config: GuildConfig
) -> None:
    """Someone who now answers Kommer (with a place) or Kanske after a reminder went out gets it at once, as
    the others did: by DM, or a mention in the audience's channel when their DMs are closed."""
    if not result.changed or not result.reminded or result.was_reminded:
        return
    async with bot.db.session() as session:
        name = await planner.sent_reminder(meeting, session=session)
        wanted = name is not None and await service.wants_reminders(
            session=session, guild_id=meeting.guild_id, user_id=user_id
        )
    if name is None or not wanted:
        return
    try:
        await channels.require_audience_channel(bot, meeting.guild_id, meeting.audience)
    except ChannelExposed:
        log.warning("late reminder of meeting %s held: its channel is not private", meeting.id)
        return
    await notify(bot, meeting, [user_id], render.reminder_text(name, meeting, config))


def rsvp_view(meeting: Meeting, counts: Counts, lang: str) -> discord.ui.View | None:
    """The answer buttons with their counts; disabled once the sign-up deadline has passed."""
    if meeting.cancelled:
        return None
    closed = meeting.signup_closed(clock.now())
    view = discord.ui.View(timeout=None)
    for answer, count in (
        (Answer.KOMMER, counts.kommer),
        (Answer.KANSKE, counts.kanske),
        (Answer.KAN_INTE, counts.kan_inte),
    ):
        button = RsvpButton(meeting.id, answer, render.button_label(answer.value, count, lang))
        button.item.disabled = closed
        view.add_item(button)
    return view


async def refresh_announcement(bot: RodBot, meeting: Meeting, config: GuildConfig) -> None:
    """Show the meeting's current state (counts, changes, cancellation) on its announcement."""
    if meeting.channel_id is None or meeting.message_id is None:
        return
    try:
        await channels.require_audience_channel(bot, meeting.guild_id, meeting.audience)
    except ChannelExposed:
        log.warning("announcement of meeting %s not updated: its channel is not private", meeting.id)
        return
    async with bot.db.session() as session:
        counts = await service.counts(meeting.id, session=session)
    channel = bot.get_channel(meeting.channel_id)
    if not isinstance(channel, discord.abc.Messageable):
        return
    try:
        await channel.get_partial_message(meeting.message_id).edit(  # type: ignore[attr-defined]
            embed=render.meeting_embed(meeting, counts, config.timezone, config.language),
            view=rsvp_view(meeting, counts, config.language),
        )
    except discord.HTTPException:
        log.warning("could not update the announcement of meeting %s", meeting.id)


# ---------------------------------------------------------------------- attendance


def audience_members(guild: discord.Guild, config: GuildConfig, audience: Audience) -> list[discord.Member]:
    """The members who hold the audience's role now, by name: the only people a separatist meeting's
    attendance may list."""
    found = [
        m for m in guild.members if not m.bot and permissions.holds_audience_role(member_person(m), config, audience)
    ]
    return sorted(found, key=lambda m: m.display_name.casefold())


def attendance_view(
    guild: discord.Guild, owner_id: int, sheet: AttendanceSheet, config: GuildConfig, lang: str
) -> AttendanceView:
    """The picker for the sheet, in the owner's reply language (`lang`): Discord's member picker, or for a
    separatist meeting its audience's members."""
    if sheet.audience_only is None:
        return AttendanceView(owner_id, sheet.meeting, config, sheet.expected, lang)
    members = audience_members(guild, config, sheet.audience_only)
    return AudienceAttendanceView(owner_id, sheet.meeting, config, sheet.expected, lang, members)


class AttendanceView(OwnedView):
    """Pick who attended (prefilled with those who said they would come); saved on selection."""

    def __init__(self, owner_id: int, meeting: Meeting, config: GuildConfig, expected: list[int], lang: str) -> None:
        super().__init__(owner_id)
        self.meeting, self.config, self.lang = meeting, config, lang
        self.picker.placeholder = t("meetings.attendance.placeholder", lang)
        self.picker.default_values = [discord.Object(u, type=discord.User) for u in expected[:25]]

    @discord.ui.select(cls=discord.ui.UserSelect, custom_id="meeting:attendance", min_values=0, max_values=25)
    async def picker(self, interaction: discord.Interaction, select: discord.ui.UserSelect[Any]) -> None:
        await self.save(interaction, [user.id for user in select.values])

    def eligible(self, guild: discord.Guild, config: GuildConfig) -> Collection[int]:
        """Who may be listed now, for a separatist meeting (an open one may list anyone)."""
        return ()

    async def save(self, interaction: discord.Interaction, user_ids: list[int]) -> None:
        """Record the attendance; the service asks the rules again, as roles may have changed since the list
        was shown."""
        lang = self.lang
        bot = bot_of(interaction)
        config = await config_of(interaction)
        guild = interaction.guild
        assert guild is not None
        async with bot.db.session() as session:
            meeting, count = await service.save_attendance(
                user_ids,
                session=session,
                meeting_id=self.meeting.id,
                person=person_of(interaction),
                config=config,
                audience_members=self.eligible(guild, config),
                now=clock.now(),
            )
        await interaction.response.edit_message(
            content=tn("meetings.attendance.done", count, lang, title=meeting.title), view=None
        )
        await bot.audit(
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
        owner_id: int,
        meeting: Meeting,
        config: GuildConfig,
        expected: list[int],
        lang: str,
        members: list[discord.Member],
    ) -> None:
        super().__init__(owner_id, meeting, config, expected, lang)
        self.remove_item(self.picker)
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

    def eligible(self, guild: discord.Guild, config: GuildConfig) -> Collection[int]:
        return {m.id for m in audience_members(guild, config, self.meeting.audience_enum)}

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
