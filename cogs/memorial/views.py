"""The memorial days' buttons and forms: "Vi ordnar något" on a reminder, with its form, and the form for a new
day's long text; and keeping posted reminders up to date with what branches registered."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.bot import RodBot
from bot.guilds import GuildConfig
from bot.i18n import t
from bot.memorial import service
from bot.memorial.models import BRANCH_LIMIT, TEXT_LIMIT, WHAT_LIMIT, MemorialDay
from bot.memorial.service import NewDay, PostedReminders
from bot.permissions import Capability
from cogs._shared.interactions import clamp, reply
from cogs._shared.language import reply_language
from cogs._shared.ui import BaseModal, PersistentButton, bot_of, gate
from cogs.memorial.render import reminder_embed

log = logging.getLogger(__name__)

Create = Callable[[discord.Interaction, GuildConfig, NewDay, str], Awaitable[None]]
"""What a new day's text form hands its text to (the cog's `create`)."""


def paragraph(label: str, custom_id: str, most: int) -> discord.ui.TextInput[Any]:
    """A form's field for a text of several lines."""
    return discord.ui.TextInput(label=label, custom_id=custom_id, style=discord.TextStyle.paragraph, max_length=most)


async def refresh_reminders(bot: RodBot, reminders: PostedReminders, lang: str) -> None:
    """Show the current registrations in every reminder posted for the occurrence."""
    day = reminders.day
    for post in reminders.posts:
        message = bot.get_partial_messageable(post.channel_id, guild_id=day.guild_id).get_partial_message(
            post.message_id
        )
        embed = reminder_embed(day, reminders.occurrence, post.lead, reminders.registrations, lang)
        try:
            await message.edit(embed=embed)
        except discord.HTTPException:
            log.warning("could not update memorial reminder message=%s guild=%s", post.message_id, day.guild_id)


class PlanButton(PersistentButton, template=r"memorial:plan:(?P<day>\d+):(?P<year>\d{4})"):
    """ "Vi ordnar något" on a reminder: survives restarts, carries the day and the occurrence's year."""

    def __init__(self, day_id: int, year: int, label: str) -> None:
        super().__init__(f"memorial:plan:{day_id}:{year}", label=label, style=discord.ButtonStyle.primary)
        self.day_id = day_id
        self.year = year

    async def clicked(self, interaction: discord.Interaction, bot: RodBot) -> None:
        config = await gate(interaction, Capability.ORGANISER)
        async with bot.db.session() as session:
            day = await service.day_of(session=session, guild_id=config.guild_id, day_id=self.day_id)
        await interaction.response.send_modal(PlanModal(day, self.year, reply_language(interaction, config)))


def plan_view(day_id: int, year: int, lang: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(PlanButton(day_id, year, t("memorial.reminder.button", lang)))
    return view


class PlanModal(BaseModal):
    def __init__(self, day: MemorialDay, year: int, lang: str) -> None:
        super().__init__(title=clamp(t("memorial.register.title", lang, name=day.display_name(lang)), 45))
        assert day.id is not None
        self.day_id = day.id
        self.year = year
        self.branch: discord.ui.TextInput[PlanModal] = discord.ui.TextInput(
            label=t("memorial.register.branch", lang), custom_id="branch", max_length=BRANCH_LIMIT
        )
        self.what: discord.ui.TextInput[PlanModal] = paragraph(t("memorial.register.what", lang), "what", WHAT_LIMIT)
        self.add_item(self.branch)
        self.add_item(self.what)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        config = await gate(interaction, Capability.ORGANISER)
        async with bot.db.session() as session:
            entry = await service.register(
                session=session,
                guild_id=config.guild_id,
                day_id=self.day_id,
                year=self.year,
                organiser_id=interaction.user.id,
                branch=self.branch.value,
                what=self.what.value,
            )
            reminders = await service.posted_reminders(
                session=session, guild_id=config.guild_id, day_id=self.day_id, year=self.year
            )
        await refresh_reminders(bot, reminders, config.language)
        lang = reply_language(interaction, config)
        await reply(interaction, t("memorial.register.done", lang, branch=entry.branch))


class TextModal(BaseModal):
    """The announcement text of a new day, for texts too long to type in a command option."""

    def __init__(self, draft: NewDay, lang: str, create: Create) -> None:
        super().__init__(title=clamp(draft.name, 45))
        self.draft = draft
        self.create = create
        self.text: discord.ui.TextInput[TextModal] = paragraph(t("memorial.add.text_label", lang), "text", TEXT_LIMIT)
        self.add_item(self.text)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        config = await gate(interaction, Capability.MODERATOR)
        await self.create(interaction, config, self.draft, self.text.value)
