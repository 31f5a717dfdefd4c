"""A plan's live board on Discord: posting it, and editing its messages in place (see `bot.commitments.board`).

A small plan is one message, an embed per section; a larger one a message per section (a section too long for
one embed goes on in more). `/plan board` again for the same plan moves the board: the new messages are posted
where it is asked for and the old ones deleted. A board message someone deleted is posted again by the next
edit; a channel the bot can no longer write in blocks the edit, which the moderators are told of through the audit
log and which is tried again. Only what the commitments' lines show is on a board: progress counted from a
separatist meeting is a count, never its title.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging

import discord

from bot import clock
from bot.bot import RodBot
from bot.commitments import board as boards
from bot.commitments import service
from bot.commitments.models import BoardMessage
from bot.errors import NotFound, UserError
from bot.guilds import GuildConfig
from bot.i18n import t
from bot.ledger import BlockedDelivery, Occurrence, SkipDelivery, TransientDeliveryError
from cogs._shared.interactions import clamp
from cogs.commitments.render import COLOUR, line_of

log = logging.getLogger(__name__)

DESCRIPTION_LIMIT = 4096
EMBEDS_PER_MESSAGE = 10
MESSAGE_CHARS = 6000
"""Discord's limits: an embed's description, embeds in a message, characters of all a message's embeds."""
TITLE_LIMIT = 256
NOTHING = discord.AllowedMentions.none()
UNSHOWN = -1
"""The version an interrupted edit showed: none (the messages it did edit or post again are kept)."""


def _size(embed: discord.Embed) -> int:
    return len(embed.title or "") + len(embed.description or "") + len(embed.footer.text or "")


def section_embeds(section: boards.BoardSection, lang: str) -> list[discord.Embed]:
    """A section's embeds: its title, then its commitments' lines, in as many embeds as their length needs."""
    title = clamp(section.title, TITLE_LIMIT - 20)
    room = min(DESCRIPTION_LIMIT, MESSAGE_CHARS - TITLE_LIMIT)
    parts: list[list[str]] = [[]]
    for item in section.items:
        line = clamp(line_of(item, lang), room)
        if parts[-1] and len("\n".join([*parts[-1], line])) > room:
            parts.append([])
        parts[-1].append(line)
    embeds = []
    for number, lines in enumerate(parts):
        shown = title if number == 0 else t("commitments.board.continued", lang, title=title)
        embeds.append(discord.Embed(title=shown, description="\n".join(lines) or None, colour=COLOUR))
    return embeds


def _pack(embeds: list[discord.Embed]) -> list[list[discord.Embed]]:
    """The embeds in messages of at most 10 embeds and 6000 characters."""
    messages: list[list[discord.Embed]] = [[]]
    for embed in embeds:
        current = messages[-1]
        if current and (len(current) >= EMBEDS_PER_MESSAGE or sum(map(_size, current)) + _size(embed) > MESSAGE_CHARS):
            messages.append([])
        messages[-1].append(embed)
    return messages


def board_messages(content: boards.BoardContent, lang: str) -> list[list[discord.Embed]]:
    """The board's messages, each a list of embeds: one message when the whole plan fits in one, else one (or,
    for a long section, more) per section."""
    if not content.sections:
        empty = discord.Embed(
            title=clamp(content.plan_title, TITLE_LIMIT), description=t("commitments.board.empty", lang), colour=COLOUR
        )
        return [[empty]]
    per_section = [section_embeds(section, lang) for section in content.sections]
    everything = [embed for embeds in per_section for embed in embeds]
    whole = _pack(everything)
    if len(whole) == 1:
        return whole
    return [message for embeds in per_section for message in _pack(embeds)]


def fingerprint(embeds: list[discord.Embed]) -> str:
    return hashlib.sha256(json.dumps([e.to_dict() for e in embeds], sort_keys=True).encode()).hexdigest()


async def _content(bot: RodBot, config: GuildConfig, plan_id: int) -> boards.BoardContent:
    async with bot.db.session() as session:
        return await boards.content(
            config.guild_id, plan_id, session=session, today=service.local_today(config.timezone), vault=bot.vault
        )


