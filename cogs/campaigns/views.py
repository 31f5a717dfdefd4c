"""The buttons and forms of campaigns: the create form, the help queue's buttons, and the caller's card.

Every button is a persistent `DynamicItem` carrying the contact (or campaign) id, so a card keeps working after a
restart; the service re-checks that the contact is still claimed by the person who clicks. The forms that carry
what a caller typed about a contact (answers, notes) never let that text reach a log line.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import discord
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.bot import RodBot
from bot.campaigns import claims, lifecycle, outcomes
from bot.campaigns.claims import Card, Claimed
from bot.campaigns.crypto import Vault
from bot.campaigns.models import Outcome
from bot.campaigns.outcomes import CALLBACK_PRESETS, RETRY_OUTCOMES, Recorded
from bot.clock import now
from bot.guilds import GuildConfig
from bot.i18n import t, tn
from bot.permissions import Capability
from cogs._shared.interactions import clamp, reply
from cogs._shared.language import reply_language
from cogs._shared.ui import BaseModal, PersistentButton, bot_of, gate
from cogs.campaigns.notice import refresh_help_notice
from cogs.campaigns.render import button_label, card_embed, nothing_text, recorded_text, taken_embed, taken_text

VIEW_MEMORY = 900
"""How long a view of campaign buttons stays in memory: the buttons are persistent (they work from their custom
id, also after a restart), so the view object need not stay for ever."""

STRAIGHT = {o.value: o for o in (*RETRY_OUTCOMES, Outcome.WRONG_NUMBER, Outcome.DO_NOT_CALL, Outcome.SKIPPED)}
"""The outcomes a click records at once; the others ask for answers, a message or a time first."""
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
CALLBACK_BUTTONS = [*(f"cb_{preset}" for preset in CALLBACK_PRESETS), "cb_time"]


# ---------------------------------------------------------------------------- organising


class CreateModal(BaseModal):
    """The call script and the survey questions of a new campaign; the command's options come with it."""

    def __init__(self, lang: str, options: dict[str, Any]) -> None:
        super().__init__(title=t("campaigns.create.modal_title", lang), custom_id="campaigns:create")
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
        config = await gate(interaction, Capability.ORGANISER)
        bot = bot_of(interaction)
        async with bot.db.session() as session:
            campaign = await lifecycle.create_campaign(
                session=session,
                guild_id=config.guild_id,
                created_by=interaction.user.id,
                now=now(),
                script=self.script.value or "",
                questions=lifecycle.questions_from_text(self.questions.value or ""),
                **self.options,
            )
        await reply(
            interaction,
            t(
                "campaigns.create.done",
                self.lang,
                name=campaign.name,
                questions=tn("count.questions", len(campaign.questions), self.lang),
                hours=tn("count.hours", campaign.retry_cooldown_hours, self.lang),
                attempts=tn("count.attempts", campaign.max_attempts, self.lang),
                minutes=tn("count.minutes", campaign.claim_minutes, self.lang),
            ),
        )
        await bot.audit(
            config.guild_id, interaction.user.id, "campaigns.create", name=campaign.name, campaign_id=campaign.id
        )


RESOLVE_STYLES = {
    "back": discord.ButtonStyle.success,
    "done": discord.ButtonStyle.secondary,
    "block": discord.ButtonStyle.danger,
}


class TakeButton(PersistentButton, template=r"campaigns:take:(?P<contact>\d+)"):
    """An organiser takes a contact from the help queue: its card as the caller saw it, only for them, with the
    buttons that solve it (persistent: works after a restart)."""

    def __init__(self, contact_id: int, label: str = "", row: int | None = None) -> None:
        super().__init__(
            f"campaigns:take:{contact_id}",
            label=label or f"#{contact_id}",
            style=discord.ButtonStyle.primary,
            row=row,
        )
        self.contact_id = contact_id

    async def clicked(self, interaction: discord.Interaction, bot: RodBot) -> None:
        config = await gate(interaction, Capability.ORGANISER)
        vault = Vault(bot.settings.data_key)

        async def work(*, session: AsyncSession) -> outcomes.Taken:
            return await outcomes.take(
                session=session,
                vault=vault,
                guild_id=config.guild_id,
                contact_id=self.contact_id,
                organiser_id=interaction.user.id,
                now=now(),
            )

        taken = await bot.db.run_write(work)
        lang = reply_language(interaction, config)
        await reply(
            interaction,
            taken_text(taken, config.timezone, lang),
            embed=taken_embed(taken, config.timezone, lang),
            view=taken_view(self.contact_id, lang),
        )
        await bot.audit(config.guild_id, interaction.user.id, "campaigns.take", contact_id=self.contact_id)


