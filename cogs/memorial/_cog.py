"""Memorial days: moderators manage the days; the ledger posts the announcements and reminds organisers."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, time
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import clock, leadtimes, privacy
from bot.bot import RodBot
from bot.errors import NotFound, UserError
from bot.guilds import ChannelPurpose, GuildConfig
from bot.i18n import format_clock, format_day, in_days, t
from bot.leadtimes import LeadTimes
from bot.ledger import BlockedDelivery, Occurrence, TransientDeliveryError
from bot.memorial import service as memorial
from bot.memorial.service import MemorialDay, MemorialRegistration
from bot.permissions import Capability
from bot.timeparse import DateRule, to_local
from cogs._shared.delivery import deliver
from cogs._shared.interactions import clamp, reply
from cogs._shared.posts import Posted, load_or_skip, post_occurrence
from cogs._shared.transformers import Clock, RecurringDay
from cogs._shared.ui import BaseModal, ConfirmView, Pager, PersistentButton, bot_of, config_of, gate, paginate, requires

log = logging.getLogger(__name__)

COLOUR = 0xDA291C
SEND_PERMISSIONS = ("view_channel", "send_messages", "embed_links")
DayOfYear = app_commands.Transform[DateRule, RecurringDay(memorial.parse_date, min_length=1, max_length=60)]
PostTime = app_commands.Transform[time, Clock(memorial.parse_time, min_length=1, max_length=10)]
DEFAULT_LEADS_TYPED = leadtimes.typed(memorial.DEFAULT_LEADS)


# ---------------------------------------------------------------------------------------------- rendering


def post_embed(day: MemorialDay, occurrence: date, lang: str) -> discord.Embed:
    """The announcement exactly as it is posted on the day."""
    embed = discord.Embed(
        title=clamp(day.display_name(lang), 256),
        description=clamp(day.display_text(lang), 4096),
        colour=COLOUR,
    )
    if day.image_url:
        embed.set_image(url=day.image_url)
    embed.set_footer(text=format_day(occurrence, lang))
    return embed


def registration_lines(found: list[MemorialRegistration]) -> str:
    lines = [
        f"• **{clamp(r.branch, 100)}**: {clamp(r.what, 300)}" + (f" (<@{r.organiser_id}>)" if r.organiser_id else "")
        for r in found
    ]
    text = ""
    for line in lines:
        if len(text) + len(line) + 1 > 1000:
            text += "\n…"
            break
        text += ("\n" if text else "") + line
    return text


def reminder_embed(
    day: MemorialDay, occurrence: date, lead: int, found: list[MemorialRegistration], lang: str
) -> discord.Embed:
    embed = discord.Embed(
        title=clamp(t("memorial.reminder.title", lang, name=day.display_name(lang), when=in_days(lead, lang)), 256),
        description=t(
            "memorial.reminder.body",
            lang,
            date=format_day(occurrence, lang),
            button=t("memorial.reminder.button", lang),
        ),
        colour=COLOUR,
    )
    embed.add_field(
        name=t("memorial.reminder.registered", lang),
        value=registration_lines(found) if found else t("memorial.reminder.none_yet", lang),
        inline=False,
    )
    return embed


def leads_text(day: MemorialDay, lang: str) -> str:
    return leadtimes.render(day.leads, lang)


def today_in(config: GuildConfig) -> date:
    return to_local(clock.now(), config.timezone).date()


# ---------------------------------------------------------------------------------------------- views


class PlanButton(PersistentButton, template=r"memorial:plan:(?P<day>\d+):(?P<year>\d{4})"):
    """ "Vi ordnar något" on a reminder: survives restarts, carries the day and the occurrence's year."""

    def __init__(self, day_id: int, year: int, label: str) -> None:
        super().__init__(f"memorial:plan:{day_id}:{year}", label=label, style=discord.ButtonStyle.primary)
        self.day_id = day_id
        self.year = year

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str]
    ) -> PlanButton:
        return cls(int(match["day"]), int(match["year"]), item.label or "")

    async def clicked(self, interaction: discord.Interaction, bot: RodBot) -> None:
        config = await gate(interaction, Capability.ORGANISER)
        async with bot.db.session() as session:
            day = await session.get(MemorialDay, self.day_id)
        if day is None or day.guild_id != interaction.guild_id:
            raise NotFound("memorial.gone")
        await interaction.response.send_modal(PlanModal(day, self.year, config.language))


