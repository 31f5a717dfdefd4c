"""Phone campaigns for organisers and moderators: create, import, pause/resume/close, stats, export, purge,
and the help queue of contacts that need an organiser. Calling itself lives in `views.py`."""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import logging
import re
import time
from typing import Any
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot.bot import RodBot
from bot.campaigns import importer, service
from bot.campaigns.importer import ImportFormatError, Parsed
from bot.campaigns.models import (
    DEFAULT_CLAIM_MINUTES,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_RETRY_COOLDOWN_HOURS,
    Campaign,
    CampaignStatus,
)
from bot.clock import now
from bot.errors import UserError
from bot.i18n import format_datetime, format_day, t
from bot.ledger import Occurrence, SkipDelivery
from bot.permissions import Capability
from bot.timeparse import to_local
from cogs._shared.interactions import clamp, reply
from cogs._shared.ui import BaseModal, ConfirmView, PersistentButton, config_of, gate, requires
from cogs.campaigns._shared import COLOUR, VIEW_MEMORY, campaign_autocomplete, vault_of

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 2.0
BIG_FILE_BYTES = 200_000  # about 5 000 rows: from here on the import shows its progress
HELP_PAGE = 5


def progress_bar(done: int, total: int, width: int = 12) -> tuple[str, int]:
    share = done / total if total else 0.0
    filled = round(share * width)
    return "▰" * filled + "▱" * (width - filled), round(share * 100)


class CreateModal(BaseModal):
    def __init__(self, cog: Campaigns, lang: str, options: dict[str, Any]) -> None:
        super().__init__(title=t("campaigns.create.modal_title", lang), custom_id="campaigns:create")
        self.cog = cog
        self.lang = lang
        self.options = options
        self.script: discord.ui.TextInput[CreateModal] = discord.ui.TextInput(
            label=t("campaigns.create.script", lang),
            placeholder=t("campaigns.create.script_placeholder", lang),
            style=discord.TextStyle.paragraph,
            custom_id="script",
            max_length=1500,
            required=False,
        )
        self.questions: discord.ui.TextInput[CreateModal] = discord.ui.TextInput(
            label=t("campaigns.create.questions", lang),
            style=discord.TextStyle.paragraph,
            custom_id="questions",
            max_length=1000,
            required=False,
        )
        self.add_item(self.script)
        self.add_item(self.questions)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await gate(interaction, Capability.ORGANISER)
        questions = [line.strip(" -•\t") for line in (self.questions.value or "").splitlines()]
        questions = [q[:100] for q in questions if q][: service.MAX_QUESTIONS]
        bot = self.cog.bot
        assert interaction.guild_id is not None
        async with bot.db.session() as session:
            campaign = await service.create_campaign(
                session,
                guild_id=interaction.guild_id,
                created_by=interaction.user.id,
                now=now(),
                script=self.script.value or "",
                questions=questions,
                **self.options,
            )
        await reply(
            interaction,
            t(
                "campaigns.create.done",
                self.lang,
                name=campaign.name,
                questions=len(campaign.questions),
                hours=campaign.retry_cooldown_hours,
                attempts=campaign.max_attempts,
                minutes=campaign.claim_minutes,
            ),
        )
        await bot.audit(
            interaction.guild_id, interaction.user.id, "campaigns.create", name=campaign.name, campaign_id=campaign.id
        )


class ResolveButton(PersistentButton, template=r"campaigns:resolve:(?P<contact>\d+):(?P<how>back|done)"):
    """An organiser solves a contact that waits for them (persistent: works after a restart)."""

    def __init__(self, contact_id: int, how: str, label: str = "") -> None:
        super().__init__(
            f"campaigns:resolve:{contact_id}:{how}",
            label=label or f"#{contact_id} {how}",
            style=discord.ButtonStyle.success if how == "back" else discord.ButtonStyle.secondary,
        )
        self.contact_id = contact_id
        self.how = how

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> ResolveButton:
        return cls(int(match["contact"]), match["how"], item.label or "")

    async def clicked(self, interaction: discord.Interaction, bot: RodBot) -> None:
        config = await gate(interaction, Capability.ORGANISER)
        lang = config.language
        async with bot.db.session() as session:
            await service.resolve(
                session,
                guild_id=config.guild_id,
                contact_id=self.contact_id,
                back_to_list=self.how == "back",
                now=now(),
            )
        key = "campaigns.help.resolved_back" if self.how == "back" else "campaigns.help.resolved_done"
        await reply(interaction, t(key, lang, id=self.contact_id))
        await bot.audit(
            config.guild_id,
            interaction.user.id,
            "campaigns.resolve",
            contact_id=self.contact_id,
            how=t(key, lang, id=self.contact_id),
        )


