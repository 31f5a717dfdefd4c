"""The rules of memorial days: what a moderator may type, where a day is posted, and the data functions.

A day is a rule (a fixed day and month, or "the nth weekday of a month") with its own announcement text, posted
by the ledger (`bot.memorial.planner`). Every function that touches the database takes `*, session`; texts
are rendered by the cog (`cogs.memorial.render`): errors carry catalog keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import clock, leadtimes
from bot.errors import NotFound, UserError
from bot.guilds import ChannelPurpose, GuildConfig
from bot.leadtimes import LeadTimes
from bot.memorial.models import (
    BRANCH_LIMIT,
    DEFAULT_LEADS,
    DEFAULT_POST_TIME,
    IMAGE_URL_LIMIT,
    NAME_LIMIT,
    TEXT_LIMIT,
    WHAT_LIMIT,
    MemorialDay,
    MemorialRegistration,
    MemorialReminderPost,
)
from bot.timeparse import DateRule, Refusals, check_clock_time, parse_clock, parse_recurring_day, to_local


class DateError(UserError):
    """A date the parser cannot accept."""


# ---------------------------------------------------------------------------------------------- what is typed

DATE = Refusals(
    "memorial.date.unknown",
    no_such_day="memorial.date.no_such_day",
    no_such_month="memorial.date.bad_month",
    error=DateError,
)
POST_TIME = Refusals("memorial.time.invalid")


def parse_date(text: str) -> DateRule:
    """'8 mars', '08-03', '8/3', 'March 8', 'sista söndagen i maj', 'second Tuesday of October' -> a rule.

    Raises `DateError` with a clear message for a date that does not exist ('31 februari') or input
    that is not a date at all."""
    return parse_recurring_day(text, DATE)


def parse_time(text: str) -> time:
    """'09:00', '9.30', '9', 'kl. 9': every clock time of `bot.timeparse`."""
    return parse_clock(text, POST_TIME)


def check_image_url(url: str) -> str:
    url = url.strip()
    if not re.match(r"^https?://\S+$", url) or len(url) > IMAGE_URL_LIMIT:
        raise UserError("memorial.image.invalid")
    return url


def today_in(zone: ZoneInfo | str) -> date:
    """The server's today, in its time zone."""
    return to_local(clock.now(), zone).date()


def check_post_time(rule: DateRule, post_time: time, zone: ZoneInfo | str, today: date) -> None:
    """A post time must exist on the day's coming dates (refused on the night the clocks go forward)."""
    years = (today.year, today.year + 1, today.year + 2)
    check_clock_time((rule.in_year(year) for year in years), post_time, zone)


def _check_text(name: str | None, text: str | None) -> None:
    if name is not None and not 1 <= len(name.strip()) <= NAME_LIMIT:
        raise UserError("memorial.name.invalid", most=NAME_LIMIT)
    if text is not None and not 1 <= len(text.strip()) <= TEXT_LIMIT:
        raise UserError("memorial.text.invalid", most=TEXT_LIMIT)


@dataclass(frozen=True, slots=True)
class NewDay:
    """A checked /memorial add, waiting for its text."""

    name: str
    rule: DateRule
    leads: LeadTimes | None
    post_time: time
    channel_id: int | None
    image_url: str | None


def new_day(
    *,
    name: str,
    rule: DateRule,
    leads: LeadTimes | None,
    post_time: time | None,
    channel_id: int | None,
    image_url: str | None,
    zone: ZoneInfo | str,
) -> NewDay:
    """Everything of a new day but its text, checked before the text is asked for, so a mistake is not found
    after writing it."""
    draft = NewDay(
        name=name.strip(),
        rule=rule,
        leads=leads,
        post_time=post_time or DEFAULT_POST_TIME,
        channel_id=channel_id,
        image_url=check_image_url(image_url) if image_url is not None else None,
    )
    check_post_time(draft.rule, draft.post_time, zone, today_in(zone))
    return draft


# ---------------------------------------------------------------------------------------------- where and when


def post_channel(day: MemorialDay, config: GuildConfig) -> int | None:
    """Where the day's announcement goes: the day's own channel, else the server's announcements channel."""
    return day.channel_id or config.channel_id(ChannelPurpose.ANNOUNCEMENTS)


