"""The commitments' modal, the plan import's preview, and the pickers: the autocompletes that offer plans,
sections, commitments and link values, and the reading of what was picked."""

from __future__ import annotations

from collections.abc import Iterable

import discord
from discord import app_commands

from bot.audiences import Audience
from bot.campaigns import lifecycle
from bot.commitments import plans, reminders, service
from bot.commitments.models import LinkKind
from bot.commitments.plans import ImportDraft
from bot.errors import UserError
from bot.i18n import format_day, t, tn
from bot.memorial import service as memorial_service
from bot.permissions import Capability
from cogs._shared.interactions import clamp, person_of, reply
from cogs._shared.language import reply_language
from cogs._shared.ui import BaseModal, OwnedView, bot_of, gate
from cogs.commitments import render
from cogs.commitments.board import tell_board

# ---------------------------------------------------------------------------------------------- pickers


def picked(value: str | None, error_key: str) -> int | None:
    """The id an autocomplete offered, or None when the option was left out; anything else typed is refused."""
    if value is None or value == "":
        return None
    if not value.strip().isdigit():
        raise UserError(error_key)
    return int(value)


def picked_commitment(value: str) -> int:
    """A commitment's number, as offered ("12") or typed ("#12")."""
    found = picked(value.strip().lstrip("#"), "commitments.not_found")
    if found is None:
        raise UserError("commitments.not_found")
    return found


async def seed_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    typed = current.casefold()
    return [
        app_commands.Choice(name=clamp(f"{seed.title} ({seed.year})", 100), value=seed.key)
        for seed in plans.seed_plans()
        if typed in seed.title.casefold() or typed in seed.key
    ][:25]


async def commitment_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    async with bot_of(interaction).db.session() as session:
        found = await service.search(interaction.guild_id, current.lstrip("#"), session=session)
    return [app_commands.Choice(name=clamp(f"#{c.id} {c.title}", 100), value=str(c.id)) for c in found]


def _choices(current: str, offered: Iterable[tuple[str, str, str]]) -> list[app_commands.Choice[str]]:
    """Of the offered (name, value, text searched), those whose text holds what was typed, at most 25."""
    typed = current.casefold()
    return [
        app_commands.Choice(name=clamp(name, 100), value=value)
        for name, value, text in offered
        if typed in text.casefold()
    ][:25]


async def plan_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    async with bot_of(interaction).db.session() as session:
        found = await service.plans_of(interaction.guild_id, session=session)
    return _choices(current, ((f"{p.title} ({p.year})", str(p.id), p.title) for p in found))


async def section_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    async with bot_of(interaction).db.session() as session:
        sections = await service.sections_of(interaction.guild_id, session=session)
    return _choices(current, ((s.title or "–", str(s.id), s.title) for s in sections))


async def link_value_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """What a link of the kind chosen may be: an audience, a memorial day, a campaign, a series of meetings the
    person may see; for a title, what was typed."""
    kind = getattr(interaction.namespace, "kind", None)
    if kind == LinkKind.MEETING_AUDIENCE:
        lang = bot_of(interaction).reply_language(interaction)
        return [app_commands.Choice(name=t(f"commitments.audience.{a.value}", lang), value=a.value) for a in Audience]
    if interaction.guild_id is not None and kind in (LinkKind.MEMORIAL_DAY, LinkKind.CAMPAIGN, LinkKind.SURVEY_ANSWER):
        return await _link_choices(interaction, interaction.guild_id, kind, current)
    if interaction.guild_id is not None and kind == LinkKind.MEETING_SERIES:
        bot = bot_of(interaction)
        config = await bot.guild_config(interaction.guild_id)
        async with bot.db.session() as session:
            found = await service.series_seen(interaction.guild_id, person_of(interaction), config, session=session)
        return _choices(current, ((f"#{m.id} {m.title}", str(m.id), f"{m.id} {m.title}") for m in found))
    return [app_commands.Choice(name=clamp(current, 100), value=current[:100])] if current else []


async def _link_choices(
    interaction: discord.Interaction, guild_id: int, kind: str, current: str
) -> list[app_commands.Choice[str]]:
    bot = bot_of(interaction)
    config = await bot.guild_config(guild_id)
    lang = reply_language(interaction, config)
    async with bot.db.session() as session:
        if kind == LinkKind.MEMORIAL_DAY:
            days = await memorial_service.list_days(session=session, guild_id=guild_id)
            found = memorial_service.by_next_date(days, memorial_service.today_in(config.timezone), named=current)
            return [
                app_commands.Choice(
                    name=clamp(f"{day.display_name(lang)} · {format_day(on, lang)}", 100), value=str(day.id)
                )
                for on, day in found[:25]
            ]
        campaigns = await lifecycle.list_campaigns(session=session, guild_id=guild_id)
    return _choices(current, ((c.name, c.name, c.name) for c in reversed(campaigns)))


async def survey_question_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """The questions of the campaign chosen in `value`, by their number."""
    chosen = getattr(interaction.namespace, "value", None)
    if interaction.guild_id is None or not chosen:
        return []
    async with bot_of(interaction).db.session() as session:
        try:
            campaign = await service.find_campaign(interaction.guild_id, str(chosen), session=session)
        except UserError:
            return []
    return _choices(current, ((q, str(i), q) for i, q in enumerate(campaign.questions)))


# ---------------------------------------------------------------------------------------------- adding


