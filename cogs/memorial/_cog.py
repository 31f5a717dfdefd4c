"""The memorial days' commands, and the ledger's handlers that post the days and remind organisers."""

from __future__ import annotations

from datetime import time

import discord
from discord import app_commands
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import leadtimes, privacy
from bot.errors import UserError
from bot.guilds import ChannelPurpose, GuildConfig
from bot.i18n import t
from bot.ledger import BlockedDelivery, Occurrence, TransientDeliveryError
from bot.memorial import planner, seeding, service
from bot.memorial.models import DEFAULT_LEADS, REGISTRATIONS_CHANGED, MemorialDay
from bot.memorial.service import NewDay
from bot.permissions import Capability
from bot.timeparse import DateRule
from cogs._shared.delivery import deliver
from cogs._shared.feature import FeatureCog, delivers
from cogs._shared.interactions import reply
from cogs._shared.language import reply_language
from cogs._shared.posts import Posted, load_or_skip, post_occurrence
from cogs._shared.transformers import Clock, RecurringDay
from cogs._shared.ui import ConfirmView, config_of, requires, send_list
from cogs.memorial import render
from cogs.memorial.views import PlanButton, TextModal, plan_view, refresh_reminders

SEND_PERMISSIONS = ("view_channel", "send_messages", "embed_links")
DayOfYear = app_commands.Transform[DateRule, RecurringDay(service.parse_date, min_length=1, max_length=60)]
PostTime = app_commands.Transform[time, Clock(service.parse_time, min_length=1, max_length=10)]
DEFAULT_LEADS_TYPED = leadtimes.typed(DEFAULT_LEADS)