class PlanModal(BaseModal):
    def __init__(self, day: MemorialDay, year: int, lang: str) -> None:
        super().__init__(title=clamp(t("memorial.register.title", lang, name=day.display_name(lang)), 45))
        assert day.id is not None
        self.day_id = day.id
        self.year = year
        self.lang = lang
        self.branch: discord.ui.TextInput[PlanModal] = discord.ui.TextInput(
            label=t("memorial.register.branch", lang),
            custom_id="branch",
            max_length=memorial.BRANCH_LIMIT,
        )
        self.what: discord.ui.TextInput[PlanModal] = discord.ui.TextInput(
            label=t("memorial.register.what", lang),
            custom_id="what",
            style=discord.TextStyle.paragraph,
            max_length=memorial.WHAT_LIMIT,
        )
        self.add_item(self.branch)
        self.add_item(self.what)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        config = await gate(interaction, Capability.ORGANISER)
        async with bot.db.session() as session:
            day = await session.get(MemorialDay, self.day_id)
            if day is None or day.guild_id != interaction.guild_id:
                raise NotFound("memorial.gone")
            entry = await memorial.register(
                session,
                day,
                self.year,
                organiser_id=interaction.user.id,
                branch=self.branch.value,
                what=self.what.value,
            )
        await refresh_reminders(bot, day, self.year, config.language)
        await reply(interaction, t("memorial.register.done", config.language, branch=entry.branch))


async def refresh_reminders(bot: RodBot, day: MemorialDay, year: int, lang: str) -> None:
    """Show the current registrations in every reminder posted for the year's occurrence."""
    assert day.id is not None
    async with bot.db.session() as session:
        posts = await memorial.reminder_posts(session, day.id, year)
        found = await memorial.registrations(session, day.id, year)
    occurrence = day.rule.in_year(year)
    for post in posts:
        message = bot.get_partial_messageable(post.channel_id, guild_id=day.guild_id).get_partial_message(
            post.message_id
        )
        try:
            await message.edit(embed=reminder_embed(day, occurrence, post.lead, found, lang))
        except discord.HTTPException:
            log.warning("could not update memorial reminder message=%s guild=%s", post.message_id, day.guild_id)


