"""A plan's live board: its messages in a channel, and when they are edited.

A board is edited in place, never posted anew: a change to one of the plan's commitments (a status, typed
progress, a target, a due date, an owner, a postponement) is told to the board (`changed`), and the ledger edits it
once the last edit is `EDIT_GAP` old, showing the state at that moment (changes in between are one edit). What the
evidence counts changes without anyone telling (a meeting's time passes, attendance or a call is recorded), so the
board is also compared with it every `CHECK_EVERY`; a message is edited only when what it shows changed.
Plain values in and out; no Discord here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.campaigns.crypto import Vault
from bot.commitments.models import Board, BoardMessage
from bot.commitments.service import CommitmentInfo, get_plan, list_commitments, sections_of
from bot.ledger import Planned

BOARD = "commitment.board"
EDIT_GAP = timedelta(seconds=30)
"""At most one edit of a board's messages in this time (Discord limits how often a message may be edited)."""
CHECK_EVERY = timedelta(minutes=15)
"""How often a board is compared with what the evidence counts."""
GRACE = timedelta(days=1)


@dataclass
class BoardSection:
    title: str
    items: list[CommitmentInfo] = field(default_factory=list)


@dataclass
class BoardContent:
    plan_title: str
    sections: list[BoardSection]


async def content(
    guild_id: int, plan_id: int, *, session: AsyncSession, today: date, vault: Vault | None
) -> BoardContent:
    """The plan's open and closed commitments (not those the annual meeting struck), by section in plan order;
    those in no section last, under the plan's title."""
    plan = await get_plan(guild_id, plan_id, session=session)
    items = await list_commitments(guild_id, session=session, today=today, vault=vault, plan_id=plan_id)
    sections = [BoardSection(s.title) for s in await sections_of(guild_id, plan_id, session=session)]
    by_title = {s.title: s for s in sections}
    loose = BoardSection(plan.title)
    for item in items:
        (by_title.get(item.section) or loose).items.append(item)
    shown = [s for s in sections if s.items] + ([loose] if loose.items else [])
    return BoardContent(plan.title, shown)


async def board_of(guild_id: int, plan_id: int, *, session: AsyncSession) -> Board | None:
    board = await session.get(Board, plan_id)
    return board if board is not None and board.guild_id == guild_id else None


async def messages_of(plan_id: int, *, session: AsyncSession) -> list[BoardMessage]:
    query = select(BoardMessage).where(BoardMessage.plan_id == plan_id).order_by(col(BoardMessage.position))
    return list((await session.exec(query)).all())


async def place(
    guild_id: int,
    plan_id: int,
    channel_id: int,
    message_ids: Iterable[tuple[int, str]],
    *,
    session: AsyncSession,
    actor_id: int,
    now: datetime,
) -> list[tuple[int, int]]:
    """Keep the board of a plan in `channel_id`, as the messages just posted there (`message_ids`: each with
    the fingerprint of what it shows). Returns the (channel id, message id) of the board's earlier messages, for
    the caller to delete: a plan has one board."""
    board = await board_of(guild_id, plan_id, session=session)
    earlier: list[tuple[int, int]] = []
    if board is None:
        board = Board(plan_id=plan_id, guild_id=guild_id, channel_id=channel_id)
    else:
        earlier = [(board.channel_id, m.message_id) for m in await messages_of(plan_id, session=session)]
        await session.exec(delete(BoardMessage).where(col(BoardMessage.plan_id) == plan_id))
    board.channel_id, board.created_by = channel_id, actor_id
    board.shown_version = board.version
    board.edited_at = board.checked_at = board.changed_at = now
    session.add(board)
    await session.flush()
    for position, (message_id, shown) in enumerate(message_ids):
        session.add(
            BoardMessage(guild_id=guild_id, plan_id=plan_id, position=position, message_id=message_id, shown=shown)
        )
    await session.flush()
    return earlier


async def changed(guild_id: int, plan_ids: Iterable[int], *, session: AsyncSession, now: datetime) -> list[int]:
    """Tell the boards of these plans that something they show changed; returns the plans that have one."""
    told = []
    for plan_id in set(plan_ids):
        board = await board_of(guild_id, plan_id, session=session)
        if board is None:
            continue
        board.version += 1
        board.changed_at = now
        session.add(board)
        told.append(plan_id)
    await session.flush()
    return sorted(told)


async def shown(
    board: Board, version: int, kept: list[BoardMessage], *, session: AsyncSession, now: datetime, edited: bool
) -> None:
    """After a refresh: the board showed `version`; `kept` are its messages now, in order."""
    row = await session.get(Board, board.plan_id)
    if row is None:
        return
    row.shown_version = max(row.shown_version, version)
    row.checked_at = now
    if edited:
        row.edited_at = now
    session.add(row)
    await session.exec(delete(BoardMessage).where(col(BoardMessage.plan_id) == board.plan_id))
    for position, message in enumerate(kept):
        session.add(
            BoardMessage(
                guild_id=board.guild_id,
                plan_id=board.plan_id,
                position=position,
                message_id=message.message_id,
                shown=message.shown,
            )
        )
    await session.flush()


def next_edit(board: Board, now: datetime) -> tuple[str, datetime]:
    """The board's next refresh: the occurrence key and when it is due. A change waits until the last edit is
    `EDIT_GAP` old; without one the board is compared with the evidence `CHECK_EVERY` after the last time."""
    if board.version > board.shown_version:
        due = board.changed_at if board.edited_at is None else max(board.changed_at, board.edited_at + EDIT_GAP)
        return f"v{board.version}", due
    due = board.checked_at + CHECK_EVERY
    return f"check:{due.isoformat()}", due


async def plan_boards(
    *, session: AsyncSession, now: datetime, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    query = select(Board)
    if guild_id is not None:
        query = query.where(Board.guild_id == guild_id)
    if object_id is not None:
        if not object_id.isdecimal():
            return []
        query = query.where(Board.plan_id == int(object_id))
    planned = []
    for board in (await session.exec(query)).all():
        key, due = next_edit(board, now)
        planned.append(Planned(board.guild_id, str(board.plan_id), key, due, max(due, now) + GRACE))
    return planned


async def forget(guild_id: int, plan_id: int, *, session: AsyncSession) -> None:
    """The board's channel is gone for good: forget the board."""
    board = await board_of(guild_id, plan_id, session=session)
    if board is not None:
        await session.exec(delete(BoardMessage).where(col(BoardMessage.plan_id) == plan_id))
        await session.delete(board)
        await session.flush()