class ResolveButton(PersistentButton, template=r"campaigns:resolve:(?P<contact>\d+):(?P<how>back|done|block)"):
    """An organiser solves a contact that waits for them (persistent: works after a restart): back in the call
    list, done, or done and on the do-not-call list. Answered with a message of its own (the help queue stays)."""

    FORM = "resolve"
    EDITS = False

    def __init__(self, contact_id: int, how: str, label: str = "", row: int | None = None) -> None:
        super().__init__(
            f"campaigns:{self.FORM}:{contact_id}:{how}",
            label=label or f"#{contact_id} {how}",
            style=RESOLVE_STYLES[how],
            row=row,
        )
        self.contact_id = contact_id
        self.how = how

    async def clicked(self, interaction: discord.Interaction, bot: RodBot) -> None:
        config = await gate(interaction, Capability.ORGANISER)
        lang = reply_language(interaction, config)
        moment = now()
        if self.how == "block":
            vault = Vault(bot.settings.data_key)
            async with bot.db.session() as session:
                await outcomes.resolve_blocked(
                    session=session, vault=vault, guild_id=config.guild_id, contact_id=self.contact_id, now=moment
                )
        else:
            async with bot.db.session() as session:
                await outcomes.resolve(
                    session=session,
                    guild_id=config.guild_id,
                    contact_id=self.contact_id,
                    back_to_list=self.how == "back",
                    now=moment,
                )
        key = f"campaigns.help.resolved_{self.how}"
        text = t(key, lang, id=self.contact_id)
        if self.EDITS:  # the card goes: what it showed is not needed any more
            await interaction.response.edit_message(content=text, embed=None, view=None)
        else:
            await reply(interaction, text)
        how = t(key, config.language, id=self.contact_id)
        await bot.audit(config.guild_id, interaction.user.id, "campaigns.resolve", contact_id=self.contact_id, how=how)
        await refresh_help_notice(bot, config.guild_id)


class CardResolveButton(ResolveButton, template=r"campaigns:settle:(?P<contact>\d+):(?P<how>back|done|block)"):
    """The same on the card of a taken contact, which it replaces with what was done."""

    FORM = "settle"
    EDITS = True


def help_queue_view(contact_ids: list[int], lang: str) -> discord.ui.View:
    """Per contact, one row: take it (see its card), back in the list, done."""
    view = discord.ui.View(timeout=VIEW_MEMORY)
    for row, contact_id in enumerate(contact_ids):
        view.add_item(TakeButton(contact_id, t("campaigns.help.take", lang, id=contact_id), row))
        view.add_item(ResolveButton(contact_id, "back", t("campaigns.help.back", lang, id=contact_id), row))
        view.add_item(ResolveButton(contact_id, "done", t("campaigns.help.done", lang, id=contact_id), row))
    return view


def taken_view(contact_id: int, lang: str) -> discord.ui.View:
    """The buttons under a taken contact's card: the ways to solve it, do-not-call as on a caller's card."""
    view = discord.ui.View(timeout=VIEW_MEMORY)
    view.add_item(CardResolveButton(contact_id, "back", t("campaigns.take.back", lang)))
    view.add_item(CardResolveButton(contact_id, "done", t("campaigns.take.done", lang)))
    view.add_item(CardResolveButton(contact_id, "block", button_label(Outcome.DO_NOT_CALL, lang)))
    return view


# ---------------------------------------------------------------------------- calling


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

    async def clicked(self, interaction: discord.Interaction, bot: RodBot) -> None:
        await on_action(interaction, self.contact_id, self.action)


class NextButton(PersistentButton, template=r"campaigns:next:(?P<campaign>\d+)"):
    """'Nästa': the next contact of the same campaign (0: any running campaign)."""

    def __init__(self, campaign_id: int, label: str) -> None:
        super().__init__(f"campaigns:next:{campaign_id}", label=label, style=discord.ButtonStyle.success)
        self.campaign_id = campaign_id

    async def clicked(self, interaction: discord.Interaction, bot: RodBot) -> None:
        config = await gate(interaction, Capability.CALLER)
        await hand_out(interaction, config, [self.campaign_id] if self.campaign_id else None, edit=True)