def upcoming(days: list[MemorialDay], today: date, count: int) -> list[tuple[date, MemorialDay]]:
    """The next `count` occurrences of the active days from `today`, soonest first (a day may recur)."""
    found: list[tuple[date, MemorialDay]] = []
    for day in days:
        if not day.active:
            continue
        on = day.rule.next_on_or_after(today)
        for _ in range(count):
            found.append((on, day))
            on = day.rule.next_on_or_after(on + timedelta(days=1))
    found.sort(key=lambda item: (item[0], item[1].name.lower()))
    return found[:count]


def by_next_date(days: list[MemorialDay], today: date, *, named: str = "") -> list[tuple[date, MemorialDay]]:
    """Every day with its next date, in date order; with `named`, only the days with a name (in any language)
    that contains it."""
    typed = named.strip().casefold()
    wanted = [d for d in days if not typed or any(typed in name.casefold() for name in d.names())]
    return sorted(((d.rule.next_on_or_after(today), d) for d in wanted), key=lambda i: (i[0], i[1].name.lower()))


# ---------------------------------------------------------------------------------------------- days


async def list_days(*, session: AsyncSession, guild_id: int) -> list[MemorialDay]:
    return list((await session.exec(select(MemorialDay).where(MemorialDay.guild_id == guild_id))).all())


async def get_day(*, session: AsyncSession, guild_id: int, ref: str) -> MemorialDay:
    """A day of the server by id (what autocomplete sends) or by its exact name (what people type)."""
    ref = ref.strip()
    day = None
    if ref.isdecimal():
        day = await session.get(MemorialDay, int(ref))
        if day is not None and day.guild_id != guild_id:
            day = None
    if day is None:
        wanted = ref.casefold()
        day = next(
            (
                d
                for d in await list_days(session=session, guild_id=guild_id)
                if wanted in (name.casefold() for name in d.names())
            ),
            None,
        )
    if day is None:
        raise NotFound("memorial.not_found", text=ref[:60])
    return day


async def day_of(*, session: AsyncSession, guild_id: int, day_id: int) -> MemorialDay:
    """A day a button or a form was made for; `memorial.gone` when it was removed since."""
    day = await session.get(MemorialDay, day_id)
    if day is None or day.guild_id != guild_id:
        raise NotFound("memorial.gone")
    return day


async def _check_name_free(*, session: AsyncSession, guild_id: int, name: str, except_id: int | None = None) -> None:
    taken = (
        await session.exec(
            select(func.count())
            .select_from(MemorialDay)
            .where(
                MemorialDay.guild_id == guild_id,
                func.lower(MemorialDay.name) == name.lower(),
                MemorialDay.id != (except_id or 0),
            )
        )
    ).one()
    if taken:
        raise UserError("memorial.name_taken", name=name)


async def add_day(*, session: AsyncSession, guild_id: int, draft: NewDay, text: str) -> MemorialDay:
    _check_text(draft.name, text)
    name = draft.name.strip()
    await _check_name_free(session=session, guild_id=guild_id, name=name)
    day = MemorialDay(
        guild_id=guild_id,
        name=name,
        text=text.strip(),
        month=draft.rule.month,
        lead_days=leadtimes.whole_days(DEFAULT_LEADS if draft.leads is None else draft.leads),
        post_hour=draft.post_time.hour,
        post_minute=draft.post_time.minute,
        channel_id=draft.channel_id,
        image_url=draft.image_url,
    )
    day.set_rule(draft.rule)
    session.add(day)
    await session.flush()
    return day


async def edit_day(
    *,
    session: AsyncSession,
    guild_id: int,
    ref: str,
    zone: ZoneInfo | str,
    name: str | None = None,
    rule: DateRule | None = None,
    text: str | None = None,
    leads: LeadTimes | None = None,
    post_time: time | None = None,
    channel_id: int | None = None,
    image_url: str | None = None,
    clear_image: bool = False,
) -> tuple[MemorialDay, list[str]]:
    """Change what was given of the day `ref`; returns the day and the names of the changed fields. A new name
    or text replaces its versions in every language (the moderator's words are shown whatever the server
    language)."""
    day = await get_day(session=session, guild_id=guild_id, ref=ref)
    if rule is not None or post_time is not None:
        check_post_time(rule or day.rule, post_time or day.post_time, zone, today_in(zone))
    _check_text(name, text)
    changed: list[str] = []
    if name is not None:
        await _check_name_free(session=session, guild_id=day.guild_id, name=name.strip(), except_id=day.id)
        day.name = name.strip()
        day.forget_translations("name")
        changed.append("name")
    if rule is not None:
        day.set_rule(rule)
        changed.append("date")
    if text is not None:
        day.text = text.strip()
        day.forget_translations("text")
        changed.append("text")
    if leads is not None:
        day.lead_days = leadtimes.whole_days(leads)
        changed.append("lead_days")
    if post_time is not None:
        day.post_hour, day.post_minute = post_time.hour, post_time.minute
        changed.append("time")
    if channel_id is not None:
        day.channel_id = channel_id
        changed.append("channel")
    if clear_image:
        day.image_url = None
        changed.append("image")
    elif image_url is not None:
        day.image_url = image_url
        changed.append("image")
    session.add(day)
    await session.flush()
    return day, changed


