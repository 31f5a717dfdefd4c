"""Time options of slash commands, read by the one time grammar (`bot.timeparse`).

As RoboDanny does (`cogs/utils/time.py`), each kind of value has an `app_commands.Transform`: a command
receives a clock time, a day, an instant or a recurring day, already read by its feature's reading (which
holds the feature's messages and rules, e.g. `meetings.parse_start`), and the option stays a string for
Discord. A value the reading refuses becomes an `Unreadable` holding the `UserError` that says why: discord.py
transforms options before the command runs, where a raised error could only reach the error handler, so the
command's gate (`requires`) answers it in words, the ordinary reply to bad input, and nothing of the command runs.

    start: app_commands.Transform[datetime, Moment(meetings.parse_start, min_length=1, max_length=60)]
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

import discord
from discord import app_commands

from bot import clock
from bot.errors import UserError
from bot.timeparse import DateRule, to_local
from cogs._shared.interactions import Unreadable
from cogs._shared.ui import config_of

T = TypeVar("T")


class _TimeTransformer(app_commands.Transformer, Generic[T]):
    """A string option read into a `T`; `min_length` and `max_length` are the option's, as Discord shows them."""

    def __init__(self, *, min_length: int | None = None, max_length: int | None = None) -> None:
        self._min_length = min_length
        self._max_length = max_length

    @property
    def min_value(self) -> int | None:
        return self._min_length

    @property
    def max_value(self) -> int | None:
        return self._max_length

    async def transform(self, interaction: discord.Interaction, value: str) -> T | Unreadable:
        try:
            return await self.read(interaction, value)
        except UserError as error:
            return Unreadable(error)

    async def read(self, interaction: discord.Interaction, value: str) -> T:
        raise NotImplementedError


class _WithoutContext(_TimeTransformer[T]):
    """A value that means the same whenever and wherever it is typed."""

    def __init__(self, read: Callable[[str], T], **length: Any) -> None:
        super().__init__(**length)
        self._read = read

    async def read(self, interaction: discord.Interaction, value: str) -> T:
        return self._read(value)


class Clock(_WithoutContext[time]):
    """A clock time: '9', '09', 'kl. 9', '18.30', '18:30', 'kl 18.30'; `read(text) -> time`."""


class RecurringDay(_WithoutContext[DateRule]):
    """A day that comes back every year: '8 mars', '08-03', '8/3', 'sista söndagen i maj'; `read(text)`."""


class Day(_TimeTransformer[date]):
    """A day: '2026-03-08', '8/3', '8/3 2026', '8 mars', 'i morgon', 'fredag'; without a year the next such day
    in the server's zone. `read(text, today) -> date`."""

    def __init__(self, read: Callable[[str, date], date], **length: Any) -> None:
        super().__init__(**length)
        self._read = read

    async def read(self, interaction: discord.Interaction, value: str) -> date:
        config = await config_of(interaction)
        return self._read(value, to_local(clock.now(), config.timezone).date())


class Moment(_TimeTransformer[datetime]):
    """A moment in the server's zone: '2026-03-08 18:00', '8 mars 18:00', 'onsdag 18:00', 'imorgon kl. 9', as an
    aware UTC instant. `read(text, now=..., zone=...) -> datetime`."""

    def __init__(self, read: Callable[..., datetime], **length: Any) -> None:
        super().__init__(**length)
        self._read = read

    async def read(self, interaction: discord.Interaction, value: str) -> datetime:
        config = await config_of(interaction)
        return self._read(value, now=clock.now(), zone=ZoneInfo(config.timezone))