@app_commands.guild_only()
class Campaigns(commands.GroupCog, group_name="campaign", group_description="Phone campaigns"):
    def __init__(self, bot: RodBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(ResolveButton)
        self.bot.ledger.register(service.PURGE_KIND, service.purge_planner, self._purge_due)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ResolveButton)

    async def _purge_due(self, occurrence: Occurrence) -> None:
        async with self.bot.db.session() as session:
            campaign = await session.get(Campaign, int(occurrence.object_id))
            if campaign is None or campaign.purged_at is not None:
                raise SkipDelivery()
            count = await service.purge(session, campaign, now())
            name, campaign_id = campaign.name, campaign.id
        await self.bot.audit(
            occurrence.guild_id, None, "campaigns.purge", name=name, campaign_id=campaign_id, count=count
        )

    async def _campaign(self, guild_id: int, ref: str) -> Campaign:
        async with self.bot.db.session() as session:
            return await service.find_campaign(session, guild_id, ref)

    # ------------------------------------------------------------------ create and status

    @app_commands.command(name="create", description="Create a phone campaign (script and questions next)")
    @app_commands.describe(
        name="The campaign's name",
        description="A short description",
        retry_cooldown_hours=app_commands.locale_str(
            f"Hours before an unanswered number is tried again ({DEFAULT_RETRY_COOLDOWN_HOURS})",
            default=DEFAULT_RETRY_COOLDOWN_HOURS,
        ),
        max_attempts=app_commands.locale_str(
            f"Most unanswered attempts per contact ({DEFAULT_MAX_ATTEMPTS})", default=DEFAULT_MAX_ATTEMPTS
        ),
        claim_minutes=app_commands.locale_str(
            f"Minutes a contact stays reserved for its caller ({DEFAULT_CLAIM_MINUTES})", default=DEFAULT_CLAIM_MINUTES
        ),
        show_extra_fields="Show the list's other columns to callers",
    )
    @requires(Capability.ORGANISER)
    async def create(
        self,
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, 100],
        description: app_commands.Range[str, 0, 500] = "",
        retry_cooldown_hours: app_commands.Range[int, 1, 336] = DEFAULT_RETRY_COOLDOWN_HOURS,
        max_attempts: app_commands.Range[int, 1, 20] = DEFAULT_MAX_ATTEMPTS,
        claim_minutes: app_commands.Range[int, 5, 240] = DEFAULT_CLAIM_MINUTES,
        show_extra_fields: bool = False,
    ) -> None:
        config = await config_of(interaction)
        options = {
            "name": name,
            "description": description,
            "retry_cooldown_hours": retry_cooldown_hours,
            "max_attempts": max_attempts,
            "claim_minutes": claim_minutes,
            "show_extra_fields": show_extra_fields,
        }
        async with self.bot.db.session() as session:
            try:
                await service.find_campaign(session, config.guild_id, name)
            except UserError:
                pass
            else:
                raise UserError("campaigns.error.name_taken", name=" ".join(name.split()))
        await interaction.response.send_modal(CreateModal(self, config.language, options))

    async def _set_status(
        self, interaction: discord.Interaction, ref: str, status: CampaignStatus, key: str, action: str
    ) -> None:
        config = await config_of(interaction)
        lang = config.language
        moment = now()
        async with self.bot.db.session() as session:
            campaign = await service.find_campaign(session, config.guild_id, ref)
            await service.set_status(session, campaign, status, moment)
        when = ""
        if status is CampaignStatus.CLOSED:
            due = service.purge_due_at(campaign)
            when = format_day(to_local(due, config.timezone).date(), lang) if due else ""
            await self.bot.ledger.replan_object(service.PURGE_KIND, guild_id=campaign.guild_id, object_id=campaign.id)
        await reply(interaction, t(key, lang, name=campaign.name, when=when))
        await self.bot.audit(config.guild_id, interaction.user.id, action, name=campaign.name, campaign_id=campaign.id)

    @app_commands.command(name="pause", description="Pause a phone campaign")
    @app_commands.describe(campaign="The campaign")
    @app_commands.autocomplete(campaign=campaign_autocomplete)
    @requires(Capability.ORGANISER)
    async def pause(self, interaction: discord.Interaction, campaign: str) -> None:
        await self._set_status(interaction, campaign, CampaignStatus.PAUSED, "campaigns.paused", "campaigns.pause")

    @app_commands.command(name="resume", description="Resume a paused phone campaign")
    @app_commands.describe(campaign="The campaign")
    @app_commands.autocomplete(campaign=campaign_autocomplete)
    @requires(Capability.ORGANISER)
    async def resume(self, interaction: discord.Interaction, campaign: str) -> None:
        await self._set_status(interaction, campaign, CampaignStatus.ACTIVE, "campaigns.resumed", "campaigns.resume")

    @app_commands.command(name="close", description="Close a phone campaign (personal data erased after 30 days)")
    @app_commands.describe(campaign="The campaign")
    @app_commands.autocomplete(campaign=campaign_autocomplete)
    @requires(Capability.ORGANISER)
    async def close(self, interaction: discord.Interaction, campaign: str) -> None:
        await self._set_status(interaction, campaign, CampaignStatus.CLOSED, "campaigns.closed", "campaigns.close")

    # ------------------------------------------------------------------ import

    @app_commands.command(name="import", description="Import a call list (CSV or XLSX)")
    @app_commands.describe(campaign="The campaign", file="The call list as CSV or XLSX")
    @app_commands.autocomplete(campaign=campaign_autocomplete)
    @requires(Capability.ORGANISER)
    async def import_(self, interaction: discord.Interaction, campaign: str, file: discord.Attachment) -> None:
        config = await config_of(interaction)
        lang = config.language
        vault = vault_of(self.bot)
        found = await self._campaign(config.guild_id, campaign)
        if found.status == CampaignStatus.CLOSED:
            raise UserError("campaigns.error.closed", name=found.name)
        if file.size > importer.MAX_BYTES:
            raise ImportFormatError("campaigns.import.error.too_large", megabytes=importer.MAX_BYTES // (1024 * 1024))
        await interaction.response.defer(ephemeral=True, thinking=True)
        filename = file.filename
        data = await file.read()
        parsed = await self._parse_with_progress(interaction, data, filename, lang)
        async with self.bot.db.session() as session:
            plan = await service.plan_import(session, vault, found, parsed)
        embed = self._preview_embed(plan, parsed, found, filename, lang)
        if not plan.new:
            await interaction.edit_original_response(
                content=t("campaigns.import.nothing_new", lang), embed=embed, view=None
            )
            return
        campaign_id = found.id
        user_id = interaction.user.id

        async def confirm(clicked: discord.Interaction) -> None:
            await clicked.response.edit_message(content=t("campaigns.import.storing", lang), embed=None, view=None)

            async def store(session: Any) -> tuple[service.ImportPlan, Campaign]:
                current = await session.get(Campaign, campaign_id)
                return await service.store_import(session, vault, current, parsed, now()), current

            stored, current = await self.bot.db.run_write(store)
            await clicked.edit_original_response(
                content=t("campaigns.import.done", lang, stored=len(stored.new), name=current.name)
            )
            await self.bot.audit(
                config.guild_id,
                user_id,
                "campaigns.import",
                name=current.name,
                campaign_id=campaign_id,
                stored=len(stored.new),
            )

        await interaction.edit_original_response(
            content=t("campaigns.import.confirm_hint", lang, valid=len(plan.new)),
            embed=embed,
            view=ConfirmView(interaction, lang, confirm),
        )

    async def _parse_with_progress(
        self, interaction: discord.Interaction, data: bytes, filename: str, lang: str
    ) -> Parsed:
        """Parse in a worker thread; a large file shows a message that updates while it works."""
        loop = asyncio.get_running_loop()
        big = len(data) > BIG_FILE_BYTES
        shown_at = [time.perf_counter()]
        edits: list[concurrent.futures.Future[Any]] = []

        async def show(done: int, total: int) -> None:
            try:
                await interaction.edit_original_response(
                    content=t(
                        "campaigns.import.progress",
                        lang,
                        file=clamp(filename, 80),
                        done=done,
                        total=max(total, done),
                    )
                )
            except discord.HTTPException:
                log.warning("could not show import progress")

        def progress(done: int, total: int) -> None:  # runs in the worker thread
            if big and time.perf_counter() - shown_at[0] >= PROGRESS_INTERVAL:
                shown_at[0] = time.perf_counter()
                edits.append(asyncio.run_coroutine_threadsafe(show(done, total), loop))

        if big:
            await interaction.edit_original_response(
                content=t("campaigns.import.reading", lang, file=clamp(filename, 80))
            )
        try:
            return await asyncio.to_thread(importer.parse_file, data, filename, progress)
        except ImportFormatError:
            raise
        except Exception as error:
            # the type only: a parser's message may quote a cell of the list
            log.warning("unreadable call list: %s", type(error).__name__)
            raise ImportFormatError("campaigns.import.error.unreadable") from None
        finally:
            # every progress edit lands before the preview replaces it
            await asyncio.gather(*(asyncio.wrap_future(edit) for edit in edits), return_exceptions=True)

    def _preview_embed(
        self, plan: service.ImportPlan, parsed: Parsed, campaign: Campaign, filename: str, lang: str
    ) -> discord.Embed:
        embed = discord.Embed(
            title=clamp(t("campaigns.import.preview_title", lang, file=filename, name=campaign.name), 256),
            description=t(
                "campaigns.import.preview",
                lang,
                read=plan.rows_read,
                valid=len(plan.new),
                duplicates=plan.duplicates,
                already=plan.already,
                blocked=plan.do_not_call,
                invalid=len(plan.invalid),
            ),
            colour=COLOUR,
        )
        embed.add_field(
            name=t("campaigns.import.columns", lang),
            value=", ".join(t(f"campaigns.import.column.{c}", lang) for c in parsed.columns),
            inline=False,
        )
        if plan.invalid:
            lines = [
                t("campaigns.import.invalid_row", lang, row=row, reason=t(f"campaigns.import.reason.{reason}", lang))
                for row, reason in plan.invalid[:15]
            ]
            if len(plan.invalid) > 15:
                lines.append(t("campaigns.import.invalid_more", lang, count=len(plan.invalid) - 15))
            embed.add_field(name=t("campaigns.import.invalid_title", lang), value=clamp("\n".join(lines), 1024))
        return embed

    # ------------------------------------------------------------------ following and finishing

    @app_commands.command(name="stats", description="Progress, outcomes and answers of a phone campaign")
    @app_commands.describe(campaign="The campaign")
    @app_commands.autocomplete(campaign=campaign_autocomplete)
    @requires(Capability.ORGANISER)
    async def stats(self, interaction: discord.Interaction, campaign: str) -> None:
        config = await config_of(interaction)
        lang = config.language
        async with self.bot.db.session() as session:
            found = await service.find_campaign(session, config.guild_id, campaign)
            numbers = await service.stats(session, vault_of(self.bot), found, now())
        bar, percent = progress_bar(numbers.done, numbers.total)
        embed = discord.Embed(
            title=clamp(t("campaigns.stats.title", lang, name=found.name), 256),
            description=t(
                "campaigns.stats.progress", lang, bar=bar, percent=percent, done=numbers.done, total=numbers.total
            )
            + "\n"
            + t("campaigns.stats.status", lang, status=t(f"campaigns.status.{found.status}", lang)),
            colour=COLOUR,
        )
        embed.add_field(
            name=t("campaigns.stats.state", lang),
            value=t(
                "campaigns.stats.state_lines",
                lang,
                ready=numbers.ready,
                claimed=numbers.claimed,
                waiting=numbers.waiting,
                held=numbers.held,
                done=numbers.done,
            ),
        )
        embed.add_field(
            name=t("campaigns.stats.outcomes", lang, count=numbers.recorded),
            value="\n".join(
                f"{t(f'campaigns.outcome.{outcome}', lang)}: {count}" for outcome, count in numbers.outcomes.items()
            )
            or "–",
        )
        embed.add_field(
            name=t("campaigns.stats.callers", lang),
            value=t("campaigns.stats.callers_value", lang, count=numbers.callers),
        )
        for question, answers in numbers.answers:
            embed.add_field(
                name=clamp(question, 256),
                value=clamp("\n".join(f"{answer}: {count}" for answer, count in answers), 1024)
                or t("campaigns.stats.no_answers", lang),
                inline=False,
            )
        if numbers.branches:
            embed.add_field(
                name=t("campaigns.stats.branches", lang),
                value=clamp(
                    "\n".join(
                        t(
                            "campaigns.stats.branch_line",
                            lang,
                            branch=branch or t("campaigns.stats.no_branch", lang),
                            done=done,
                            total=total,
                        )
                        for branch, total, done in numbers.branches[:20]
                    ),
                    1024,
                ),
                inline=False,
            )
        await reply(interaction, embed=embed)

    @app_commands.command(name="export", description="Export outcomes and answers as CSV (moderators)")
    @app_commands.describe(campaign="The campaign")
    @app_commands.autocomplete(campaign=campaign_autocomplete)
    @requires(Capability.MODERATOR)
    async def export(self, interaction: discord.Interaction, campaign: str) -> None:
        config = await config_of(interaction)
        lang = config.language
        vault = vault_of(self.bot)
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.bot.db.session() as session:
            found = await service.find_campaign(session, config.guild_id, campaign)
            export = await service.export_csv(session, vault, found, lang)
        stamp = to_local(now(), config.timezone).date().isoformat()
        safe = re.sub(r"[^\w-]+", "-", found.name).strip("-") or "kampanj"
        text = t("campaigns.export.ready", lang, name=found.name, count=export.contacts)
        if export.unreadable:
            text += " " + t("campaigns.export.unreadable_rows", lang, count=export.unreadable)
        await reply(interaction, text, file=discord.File(io.BytesIO(export.data), filename=f"{safe}-{stamp}.csv"))
        await self.bot.audit(
            config.guild_id,
            interaction.user.id,
            "campaigns.export",
            name=found.name,
            campaign_id=found.id,
            count=export.contacts,
        )

    @app_commands.command(name="purge", description="Erase a campaign's personal data now (moderators)")
    @app_commands.describe(campaign="The campaign")
    @app_commands.autocomplete(campaign=campaign_autocomplete)
    @requires(Capability.MODERATOR)
    async def purge(self, interaction: discord.Interaction, campaign: str) -> None:
        config = await config_of(interaction)
        lang = config.language
        found = await self._campaign(config.guild_id, campaign)
        if found.purged_at is not None:
            await reply(interaction, t("campaigns.purge.already", lang, name=found.name))
            return
        async with self.bot.db.session() as session:
            count = await service.contact_count(session, found)
        campaign_id = found.id

        async def confirm(clicked: discord.Interaction) -> None:
            async def work(session: Any) -> tuple[int, Campaign]:
                current = await session.get(Campaign, campaign_id)
                return await service.purge(session, current, now()), current

            erased, current = await self.bot.db.run_write(work)
            await clicked.response.edit_message(
                content=t("campaigns.purge.done", lang, count=erased, name=current.name), view=None
            )
            await self.bot.ledger.replan_object(service.PURGE_KIND, guild_id=current.guild_id, object_id=campaign_id)
            await self.bot.audit(
                config.guild_id,
                clicked.user.id,
                "campaigns.purge",
                name=current.name,
                campaign_id=campaign_id,
                count=erased,
            )

        await reply(
            interaction,
            t("campaigns.purge.confirm", lang, count=count, name=found.name),
            view=ConfirmView(interaction, lang, confirm),
        )

    @app_commands.command(name="help-queue", description="Contacts waiting for an organiser")
    @requires(Capability.ORGANISER)
    async def help_queue(self, interaction: discord.Interaction) -> None:
        config = await config_of(interaction)
        lang = config.language
        vault = vault_of(self.bot)
        async with self.bot.db.session() as session:
            items = await service.help_queue(session, vault, config.guild_id, limit=HELP_PAGE)
            waiting = await service.held_count(session, config.guild_id)
        if not items:
            await reply(interaction, t("campaigns.help.empty", lang))
            return
        lines = [
            t(
                "campaigns.help.item",
                lang,
                id=item.contact_id,
                campaign=item.campaign_name,
                branch=item.branch or t("campaigns.stats.no_branch", lang),
                caller=f"<@{item.caller_id}>" if item.caller_id else "?",
                when=format_datetime(item.since, ZoneInfo(config.timezone), lang) if item.since else "",
                message=clamp(item.message.replace("\n", " "), 300),
            )
            for item in items
        ]
        view = discord.ui.View(timeout=VIEW_MEMORY)
        for item in items:
            view.add_item(ResolveButton(item.contact_id, "back", t("campaigns.help.back", lang, id=item.contact_id)))
            view.add_item(ResolveButton(item.contact_id, "done", t("campaigns.help.done", lang, id=item.contact_id)))
        embed = discord.Embed(
            title=t("campaigns.help.title", lang), description=clamp("\n\n".join(lines), 4000), colour=COLOUR
        )
        if waiting > len(items):
            embed.set_footer(text=t("campaigns.help.more", lang, shown=len(items), total=waiting))
        await reply(interaction, embed=embed, view=view)