async def set_active(*, session: AsyncSession, guild_id: int, ref: str, active: bool) -> MemorialDay:
    day = await get_day(session=session, guild_id=guild_id, ref=ref)
    day.active = active
    session.add(day)
    await session.flush()
    return day


async def remove_day(*, session: AsyncSession, guild_id: int, day_id: int) -> None:
    day = await day_of(session=session, guild_id=guild_id, day_id=day_id)
    await session.exec(delete(MemorialRegistration).where(MemorialRegistration.day_id == day.id))
    await session.exec(delete(MemorialReminderPost).where(MemorialReminderPost.day_id == day.id))
    await session.delete(day)
    await session.flush()


# ---------------------------------------------------------------------------------------------- registrations


async def register(
    *, session: AsyncSession, guild_id: int, day_id: int, year: int, organiser_id: int, branch: str, what: str
) -> MemorialRegistration:
    """Record what a branch organises for the year's occurrence; the same organiser and branch again
    replaces their earlier entry."""
    day = await day_of(session=session, guild_id=guild_id, day_id=day_id)
    branch, what = " ".join(branch.split()), what.strip()
    if not 1 <= len(branch) <= BRANCH_LIMIT or not 1 <= len(what) <= WHAT_LIMIT:
        raise UserError("memorial.register.invalid", branch_most=BRANCH_LIMIT, what_most=WHAT_LIMIT)
    existing = (
        await session.exec(
            select(MemorialRegistration).where(
                MemorialRegistration.day_id == day_id,
                MemorialRegistration.year == year,
                MemorialRegistration.organiser_id == organiser_id,
                func.lower(MemorialRegistration.branch) == branch.lower(),
            )
        )
    ).first()
    if existing is None:
        existing = MemorialRegistration(
            guild_id=day.guild_id, day_id=day_id, year=year, organiser_id=organiser_id, branch=branch, what=what
        )
    else:
        existing.what = what
    session.add(existing)
    await session.flush()
    return existing


async def registrations(*, session: AsyncSession, day_id: int, year: int) -> list[MemorialRegistration]:
    return list(
        (
            await session.exec(
                select(MemorialRegistration)
                .where(MemorialRegistration.day_id == day_id, MemorialRegistration.year == year)
                .order_by(col(MemorialRegistration.id))
            )
        ).all()
    )


async def record_reminder_post(
    *, session: AsyncSession, day: MemorialDay, year: int, lead: int, channel_id: int, message_id: int
) -> None:
    assert day.id is not None
    session.add(
        MemorialReminderPost(
            guild_id=day.guild_id, day_id=day.id, year=year, lead=lead, channel_id=channel_id, message_id=message_id
        )
    )
    await session.flush()


@dataclass(frozen=True, slots=True)
class PostedReminders:
    """The reminders posted for one occurrence of a day, and the registrations they are to show."""

    day: MemorialDay
    occurrence: date
    posts: list[MemorialReminderPost]
    registrations: list[MemorialRegistration]


async def posted_reminders(*, session: AsyncSession, guild_id: int, day_id: int, year: int) -> PostedReminders:
    day = await day_of(session=session, guild_id=guild_id, day_id=day_id)
    posts = await session.exec(
        select(MemorialReminderPost).where(MemorialReminderPost.day_id == day_id, MemorialReminderPost.year == year)
    )
    found = await registrations(session=session, day_id=day_id, year=year)
    return PostedReminders(day, day.rule.in_year(year), list(posts.all()), found)


async def reminders_of(*, session: AsyncSession, guild_id: int, day_ids: Iterable[int]) -> list[PostedReminders]:
    """The posted reminders of every occurrence of the days (those an erasure changed). A removed day has none:
    its reminder posts went with it."""
    found = []
    for day_id in day_ids:
        years = await session.exec(
            select(MemorialReminderPost.year).where(MemorialReminderPost.day_id == day_id).distinct()
        )
        for year in sorted(years.all()):
            found.append(await posted_reminders(session=session, guild_id=guild_id, day_id=day_id, year=year))
    return found
