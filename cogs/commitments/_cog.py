"""Plans and commitments: load or import a plan, follow its commitments, remind, and write the year-end report."""

from __future__ import annotations

import asyncio
import hashlib
import io
from datetime import date, time
from pathlib import PurePath
from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.bot import RodBot
from bot.commitments import plan_files, reminders, report, service
from bot.commitments.evidence import evidence_for
from bot.commitments.models import CLOSED_STATUSES, LinkKind, OwnerKind, Plan, Status
from bot.errors import UserError
from bot.guilds import ChannelPurpose, GuildConfig
from bot.i18n import format_clock, format_day, or_list, t
from bot.ledger import BlockedDelivery, Occurrence, OutcomeUnknown, SkipDelivery, TransientDeliveryError
from bot.permissions import Audience, Capability
from bot.timeparse import EN_WEEKDAYS, to_local
from cogs._shared.delivery import deliver
from cogs._shared.interactions import clamp, person_of, reply
from cogs._shared.notices import dm_or_mention
from cogs._shared.posts import post_occurrence
from cogs._shared.transformers import Clock, Day
from cogs._shared.ui import BaseModal, ConfirmView, OwnedView, Pager, config_of, gate, paginate, requires

MAX_DM_RECIPIENTS = 25
PREVIEW_PAGE = 10
DIFF_MARKS = {"new": "🆕", "changed": "✏️"}
EMOJI = {
    Status.PLANNED: "📋",
    Status.IN_PROGRESS: "🔄",
    Status.DONE: "✅",
    Status.CANCELLED: "❌",
    Status.DROPPED: "➖",
    service.OVERDUE: "⚠️",
}
DueDate = app_commands.Transform[date, Day(service.parse_date)]
DigestTime = app_commands.Transform[time, Clock(service.parse_time)]


def _int(value: str | None, error_key: str) -> int | None:
    if value is None or value == "":
        return None
    if not value.strip().isdigit():
        raise UserError(error_key)
    return int(value)


def _commitment_id(value: str) -> int:
    found = _int(value.strip().lstrip("#"), "commitments.not_found")
    if found is None:
        raise UserError("commitments.not_found")
    return found


def status_text(status: str, lang: str) -> str:
    return t(f"commitments.status.{status}", lang)


def line_of(item: service.CommitmentInfo, config: GuildConfig, lang: str) -> str:
    text = t(
        "commitments.list.line",
        lang,
        id=item.id,
        emoji=EMOJI.get(item.shown_status, ""),
        title=clamp(item.title, 120),
        status=status_text(item.shown_status, lang),
    )
    if item.due_date:
        text += " · " + t("commitments.list.due", lang, day=format_day(item.due_date, lang))
    if item.owner_mentions:
        text += " · " + ", ".join(item.owner_mentions)
    return text


