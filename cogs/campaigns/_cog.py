"""The commands of phone campaigns: `/campaign` for organisers and moderators (create, import, pause, resume,
close, stats, export, purge, the help queue of contacts that need an organiser) and `/call` for callers (the next
contact, their own counts). The buttons and forms are in `views.py`, what they show in `render.py`."""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import logging
import time
from typing import Any
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.campaigns import importer, imports, lifecycle, outcomes, reports, retention
from bot.campaigns.crypto import Vault
from bot.campaigns.importer import ImportFormatError, Parsed
from bot.campaigns.imports import ImportPlan
from bot.campaigns.models import (
    DEFAULT_CLAIM_MINUTES,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_RETRY_COOLDOWN_HOURS,
    CampaignStatus,
)
from bot.campaigns.retention import Purged
from bot.clock import now
from bot.i18n import format_day, format_number, t, tn
from bot.ledger import Occurrence, SkipDelivery
from bot.permissions import Capability
from bot.timeparse import to_local
from cogs._shared.feature import FeatureCog, delivers
from cogs._shared.interactions import clamp, reply
from cogs._shared.language import reply_language
from cogs._shared.ui import ConfirmView, bot_of, config_of, requires
from cogs.campaigns import render
from cogs.campaigns.notice import refresh_help_notice
from cogs.campaigns.views import (
    ActionButton,
    CardResolveButton,
    CreateModal,
    NextButton,
    ResolveButton,
    TakeButton,
    hand_out,
    help_queue_view,
)

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 2.0
BIG_FILE_BYTES = 200_000  # about 5 000 rows: from here on the import shows its progress
HELP_PAGE = 5  # one row of buttons each, and a message has five rows


async def campaign_choices(
    interaction: discord.Interaction, current: str, *, statuses: tuple[str, ...] | None = None
) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    async with bot_of(interaction).db.session() as session:
        campaigns = await lifecycle.list_campaigns(session=session, guild_id=interaction.guild_id, statuses=statuses)
    typed = current.strip().lower()
    return [
        app_commands.Choice(name=clamp(c.name, 100), value=c.name)
        for c in reversed(campaigns)
        if typed in c.name.lower()
    ][:25]


async def campaign_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return await campaign_choices(interaction, current)


async def running_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return await campaign_choices(interaction, current, statuses=(CampaignStatus.ACTIVE,))


# ---------------------------------------------------------------------------- /campaign


