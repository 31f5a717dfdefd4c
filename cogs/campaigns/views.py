"""Calling: /call next hands a caller one contact, ephemerally, with a button for every outcome; /call mine.

Every button is a persistent `DynamicItem` carrying the contact id, so a card keeps working after a restart;
the service re-checks that the contact is still claimed by the person who clicks.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot.bot import RodBot
from bot.campaigns import importer, service
from bot.campaigns.models import Outcome
from bot.campaigns.service import Card, Claimed, Nothing, Recorded
from bot.clock import now
from bot.guilds import GuildConfig
from bot.i18n import format_datetime, format_time, t
from bot.permissions import Capability
from cogs._shared.interactions import clamp, reply
from cogs._shared.ui import BaseModal, PersistentButton, bot_of, config_of, gate, requires
from cogs.campaigns._shared import COLOUR, VIEW_MEMORY, running_autocomplete, vault_of

SIMPLE = {
    "no_answer": Outcome.NO_ANSWER,
    "busy": Outcome.BUSY,
    "voicemail": Outcome.VOICEMAIL,
    "wrong_number": Outcome.WRONG_NUMBER,
    "do_not_call": Outcome.DO_NOT_CALL,
    "skipped": Outcome.SKIPPED,
}
CARD_BUTTONS: list[tuple[str, discord.ButtonStyle, int]] = [
    ("answered", discord.ButtonStyle.success, 0),
    ("no_answer", discord.ButtonStyle.secondary, 0),
    ("busy", discord.ButtonStyle.secondary, 0),
    ("voicemail", discord.ButtonStyle.secondary, 0),
    ("callback", discord.ButtonStyle.primary, 0),
    ("wrong_number", discord.ButtonStyle.secondary, 1),
    ("do_not_call", discord.ButtonStyle.danger, 1),
    ("needs_organiser", discord.ButtonStyle.primary, 1),
    ("skipped", discord.ButtonStyle.secondary, 1),
    ("note", discord.ButtonStyle.secondary, 1),
]
CALLBACK_PRESETS = {
    "cb_today": timedelta(hours=3),
    "cb_tomorrow": timedelta(days=1),
    "cb_week": timedelta(days=7),
}
CALLBACK_BUTTONS = [("cb_today", "today"), ("cb_tomorrow", "tomorrow"), ("cb_week", "week"), ("cb_time", "time")]


def button_label(action: str, lang: str) -> str:
    if action == "note":
        return t("campaigns.button.note", lang)
    if action == "back":
        return t("campaigns.button.back", lang)
    if action.startswith("cb_"):
        return t(f"campaigns.callback.{dict(CALLBACK_BUTTONS)[action]}", lang)
    return t(f"campaigns.outcome.{action}", lang)


class ActionButton(PersistentButton, template=r"campaigns:o:(?P<contact>\d+):(?P<action>[a-z_]+)"):
    def __init__(
        self,
        contact_id: int,
        action: str,
        label: str,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        row: int | None = None,
    ) -> None:
        super().__init__(f"campaigns:o:{contact_id}:{action}", label=label, style=style, row=row)
        self.contact_id = contact_id
        self.action = action

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> ActionButton:
        return cls(int(match["contact"]), match["action"], item.label or "", item.style)

    async def clicked(self, interaction: discord.Interaction, bot: RodBot) -> None:
        await on_action(interaction, self.contact_id, self.action)


class NextButton(PersistentButton, template=r"campaigns:next:(?P<campaign>\d+)"):
    """'Nästa': the next contact of the same campaign (0: any running campaign)."""

    def __init__(self, campaign_id: int, label: str) -> None:
        super().__init__(f"campaigns:next:{campaign_id}", label=label, style=discord.ButtonStyle.success)
        self.campaign_id = campaign_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> NextButton:
        return cls(int(match["campaign"]), item.label or "")

    async def clicked(self, interaction: discord.Interaction, bot: RodBot) -> None:
        config = await gate(interaction, Capability.CALLER)
        await hand_out(interaction, config, [self.campaign_id] if self.campaign_id else None, edit=True)


# ---------------------------------------------------------------------------- rendering


def card_embed(card: Card, config: GuildConfig) -> discord.Embed:
    lang, zone = config.language, ZoneInfo(config.timezone)
    unknown = t("campaigns.card.unknown", lang)
    embed = discord.Embed(
        title=clamp(t("campaigns.card.title", lang, campaign=card.campaign_name), 256),
        description=clamp(card.script, 2000) if card.script else None,
        colour=COLOUR,
    )
    embed.add_field(name=t("campaigns.card.name", lang), value=clamp(card.name or unknown, 1024))
    embed.add_field(
        name=t("campaigns.card.phone", lang), value=f"**{card.phone}**\n`{card.phone_e164}`" if card.phone else unknown
    )
    embed.add_field(name=t("campaigns.card.branch", lang), value=clamp(card.branch or unknown, 1024))
    if card.email:
        embed.add_field(name=t("campaigns.card.email", lang), value=clamp(card.email, 1024))
    if card.note:
        embed.add_field(name=t("campaigns.card.note", lang), value=clamp(card.note, 1024), inline=False)
    for title, value in list(card.extra.items())[: importer.MAX_EXTRA_FIELDS]:
        embed.add_field(name=clamp(title, 256), value=clamp(value, 1024))
    lines = [t("campaigns.card.attempts", lang, attempts=card.attempts, max=card.max_attempts)]
    lines += [
        t(
            "campaigns.card.history_line",
            lang,
            when=format_datetime(item.when, zone, lang),
            outcome=t(f"campaigns.outcome.{item.outcome}", lang),
            note=f" · {clamp(item.note.replace(chr(10), ' '), 200)}" if item.note else "",
        )
        for item in card.history[-8:]
    ]
    embed.add_field(name=t("campaigns.card.history", lang), value=clamp("\n".join(lines), 1024), inline=False)
    if card.pending_note:
        embed.add_field(name=t("campaigns.card.pending_note", lang), value=clamp(card.pending_note, 1024), inline=False)
    if card.claimed_until is not None:
        embed.set_footer(text=t("campaigns.card.footer", lang, time=format_time(card.claimed_until, zone, lang)))
    return embed


def card_view(card: Card, lang: str) -> discord.ui.View:
    view = discord.ui.View(timeout=VIEW_MEMORY)
    for action, style, row in CARD_BUTTONS:
        view.add_item(ActionButton(card.contact_id, action, button_label(action, lang), style, row))
    return view


def callback_view(contact_id: int, lang: str) -> discord.ui.View:
    view = discord.ui.View(timeout=VIEW_MEMORY)
    for action, _ in CALLBACK_BUTTONS:
        view.add_item(ActionButton(contact_id, action, button_label(action, lang), discord.ButtonStyle.primary))
    view.add_item(ActionButton(contact_id, "back", button_label("back", lang)))
    return view


def next_view(campaign_id: int, lang: str) -> discord.ui.View:
    view = discord.ui.View(timeout=VIEW_MEMORY)
    view.add_item(NextButton(campaign_id, t("campaigns.button.next", lang)))
    return view


def nothing_text(nothing: Nothing, config: GuildConfig) -> str:
    lang = config.language
    when = format_datetime(nothing.next_free_at, ZoneInfo(config.timezone), lang) if nothing.next_free_at else ""
    text = t(f"campaigns.nothing.{nothing.reason}", lang, when=when)
    if nothing.held and nothing.reason in ("done", "all_claimed", "cooling"):
        text += " " + t("campaigns.nothing.held", lang, count=nothing.held)
    return text


def recorded_text(recorded: Recorded, config: GuildConfig) -> str:
    lang, zone = config.language, ZoneInfo(config.timezone)
    outcome = t(f"campaigns.outcome.{recorded.outcome.value}", lang)
    when = format_datetime(recorded.available_at, zone, lang) if recorded.available_at else ""
    if recorded.outcome in (Outcome.NO_ANSWER, Outcome.BUSY, Outcome.VOICEMAIL):
        key = "campaigns.recorded.exhausted" if recorded.finished else "campaigns.recorded.retry"
    elif recorded.outcome is Outcome.CALLBACK:
        key = "campaigns.recorded.callback"
    elif recorded.outcome is Outcome.NEEDS_ORGANISER:
        key = "campaigns.recorded.held"
    elif recorded.outcome is Outcome.DO_NOT_CALL:
        key = "campaigns.recorded.blocked"
    else:
        key = "campaigns.recorded"
    return t(key, lang, outcome=outcome, when=when)


# ---------------------------------------------------------------------------- flows


async def load_card(interaction: discord.Interaction, config: GuildConfig, contact_id: int) -> Card:
    bot = bot_of(interaction)
    vault = vault_of(bot)
    async with bot.db.session() as session:
        return await service.card(
            session, vault, guild_id=config.guild_id, contact_id=contact_id, caller_id=interaction.user.id
        )


async def hand_out(
    interaction: discord.Interaction, config: GuildConfig, campaign_ids: list[int] | None, *, edit: bool
) -> None:
    """Claim the caller's next contact and show its card (or say why there is none)."""
    bot = bot_of(interaction)
    vault = vault_of(bot)  # no key, no contacts: refuse before claiming anything
    result = await service.claim_next(
        bot.db, vault, guild_id=config.guild_id, caller_id=interaction.user.id, now=now(), campaign_ids=campaign_ids
    )
    if isinstance(result, Claimed):
        card = await load_card(interaction, config, result.contact_id)
        content = t("campaigns.card.resumed", config.language) if result.resumed else None
        payload: dict[str, Any] = {
            "content": content,
            "embed": card_embed(card, config),
            "view": card_view(card, config.language),
        }
    else:
        payload = {"content": nothing_text(result, config), "embed": None, "view": None}
    if edit:
        await interaction.response.edit_message(**payload)
    else:
        payload = {k: v for k, v in payload.items() if v is not None}
        await reply(interaction, **payload)