@app_commands.guild_only()
class Memorial(FeatureCog, group_name="memorial", group_description="Memorial days the district marks"):
    buttons = (PlanButton,)

    async def cog_load(self) -> None:
        await super().cog_load()
        if seeding.seed_guild not in self.bot.guild_hooks:
            self.bot.guild_hooks.append(seeding.seed_guild)

    async def after_erasure(self, guild_id: int, aftermath: privacy.Aftermath) -> None:
        """Reminders that listed a forgotten organiser's registration show it again without their name."""
        async with self.bot.db.session() as session:
            stale = await service.reminders_of(
                session=session, guild_id=guild_id, day_ids=aftermath.changed.get(REGISTRATIONS_CHANGED, {})
            )
        for reminders in stale:
            await refresh_reminders(self.bot, reminders, self.bot.language(guild_id))

    # ------------------------------------------------------------------ scheduled posts

    @delivers(planner.POST_KIND, planner.plan_posts)
    async def post_handler(self, occurrence: Occurrence) -> None:
        """Post the day's announcement where the day goes."""
        day = await load_or_skip(self.bot, MemorialDay, occurrence, wanted=lambda found: found.active)
        when, _ = planner.parse_key(occurrence.occurrence_key)
        config = await self.bot.guild_config(occurrence.guild_id)
        embed = render.post_embed(day, when, config.language)
        await post_occurrence(self.bot, occurrence, service.post_channel(day, config), embed=embed)

    @delivers(planner.REMINDER_KIND, planner.plan_reminders)
    async def reminder_handler(self, occurrence: Occurrence) -> None:
        """Remind the organisers channel, with a button for branches to say what they organise."""
        day = await load_or_skip(self.bot, MemorialDay, occurrence, wanted=lambda found: found.active)
        assert day.id is not None
        when, lead = planner.parse_key(occurrence.occurrence_key)
        assert lead is not None
        config = await self.bot.guild_config(occurrence.guild_id)
        lang = config.language
        async with self.bot.db.session() as session:
            found = await service.registrations(session=session, day_id=day.id, year=when.year)

        async def store(*, session: AsyncSession, message: Posted) -> None:
            await service.record_reminder_post(
                session=session,
                day=day,
                year=when.year,
                lead=lead,
                channel_id=message.channel.id,
                message_id=message.id,
            )

        await post_occurrence(
            self.bot,
            occurrence,
            config.channel_id(ChannelPurpose.ORGANISERS),
            private=ChannelPurpose.ORGANISERS,
            store=store,
            embed=render.reminder_embed(day, when, lead, found, lang),
            view=plan_view(day.id, when.year, lang),
        )

    # ------------------------------------------------------------------ helpers

    async def _day(self, config: GuildConfig, ref: str) -> MemorialDay:
        async with self.bot.db.session() as session:
            return await service.get_day(session=session, guild_id=config.guild_id, ref=ref)

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
        async with self.bot.db.session() as session:
            days = await service.list_days(session=session, guild_id=config.guild_id)
        found = service.by_next_date(days, service.today_in(config.timezone), named=current)
        lang = reply_language(interaction, config)
        return [app_commands.Choice(name=render.choice_label(day, lang), value=str(day.id)) for _, day in found[:25]]

    # ------------------------------------------------------------------ everyone

    @app_commands.command(name="list", description="The memorial days and their next dates")
    @requires(Capability.EVERYONE)
    async def list_days(self, interaction: discord.Interaction) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        async with self.bot.db.session() as session:
            days = await service.list_days(session=session, guild_id=config.guild_id)
        today = service.today_in(config.timezone)
        lines = [render.list_line(day, when, today, lang) for when, day in service.by_next_date(days, today)]
        await send_list(interaction, lang, lines, title=t("memorial.list.title", lang), empty="memorial.list.empty")

    @app_commands.command(name="upcoming", description="The next memorial days and how soon they come")
    @app_commands.describe(count="How many (at most 25)")
    @requires(Capability.EVERYONE)
    async def upcoming(self, interaction: discord.Interaction, count: app_commands.Range[int, 1, 25] = 5) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        async with self.bot.db.session() as session:
            days = await service.list_days(session=session, guild_id=config.guild_id)
        today = service.today_in(config.timezone)
        lines = [render.upcoming_line(day, when, today, lang) for when, day in service.upcoming(days, today, count)]
        title = t("memorial.upcoming.title", lang)
        await send_list(interaction, lang, lines, title=title, empty="memorial.upcoming.empty")

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
        draft = service.new_day(
            name=name,
            rule=date,
            leads=leadtimes.parse(lead_days) if lead_days is not None else None,
            post_time=time,
            channel_id=self._check_channel(channel),
            image_url=image_url,
            zone=config.timezone,
        )
        if text is None:
            await interaction.response.send_modal(TextModal(draft, reply_language(interaction, config), self.create))
            return
        await self.create(interaction, config, draft, text)

    async def create(self, interaction: discord.Interaction, config: GuildConfig, draft: NewDay, text: str) -> None:
        lang = reply_language(interaction, config)
        async with self.bot.db.session() as session:
            day = await service.add_day(session=session, guild_id=config.guild_id, draft=draft, text=text)
        assert day.id is not None
        next_date = day.rule.next_on_or_after(service.today_in(config.timezone))
        await reply(interaction, render.added(day, next_date, lang))
        await self.bot.ledger.replan_object(*planner.KINDS, guild_id=config.guild_id, object_id=day.id)
        rule = render.describe_rule(day.rule, config.language)
        await self.bot.audit(
            config.guild_id, interaction.user.id, "memorial.add", name=day.name, day_id=day.id, rule=rule
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
        lang = reply_language(interaction, config)
        leads = leadtimes.parse(lead_days) if lead_days is not None else None
        clear_image = image_url is not None and image_url.strip() == "-"
        image = service.check_image_url(image_url) if image_url is not None and not clear_image else None
        channel_id = self._check_channel(channel)
        async with self.bot.db.session() as session:
            found, changed = await service.edit_day(
                session=session,
                guild_id=config.guild_id,
                ref=day,
                zone=config.timezone,
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
        fields = render.changed_fields(changed, lang)
        await reply(interaction, t("memorial.edit.done", lang, name=found.display_name(lang), fields=fields))
        logged = render.changed_fields(changed, config.language)
        # A day that could not be posted (its channel gone) is retried now that it may be fixed.
        await self.bot.ledger.unblock(config.guild_id)
        await self.bot.ledger.replan_object(*planner.KINDS, guild_id=config.guild_id, object_id=found.id)
        await self.bot.audit(
            config.guild_id, interaction.user.id, "memorial.edit", name=found.name, day_id=found.id, fields=logged
        )

    @app_commands.command(name="remove", description="Delete a memorial day")
    @app_commands.describe(day="The day")
    @app_commands.autocomplete(day=day_autocomplete)
    @requires(Capability.MODERATOR)
    async def remove(self, interaction: discord.Interaction, day: str) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        found = await self._day(config, day)
        day_id = found.id
        assert day_id is not None

        async def confirmed(confirmation: discord.Interaction) -> None:
            async with self.bot.db.session() as session:
                await service.remove_day(session=session, guild_id=config.guild_id, day_id=day_id)
            await confirmation.response.edit_message(
                content=t("memorial.remove.done", lang, name=found.display_name(lang)), view=None
            )
            await self.bot.ledger.replan_object(*planner.KINDS, guild_id=config.guild_id, object_id=day_id)
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
        lang = reply_language(interaction, config)
        async with self.bot.db.session() as session:
            day = await service.set_active(session=session, guild_id=config.guild_id, ref=ref, active=active)
        assert day.id is not None
        action = "resume" if active else "pause"
        await reply(interaction, t(f"memorial.{action}.done", lang, name=day.display_name(lang)))
        await self.bot.ledger.replan_object(*planner.KINDS, guild_id=config.guild_id, object_id=day.id)
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
        lang = reply_language(interaction, config)
        found = await self._day(config, day)
        when = found.rule.next_on_or_after(service.today_in(config.timezone))
        summary = render.preview_summary(found, when, service.post_channel(found, config), lang)
        # The announcement as it will be posted: in the server's language.
        await reply(interaction, summary, embed=render.post_embed(found, when, config.language))

    @app_commands.command(name="post-now", description="Post a memorial day's announcement now (for testing)")
    @app_commands.describe(day="The day", channel="Where to post (default: the day's channel)")
    @app_commands.autocomplete(day=day_autocomplete)
    @requires(Capability.MODERATOR)
    async def post_now(
        self, interaction: discord.Interaction, day: str, channel: discord.TextChannel | None = None
    ) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        found = await self._day(config, day)
        channel_id = channel.id if channel else service.post_channel(found, config)
        if channel_id is None:
            raise UserError("error.not_configured", what_key="purpose.channel.announcements", command="/setup channel")
        await interaction.response.defer(ephemeral=True, thinking=True)
        today = service.today_in(config.timezone)
        try:
            await deliver(self.bot, channel_id, embed=render.post_embed(found, today, config.language))
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
