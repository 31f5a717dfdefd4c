"""`/åtagande` (`/commitment`): list, show, add, assign, update and link the plan's commitments, set the weekly
digest, write the year-end report; and the digest and due-date reminders the ledger sends."""

from __future__ import annotations

import io
from datetime import date, time
from typing import Literal

import discord
from discord import app_commands

from bot import privacy
from bot.audiences import Audience
from bot.campaigns.crypto import MissingDataKey
from bot.commitments import reminders, report, service
from bot.commitments.evidence import link_value_text
from bot.commitments.models import LinkKind, OwnerKind, stored_id
from bot.errors import UserError
from bot.guilds import ChannelPurpose
from bot.i18n import format_clock, format_day, format_number, or_list, t
from bot.ledger import Occurrence, OutcomeUnknown, SkipDelivery
from bot.memorial import service as memorial_service
from bot.permissions import Capability
from bot.timeparse import EN_WEEKDAYS
from cogs._shared.feature import FeatureCog, delivers
from cogs._shared.interactions import person_of, reply
from cogs._shared.language import reply_language
from cogs._shared.notices import dm_or_mention
from cogs._shared.posts import post_occurrence
from cogs._shared.transformers import Clock, Day
from cogs._shared.ui import ConfirmView, config_of, requires, send_list
from cogs.commitments import render
from cogs.commitments import report as report_files
from cogs.commitments.board import tell_board
from cogs.commitments.postpone import PostponeButton, postpone_view, tell_organisers
from cogs.commitments.views import (
    AddModal,
    commitment_autocomplete,
    link_value_autocomplete,
    picked,
    picked_commitment,
    plan_autocomplete,
    section_autocomplete,
    survey_question_autocomplete,
)

DueDate = app_commands.Transform[date, Day(service.parse_date)]
DigestTime = app_commands.Transform[time, Clock(service.parse_time)]
REPORT_FORMATS = [
    app_commands.Choice(name="Markdown (.md)", value="md"),
    app_commands.Choice(name="PDF (.pdf)", value="pdf"),
    app_commands.Choice(name="Word (.docx)", value="docx"),
    app_commands.Choice(name="OpenDocument text (.odt, LibreOffice)", value="odt"),
]
"""The formats of /commitment report, named in the command language and in the others by the catalog."""