async def record_and_show(
    interaction: discord.Interaction,
    config: GuildConfig,
    contact_id: int,
    outcome: Outcome,
    *,
    note: str = "",
    answers: dict[str, str] | None = None,
    callback_at: datetime | None = None,
) -> None:
    bot = bot_of(interaction)
    vault = vault_of(bot)

    async def work(session: Any) -> Recorded:
        return await service.record(
            session,
            vault,
            guild_id=config.guild_id,
            contact_id=contact_id,
            caller_id=interaction.user.id,
            outcome=outcome,
            now=now(),
            note=note,
            answers=answers,
            callback_at=callback_at,
        )

    recorded = await bot.db.run_write(work)
    await interaction.response.edit_message(
        content=recorded_text(recorded, config), embed=None, view=next_view(recorded.campaign_id, config.language)
    )


async def on_action(interaction: discord.Interaction, contact_id: int, action: str) -> None:
    config = await gate(interaction, Capability.CALLER)
    lang = config.language
    if action in SIMPLE:
        await record_and_show(interaction, config, contact_id, SIMPLE[action])
        return
    card = await load_card(interaction, config, contact_id)  # refuses when the contact is not yours
    if action == "answered":
        await interaction.response.send_modal(AnsweredModal(contact_id, card.questions, lang))
    elif action == "needs_organiser":
        await interaction.response.send_modal(HelpModal(contact_id, lang))
    elif action == "note":
        await interaction.response.send_modal(NoteModal(contact_id, lang))
    elif action == "callback":
        await interaction.response.edit_message(
            content=t("campaigns.callback.prompt", lang),
            embed=card_embed(card, config),
            view=callback_view(contact_id, lang),
        )
    elif action in CALLBACK_PRESETS:
        await record_and_show(
            interaction, config, contact_id, Outcome.CALLBACK, callback_at=now() + CALLBACK_PRESETS[action]
        )
    elif action == "cb_time":
        await interaction.response.send_modal(CallbackModal(contact_id, lang))
    else:  # back
        await interaction.response.edit_message(
            content=None, embed=card_embed(card, config), view=card_view(card, lang)
        )