class AddModal(BaseModal):
    def __init__(self, cog: CommitmentCog, lang: str, plan_id: int | None) -> None:
        super().__init__(title=t("commitments.add.modal_title", lang), timeout=900)
        self.cog, self.lang, self.plan_id = cog, lang, plan_id
        self.name = discord.ui.TextInput(
            label=t("commitments.add.field_title", lang), custom_id="title", max_length=300
        )
        self.description = discord.ui.TextInput(
            label=t("commitments.add.field_description", lang),
            custom_id="description",
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=2000,
        )
        self.section = discord.ui.TextInput(
            label=t("commitments.add.field_section", lang), custom_id="section", required=False, max_length=120
        )
        self.due = discord.ui.TextInput(
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
        lang = config.language
        bot = self.cog.bot
        today = service.local_today(config.timezone)
        due = service.parse_date(self.due.value, today) if self.due.value.strip() else None
        async with bot.db.session() as session:
            row = await service.add_commitment(
                session,
                config.guild_id,
                plan_id=self.plan_id,
                title=self.name.value,
                description=self.description.value,
                section_title=self.section.value,
                due_date=due,
                actor_id=interaction.user.id,
            )
        await reply(interaction, t("commitments.add.done", lang, id=row.id, title=row.title))


@app_commands.guild_only()
class PlanCog(commands.GroupCog, group_name="plan", group_description="Activity plans"):
    def __init__(self, bot: RodBot) -> None:
        self.bot = bot

    async def seed_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        typed = current.casefold()
        return [
            app_commands.Choice(name=clamp(f"{seed.title} ({seed.year})", 100), value=seed.key)
            for seed in service.seed_plans()
            if typed in seed.title.casefold() or typed in seed.key
        ][:25]

    @app_commands.command(name="load", description="Load one of the bot's stored plans into this server")
    @app_commands.describe(plan="Which plan")
    @app_commands.autocomplete(plan=seed_autocomplete)
    @requires(Capability.MODERATOR)
    async def load(self, interaction: discord.Interaction, plan: str) -> None:
        config = await config_of(interaction)
        lang = config.language
        data = service.read_seed(plan)
        async with self.bot.db.session() as session:
            stored = await service.store_plan(session, config.guild_id, data, actor_id=interaction.user.id)
            count = len(
                await service.list_commitments(
                    session, config.guild_id, today=service.local_today(config.timezone), plan_id=stored.id
                )
            )
        await self.bot.ledger.replan(reminders.DIGEST, guild_id=config.guild_id)
        await reply(interaction, t("commitments.plan.loaded", lang, title=stored.title, count=count))
        await self.bot.audit(
            config.guild_id, interaction.user.id, "commitments.plan_load", title=stored.title, count=count
        )

    @app_commands.command(name="import", description="Import a plan: PDF, Word, LibreOffice, text or Markdown")
    @app_commands.describe(
        file="The plan as .pdf, .docx, .odt, .txt or .md", year="The plan's year, if the file does not say"
    )
    @requires(Capability.MODERATOR)
    async def import_(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment,
        year: app_commands.Range[int, 2000, 2100] | None = None,
    ) -> None:
        config = await config_of(interaction)
        lang = config.language
        if file.size > plan_files.MAX_FILE_BYTES:
            raise plan_files.PlanFileError(
                "commitments.import.too_big", megabytes=plan_files.MAX_FILE_BYTES // (1024 * 1024)
            )
        await interaction.response.defer(ephemeral=True, thinking=True)
        raw = await file.read()
        parsed = await asyncio.to_thread(plan_files.read_plan, raw, file.filename)
        plan_year = year or parsed.year or service.local_today(config.timezone).year
        title = parsed.title or PurePath(file.filename).stem
        organisation = parsed.organisation or ""
        data = service.parsed_to_data(
            parsed,
            key="import:" + hashlib.sha256(raw).hexdigest()[:16],
            year=plan_year,
            title=title,
            organisation=organisation,
        )
        async with self.bot.db.session() as session:
            target = await service.matching_plan(
                session, config.guild_id, organisation=organisation, year=plan_year, title=title
            )
            existing = await service.existing_of(session, target.id) if target is not None else None  # type: ignore[arg-type]
        preview = PlanPreview(self, interaction.user.id, lang, config, data, target=target, existing=existing)
        if target is not None and preview.unchanged():
            raise UserError("commitments.import.unchanged", title=target.title)
        key = "commitments.import.preview" if target is None else "commitments.import.reimport"
        await reply(
            interaction, t(key, lang, title=target.title if target else title), embed=preview.embed(), view=preview
        )


class PlanPreview(OwnedView):
    """The import preview, ephemeral and owned by the moderator who ran the command: the plan's sections with
    their candidates page by page, marked as listed items or sentences from the prose, a menu per page to drop
    candidates, and for a plan already on the server how the file differs from it. Nothing is stored before
    Confirm, which asks the permission module again."""

    def __init__(
        self,
        cog: PlanCog,
        owner_id: int,
        lang: str,
        config: GuildConfig,
        data: dict,
        *,
        target: Plan | None,
        existing: list[service.Existing] | None,
    ) -> None:
        super().__init__(owner_id, timeout=1800)
        self.cog, self.lang, self.config, self.data = cog, lang, config, data
        self.target_id = target.id if target is not None else None
        self.existing = existing or []
        self.candidates = service.candidates_of(data)
        self.dropped: set[int] = set()
        self.page = 0
        self.page_count = max(1, -(-len(self.candidates) // PREVIEW_PAGE))
        self.previous_button.label = t("common.previous", lang)
        self.next_button.label = t("common.next", lang)
        self.confirm_button.label = t("common.confirm", lang)
        self.cancel_button.label = t("common.cancel", lang)
        self._refresh()

    # ------------------------------------------------------------------ state

    def _kept(self) -> list[int]:
        return [i for i in range(len(self.candidates)) if i not in self.dropped]

    def _diff(self) -> tuple[service.PlanDiff, dict[int, str]]:
        """The diff over the candidates not dropped, and each kept candidate's part in it."""
        kept = self._kept()
        diff = service.diff_plan(self.existing, [self.candidates[i] for i in kept])
        return diff, {kept[position]: diff.match_of(position)[0] for position in range(len(kept))}

    def unchanged(self) -> bool:
        diff, _ = self._diff()
        return not (diff.changed or diff.new or diff.removed)

    def _on_page(self) -> range:
        start = self.page * PREVIEW_PAGE
        return range(start, min(start + PREVIEW_PAGE, len(self.candidates)))

    def _refresh(self) -> None:
        self.previous_button.disabled = self.page == 0
        self.next_button.disabled = self.page >= self.page_count - 1
        shown = self._on_page()
        self.drop_select.placeholder = t("commitments.import.drop_placeholder", self.lang, page=self.page + 1)
        self.drop_select.options = [
            discord.SelectOption(
                label=clamp(f"{i + 1}. {self.candidates[i][1]['title']}", 100),
                value=str(i),
                description=t(f"commitments.import.origin.{self.candidates[i][1]['origin']}", self.lang),
                default=i in self.dropped,
            )
            for i in shown
        ]
        self.drop_select.max_values = len(shown)

    def embed(self) -> discord.Embed:
        lang = self.lang
        parts: dict[int, str] = {}
        diff: service.PlanDiff | None = None
        if self.target_id is not None:
            diff, parts = self._diff()
        lines: list[str] = []
        section: str | None = None
        for i in self._on_page():
            title, raw = self.candidates[i]
            if title != section:
                section = title
                lines.append(f"**{clamp(title or t('commitments.section.none', lang), 200)}**")
            marker = DIFF_MARKS.get(parts.get(i, ""), "") + ("💬" if raw["origin"] == "prose" else "•")
            text = clamp(raw["title"], 150)
            lines.append(f"`{i + 1}` {marker} " + (f"~~{text}~~" if i in self.dropped else text))
        if diff is not None and diff.removed and self.page == self.page_count - 1:
            lines.append(f"\n**{t('commitments.import.removed', lang, count=len(diff.removed))}**")
            lines += [f"– ~~{clamp(old.title, 150)}~~" for old in diff.removed[:20]]
        embed = discord.Embed(
            title=clamp(
                t("commitments.import.preview_title", lang, title=self.data["title"], year=self.data["year"]), 256
            ),
            description=clamp("\n".join(lines), 4000),
            colour=0xDA291C,
        )
        kept = self._kept()
        sections = len({self.candidates[i][0] for i in kept})
        footer = [t("commitments.import.preview_footer", lang, sections=sections, count=len(kept))]
        if self.dropped:
            footer[0] += " · " + t("commitments.import.preview_dropped", lang, count=len(self.dropped))
        if diff is not None:
            footer.append(
                t(
                    "commitments.import.diff_footer",
                    lang,
                    kept=len(diff.kept),
                    changed=len(diff.changed),
                    new=len(diff.new),
                    removed=len(diff.removed),
                )
            )
        if self.page_count > 1:
            footer.insert(0, t("common.page", lang, page=self.page + 1, pages=self.page_count))
        footer.append(t("commitments.import.legend", lang))
        if diff is not None:
            footer.append(t("commitments.import.diff_legend", lang))
        embed.set_footer(text="\n".join(footer))
        return embed

    async def _show(self, interaction: discord.Interaction) -> None:
        self._refresh()
        await interaction.response.edit_message(embed=self.embed(), view=self)

    # ------------------------------------------------------------------ components

    @discord.ui.select(custom_id="plan:drop", min_values=0, row=0, options=[discord.SelectOption(label="–")])
    async def drop_select(self, interaction: discord.Interaction, select: discord.ui.Select[PlanPreview]) -> None:
        shown = set(self._on_page())
        chosen = {int(value) for value in select.values} & shown
        self.dropped = (self.dropped - shown) | chosen
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
        kept = set(self._kept())
        if not kept:
            raise UserError("commitments.import.all_dropped")
        data = dict(self.data)
        data["sections"] = [dict(s, commitments=[]) for s in self.data["sections"]]
        index = 0
        for section, raw_section in zip(data["sections"], self.data["sections"], strict=True):
            for raw in raw_section["commitments"]:
                if index in kept:
                    section["commitments"].append(raw)
                index += 1
        bot, guild_id, lang = self.cog.bot, self.config.guild_id, self.lang
        async with bot.db.session() as session:
            if self.target_id is None:
                stored = await service.store_plan(session, guild_id, data, actor_id=interaction.user.id)
                diff = None
            else:
                diff = await service.reimport_plan(
                    session, guild_id, self.target_id, data, actor_id=interaction.user.id
                )
                stored = await service.get_plan(session, guild_id, self.target_id)
        self.stop()
        await bot.ledger.replan(reminders.DIGEST, guild_id=guild_id)
        if diff is None:
            content = t("commitments.plan.loaded", lang, title=stored.title, count=len(kept))
            await interaction.response.edit_message(content=content, embeds=[], view=None)
            await bot.audit(
                guild_id, interaction.user.id, "commitments.plan_import", title=stored.title, count=len(kept)
            )
            return
        counts = {
            "kept": len(diff.kept),
            "changed": len(diff.changed),
            "new": len(diff.new),
            "removed": len(diff.removed),
        }
        content = t("commitments.import.reimported", lang, title=stored.title, **counts)
        await interaction.response.edit_message(content=content, embeds=[], view=None)
        await bot.audit(guild_id, interaction.user.id, "commitments.plan_reimport", title=stored.title, **counts)

    @discord.ui.button(style=discord.ButtonStyle.secondary, custom_id="plan:cancel", row=2)
    async def cancel_button(self, interaction: discord.Interaction, button: discord.ui.Button[PlanPreview]) -> None:
        self.stop()
        await interaction.response.edit_message(content=t("common.cancelled", self.lang), embeds=[], view=None)


@app_commands.guild_only()
class CommitmentCog(commands.GroupCog, group_name="commitment", group_description="The plan's commitments"):
    def __init__(self, bot: RodBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.ledger.register(reminders.DIGEST, reminders.plan_digests, self.post_digest)
        self.bot.ledger.register(reminders.DUE_DM, reminders.plan_due_dms, self.send_due_dm)

    # ------------------------------------------------------------------ autocomplete

    async def commitment_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        async with self.bot.db.session() as session:
            found = await service.search(session, interaction.guild_id, current.lstrip("#"))
        return [app_commands.Choice(name=clamp(f"#{c.id} {c.title}", 100), value=str(c.id)) for c in found]

    async def plan_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        async with self.bot.db.session() as session:
            plans = await service.plans_of(session, interaction.guild_id)
        typed = current.casefold()
        return [
            app_commands.Choice(name=clamp(f"{p.title} ({p.year})", 100), value=str(p.id))
            for p in plans
            if typed in p.title.casefold()
        ][:25]

    async def section_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        async with self.bot.db.session() as session:
            sections = await service.sections_of(session, interaction.guild_id)
        typed = current.casefold()
        return [
            app_commands.Choice(name=clamp(s.title or "–", 100), value=str(s.id))
            for s in sections
            if typed in s.title.casefold()
        ][:25]

    async def link_value_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if getattr(interaction.namespace, "kind", None) != LinkKind.MEETING_AUDIENCE:
            return [app_commands.Choice(name=clamp(current, 100), value=current[:100])] if current else []
        lang = self.bot.language(interaction.guild_id)
        return [app_commands.Choice(name=t(f"commitments.audience.{a.value}", lang), value=a.value) for a in Audience]

    # ------------------------------------------------------------------ reading

    async def _send_list(
        self, interaction: discord.Interaction, config: GuildConfig, items: list[service.CommitmentInfo], title: str
    ) -> None:
        lang = config.language
        if not items:
            await reply(interaction, t("commitments.list.empty", lang))
            return
        pages = paginate([line_of(item, config, lang) for item in items], title=title)
        await Pager(interaction.user.id, lang, pages).send(interaction)

    @app_commands.command(name="list", description="List the commitments")
    @app_commands.describe(
        status="Only this status", section="Only this section", owner="Only this owner", plan="Only this plan"
    )
    @app_commands.autocomplete(section=section_autocomplete, plan=plan_autocomplete)
    @requires(Capability.EVERYONE)
    async def list_(
        self,
        interaction: discord.Interaction,
        status: Literal["planerad", "pågår", "klar", "inställd", "försenad"] | None = None,
        section: str | None = None,
        owner: discord.Member | discord.Role | None = None,
        plan: str | None = None,
    ) -> None:
        config = await config_of(interaction)
        owner_ids = None
        if isinstance(owner, discord.Member):
            owner_ids = [owner.id, *(r.id for r in owner.roles if not r.is_default())]
        elif isinstance(owner, discord.Role):
            owner_ids = [owner.id]
        async with self.bot.db.session() as session:
            items = await service.list_commitments(
                session,
                config.guild_id,
                today=service.local_today(config.timezone),
                status=status,
                section_id=_int(section, "commitments.section.not_found"),
                plan_id=_int(plan, "commitments.plan.not_found"),
                owner_ids=owner_ids,
            )
        await self._send_list(
            interaction, config, items, t("commitments.list.title", config.language, count=len(items))
        )

    @app_commands.command(name="mine", description="The commitments you own")
    @requires(Capability.EVERYONE)
    async def mine(self, interaction: discord.Interaction) -> None:
        config = await config_of(interaction)
        person = person_of(interaction)
        async with self.bot.db.session() as session:
            items = await service.list_commitments(
                session,
                config.guild_id,
                today=service.local_today(config.timezone),
                owner_ids=[person.user_id, *person.role_ids],
            )
        await self._send_list(
            interaction, config, items, t("commitments.mine.title", config.language, count=len(items))
        )

    @app_commands.command(name="show", description="Show a commitment with its progress and evidence")
    @app_commands.describe(commitment="The commitment")
    @app_commands.autocomplete(commitment=commitment_autocomplete)
    @requires(Capability.EVERYONE)
    async def show(self, interaction: discord.Interaction, commitment: str) -> None:
        config = await config_of(interaction)
        lang = config.language
        today = service.local_today(config.timezone)
        async with self.bot.db.session() as session:
            item = await service.info(session, config.guild_id, _commitment_id(commitment), today)
            updates = await service.updates_of(session, item.id)
            evidence = await evidence_for(session, config.guild_id, await service.links_of(session, item.id))
        embed = discord.Embed(
            title=clamp(f"#{item.id} {item.title}", 256),
            description=clamp(item.description, 2000) or None,
            colour=0xDA291C,
        )
        embed.add_field(
            name=t("commitments.show.status", lang),
            value=f"{EMOJI.get(item.shown_status, '')} {status_text(item.shown_status, lang)}",
        )
        embed.add_field(
            name=t("commitments.show.section", lang), value=item.section or t("commitments.section.none", lang)
        )
        embed.add_field(
            name=t("commitments.show.due", lang),
            value=format_day(item.due_date, lang) if item.due_date else t("common.none", lang),
        )
        embed.add_field(
            name=t("commitments.show.owners", lang),
            value=", ".join(item.owner_mentions) or t("commitments.show.no_owners", lang),
            inline=False,
        )
        if updates:
            lines = [
                t(
                    "commitments.show.update",
                    lang,
                    day=format_day(to_local(u.created_at, config.timezone).date(), lang),
                    author=f"<@{u.author_id}>",
                    status=status_text(u.new_status, lang) if u.new_status else "",
                    note=u.note or "–",
                )
                for u in updates[-5:]
            ]
            embed.add_field(name=t("commitments.show.updates", lang), value=clamp("\n".join(lines), 1024), inline=False)
        if evidence:
            lines = [t(e.key, lang, **e.values) for e in evidence]
            embed.add_field(
                name=t("commitments.show.evidence", lang), value=clamp("\n".join(lines), 1024), inline=False
            )
        await reply(interaction, embed=embed)

    # ------------------------------------------------------------------ writing

    @app_commands.command(name="add", description="Add a commitment to a plan")
    @app_commands.describe(plan="The plan (the newest if left out)")
    @app_commands.autocomplete(plan=plan_autocomplete)
    @requires(Capability.ORGANISER)
    async def add(self, interaction: discord.Interaction, plan: str | None = None) -> None:
        config = await config_of(interaction)
        plan_id = _int(plan, "commitments.plan.not_found")
        async with self.bot.db.session() as session:
            await service.get_plan(session, config.guild_id, plan_id)
        await interaction.response.send_modal(AddModal(self, config.language, plan_id))

    @app_commands.command(name="assign", description="Make a member or a role responsible for a commitment")
    @app_commands.describe(commitment="The commitment", owner="A member or a role")
    @app_commands.autocomplete(commitment=commitment_autocomplete)
    @requires(Capability.ORGANISER)
    async def assign(
        self, interaction: discord.Interaction, commitment: str, owner: discord.Member | discord.Role
    ) -> None:
        config = await config_of(interaction)
        lang = config.language
        kind = OwnerKind.ROLE if isinstance(owner, discord.Role) else OwnerKind.MEMBER
        cid = _commitment_id(commitment)
        async with self.bot.db.session() as session:
            added = await service.assign_owner(session, config.guild_id, cid, kind=kind, target_id=owner.id)
            row = await service.get_commitment(session, config.guild_id, cid)
        await self.bot.ledger.replan_object(reminders.DUE_DM, guild_id=config.guild_id, object_id=cid)
        key = "commitments.assign.done" if added else "commitments.assign.already"
        await reply(interaction, t(key, lang, owner=owner.mention, title=row.title))

    @app_commands.command(name="update", description="Report progress on a commitment")
    @app_commands.describe(commitment="The commitment", status="Its status now", note="What was done (optional)")
    @app_commands.autocomplete(commitment=commitment_autocomplete)
    @requires(Capability.EVERYONE)
    async def update(
        self,
        interaction: discord.Interaction,
        commitment: str,
        status: Literal["planerad", "pågår", "klar", "inställd"],
        note: app_commands.Range[str, 1, 1000] | None = None,
    ) -> None:
        config = await config_of(interaction)
        lang = config.language
        cid = _commitment_id(commitment)
        async with self.bot.db.session() as session:
            row, _old = await service.update_status(
                session,
                config.guild_id,
                cid,
                person=person_of(interaction),
                config=config,
                status=status,
                note=note or "",
            )
        await self.bot.ledger.replan_object(reminders.DUE_DM, guild_id=config.guild_id, object_id=cid)
        line = t(
            "commitments.update.public",
            lang,
            emoji=EMOJI[Status(status)],
            title=row.title,
            status=status_text(status, lang),
        )
        try:
            await deliver(self.bot, config.channel_id(ChannelPurpose.ORGANISERS), content=line)
        except (BlockedDelivery, TransientDeliveryError):
            await reply(
                interaction,
                t("commitments.update.done_unposted", lang, title=row.title, status=status_text(status, lang)),
            )
            return
        await reply(interaction, t("commitments.update.done", lang, title=row.title, status=status_text(status, lang)))

    @app_commands.command(name="due", description="Set when a commitment is due")
    @app_commands.describe(commitment="The commitment", date="The day, e.g. 2026-03-08 or 8 mars")
    @app_commands.autocomplete(commitment=commitment_autocomplete)
    @requires(Capability.EVERYONE)
    async def due(self, interaction: discord.Interaction, commitment: str, date: DueDate) -> None:
        config = await config_of(interaction)
        lang = config.language
        cid = _commitment_id(commitment)
        async with self.bot.db.session() as session:
            row = await service.set_due(
                session, config.guild_id, cid, person=person_of(interaction), config=config, due=date
            )
        await self.bot.ledger.replan_object(reminders.DUE_DM, guild_id=config.guild_id, object_id=cid)
        await reply(interaction, t("commitments.due.done", lang, title=row.title, day=format_day(date, lang)))

    @app_commands.command(name="remove", description="Remove a commitment")
    @app_commands.describe(commitment="The commitment")
    @app_commands.autocomplete(commitment=commitment_autocomplete)
    @requires(Capability.MODERATOR)
    async def remove(self, interaction: discord.Interaction, commitment: str) -> None:
        config = await config_of(interaction)
        lang = config.language
        cid = _commitment_id(commitment)
        async with self.bot.db.session() as session:
            row = await service.get_commitment(session, config.guild_id, cid)

        async def confirmed(confirm: discord.Interaction) -> None:
            async with self.bot.db.session() as session:
                title = await service.remove_commitment(session, config.guild_id, cid)
            await self.bot.ledger.replan_object(reminders.DUE_DM, guild_id=config.guild_id, object_id=cid)
            await confirm.response.edit_message(
                content=t("commitments.remove.done", lang, title=title), embeds=[], view=None
            )
            await self.bot.audit(config.guild_id, confirm.user.id, "commitments.remove", id=cid, title=title)

        view = ConfirmView(interaction, lang, confirmed)
        await reply(interaction, t("commitments.remove.confirm", lang, title=row.title), view=view)

    @app_commands.command(name="link", description="Link evidence (meetings or a phone campaign) to a commitment")
    @app_commands.describe(
        commitment="The commitment",
        kind="What kind of evidence",
        value="The meetings' audience or title, or the campaign's name or number",
    )
    @app_commands.autocomplete(commitment=commitment_autocomplete, value=link_value_autocomplete)
    @requires(Capability.ORGANISER)
    async def link(
        self,
        interaction: discord.Interaction,
        commitment: str,
        kind: Literal["meeting_audience", "meeting_title", "campaign"],
        value: app_commands.Range[str, 1, 120],
    ) -> None:
        config = await config_of(interaction)
        lang = config.language
        if kind == LinkKind.MEETING_AUDIENCE and value not in {a.value for a in Audience}:
            raise UserError("commitments.link.bad_audience", audiences=or_list(Audience, lang))
        cid = _commitment_id(commitment)
        async with self.bot.db.session() as session:
            added = await service.add_link(session, config.guild_id, cid, kind=kind, value=value)
            row = await service.get_commitment(session, config.guild_id, cid)
        key = "commitments.link.done" if added else "commitments.link.already"
        await reply(
            interaction, t(key, lang, title=row.title, kind=t(f"commitments.link.kind.{kind}", lang), value=value)
        )

    @app_commands.command(name="digest", description="Set the day and time of the weekly digest to the organisers")
    @app_commands.describe(weekday="The day of the week", time="Local time, e.g. 09:00")
    @requires(Capability.MODERATOR)
    async def digest(
        self,
        interaction: discord.Interaction,
        weekday: Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
        time: DigestTime,
    ) -> None:
        config = await config_of(interaction)
        lang = config.language
        day_number = EN_WEEKDAYS.index(weekday)
        service.check_digest_time(day_number, time, today=service.local_today(config.timezone), zone=config.timezone)
        async with self.bot.db.session() as session:
            await service.set_digest(session, config.guild_id, weekday=day_number, hour=time.hour, minute=time.minute)
        await self.bot.ledger.replan(reminders.DIGEST, guild_id=config.guild_id)
        day = t(f"commitments.weekday.{weekday}", lang)
        clock_text = format_clock(time, lang)
        await reply(interaction, t("commitments.digest.set", lang, day=day, time=clock_text))
        await self.bot.audit(config.guild_id, interaction.user.id, "commitments.digest", day=day, time=clock_text)

    @app_commands.command(name="report", description="Write the year-end report draft of a plan")
    @app_commands.describe(plan="The plan (the newest if left out)", format="Markdown or PDF")
    @app_commands.autocomplete(plan=plan_autocomplete)
    @requires(Capability.ORGANISER)
    async def report_(
        self,
        interaction: discord.Interaction,
        plan: str | None = None,
        format: Literal["markdown", "pdf"] = "markdown",
    ) -> None:
        config = await config_of(interaction)
        lang = config.language
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.bot.db.session() as session:
            data = await report.build_report(
                session,
                config.guild_id,
                _int(plan, "commitments.plan.not_found"),
                today=service.local_today(config.timezone),
                timezone=config.timezone,
            )
        names, roles = self._names(interaction.guild, data)
        chart = report.render_chart(data, lang)
        if format == "pdf":
            body = report.render_pdf(data, lang, chart=chart, names=names, roles=roles)
            files = [discord.File(io.BytesIO(body), filename=report.report_filename(data.plan, "pdf"))]
        else:
            text = report.render_markdown(data, lang, names=names, roles=roles, chart_name="status.png")
            files = [
                discord.File(io.BytesIO(text.encode("utf-8")), filename=report.report_filename(data.plan, "md")),
                discord.File(io.BytesIO(chart), filename="status.png"),
            ]
        await reply(interaction, t("commitments.report.ready", lang, title=data.plan.title), files=files)

    @staticmethod
    def _names(guild: discord.Guild | None, data: report.ReportData) -> tuple[dict[int, str], dict[int, str]]:
        names: dict[int, str] = {}
        roles: dict[int, str] = {}
        if guild is None:
            return names, roles
        for item in data.items:
            for user_id in [*item.info.owner_user_ids, *(u.author_id for u in item.updates)]:
                member = guild.get_member(user_id)
                if member is not None:
                    names[user_id] = member.display_name
            for role_id in item.info.owner_role_ids:
                role = guild.get_role(role_id)
                if role is not None:
                    roles[role_id] = role.name
        return names, roles

    # ------------------------------------------------------------------ scheduled

    async def post_digest(self, occurrence: Occurrence) -> None:
        config = await self.bot.guild_config(occurrence.guild_id)
        lang = config.language
        today = service.local_today(config.timezone)
        async with self.bot.db.session() as session:
            digest = await reminders.digest_for(session, occurrence.guild_id, today=today, now=self.bot.ledger.now())
        if digest.empty:
            return
        parts = []
        for key, items in (
            ("commitments.digest.overdue", digest.overdue),
            ("commitments.digest.due_soon", digest.due_soon),
            ("commitments.digest.stale", digest.stale),
        ):
            if items:
                lines = [line_of(item, config, lang) for item in items]
                parts.append(f"**{t(key, lang, count=len(items))}**\n" + "\n".join(lines))
        embed = discord.Embed(
            title=t("commitments.digest.title", lang), description=clamp("\n\n".join(parts), 4096), colour=0xDA291C
        )
        await post_occurrence(
            self.bot,
            occurrence,
            config.channel_id(ChannelPurpose.ORGANISERS),
            private=ChannelPurpose.ORGANISERS,
            embed=embed,
        )

    async def send_due_dm(self, occurrence: Occurrence) -> None:
        config = await self.bot.guild_config(occurrence.guild_id)
        lang = config.language
        today = service.local_today(config.timezone)
        async with self.bot.db.session() as session:
            try:
                item = await service.info(session, occurrence.guild_id, int(occurrence.object_id), today)
            except UserError:
                raise SkipDelivery() from None
        if item.due_date is None or occurrence.occurrence_key != f"due:{item.due_date.isoformat()}":
            raise SkipDelivery()
        if item.status in CLOSED_STATUSES:
            raise SkipDelivery()
        recipients = list(dict.fromkeys(item.owner_user_ids))
        guild = self.bot.get_guild(occurrence.guild_id)
        if guild is not None:
            for role_id in item.owner_role_ids:
                role = guild.get_role(role_id)
                if role is not None:
                    recipients += [m.id for m in role.members if m.id not in recipients and not m.bot]
        text = t(
            "commitments.due_dm",
            lang,
            title=item.title,
            day=format_day(item.due_date, lang),
            status=status_text(item.shown_status, lang),
            id=item.id,
        )
        # Owners whose DMs are closed are mentioned in the organisers' channel, where commitments are followed.
        lost = await dm_or_mention(
            self.bot,
            occurrence.guild_id,
            recipients[:MAX_DM_RECIPIENTS],
            text,
            fallback=ChannelPurpose.ORGANISERS,
            what_key="private.what.commitment_reminder",
        )
        if lost:
            raise OutcomeUnknown("commitment reminder")