async def post_board(
    bot: RodBot, config: GuildConfig, plan_id: int | None, channel: discord.abc.Messageable, *, actor_id: int
) -> tuple[str, int, bool]:
    """Post a plan's board in `channel` and keep it there; the board it had before is deleted. Returns the
    plan's title, how many messages the board is and whether it was moved."""
    async with bot.db.session() as session:
        plan = await service.get_plan(config.guild_id, plan_id, session=session)
        plan_id, title = plan.id, plan.title
    assert plan_id is not None
    messages = board_messages(await _content(bot, config, plan_id), config.language)
    posted: list[discord.Message] = []
    try:
        for embeds in messages:
            posted.append(await channel.send(embeds=embeds, allowed_mentions=NOTHING))
    except discord.Forbidden:
        for message in posted:
            with contextlib.suppress(discord.HTTPException):
                await message.delete()
        raise UserError("commitments.board.cannot_post", channel=f"<#{getattr(channel, 'id', 0)}>") from None
    async with bot.db.session() as session:
        earlier = await boards.place(
            config.guild_id,
            plan_id,
            posted[0].channel.id,
            [(m.id, fingerprint(embeds)) for m, embeds in zip(posted, messages, strict=True)],
            session=session,
            actor_id=actor_id,
            now=clock.now(),
        )
    for channel_id, message_id in earlier:
        old = bot.get_partial_messageable(channel_id, guild_id=config.guild_id).get_partial_message(message_id)
        with contextlib.suppress(discord.HTTPException):  # gone already, or a channel the bot no longer reaches
            await old.delete()
    await bot.ledger.replan(boards.BOARD, guild_id=config.guild_id, object_id=str(plan_id))
    return title, len(posted), bool(earlier)


async def tell_board(bot: RodBot, guild_id: int, *plan_ids: int) -> None:
    """Something a plan's board shows changed: its next edit is planned (see `bot.commitments.board`)."""
    async with bot.db.session() as session:
        told = await boards.changed(guild_id, plan_ids, session=session, now=clock.now())
    for plan_id in told:
        await bot.ledger.replan_object(boards.BOARD, guild_id=guild_id, object_id=plan_id)


async def refresh_board(bot: RodBot, occurrence: Occurrence) -> None:
    """The ledger's edit of a board: each message whose content changed is edited in place; one someone deleted
    is posted again."""
    plan_id = int(occurrence.object_id)
    config = await bot.guild_config(occurrence.guild_id)
    async with bot.db.session() as session:
        board = await boards.board_of(occurrence.guild_id, plan_id, session=session)
        if board is None:
            raise SkipDelivery()
        rows = await boards.messages_of(plan_id, session=session)
        version = board.version
    try:
        content = await _content(bot, config, plan_id)
    except NotFound:
        raise SkipDelivery() from None
    channel = bot.get_channel(board.channel_id)
    if not isinstance(channel, discord.abc.Messageable):
        raise BlockedDelivery("missing", board.channel_id)
    partial = bot.get_partial_messageable(board.channel_id, guild_id=board.guild_id)
    kept: list[BoardMessage] = []
    edited = False
    try:
        for position, embeds in enumerate(board_messages(content, config.language)):
            shown = fingerprint(embeds)
            old = rows[position] if position < len(rows) else None
            if old is not None and old.shown == shown:
                kept.append(old)
                continue
            edited = True
            message_id = await _edit(partial, old, embeds) if old is not None else None
            if message_id is None:
                message_id = (await channel.send(embeds=embeds, allowed_mentions=NOTHING)).id
            kept.append(BoardMessage(guild_id=board.guild_id, plan_id=plan_id, message_id=message_id, shown=shown))
        for old in rows[len(kept) :]:
            edited = True
            with contextlib.suppress(discord.NotFound):
                await partial.get_partial_message(old.message_id).delete()
    except discord.Forbidden:
        await _keep(bot, board, UNSHOWN, kept + rows[len(kept) :], edited=edited)
        raise BlockedDelivery("forbidden", board.channel_id) from None
    except discord.HTTPException as error:
        await _keep(bot, board, UNSHOWN, kept + rows[len(kept) :], edited=edited)
        raise TransientDeliveryError(f"board edit failed ({error.status})") from None
    await _keep(bot, board, version, kept, edited=edited)


async def _edit(partial: discord.PartialMessageable, old: BoardMessage, embeds: list[discord.Embed]) -> int | None:
    """Edit a board message in place; None when someone deleted it (it is then posted again)."""
    try:
        await partial.get_partial_message(old.message_id).edit(embeds=embeds, allowed_mentions=NOTHING)
    except discord.NotFound:
        log.info("a board message was deleted; posting it again guild=%s", old.guild_id)
        return None
    return old.message_id


async def _keep(bot: RodBot, board: boards.Board, version: int, kept: list[BoardMessage], *, edited: bool) -> None:
    async with bot.db.session() as session:
        await boards.shown(board, version, kept, session=session, now=clock.now(), edited=edited)