@app_commands.guild_only()
class Campaigns(FeatureCog, group_name="campaign", group_description="Phone campaigns"):
    buttons = (TakeButton, ResolveButton, CardResolveButton)

    @delivers(retention.PURGE_KIND, retention.purge_planner)
    async def _purge_due(self, occurrence: Occurrence) -> None:
        async with self.bot.db.session() as session:
            purged = await retention.purge_on_time(session=session, campaign_id=int(occurrence.object_id), now=now())
        if purged is None:
            raise SkipDelivery()
        await self.bot.audit(
            occurrence.guild_id,
            None,
            "campaigns.purge",
            name=purged.name,
            campaign_id=int(occurrence.object_id),
            count=purged.count,
        )

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
            await lifecycle.ensure_name_free(session=session, guild_id=config.guild_id, name=name)
        await interaction.response.send_modal(CreateModal(reply_language(interaction, config), options))

    async def _set_status(
        self, interaction: discord.Interaction, ref: str, status: CampaignStatus, key: str, action: str
    ) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        moment = now()
        async with self.bot.db.session() as session:
            campaign = await lifecycle.find_campaign(session=session, guild_id=config.guild_id, ref=ref)
            await lifecycle.set_status(session=session, campaign=campaign, status=status, now=moment)
        when = ""
        if status is CampaignStatus.CLOSED:
            due = lifecycle.purge_due_at(campaign)
            when = format_day(to_local(due, config.timezone).date(), lang) if due else ""
            await self.bot.ledger.replan_object(retention.PURGE_KIND, guild_id=campaign.guild_id, object_id=campaign.id)
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
        lang = reply_language(interaction, config)
        vault = Vault(self.bot.settings.data_key)
        async with self.bot.db.session() as session:
            found = await lifecycle.find_campaign(session=session, guild_id=config.guild_id, ref=campaign)
        imports.ensure_importable(found)
        importer.ensure_size(file.size)
        await interaction.response.defer(ephemeral=True, thinking=True)
        filename = file.filename
        data = await file.read()
        parsed = await self._parse_with_progress(interaction, data, filename, lang)
        async with self.bot.db.session() as session:
            plan = await imports.plan_import(session=session, vault=vault, campaign=found, parsed=parsed)
        embed = render.preview_embed(plan, parsed, found, filename, lang)
        if not plan.new:
            await interaction.edit_original_response(
                content=t("campaigns.import.nothing_new", lang), embed=embed, view=None
            )
            return
        campaign_id = found.id
        user_id = interaction.user.id

        async def store(*, session: AsyncSession) -> ImportPlan:
            return await imports.store_import(
                session=session, vault=vault, campaign_id=campaign_id, parsed=parsed, now=now()
            )

        async def confirm(clicked: discord.Interaction) -> None:
            await clicked.response.edit_message(content=t("campaigns.import.storing", lang), embed=None, view=None)
            stored = await self.bot.db.run_write(store)
            await clicked.edit_original_response(
                content=tn("campaigns.import.done", len(stored.new), lang, name=found.name)
            )
            await self.bot.audit(
                config.guild_id,
                user_id,
                "campaigns.import",
                name=found.name,
                campaign_id=campaign_id,
                stored=len(stored.new),
            )

        await interaction.edit_original_response(
            content=tn("campaigns.import.confirm_hint", len(plan.new), lang),
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
                    content=tn(
                        "campaigns.import.progress",
                        max(total, done),
                        lang,
                        file=clamp(filename, 80),
                        done=format_number(done, lang),
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

    # ------------------------------------------------------------------ following and finishing

    @app_commands.command(name="stats", description="Progress, outcomes and answers of a phone campaign")
    @app_commands.describe(campaign="The campaign")
    @app_commands.autocomplete(campaign=campaign_autocomplete)
    @requires(Capability.ORGANISER)
    async def stats(self, interaction: discord.Interaction, campaign: str) -> None:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            found = await lifecycle.find_campaign(session=session, guild_id=config.guild_id, ref=campaign)
            numbers = await reports.stats(
                session=session, vault=Vault(self.bot.settings.data_key), campaign=found, now=now()
            )
        await reply(interaction, embed=render.stats_embed(found, numbers, reply_language(interaction, config)))

    @app_commands.command(name="export", description="Export outcomes and answers as CSV (moderators)")
    @app_commands.describe(campaign="The campaign")
    @app_commands.autocomplete(campaign=campaign_autocomplete)
    @requires(Capability.MODERATOR)
    async def export(self, interaction: discord.Interaction, campaign: str) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        vault = Vault(self.bot.settings.data_key)
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.bot.db.session() as session:
            found = await lifecycle.find_campaign(session=session, guild_id=config.guild_id, ref=campaign)
            export = await reports.export(session=session, vault=vault, campaign=found)
        data = await asyncio.to_thread(render.export_csv, export, lang)  # a large list takes a while to write
        filename = render.export_filename(found.name, to_local(now(), config.timezone).date())
        text = tn("campaigns.export.ready", len(export.rows), lang, name=found.name)
        if export.unreadable:
            text += " " + tn("campaigns.export.unreadable_rows", export.unreadable, lang)
        await reply(interaction, text, file=discord.File(io.BytesIO(data), filename=filename))
        await self.bot.audit(
            config.guild_id,
            interaction.user.id,
            "campaigns.export",
            name=found.name,
            campaign_id=found.id,
            count=len(export.rows),
        )

    @app_commands.command(name="purge", description="Erase a campaign's personal data now (moderators)")
    @app_commands.describe(campaign="The campaign")
    @app_commands.autocomplete(campaign=campaign_autocomplete)
    @requires(Capability.MODERATOR)
    async def purge(self, interaction: discord.Interaction, campaign: str) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        async with self.bot.db.session() as session:
            found = await lifecycle.find_campaign(session=session, guild_id=config.guild_id, ref=campaign)
            count = await retention.contacts_to_purge(session=session, campaign=found)
        if count is None:
            await reply(interaction, t("campaigns.purge.already", lang, name=found.name))
            return
        campaign_id = found.id

        async def work(*, session: AsyncSession) -> Purged:
            return await retention.purge_now(session=session, campaign_id=campaign_id, now=now())

        async def confirm(clicked: discord.Interaction) -> None:
            purged = await self.bot.db.run_write(work)
            await clicked.response.edit_message(
                content=tn("campaigns.purge.done", purged.count, lang, name=purged.name), view=None
            )
            await self.bot.ledger.replan_object(retention.PURGE_KIND, guild_id=config.guild_id, object_id=campaign_id)
            await self.bot.audit(
                config.guild_id,
                clicked.user.id,
                "campaigns.purge",
                name=purged.name,
                campaign_id=campaign_id,
                count=purged.count,
            )

        await reply(
            interaction,
            tn("campaigns.purge.confirm", count, lang, name=found.name),
            view=ConfirmView(interaction, lang, confirm),
        )

    @app_commands.command(name="help-queue", description="Contacts waiting for an organiser")
    @requires(Capability.ORGANISER)
    async def help_queue(self, interaction: discord.Interaction) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        vault = Vault(self.bot.settings.data_key)
        async with self.bot.db.session() as session:
            items = await outcomes.help_queue(session=session, vault=vault, guild_id=config.guild_id, limit=HELP_PAGE)
            waiting = await outcomes.held_count(session=session, guild_id=config.guild_id)
        if not items:
            await reply(interaction, t("campaigns.help.empty", lang))
        else:
            await reply(
                interaction,
                embed=render.help_queue_embed(items, waiting, config.timezone, lang),
                view=help_queue_view([item.contact_id for item in items], lang),
            )
        await refresh_help_notice(self.bot, config.guild_id)  # also what changed unseen (an unreadable contact)


# ---------------------------------------------------------------------------- /call


@app_commands.guild_only()
class Calls(FeatureCog, group_name="call", group_description="Call contacts of a phone campaign"):
    buttons = (ActionButton, NextButton)

    @app_commands.command(name="next", description="Get the next contact to call")
    @app_commands.describe(campaign="The campaign (otherwise any running one)")
    @app_commands.autocomplete(campaign=running_autocomplete)
    @requires(Capability.CALLER)
    async def next_contact(self, interaction: discord.Interaction, campaign: str | None = None) -> None:
        config = await config_of(interaction)
        campaign_ids = None
        if campaign:
            async with self.bot.db.session() as session:
                found = await lifecycle.find_campaign(session=session, guild_id=config.guild_id, ref=campaign)
            campaign_ids = [found.id]
        await hand_out(interaction, config, campaign_ids, edit=False)

    @app_commands.command(name="mine", description="How many calls you have made")
    @requires(Capability.CALLER)
    async def mine(self, interaction: discord.Interaction) -> None:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            counts = await reports.my_counts(
                session=session,
                guild_id=config.guild_id,
                caller_id=interaction.user.id,
                now=now(),
                zone=ZoneInfo(config.timezone),
            )
        lang = reply_language(interaction, config)
        if not counts:
            await reply(interaction, t("campaigns.mine.none", lang))
            return
        await reply(interaction, embed=render.mine_embed(counts, lang))