@app_commands.guild_only()
class CommitmentCog(FeatureCog, group_name="commitment", group_description="The plan's commitments"):
    buttons = (PostponeButton,)

    async def after_erasure(self, guild_id: int, aftermath: privacy.Aftermath) -> None:
        """The boards of plans whose commitments a forgotten member owned show them without the member at once."""
        plan_ids = aftermath.changed.get(service.OWNERS_CHANGED, {})
        if plan_ids:
            await tell_board(self.bot, guild_id, *plan_ids)

    # ------------------------------------------------------------------ reading

    async def _send_list(
        self, interaction: discord.Interaction, lang: str, items: list[service.CommitmentInfo], title: str
    ) -> None:
        lines = [render.line_of(item, lang) for item in items]
        await send_list(interaction, lang, lines, title=title, empty="commitments.list.empty")

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
                config.guild_id,
                session=session,
                today=service.local_today(config.timezone),
                vault=self.bot.vault,
                status=status,
                section_id=picked(section, "commitments.section.not_found"),
                plan_id=picked(plan, "commitments.plan.not_found"),
                owner_ids=owner_ids,
            )
        lang = reply_language(interaction, config)
        title = t("commitments.list.title", lang, count=len(items))
        await self._send_list(interaction, lang, items, title)

    @app_commands.command(name="mine", description="The commitments you own")
    @requires(Capability.EVERYONE)
    async def mine(self, interaction: discord.Interaction) -> None:
        config = await config_of(interaction)
        person = person_of(interaction)
        async with self.bot.db.session() as session:
            items = await service.list_commitments(
                config.guild_id,
                session=session,
                today=service.local_today(config.timezone),
                vault=self.bot.vault,
                owner_ids=[person.user_id, *person.role_ids],
            )
        lang = reply_language(interaction, config)
        title = t("commitments.mine.title", lang, count=len(items))
        await self._send_list(interaction, lang, items, title)

    @app_commands.command(name="show", description="Show a commitment with its progress and evidence")
    @app_commands.describe(commitment="The commitment")
    @app_commands.autocomplete(commitment=commitment_autocomplete)
    @requires(Capability.EVERYONE)
    async def show(self, interaction: discord.Interaction, commitment: str) -> None:
        config = await config_of(interaction)
        async with self.bot.db.session() as session:
            details = await service.details(
                config.guild_id,
                picked_commitment(commitment),
                session=session,
                today=service.local_today(config.timezone),
                vault=self.bot.vault,
            )
        lang = reply_language(interaction, config)
        await reply(interaction, embed=render.commitment_embed(details, lang, config.timezone))

    # ------------------------------------------------------------------ writing

    @app_commands.command(name="add", description="Add a commitment to a plan")
    @app_commands.describe(plan="The plan (the newest if left out)")
    @app_commands.autocomplete(plan=plan_autocomplete)
    @requires(Capability.ORGANISER)
    async def add(self, interaction: discord.Interaction, plan: str | None = None) -> None:
        config = await config_of(interaction)
        plan_id = picked(plan, "commitments.plan.not_found")
        async with self.bot.db.session() as session:
            await service.get_plan(config.guild_id, plan_id, session=session)
        await interaction.response.send_modal(AddModal(reply_language(interaction, config), plan_id))

    @app_commands.command(name="assign", description="Make a member or a role responsible for a commitment")
    @app_commands.describe(commitment="The commitment", owner="A member or a role")
    @app_commands.autocomplete(commitment=commitment_autocomplete)
    @requires(Capability.ORGANISER)
    async def assign(
        self, interaction: discord.Interaction, commitment: str, owner: discord.Member | discord.Role
    ) -> None:
        config = await config_of(interaction)
        kind = OwnerKind.ROLE if isinstance(owner, discord.Role) else OwnerKind.MEMBER
        cid = picked_commitment(commitment)
        async with self.bot.db.session() as session:
            row, added = await service.assign_owner(
                config.guild_id, cid, session=session, kind=kind, target_id=owner.id
            )
        await self.bot.ledger.replan_object(reminders.DUE_DM, guild_id=config.guild_id, object_id=cid)
        if added:
            await tell_board(self.bot, config.guild_id, row.plan_id)
        key = "commitments.assign.done" if added else "commitments.assign.already"
        await reply(interaction, t(key, reply_language(interaction, config), owner=owner.mention, title=row.title))

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
        lang = reply_language(interaction, config)
        cid = picked_commitment(commitment)
        async with self.bot.db.session() as session:
            row, _old = await service.update_status(
                config.guild_id,
                cid,
                session=session,
                person=person_of(interaction),
                config=config,
                status=status,
                note=note or "",
            )
        await self.bot.ledger.replan_object(reminders.DUE_DM, guild_id=config.guild_id, object_id=cid)
        await tell_board(self.bot, config.guild_id, row.plan_id)
        line = render.progress_line(row.title, status, interaction.user.mention, (note or "").strip(), config.language)
        shown = render.status_text(status, lang)
        told = await tell_organisers(self.bot, config, interaction.user.id, line)
        done = "commitments.update.done" if told else "commitments.update.done_unposted"
        await reply(interaction, t(done, lang, title=row.title, status=shown))

    @app_commands.command(name="due", description="Set when a commitment is due")
    @app_commands.describe(commitment="The commitment", date="The day, e.g. 2026-03-08 or 8 mars")
    @app_commands.autocomplete(commitment=commitment_autocomplete)
    @requires(Capability.EVERYONE)
    async def due(self, interaction: discord.Interaction, commitment: str, date: DueDate) -> None:
        config = await config_of(interaction)
        cid = picked_commitment(commitment)
        async with self.bot.db.session() as session:
            row = await service.set_due(
                config.guild_id, cid, session=session, person=person_of(interaction), config=config, due=date
            )
        await self.bot.ledger.replan_object(reminders.DUE_DM, guild_id=config.guild_id, object_id=cid)
        await tell_board(self.bot, config.guild_id, row.plan_id)
        lang = reply_language(interaction, config)
        await reply(interaction, t("commitments.due.done", lang, title=row.title, day=format_day(date, lang)))

    @app_commands.command(name="target", description="Give a commitment a measurable target")
    @app_commands.describe(
        commitment="The commitment",
        amount="How many (leave it and the unit out to take the target away)",
        unit="What is counted",
    )
    @app_commands.autocomplete(commitment=commitment_autocomplete)
    @requires(Capability.EVERYONE)
    async def target(
        self,
        interaction: discord.Interaction,
        commitment: str,
        amount: app_commands.Range[int, 1, 1_000_000] | None = None,
        unit: Literal["meetings", "participants", "calls", "answered_calls", "trainings", "associations", "activities"]
        | None = None,
    ) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        cid = picked_commitment(commitment)
        today = service.local_today(config.timezone)
        async with self.bot.db.session() as session:
            row = await service.set_target(
                config.guild_id,
                cid,
                session=session,
                person=person_of(interaction),
                config=config,
                amount=amount,
                unit=unit,
            )
            item = await service.info(config.guild_id, cid, session=session, today=today, vault=self.bot.vault)
            linked = bool(await service.links_of(cid, session=session))
        await tell_board(self.bot, config.guild_id, row.plan_id)
        if amount is None or unit is None:
            await self.bot.audit(
                config.guild_id, interaction.user.id, "commitments.target_cleared", id=cid, title=row.title
            )
            await reply(interaction, t("commitments.target.cleared", lang, title=row.title))
            return
        await self.bot.audit(
            config.guild_id,
            interaction.user.id,
            "commitments.target",
            id=cid,
            title=row.title,
            amount=amount,
            unit=unit,
        )
        if linked and item.progress is not None:
            progress = t("commitments.target.counts", lang, progress=render.progress_text(item.progress, lang))
        else:
            progress = t("commitments.target.uncounted", lang)
        shown = render.target_text(amount, unit, lang)
        await reply(interaction, t("commitments.target.done", lang, title=row.title, target=shown, progress=progress))

    @app_commands.command(name="step", description="Make a commitment a step of another, its progress rolling up")
    @app_commands.describe(
        commitment="The commitment that becomes a step",
        parent="The commitment it is a step of (left out, a step becomes a commitment of its own again)",
        weight="How much it weighs in the parent's progress (1 if left out)",
    )
    @app_commands.autocomplete(commitment=commitment_autocomplete, parent=commitment_autocomplete)
    @requires(Capability.EVERYONE)
    async def step(
        self,
        interaction: discord.Interaction,
        commitment: str,
        parent: str | None = None,
        weight: app_commands.Range[int, 1, service.MAX_WEIGHT] = 1,
    ) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        cid = picked_commitment(commitment)
        parent_id = picked_commitment(parent) if parent is not None else None
        today = service.local_today(config.timezone)
        async with self.bot.db.session() as session:
            if parent_id is None:
                row, above = await service.detach_step(
                    config.guild_id, cid, session=session, person=person_of(interaction), config=config
                )
            else:
                row, above = await service.set_step(
                    config.guild_id,
                    cid,
                    parent_id,
                    session=session,
                    person=person_of(interaction),
                    config=config,
                    weight=weight,
                )
            item = await service.info(
                config.guild_id, stored_id(above), session=session, today=today, vault=self.bot.vault
            )
        await tell_board(self.bot, config.guild_id, row.plan_id)
        audited = {"id": cid, "title": row.title, "parent_id": stored_id(above), "parent": above.title}
        if parent_id is None:
            await self.bot.audit(config.guild_id, interaction.user.id, "commitments.step_detached", **audited)
            done = t("commitments.step.detached", lang, step=row.title, parent=above.title)
        else:
            await self.bot.audit(config.guild_id, interaction.user.id, "commitments.step", **audited, weight=weight)
            weighs = format_number(weight, lang)
            done = t("commitments.step.done", lang, step=row.title, parent=above.title, weight=weighs)
        if item.progress is not None:
            progress = render.progress_text(item.progress, lang)
            done += " " + t("commitments.step.progress", lang, parent=above.title, progress=progress)
        await reply(interaction, done)

    @app_commands.command(name="progress", description="Report how far a commitment has come, in percent")
    @app_commands.describe(
        commitment="The commitment", percent="How far it has come, 0–100", note="What was done (optional)"
    )
    @app_commands.autocomplete(commitment=commitment_autocomplete)
    @requires(Capability.EVERYONE)
    async def progress(
        self,
        interaction: discord.Interaction,
        commitment: str,
        percent: app_commands.Range[int, 0, 100],
        note: app_commands.Range[str, 1, 1000] | None = None,
    ) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        async with self.bot.db.session() as session:
            row = await service.record_progress(
                config.guild_id,
                picked_commitment(commitment),
                session=session,
                person=person_of(interaction),
                config=config,
                percent=percent,
                note=note or "",
            )
        await tell_board(self.bot, config.guild_id, row.plan_id)
        line = render.percent_line(row.title, percent, interaction.user.mention, (note or "").strip(), config.language)
        shown = render.percent_text(percent, lang)
        told = await tell_organisers(self.bot, config, interaction.user.id, line)
        done = "commitments.progress.done" if told else "commitments.progress.done_unposted"
        await reply(interaction, t(done, lang, title=row.title, percent=shown))

    @app_commands.command(name="remove", description="Remove a commitment")
    @app_commands.describe(commitment="The commitment")
    @app_commands.autocomplete(commitment=commitment_autocomplete)
    @requires(Capability.MODERATOR)
    async def remove(self, interaction: discord.Interaction, commitment: str) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        cid = picked_commitment(commitment)
        async with self.bot.db.session() as session:
            row = await service.get_commitment(config.guild_id, cid, session=session)

        async def confirmed(confirm: discord.Interaction) -> None:
            async with self.bot.db.session() as session:
                title = await service.remove_commitment(config.guild_id, cid, session=session)
            await self.bot.ledger.replan_object(reminders.DUE_DM, guild_id=config.guild_id, object_id=cid)
            await tell_board(self.bot, config.guild_id, row.plan_id)
            await confirm.response.edit_message(
                content=t("commitments.remove.done", lang, title=title), embeds=[], view=None
            )
            await self.bot.audit(config.guild_id, confirm.user.id, "commitments.remove", id=cid, title=title)

        view = ConfirmView(interaction, lang, confirmed)
        await reply(interaction, t("commitments.remove.confirm", lang, title=row.title), view=view)

    @app_commands.command(
        name="link", description="Link evidence (meetings, a phone campaign, a memorial day) to a commitment"
    )
    @app_commands.describe(
        commitment="The commitment",
        kind="What kind of evidence",
        value="The meetings' audience, title or series, the campaign's name or number, or the memorial day",
        question="The campaign's question (for a survey answer)",
        answer="The answer that counts (for a survey answer)",
    )
    @app_commands.autocomplete(
        commitment=commitment_autocomplete, value=link_value_autocomplete, question=survey_question_autocomplete
    )
    @requires(Capability.ORGANISER)
    async def link(
        self,
        interaction: discord.Interaction,
        commitment: str,
        kind: Literal[
            "meeting_audience", "meeting_title", "campaign", "memorial_day", "survey_answer", "meeting_series"
        ],
        value: app_commands.Range[str, 1, 120],
        question: app_commands.Range[str, 1, 300] | None = None,
        answer: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        # The value of an audience link is read as one of the audiences, the choices its autocomplete offers; the
        # refusal names them in the reader's language.
        if kind == LinkKind.MEETING_AUDIENCE and value not in {a.value for a in Audience}:
            names = (t(f"commitments.audience.{audience}", lang) for audience in Audience)
            raise UserError("commitments.link.bad_audience", audiences=or_list(names, lang))
        cid = picked_commitment(commitment)
        stored, shown = value, link_value_text(kind, value, lang)
        survey: tuple[str, str] | None = None
        async with self.bot.db.session() as session:
            if kind == LinkKind.MEMORIAL_DAY:
                day = await memorial_service.get_day(session=session, guild_id=config.guild_id, ref=value)
                stored, shown = str(day.id), day.display_name(lang)
            elif kind == LinkKind.MEETING_SERIES:
                first = await service.series_of(config.guild_id, value, person_of(interaction), config, session=session)
                stored, shown = str(first.id), first.title
            elif kind == LinkKind.SURVEY_ANSWER:
                vault = self.bot.vault
                if vault is None:
                    raise MissingDataKey()
                stored, campaign, asked = await service.survey_link(
                    config.guild_id, value, question, answer, session=session, vault=vault
                )
                survey = (campaign.name, asked)
            row, added = await service.add_link(config.guild_id, cid, session=session, kind=kind, value=stored)
        if added:
            await tell_board(self.bot, config.guild_id, row.plan_id)
        if survey is not None:
            # The answer is named only here, to the organiser who chose it, in a reply only they see.
            key = "commitments.link.survey_done" if added else "commitments.link.survey_already"
            campaign_name, asked = survey
            text = t(key, lang, title=row.title, campaign=campaign_name, question=asked, answer=(answer or "").strip())
            await reply(interaction, text)
            return
        key = "commitments.link.done" if added else "commitments.link.already"
        kind_text = t(f"commitments.link.kind.{kind}", lang)
        await reply(interaction, t(key, lang, title=row.title, kind=kind_text, value=shown))

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
        lang = reply_language(interaction, config)
        async with self.bot.db.session() as session:
            await service.set_digest(
                config.guild_id, session=session, weekday=EN_WEEKDAYS.index(weekday), at=time, zone=config.timezone
            )
        await self.bot.ledger.replan(reminders.DIGEST, guild_id=config.guild_id)
        day = t(f"commitments.weekday.{weekday}", lang)
        await reply(interaction, t("commitments.digest.set", lang, day=day, time=format_clock(time, lang)))
        day = t(f"commitments.weekday.{weekday}", config.language)
        clock_text = format_clock(time, config.language)
        await self.bot.audit(config.guild_id, interaction.user.id, "commitments.digest", day=day, time=clock_text)

    @app_commands.command(name="report", description="Write the year-end report draft of a plan")
    @app_commands.describe(
        plan="The plan (the newest if left out)", format="Markdown, PDF, Word (.docx) or OpenDocument (.odt)"
    )
    @app_commands.autocomplete(plan=plan_autocomplete)
    @app_commands.choices(format=REPORT_FORMATS)
    @requires(Capability.ORGANISER)
    async def report_(self, interaction: discord.Interaction, plan: str | None = None, format: str = "md") -> None:
        config = await config_of(interaction)
        lang = reply_language(interaction, config)
        await interaction.response.defer(ephemeral=True, thinking=True)
        async with self.bot.db.session() as session:
            data = await report.build_report(
                config.guild_id,
                picked(plan, "commitments.plan.not_found"),
                session=session,
                today=service.local_today(config.timezone),
                timezone=config.timezone,
                vault=self.bot.vault,
                reader=person_of(interaction),
                config=config,
            )
        names, roles = _names(interaction.guild, data)
        written = report_files.render_document(data, lang, format, names=names, roles=roles)
        files = [discord.File(io.BytesIO(body), filename=name) for name, body in written]
        await reply(interaction, t("commitments.report.ready", lang, title=data.plan.title), files=files)

    # ------------------------------------------------------------------ scheduled

    @delivers(reminders.DIGEST, reminders.plan_digests)
    async def post_digest(self, occurrence: Occurrence) -> None:
        config = await self.bot.guild_config(occurrence.guild_id)
        today = service.local_today(config.timezone)
        async with self.bot.db.session() as session:
            digest = await reminders.digest_for(
                occurrence.guild_id, session=session, today=today, now=self.bot.ledger.now(), vault=self.bot.vault
            )
        if digest.empty:
            return
        await post_occurrence(
            self.bot,
            occurrence,
            config.channel_id(ChannelPurpose.ORGANISERS),
            private=ChannelPurpose.ORGANISERS,
            embed=render.digest_embed(digest, config.language),
        )

    @delivers(reminders.DUE_DM, reminders.plan_due_dms)
    async def send_due_dm(self, occurrence: Occurrence) -> None:
        config = await self.bot.guild_config(occurrence.guild_id)
        async with self.bot.db.session() as session:
            item = await reminders.due_reminder(
                occurrence.guild_id,
                occurrence.object_id,
                occurrence.occurrence_key,
                session=session,
                today=service.local_today(config.timezone),
                vault=self.bot.vault,
            )
        if item is None:
            raise SkipDelivery()
        role_members: dict[int, list[int]] = {}
        guild = self.bot.get_guild(occurrence.guild_id)
        if guild is not None:
            for role_id in item.owner_role_ids:
                role = guild.get_role(role_id)
                if role is not None:
                    role_members[role_id] = [m.id for m in role.members if not m.bot]
        # Owners whose DMs are closed are mentioned in the organisers' channel, where commitments are followed.
        lost = await dm_or_mention(
            self.bot,
            occurrence.guild_id,
            reminders.due_recipients(item, role_members),
            render.due_dm_text(item, config.language),
            fallback=ChannelPurpose.ORGANISERS,
            what_key="private.what.commitment_reminder",
            view=postpone_view(occurrence.guild_id, item.id, config.language),
        )
        if lost:
            raise OutcomeUnknown("commitment reminder")


def _names(guild: discord.Guild | None, data: report.ReportData) -> tuple[dict[int, str], dict[int, str]]:
    """The display names of the members and the names of the roles the report names, as the server has them."""
    if guild is None:
        return {}, {}
    members, roles = data.people()
    return (
        {m.id: m.display_name for m in map(guild.get_member, members) if m is not None},
        {r.id: r.name for r in map(guild.get_role, roles) if r is not None},
    )
