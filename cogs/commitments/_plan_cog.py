"""`/plan`: load one of the bot's stored plans, or import one from a file through a preview."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands

from bot.commitments import board as boards
from bot.commitments import plan_files, plans, reminders, service
from bot.i18n import t, tn
from bot.ledger import Occurrence
from bot.permissions import Capability
from cogs._shared.feature import FeatureCog, delivers
from cogs._shared.interactions import reply
from cogs._shared.language import reply_language
from cogs._shared.ui import config_of, requires
from cogs.commitments.board import post_board, refresh_board
from cogs.commitments.views import PlanPreview, picked, plan_autocomplete, seed_autocomplete


@app_commands.guild_only()
class PlanCog(FeatureCog, group_name="plan", group_description="Activity plans"):
    @app_commands.command(name="load", description="Load one of the bot's stored plans into this server")
    @app_commands.describe(plan="Which plan")
    @app_commands.autocomplete(plan=seed_autocomplete)
    @requires(Capability.MODERATOR)
    async def load(self, interaction: discord.Interaction, plan: str) -> None:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            stored, count = await plans.load_seed(config.guild_id, plan, session=session, actor_id=interaction.user.id)
        await self.bot.ledger.replan(reminders.DIGEST, guild_id=config.guild_id)
        lang = reply_language(interaction, config)
        await reply(interaction, tn("commitments.plan.loaded", count, lang, title=stored.title))
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
        lang = reply_language(interaction, config)
        plan_files.check_size(file.size)
        await interaction.response.defer(ephemeral=True, thinking=True)
        raw = await file.read()
        parsed = await asyncio.to_thread(plan_files.read_plan, raw, file.filename)
        async with self.bot.db.session() as session:
            draft = await plans.draft_import(
                config.guild_id,
                parsed,
                session=session,
                source=raw,
                filename=file.filename,
                year=year,
                today=service.local_today(config.timezone),
            )
        preview = PlanPreview(interaction.user.id, lang, config.guild_id, draft)
        key = "commitments.import.preview" if draft.target_id is None else "commitments.import.reimport"
        await reply(interaction, t(key, lang, title=draft.title), embed=preview.embed(), view=preview)

    @app_commands.command(name="board", description="Keep a live board of a plan's progress in a channel")
    @app_commands.describe(plan="The plan", channel="Where the board is kept (it moves there if it is elsewhere)")
    @app_commands.autocomplete(plan=plan_autocomplete)
    @requires(Capability.ORGANISER)
    async def board(self, interaction: discord.Interaction, plan: str, channel: discord.TextChannel) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        plan_id = picked(plan, "commitments.plan.not_found")
        await interaction.response.defer(ephemeral=True, thinking=True)
        title, count, moved = await post_board(self.bot, config, plan_id, channel, actor_id=interaction.user.id)
        key = "commitments.board.moved" if moved else "commitments.board.posted"
        await reply(interaction, tn(key, count, lang, title=title, channel=channel.mention))
        await self.bot.audit(
            config.guild_id, interaction.user.id, "commitments.board", title=title, channel=channel.mention
        )

    @delivers(boards.BOARD, boards.plan_boards)
    async def edit_board(self, occurrence: Occurrence) -> None:
        await refresh_board(self.bot, occurrence)