def plan_view(day_id: int, year: int, lang: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(PlanButton(day_id, year, t("memorial.reminder.button", lang)))
    return view


@dataclass(frozen=True, slots=True)
class NewDay:
    """A checked /memorial add, waiting for its text."""

    name: str
    rule: DateRule
    leads: LeadTimes | None
    post_time: time
    channel_id: int | None
    image_url: str | None


class TextModal(BaseModal):
    """The announcement text of a new day, for texts too long to type in a command option."""

    def __init__(self, cog: Memorial, draft: NewDay, lang: str) -> None:
        super().__init__(title=clamp(draft.name, 45))
        self.cog = cog
        self.draft = draft
        self.text: discord.ui.TextInput[TextModal] = discord.ui.TextInput(
            label=t("memorial.add.text_label", lang),
            custom_id="text",
            style=discord.TextStyle.paragraph,
            max_length=memorial.TEXT_LIMIT,
        )
        self.add_item(self.text)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        config = await gate(interaction, Capability.MODERATOR)
        await self.cog.create(interaction, config, self.draft, self.text.value)


# ---------------------------------------------------------------------------------------------- the cog


@app_commands.guild_only()
class Memorial(commands.GroupCog, group_name="memorial", group_description="Memorial days the district marks"):
    def __init__(self, bot: RodBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.ledger.register(memorial.POST_KIND, memorial.plan_posts, self.post_handler)
        self.bot.ledger.register(memorial.REMINDER_KIND, memorial.plan_reminders, self.reminder_handler)
        self.bot.add_dynamic_items(PlanButton)
        if memorial.seed_guild not in self.bot.guild_hooks:
            self.bot.guild_hooks.append(memorial.seed_guild)
        self.bot.erasure_hooks.append(self.after_erasure)

    async def after_erasure(self, guild_id: int, aftermath: privacy.Aftermath) -> None:
        """Reminders that listed a forgotten organiser's registration show it again without their name."""
        lang = self.bot.language(guild_id)
        for day_id in aftermath.changed.get(memorial.REGISTRATIONS_CHANGED, {}):
            async with self.bot.db.session() as session:
                day = await session.get(MemorialDay, day_id)
                years = await memorial.reminder_years(session, day_id)
            for year in years if day is not None else []:
                await refresh_reminders(self.bot, day, year, lang)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(PlanButton)
        self.bot.erasure_hooks.remove(self.after_erasure)

    # ------------------------------------------------------------------ scheduled posts

    async def post_handler(self, occurrence: Occurrence) -> None:
        """Post the day's announcement in its channel (default: the announcements channel)."""
        day = await load_or_skip(self.bot, MemorialDay, occurrence, wanted=lambda found: found.active)
        when, _ = memorial.parse_key(occurrence.occurrence_key)
        config = await self.bot.guild_config(occurrence.guild_id)
        channel_id = day.channel_id or config.channel_id(ChannelPurpose.ANNOUNCEMENTS)
        await post_occurrence(self.bot, occurrence, channel_id, embed=post_embed(day, when, config.language))

    async def reminder_handler(self, occurrence: Occurrence) -> None:
        """Remind the organisers channel, with a button for branches to say what they organise."""
        day = await load_or_skip(self.bot, MemorialDay, occurrence, wanted=lambda found: found.active)
        assert day.id is not None
        when, lead = memorial.parse_key(occurrence.occurrence_key)
        assert lead is not None
        config = await self.bot.guild_config(occurrence.guild_id)
        lang = config.language
        async with self.bot.db.session() as session:
            found = await memorial.registrations(session, day.id, when.year)

        async def store(session: AsyncSession, message: Posted) -> None:
            await memorial.record_reminder_post(
                session, day, when.year, lead, channel_id=message.channel.id, message_id=message.id
            )

        await post_occurrence(
            self.bot,
            occurrence,
            config.channel_id(ChannelPurpose.ORGANISERS),
            private=ChannelPurpose.ORGANISERS,
            store=store,
            embed=reminder_embed(day, when, lead, found, lang),
            view=plan_view(day.id, when.year, lang),
        )

    # ------------------------------------------------------------------ helpers

    async def _day(self, interaction: discord.Interaction, ref: str) -> MemorialDay:
        assert interaction.guild_id is not None
        async with self.bot.db.session() as session:
            return await memorial.get_day(session, interaction.guild_id, ref)

    def _check_channel(self, channel: discord.TextChannel | None) -> int | None:
        if channel is None:
            return None
        allowed = channel.permissions_for(channel.guild.me)
        if not all(getattr(allowed, name) for name in SEND_PERMISSIONS):
            raise UserError("setup.channel.cannot_send", channel=channel.mention)
        return channel.id

    async def day_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        config = await self.bot.guild_config(interaction.guild_id)
        lang = config.language
        async with self.bot.db.session() as session:
            days = await memorial.list_days(session, interaction.guild_id)
        typed = current.strip().casefold()
        choices = []
        for _, day in memorial.by_next_date(days, today_in(config)):
            if typed and not any(typed in name.casefold() for name in day.names()):
                continue
            paused = "" if day.active else f" ({t('memorial.paused', lang)})"
            label = f"{day.display_name(lang)} · {memorial.describe_rule(day.rule, lang)}{paused}"
            choices.append(app_commands.Choice(name=clamp(label, 100), value=str(day.id)))
        return choices[:25]

    # ------------------------------------------------------------------ everyone

    @app_commands.command(name="list", description="The memorial days and their next dates")
    @requires(Capability.EVERYONE)
    async def list_days(self, interaction: discord.Interaction) -> None:
        config = await config_of(interaction)
        lang = config.language
        async with self.bot.db.session() as session:
            days = await memorial.list_days(session, config.guild_id)
        if not days:
            await reply(interaction, t("memorial.list.empty", lang))
            return
        today = today_in(config)
        lines = []
        for when, day in memorial.by_next_date(days, today):
            line = t(
                "memorial.list.line",
                lang,
                name=day.display_name(lang),
                rule=memorial.describe_rule(day.rule, lang),
                date=format_day(when, lang),
                when=in_days((when - today).days, lang),
            )
            if not day.active:
                line += f" · *{t('memorial.paused', lang)}*"
            lines.append(line)
        await Pager(interaction.user.id, lang, paginate(lines, title=t("memorial.list.title", lang))).send(interaction)

    @app_commands.command(name="upcoming", description="The next memorial days and how soon they come")
    @app_commands.describe(count="How many (at most 25)")
    @requires(Capability.EVERYONE)
    async def upcoming(self, interaction: discord.Interaction, count: app_commands.Range[int, 1, 25] = 5) -> None:
        config = await config_of(interaction)
        lang = config.language
        async with self.bot.db.session() as session:
            days = await memorial.list_days(session, config.guild_id)
        today = today_in(config)
        found = memorial.upcoming(days, today, count)
        if not found:
            await reply(interaction, t("memorial.upcoming.empty", lang))
            return
        lines = [
            t(
                "memorial.upcoming.line",
                lang,
                date=format_day(when, lang),
                name=day.display_name(lang),
                when=in_days((when - today).days, lang),
            )
            for when, day in found
        ]
        await Pager(interaction.user.id, lang, paginate(lines, title=t("memorial.upcoming.title", lang))).send(
            interaction
        )

    # ------------------------------------------------------------------ moderators

    @app_commands.command(name="add", description="Add a memorial day")
    @app_commands.describe(
        name="The day's name",
        date='The date: "8 mars", "08-03", "8/3" or "sista söndagen i maj"',
        text="The announcement posted on the day (leave out to write a long text in a form)",
        lead_days=app_commands.locale_str(
            f'Reminders to organisers, days before: "{DEFAULT_LEADS_TYPED}" (default), "0" for none',
            default=DEFAULT_LEADS_TYPED,
        ),
        time="Posting time, local (default 09:00)",
        channel="Where to post (default: the announcements channel)",
        image_url="An image shown in the announcement (https://…)",
    )
    @requires(Capability.MODERATOR)
    async def add(
        self,
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, 100],
        date: DayOfYear,
        text: app_commands.Range[str, 1, 4000] | None = None,
        lead_days: app_commands.Range[str, 0, 60] | None = None,
        time: PostTime | None = None,
        channel: discord.TextChannel | None = None,
        image_url: app_commands.Range[str, 1, 500] | None = None,
    ) -> None:
        config = await config_of(interaction)
        # Everything is checked before a form is shown, so a mistake is not found after writing the text.
        draft = NewDay(
            name=name.strip(),
            rule=date,
            leads=leadtimes.parse(lead_days) if lead_days is not None else None,
            post_time=time or memorial.DEFAULT_POST_TIME,
            channel_id=self._check_channel(channel),
            image_url=memorial.check_image_url(image_url) if image_url is not None else None,
        )
        memorial.check_post_time(draft.rule, draft.post_time, config.timezone, today_in(config))
        if text is None:
            await interaction.response.send_modal(TextModal(self, draft, config.language))
            return
        await self.create(interaction, config, draft, text)

    async def create(self, interaction: discord.Interaction, config: GuildConfig, draft: NewDay, text: str) -> None:
        lang = config.language
        async with self.bot.db.session() as session:
            day = await memorial.add_day(
                session,
                config.guild_id,
                name=draft.name,
                rule=draft.rule,
                text=text,
                leads=draft.leads,
                post_time=draft.post_time,
                channel_id=draft.channel_id,
                image_url=draft.image_url,
            )
        assert day.id is not None
        next_date = day.rule.next_on_or_after(today_in(config))
        rule_text = memorial.describe_rule(draft.rule, lang)
        await reply(
            interaction,
            t(
                "memorial.add.done",
                lang,
                name=day.name,
                rule=rule_text,
                date=format_day(next_date, lang),
                time=format_clock(day.post_time, lang),
                channel=f"<#{draft.channel_id}>" if draft.channel_id else t("purpose.channel.announcements", lang),
                leads=leads_text(day, lang),
            ),
        )
        await self.bot.ledger.replan_object(*memorial.KINDS, guild_id=config.guild_id, object_id=day.id)
        await self.bot.audit(
            config.guild_id, interaction.user.id, "memorial.add", name=day.name, day_id=day.id, rule=rule_text
        )

    @app_commands.command(name="edit", description="Change a memorial day")
    @app_commands.describe(
        day="The day",
        name="New name",
        date='New date: "8 mars", "08-03" or "sista söndagen i maj"',
        text="New announcement text",
        lead_days=app_commands.locale_str(
            f'Reminders, days before: "{DEFAULT_LEADS_TYPED}", "0" for none', default=DEFAULT_LEADS_TYPED
        ),
        time="Posting time, local",
        channel="Where to post",
        image_url='Image (https://…), "-" removes it',
    )
    @app_commands.autocomplete(day=day_autocomplete)
    @requires(Capability.MODERATOR)
    async def edit(
        self,
        interaction: discord.Interaction,
        day: str,
        name: app_commands.Range[str, 1, 100] | None = None,
        date: DayOfYear | None = None,
        text: app_commands.Range[str, 1, 4000] | None = None,
        lead_days: app_commands.Range[str, 0, 60] | None = None,
        time: PostTime | None = None,
        channel: discord.TextChannel | None = None,
        image_url: app_commands.Range[str, 1, 500] | None = None,
    ) -> None:
        config = await config_of(interaction)
        lang = config.language
        leads = leadtimes.parse(lead_days) if lead_days is not None else None
        clear_image = image_url is not None and image_url.strip() == "-"
        image = memorial.check_image_url(image_url) if image_url is not None and not clear_image else None
        channel_id = self._check_channel(channel)
        async with self.bot.db.session() as session:
            found = await memorial.get_day(session, config.guild_id, day)
            if date is not None or time is not None:
                memorial.check_post_time(
                    date or found.rule,
                    time or found.post_time,
                    config.timezone,
                    today_in(config),
                )
            changed = await memorial.edit_day(
                session,
                found,
                name=name,
                rule=date,
                text=text,
                leads=leads,
                post_time=time,
                channel_id=channel_id,
                image_url=image,
                clear_image=clear_image,
            )
        if not changed:
            await reply(interaction, t("memorial.edit.nothing", lang))
            return
        assert found.id is not None
        fields = ", ".join(t(f"memorial.field.{f}", lang) for f in changed)
        await reply(interaction, t("memorial.edit.done", lang, name=found.display_name(lang), fields=fields))
        # A day that could not be posted (its channel gone) is retried now that it may be fixed.
        await self.bot.ledger.unblock(config.guild_id)
        await self.bot.ledger.replan_object(*memorial.KINDS, guild_id=config.guild_id, object_id=found.id)
        await self.bot.audit(
            config.guild_id, interaction.user.id, "memorial.edit", name=found.name, day_id=found.id, fields=fields
        )

    @app_commands.command(name="remove", description="Delete a memorial day")
    @app_commands.describe(day="The day")
    @app_commands.autocomplete(day=day_autocomplete)
    @requires(Capability.MODERATOR)
    async def remove(self, interaction: discord.Interaction, day: str) -> None:
        config = await config_of(interaction)
        lang = config.language
        found = await self._day(interaction, day)
        day_id = found.id
        assert day_id is not None

        async def confirmed(confirmation: discord.Interaction) -> None:
            async with self.bot.db.session() as session:
                current = await session.get(MemorialDay, day_id)
                if current is None:
                    raise NotFound("memorial.gone")
                await memorial.remove_day(session, current)
            await confirmation.response.edit_message(
                content=t("memorial.remove.done", lang, name=found.display_name(lang)), view=None
            )
            await self.bot.ledger.replan_object(*memorial.KINDS, guild_id=config.guild_id, object_id=day_id)
            await self.bot.audit(
                config.guild_id, confirmation.user.id, "memorial.remove", name=found.name, day_id=day_id
            )

        await reply(
            interaction,
            t("memorial.remove.confirm", lang, name=found.display_name(lang)),
            view=ConfirmView(interaction, lang, confirmed),
        )

    async def _set_active(self, interaction: discord.Interaction, ref: str, active: bool) -> None:
        config = await config_of(interaction)
        lang = config.language
        async with self.bot.db.session() as session:
            day = await memorial.get_day(session, config.guild_id, ref)
            await memorial.set_active(session, day, active)
        assert day.id is not None
        action = "resume" if active else "pause"
        await reply(interaction, t(f"memorial.{action}.done", lang, name=day.display_name(lang)))
        await self.bot.ledger.replan_object(*memorial.KINDS, guild_id=config.guild_id, object_id=day.id)
        await self.bot.audit(config.guild_id, interaction.user.id, f"memorial.{action}", name=day.name, day_id=day.id)

    @app_commands.command(name="pause", description="Stop posting a memorial day until it is resumed")
    @app_commands.describe(day="The day")
    @app_commands.autocomplete(day=day_autocomplete)
    @requires(Capability.MODERATOR)
    async def pause(self, interaction: discord.Interaction, day: str) -> None:
        await self._set_active(interaction, day, False)

    @app_commands.command(name="resume", description="Post a paused memorial day again")
    @app_commands.describe(day="The day")
    @app_commands.autocomplete(day=day_autocomplete)
    @requires(Capability.MODERATOR)
    async def resume(self, interaction: discord.Interaction, day: str) -> None:
        await self._set_active(interaction, day, True)

    @app_commands.command(name="preview", description="See the announcement exactly as it will be posted")
    @app_commands.describe(day="The day")
    @app_commands.autocomplete(day=day_autocomplete)
    @requires(Capability.MODERATOR)
    async def preview(self, interaction: discord.Interaction, day: str) -> None:
        config = await config_of(interaction)
        lang = config.language
        found = await self._day(interaction, day)
        when = found.rule.next_on_or_after(today_in(config))
        channel_id = found.channel_id or config.channel_id(ChannelPurpose.ANNOUNCEMENTS)
        summary = t(
            "memorial.preview.summary",
            lang,
            date=format_day(when, lang),
            time=format_clock(found.post_time, lang),
            channel=f"<#{channel_id}>" if channel_id else t("setup.show.unset", lang),
            leads=leads_text(found, lang),
        )
        if not found.active:
            summary += " " + t("memorial.preview.paused", lang)
        await reply(interaction, summary, embed=post_embed(found, when, lang))

    @app_commands.command(name="post-now", description="Post a memorial day's announcement now (for testing)")
    @app_commands.describe(day="The day", channel="Where to post (default: the day's channel)")
    @app_commands.autocomplete(day=day_autocomplete)
    @requires(Capability.MODERATOR)
    async def post_now(
        self, interaction: discord.Interaction, day: str, channel: discord.TextChannel | None = None
    ) -> None:
        config = await config_of(interaction)
        lang = config.language
        found = await self._day(interaction, day)
        channel_id = channel.id if channel else found.channel_id or config.channel_id(ChannelPurpose.ANNOUNCEMENTS)
        if channel_id is None:
            raise UserError(
                "error.not_configured", what=t("purpose.channel.announcements", lang), command="/setup channel"
            )
        await interaction.response.defer(ephemeral=True, thinking=True)
        today = today_in(config)
        try:
            await deliver(self.bot, channel_id, embed=post_embed(found, today, lang))
        except BlockedDelivery:
            raise UserError("error.channel_unusable", channel=f"<#{channel_id}>") from None
        except TransientDeliveryError:
            raise UserError("memorial.post_now.failed") from None
        await reply(
            interaction, t("memorial.post_now.done", lang, name=found.display_name(lang), channel=f"<#{channel_id}>")
        )
        await self.bot.audit(
            config.guild_id,
            interaction.user.id,
            "memorial.post_now",
            name=found.name,
            day_id=found.id,
            channel_id=channel_id,
        )
