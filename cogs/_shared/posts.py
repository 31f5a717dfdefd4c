"""The common steps of a ledger handler that posts: load the object its occurrence is about (or skip the
occurrence), check a private channel again, send once, and store where the message went."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

import discord
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.bot import RodBot
from bot.guilds import ChannelPurpose
from bot.ledger import Occurrence, SkipDelivery
from cogs._shared.channels import require_private
from cogs._shared.delivery import deliver

M = TypeVar("M", bound=SQLModel)
Posted = discord.Message | discord.PartialMessage


class Store(Protocol):
    """`store(session=…, message=…)`: keeps where an occurrence's message went, in the post's unit of work."""

    def __call__(self, *, session: AsyncSession, message: Posted) -> Awaitable[Any]: ...


def _always(found: Any) -> bool:
    return True


async def load_or_skip(
    bot: RodBot, model: type[M], occurrence: Occurrence, *, wanted: Callable[[M], bool] = _always
) -> M:
    """The object the occurrence is about; `SkipDelivery` when it is gone or no longer `wanted` (a paused day,
    a cancelled meeting): the planner will not name it again."""
    async with bot.db.session() as session:
        found = await session.get(model, int(occurrence.object_id))
    if found is None or not wanted(found):
        raise SkipDelivery()
    return found


async def post_occurrence(
    bot: RodBot,
    occurrence: Occurrence,
    channel_id: int | None,
    *,
    private: ChannelPurpose | None = None,
    organiser_id: int | None = None,
    store: Store | None = None,
    **send: Any,
) -> Posted:
    """Post the occurrence's message in the channel, once however often the occurrence is tried (`deliver`).

    A `private` purpose's channel is checked again right before: while others can see it the post is held back
    (`ChannelExposed`, which also tells `organiser_id`). `store` keeps where the message went (so it can be
    updated later), in one transaction."""
    if private is not None:
        await require_private(bot, occurrence.guild_id, private, organiser_id=organiser_id)
    message = await deliver(bot, channel_id, **send)
    if store is not None:
        async with bot.db.session() as session:
            await store(session=session, message=message)
    return message