class AddModal(BaseModal):
    def __init__(self, lang: str, plan_id: int | None) -> None:
        super().__init__(title=t("commitments.add.modal_title", lang), timeout=900)
        self.plan_id = plan_id
        self.name: discord.ui.TextInput[AddModal] = discord.ui.TextInput(
            label=t("commitments.add.field_title", lang), custom_id="title", max_length=300
        )
        self.description: discord.ui.TextInput[AddModal] = discord.ui.TextInput(
            label=t("commitments.add.field_description", lang),
            custom_id="description",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=2000,
        )
        self.section: discord.ui.TextInput[AddModal] = discord.ui.TextInput(
            label=t("commitments.add.field_section", lang), custom_id="section", required=False, max_length=120
        )
        self.due: discord.ui.TextInput[AddModal] = discord.ui.TextInput(
            label=t("commitments.add.field_due", lang),
            custom_id="due",
            required=False,
            max_length=30,
            placeholder="2026-03-08",
        )
        for item in (self.name, self.description, self.section, self.due):
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        config = await gate(interaction, Capability.ORGANISER)
        today = service.local_today(config.timezone)
        due = service.parse_date(self.due.value, today) if self.due.value.strip() else None
        async with bot_of(interaction).db.session() as session:
            row = await service.add_commitment(
                config.guild_id,
                session=session,
                plan_id=self.plan_id,
                title=self.name.value,
                description=self.description.value,
                section_title=self.section.value,
                due_date=due,
                actor_id=interaction.user.id,
            )
        await tell_board(bot_of(interaction), config.guild_id, row.plan_id)
        lang = reply_language(interaction, config)
        await reply(interaction, t("commitments.add.done", lang, id=row.id, title=row.title))


# ---------------------------------------------------------------------------------------------- import preview


class PlanPreview(OwnedView):
    """The import preview, ephemeral and owned by the moderator who ran the command: the plan's sections with
    their candidates page by page, marked as listed items or sentences from the prose, a menu per page to drop
    candidates, and for a plan already on the server how the file differs from it. Nothing is stored before
    Confirm, which asks the permission module again."""

    def __init__(self, owner_id: int, lang: str, guild_id: int, draft: ImportDraft) -> None:
        super().__init__(owner_id, timeout=1800)
        self.lang, self.guild_id, self.draft = lang, guild_id, draft
        self.page = 0
        self.page_count = render.preview_pages(draft)
        self.previous_button.label = t("common.previous", lang)
        self.next_button.label = t("common.next", lang)
        self.confirm_button.label = t("common.confirm", lang)
        self.cancel_button.label = t("common.cancel", lang)
        self._show_page()

    def _show_page(self) -> None:
        """Set the buttons and the menu for the current page."""
        self.previous_button.disabled = self.page == 0
        self.next_button.disabled = self.page >= self.page_count - 1
        options = render.drop_options(self.draft, self.page, self.lang)
        self.drop_select.placeholder = t("commitments.import.drop_placeholder", self.lang, page=self.page + 1)
        self.drop_select.options = options
        self.drop_select.max_values = len(options)

    def embed(self) -> discord.Embed:
        return render.preview_embed(self.draft, self.page, self.lang)

    async def _show(self, interaction: discord.Interaction) -> None:
        self._show_page()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    @discord.ui.select(custom_id="plan:drop", min_values=0, row=0, options=[discord.SelectOption(label="–")])
    async def drop_select(self, interaction: discord.Interaction, select: discord.ui.Select[PlanPreview]) -> None:
        self.draft.drop(render.on_page(self.draft, self.page), (int(value) for value in select.values))
        await self._show(interaction)

    @discord.ui.button(style=discord.ButtonStyle.secondary, custom_id="plan:previous", row=1)
    async def previous_button(self, interaction: discord.Interaction, button: discord.ui.Button[PlanPreview]) -> None:
        self.page = max(0, self.page - 1)
        await self._show(interaction)

    @discord.ui.button(style=discord.ButtonStyle.secondary, custom_id="plan:next", row=1)
    async def next_button(self, interaction: discord.Interaction, button: discord.ui.Button[PlanPreview]) -> None:
        self.page = min(self.page_count - 1, self.page + 1)
        await self._show(interaction)

    @discord.ui.button(style=discord.ButtonStyle.success, custom_id="plan:confirm", row=2)
    async def confirm_button(self, interaction: discord.Interaction, button: discord.ui.Button[PlanPreview]) -> None:
        await gate(interaction, Capability.MODERATOR)
        bot, guild_id, lang = bot_of(interaction), self.guild_id, self.lang
        async with bot.db.session() as session:
            stored, diff = await plans.save_import(guild_id, self.draft, session=session, actor_id=interaction.user.id)
        self.stop()
        await bot.ledger.replan(reminders.DIGEST, guild_id=guild_id)
        if diff is None:
            count = len(self.draft.kept())
            content = tn("commitments.plan.loaded", count, lang, title=stored.title)
            await interaction.response.edit_message(content=content, embeds=[], view=None)
            await bot.audit(guild_id, interaction.user.id, "commitments.plan_import", title=stored.title, count=count)
            return
        counts = diff.counts()
        content = render.reimported_text(stored.title, counts, lang)
        await interaction.response.edit_message(content=content, embeds=[], view=None)
        await bot.audit(guild_id, interaction.user.id, "commitments.plan_reimport", title=stored.title, **counts)

    @discord.ui.button(style=discord.ButtonStyle.secondary, custom_id="plan:cancel", row=2)
    async def cancel_button(self, interaction: discord.Interaction, button: discord.ui.Button[PlanPreview]) -> None:
        self.stop()
        await interaction.response.edit_message(content=t("common.cancelled", self.lang), embeds=[], view=None)