class PrivateModal(BaseModal):
    """A modal whose typed text (answers, notes) never reaches a log line, even on an unexpected error:
    the error handler logs `interaction.data`, so it keeps only the modal's id."""

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        interaction.data = {"custom_id": self.custom_id}  # type: ignore[typeddict-item]
        await super().on_error(interaction, error)


class AnsweredModal(PrivateModal):
    def __init__(self, contact_id: int, questions: list[str], lang: str) -> None:
        super().__init__(title=t("campaigns.modal.answered_title", lang), custom_id=f"campaigns:answered:{contact_id}")
        self.contact_id = contact_id
        self.questions = questions
        self.inputs: list[discord.ui.TextInput[AnsweredModal]] = []
        for index, question in enumerate(questions[: service.MAX_QUESTIONS]):
            field: discord.ui.TextInput[AnsweredModal] = discord.ui.TextInput(
                label=clamp(question, 45),
                placeholder=clamp(question, 100),
                custom_id=f"q{index}",
                required=False,
                max_length=300,
            )
            self.inputs.append(field)
            self.add_item(field)
        self.note: discord.ui.TextInput[AnsweredModal] | None = None
        if len(self.inputs) < 5:
            self.note = discord.ui.TextInput(
                label=t("campaigns.modal.note", lang),
                style=discord.TextStyle.paragraph,
                custom_id="note",
                required=False,
                max_length=500,
            )
            self.add_item(self.note)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        config = await gate(interaction, Capability.CALLER)
        answers = {q: (field.value or "") for q, field in zip(self.questions, self.inputs, strict=False)}
        await record_and_show(
            interaction,
            config,
            self.contact_id,
            Outcome.ANSWERED,
            note=(self.note.value or "") if self.note else "",
            answers=answers,
        )


