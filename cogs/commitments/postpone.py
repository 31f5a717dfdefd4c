"""Postponing a commitment from its due-date reminder: the persistent "Skjut upp" button on the direct message,
the form that asks for a new date and a reason, and the line the organisers' channel is told.

The button carries the server and the commitment (a direct message has no server of its own), so it answers
after a restart too. Its owners, the organisers and the moderators may postpone (the rule of
`bot.permissions.can_update_commitment`), asked on the click and again when the form is sent."""

from __future__ import annotations

import discord

from bot import privacy
from bot.bot import RodBot
from bot.commitments import reminders, service
from bot.guilds import ChannelPurpose, GuildConfig
from bot.i18n import format_day, t
from bot.ledger import BlockedDelivery, TransientDeliveryError
from bot.permissions import Person
from cogs._shared.delivery import deliver
from cogs._shared.interactions import clamp, member_person, reply
from cogs._shared.language import reply_language
from cogs._shared.ui import BaseModal, PersistentButton, bot_of
from cogs.commitments import render
from cogs.commitments.board import tell_board

POSTPONE_EMOJI = "⏭️"


def person_in(bot: RodBot, guild_id: int, user: discord.abc.User) -> Person:
    """Who clicked, as the server knows them (a click in a direct message carries no roles)."""
    if isinstance(user, discord.Member) and user.guild.id == guild_id:
        return member_person(user)
    guild = bot.get_guild(guild_id)
    member = guild.get_member(user.id) if guild is not None else None
    return member_person(member) if member is not None else Person(user.id, frozenset())


async def tell_organisers(bot: RodBot, config: GuildConfig, user_id: int, line: str) -> bool:
    """Post `line`, which names the person who changed a commitment, in the organisers' channel; whether it
    could be posted. The message is remembered so that it goes when they are forgotten."""
    try:
        posted = await deliver(bot, config.channel_id(ChannelPurpose.ORGANISERS), content=line)
    except (BlockedDelivery, TransientDeliveryError):
        return False
    async with bot.db.session() as session:
        await privacy.remember_mentions(
            session=session,
            guild_id=config.guild_id,
            user_ids=[user_id],
            channel_id=posted.channel.id,
            message_id=posted.id,
        )
    return True


def postponed_line(title: str, day: str, author: str, reason: str, lang: str) -> str:
    """What the organisers' channel is told of a postponement, as of a new status: who, the new date, why."""
    return render.organisers_line(
        POSTPONE_EMOJI, title, t("commitments.postpone.shown", lang, day=day), author, reason, lang
    )


async def may_postpone(
    bot: RodBot, config: GuildConfig, commitment_id: int, user: discord.abc.User
) -> service.CommitmentInfo:
    """The commitment, unless the person may not postpone it (refused in words)."""
    async with bot.db.session() as session:
        current = await service.info(
            config.guild_id, commitment_id, session=session, today=service.local_today(config.timezone), vault=None
        )
    service.require_may_update(person_in(bot, config.guild_id, user), config, current)
    return current


class PostponeButton(PersistentButton, template=r"commitments:postpone:(?P<guild>\d+):(?P<id>\d+)"):
    """ "Skjut upp" on a due-date reminder."""

    def __init__(self, guild_id: int, commitment_id: int, label: str | None = None) -> None:
        super().__init__(f"commitments:postpone:{guild_id}:{commitment_id}", label=label or "Skjut upp")
        self.guild_id = guild_id
        self.commitment_id = commitment_id

    async def clicked(self, interaction: discord.Interaction, bot: RodBot) -> None:
        config = await bot.guild_config(self.guild_id)
        current = await may_postpone(bot, config, self.commitment_id, interaction.user)
        lang = reply_language(interaction, config)
        await interaction.response.send_modal(PostponeModal(self.guild_id, current.id, current.title, lang))


def postpone_view(guild_id: int, commitment_id: int, lang: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(PostponeButton(guild_id, commitment_id, t("commitments.postpone.button", lang)))
    return view


class PostponeModal(BaseModal):
    def __init__(self, guild_id: int, commitment_id: int, title: str, lang: str) -> None:
        super().__init__(title=clamp(t("commitments.postpone.title", lang, title=title), 45))
        self.guild_id = guild_id
        self.commitment_id = commitment_id
        self.when: discord.ui.TextInput[PostponeModal] = discord.ui.TextInput(
            label=clamp(t("commitments.postpone.date", lang), 45), custom_id="when", max_length=40
        )
        self.reason: discord.ui.TextInput[PostponeModal] = discord.ui.TextInput(
            label=clamp(t("commitments.postpone.reason", lang), 45),
            custom_id="reason",
            style=discord.TextStyle.paragraph,
            max_length=1000,
        )
        self.add_item(self.when)
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        config = await bot.guild_config(self.guild_id)
        lang = reply_language(interaction, config)
        await may_postpone(bot, config, self.commitment_id, interaction.user)  # asked again: a role may be gone
        due = service.parse_date(self.when.value, service.local_today(config.timezone))
        reason = self.reason.value.strip()
        async with bot.db.session() as session:
            row, _old = await service.postpone(
                self.guild_id,
                self.commitment_id,
                session=session,
                person=person_in(bot, self.guild_id, interaction.user),
                config=config,
                due=due,
                reason=reason,
            )
            title, plan_id = row.title, row.plan_id
        await bot.ledger.replan_object(reminders.DUE_DM, guild_id=self.guild_id, object_id=self.commitment_id)
        await tell_board(bot, self.guild_id, plan_id)
        line = postponed_line(
            title, format_day(due, config.language), interaction.user.mention, reason, config.language
        )
        told = await tell_organisers(bot, config, interaction.user.id, line)
        key = "commitments.postpone.done" if told else "commitments.postpone.done_unposted"
        await reply(interaction, t(key, lang, title=title, day=format_day(due, lang)))