def card_view(card: Card, lang: str) -> discord.ui.View:
    view = discord.ui.View(timeout=VIEW_MEMORY)
    for action, style, row in CARD_BUTTONS:
        view.add_item(ActionButton(card.contact_id, action, button_label(action, lang), style, row))
    return view


def callback_view(contact_id: int, lang: str) -> discord.ui.View:
    view = discord.ui.View(timeout=VIEW_MEMORY)
    for action in CALLBACK_BUTTONS:
        view.add_item(ActionButton(contact_id, action, button_label(action, lang), discord.ButtonStyle.primary))
    view.add_item(ActionButton(contact_id, "back", button_label("back", lang)))
    return view


def next_view(campaign_id: int, lang: str) -> discord.ui.View:
    view = discord.ui.View(timeout=VIEW_MEMORY)
    view.add_item(NextButton(campaign_id, t("campaigns.button.next", lang)))
    return view


async def load_card(interaction: discord.Interaction, config: GuildConfig, contact_id: int) -> Card:
    bot = bot_of(interaction)
    vault = Vault(bot.settings.data_key)
    async with bot.db.session() as session:
        return await claims.card(
            session=session, vault=vault, guild_id=config.guild_id, contact_id=contact_id, caller_id=interaction.user.id
        )


async def hand_out(
    interaction: discord.Interaction, config: GuildConfig, campaign_ids: list[int] | None, *, edit: bool
) -> None:
    """Claim the caller's next contact and show its card (or say why there is none)."""
    bot = bot_of(interaction)
    vault = Vault(bot.settings.data_key)  # no key, no contacts: refuse before claiming anything
    result = await claims.claim_next(
        db=bot.db,
        vault=vault,
        guild_id=config.guild_id,
        caller_id=interaction.user.id,
        now=now(),
        campaign_ids=campaign_ids,
    )
    lang = reply_language(interaction, config)
    if isinstance(result, Claimed):
        card = await load_card(interaction, config, result.contact_id)
        content = t("campaigns.card.resumed", lang) if result.resumed else None
        payload: dict[str, Any] = {
            "content": content,
            "embed": card_embed(card, config.timezone, lang),
            "view": card_view(card, lang),
        }
    else:
        payload = {"content": nothing_text(result, config.timezone, lang), "embed": None, "view": None}
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
    vault = Vault(bot.settings.data_key)

    async def work(*, session: AsyncSession) -> Recorded:
        return await outcomes.record(
            session=session,
            vault=vault,
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
    lang = reply_language(interaction, config)
    await interaction.response.edit_message(
        content=recorded_text(recorded, config.timezone, lang), embed=None, view=next_view(recorded.campaign_id, lang)
    )
    if outcome in (Outcome.NEEDS_ORGANISER, Outcome.DO_NOT_CALL):  # a do-not-call may finish a held contact too
        await refresh_help_notice(bot, config.guild_id)


async def on_action(interaction: discord.Interaction, contact_id: int, action: str) -> None:
    config = await gate(interaction, Capability.CALLER)
    lang = reply_language(interaction, config)
    if action in STRAIGHT:
        await record_and_show(interaction, config, contact_id, STRAIGHT[action])
        return
    card = await load_card(interaction, config, contact_id)  # refuses when the contact is not yours
    preset = CALLBACK_PRESETS.get(action.removeprefix("cb_")) if action.startswith("cb_") else None
    if action == "answered":
        await interaction.response.send_modal(AnsweredModal(contact_id, card.questions, lang))
    elif action == "needs_organiser":
        await interaction.response.send_modal(HelpModal(contact_id, lang))
    elif action == "note":
        await interaction.response.send_modal(NoteModal(contact_id, lang))
    elif action == "callback":
        await interaction.response.edit_message(
            content=t("campaigns.callback.prompt", lang),
            embed=card_embed(card, config.timezone, lang),
            view=callback_view(contact_id, lang),
        )
    elif preset is not None:
        await record_and_show(interaction, config, contact_id, Outcome.CALLBACK, callback_at=now() + preset)
    elif action == "cb_time":
        await interaction.response.send_modal(CallbackModal(contact_id, lang))
    else:  # back
        await interaction.response.edit_message(
            content=None, embed=card_embed(card, config.timezone, lang), view=card_view(card, lang)
        )


class PrivateModal(BaseModal):
    """A modal whose typed text (answers, notes) never reaches a log line, even on an unexpected error:
    the error handler logs `interaction.data`, so it keeps only the modal's id."""

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        interaction.data = {"custom_id": self.custom_id}  # type: ignore[typeddict-item]
        await super().on_error(interaction, error)


def note_field(lang: str) -> discord.ui.TextInput[Any]:
    """The caller's optional note on an outcome."""
    return discord.ui.TextInput(
        label=t("campaigns.modal.note", lang),
        style=discord.TextStyle.paragraph,
        custom_id="note",
        required=False,
        max_length=500,
    )


class AnsweredModal(PrivateModal):
    def __init__(self, contact_id: int, questions: list[str], lang: str) -> None:
        super().__init__(title=t("campaigns.modal.answered_title", lang), custom_id=f"campaigns:answered:{contact_id}")
        self.contact_id = contact_id
        self.questions = questions
        self.inputs: list[discord.ui.TextInput[AnsweredModal]] = []
        for index, question in enumerate(questions[: lifecycle.MAX_QUESTIONS]):
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
            self.note = note_field(lang)
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


class TextModal(PrivateModal):
    """A form of one required paragraph about the contact; a subclass names its form, title, label and field."""

    FORM: str
    TITLE: str
    LABEL: str
    FIELD: str

    def __init__(self, contact_id: int, lang: str) -> None:
        super().__init__(title=t(self.TITLE, lang), custom_id=f"campaigns:{self.FORM}:{contact_id}")
        self.contact_id = contact_id
        self.text: discord.ui.TextInput[TextModal] = discord.ui.TextInput(
            label=t(self.LABEL, lang), style=discord.TextStyle.paragraph, custom_id=self.FIELD, max_length=500
        )
        self.add_item(self.text)


class HelpModal(TextModal):
    """The message to an organiser that a contact needs one."""

    FORM, TITLE, LABEL, FIELD = "help", "campaigns.modal.help_title", "campaigns.modal.help_message", "message"

    async def on_submit(self, interaction: discord.Interaction) -> None:
        config = await gate(interaction, Capability.CALLER)
        await record_and_show(interaction, config, self.contact_id, Outcome.NEEDS_ORGANISER, note=self.text.value)


class NoteModal(TextModal):
    """A note written before the outcome is chosen."""

    FORM, TITLE, LABEL, FIELD = "note", "campaigns.modal.note_title", "campaigns.modal.note", "note"

    async def on_submit(self, interaction: discord.Interaction) -> None:
        config = await gate(interaction, Capability.CALLER)
        bot = bot_of(interaction)
        vault = Vault(bot.settings.data_key)

        async def work(*, session: AsyncSession) -> None:
            await outcomes.add_note(
                session=session,
                vault=vault,
                guild_id=config.guild_id,
                contact_id=self.contact_id,
                caller_id=interaction.user.id,
                note=self.text.value,
            )

        await bot.db.run_write(work)
        card = await load_card(interaction, config, self.contact_id)
        lang = reply_language(interaction, config)
        await interaction.response.edit_message(
            content=t("campaigns.note.saved", lang),
            embed=card_embed(card, config.timezone, lang),
            view=card_view(card, lang),
        )


class CallbackModal(PrivateModal):
    def __init__(self, contact_id: int, lang: str) -> None:
        super().__init__(title=t("campaigns.callback.modal_title", lang), custom_id=f"campaigns:cbtime:{contact_id}")
        self.contact_id = contact_id
        self.when: discord.ui.TextInput[CallbackModal] = discord.ui.TextInput(
            label=t("campaigns.callback.when", lang), custom_id="when", max_length=40
        )
        self.note = note_field(lang)
        self.add_item(self.when)
        self.add_item(self.note)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        config = await gate(interaction, Capability.CALLER)
        moment = outcomes.parse_when(self.when.value, now(), ZoneInfo(config.timezone))
        await record_and_show(
            interaction, config, self.contact_id, Outcome.CALLBACK, note=self.note.value or "", callback_at=moment
        )