class HelpModal(PrivateModal):
    def __init__(self, contact_id: int, lang: str) -> None:
        super().__init__(title=t("campaigns.modal.help_title", lang), custom_id=f"campaigns:help:{contact_id}")
        self.contact_id = contact_id
        self.message: discord.ui.TextInput[HelpModal] = discord.ui.TextInput(
            label=t("campaigns.modal.help_message", lang),
            style=discord.TextStyle.paragraph,
            custom_id="message",
            max_length=500,
        )
        self.add_item(self.message)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        config = await gate(interaction, Capability.CALLER)
        await record_and_show(interaction, config, self.contact_id, Outcome.NEEDS_ORGANISER, note=self.message.value)


class NoteModal(PrivateModal):
    def __init__(self, contact_id: int, lang: str) -> None:
        super().__init__(title=t("campaigns.modal.note_title", lang), custom_id=f"campaigns:note:{contact_id}")
        self.contact_id = contact_id
        self.note: discord.ui.TextInput[NoteModal] = discord.ui.TextInput(
            label=t("campaigns.modal.note", lang),
            style=discord.TextStyle.paragraph,
            custom_id="note",
            max_length=500,
        )
        self.add_item(self.note)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        config = await gate(interaction, Capability.CALLER)
        bot = bot_of(interaction)
        vault = vault_of(bot)

        async def work(session: Any) -> None:
            await service.add_note(
                session,
                vault,
                guild_id=config.guild_id,
                contact_id=self.contact_id,
                caller_id=interaction.user.id,
                note=self.note.value,
            )

        await bot.db.run_write(work)
        card = await load_card(interaction, config, self.contact_id)
        await interaction.response.edit_message(
            content=t("campaigns.note.saved", config.language),
            embed=card_embed(card, config),
            view=card_view(card, config.language),
        )


class CallbackModal(PrivateModal):
    def __init__(self, contact_id: int, lang: str) -> None:
        super().__init__(title=t("campaigns.callback.modal_title", lang), custom_id=f"campaigns:cbtime:{contact_id}")
        self.contact_id = contact_id
        self.when: discord.ui.TextInput[CallbackModal] = discord.ui.TextInput(
            label=t("campaigns.callback.when", lang), custom_id="when", max_length=40
        )
        self.note: discord.ui.TextInput[CallbackModal] = discord.ui.TextInput(
            label=t("campaigns.modal.note", lang),
            style=discord.TextStyle.paragraph,
            custom_id="note",
            required=False,
            max_length=500,
        )
        self.add_item(self.when)
        self.add_item(self.note)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        config = await gate(interaction, Capability.CALLER)
        moment = service.parse_when(self.when.value, now(), ZoneInfo(config.timezone))
        await record_and_show(
            interaction, config, self.contact_id, Outcome.CALLBACK, note=self.note.value or "", callback_at=moment
        )


# ---------------------------------------------------------------------------- commands


@app_commands.guild_only()
class Calls(commands.GroupCog, group_name="call", group_description="Call contacts of a phone campaign"):
    def __init__(self, bot: RodBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(ActionButton, NextButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(ActionButton, NextButton)

    @app_commands.command(name="next", description="Get the next contact to call")
    @app_commands.describe(campaign="The campaign (otherwise any running one)")
    @app_commands.autocomplete(campaign=running_autocomplete)
    @requires(Capability.CALLER)
    async def next_contact(self, interaction: discord.Interaction, campaign: str | None = None) -> None:
        config = await config_of(interaction)
        campaign_ids = None
        if campaign:
            async with self.bot.db.session() as session:
                campaign_ids = [(await service.find_campaign(session, config.guild_id, campaign)).id]
        await hand_out(interaction, config, campaign_ids, edit=False)

    @app_commands.command(name="mine", description="How many calls you have made")
    @requires(Capability.CALLER)
    async def mine(self, interaction: discord.Interaction) -> None:
        config = await config_of(interaction)
        lang = config.language
        async with self.bot.db.session() as session:
            counts = await service.my_counts(
                session,
                guild_id=config.guild_id,
                caller_id=interaction.user.id,
                now=now(),
                zone=ZoneInfo(config.timezone),
            )
        if not counts:
            await reply(interaction, t("campaigns.mine.none", lang))
            return
        embed = discord.Embed(
            title=t("campaigns.mine.title", lang),
            description="\n".join(
                t("campaigns.mine.line", lang, name=c.campaign_name, calls=c.calls, answered=c.answered, today=c.today)
                for c in counts
            ),
            colour=COLOUR,
        )
        await reply(interaction, embed=embed)
