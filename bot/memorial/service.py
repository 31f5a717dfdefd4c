"""Memorial days: recurring days the district marks, their date rules, and the posts the ledger makes.

A day is a rule (a fixed day and month, or "the nth weekday of a month") with its own announcement text.
At the posting time (local, default 09:00) on the day the announcement is posted; at each lead time
(by default `DEFAULT_LEADS`) organisers get a reminder and branches can register what they organise.
Both are ledger kinds ("memorial.post", "memorial.reminder"); the grace window of each is the rest of its
local day, so a bot that starts later that day still posts, and one that starts the next day does not.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, BigInteger, UniqueConstraint, delete, func, update
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import leadtimes, privacy
from bot.clock import now as clock_now
from bot.db import UTCDateTime, guild_field
from bot.errors import NotFound, UserError
from bot.guilds import GuildConfig
from bot.i18n import DEFAULT_LANGUAGE, t
from bot.leadtimes import LeadTimes
from bot.ledger import Planned
from bot.timeparse import (
    FIXED,
    DateRule,
    Refusals,
    check_clock_time,
    parse_clock,
    parse_recurring_day,
    to_local,
    to_utc,
)

SEED_FILE = Path(__file__).resolve().parents[2] / "data" / "memorial_days.json"
POST_KIND = "memorial.post"
REMINDER_KIND = "memorial.reminder"
KINDS = (POST_KIND, REMINDER_KIND)
"""The ledger kinds planned for a memorial day."""
DEFAULT_POST_TIME = time(9, 0)
DEFAULT_LEADS = leadtimes.days(14, 3)
NAME_LIMIT = 100
TEXT_LIMIT = 4000
BRANCH_LIMIT = 100
WHAT_LIMIT = 300
REGISTRATIONS_CHANGED = "memorial_day"  # what an erasure marks changed: days whose reminders list registrations


class DateError(UserError):
    """A date the parser cannot accept."""


# ---------------------------------------------------------------------------------------------- tables


class MemorialDay(SQLModel, table=True):
    """One recurring day a server marks. `name`/`text` are the moderator's words (any language); seeded days
    are in Swedish and carry the seed file's other languages in `translations`, shown when the server writes
    one of them."""

    __tablename__ = "memorial_day"
    __table_args__ = (UniqueConstraint("guild_id", "seed_key", name="uq_memorial_day_seed"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    name: str = Field(max_length=NAME_LIMIT)
    rule_kind: str = Field(default=FIXED, max_length=16)
    month: int
    day: int | None = None
    weekday: int | None = None
    nth: int | None = None
    text: str = Field(max_length=TEXT_LIMIT)
    image_url: str | None = Field(default=None, max_length=500)
    channel_id: int | None = Field(default=None, sa_type=BigInteger)
    post_hour: int = 9
    post_minute: int = 0
    lead_days: list[int] = Field(default_factory=lambda: leadtimes.whole_days(DEFAULT_LEADS), sa_type=JSON)
    translations: dict[str, dict[str, str]] = Field(
        default_factory=dict, sa_type=JSON, sa_column_kwargs={"server_default": "{}"}
    )
    """Language code -> {"name": ..., "text": ...}: the day's words in other languages."""
    active: bool = True
    seed_key: str | None = Field(default=None, max_length=40)
    created_at: datetime = Field(default_factory=clock_now, sa_type=UTCDateTime)

    @property
    def rule(self) -> DateRule:
        return DateRule(month=self.month, day=self.day, weekday=self.weekday, nth=self.nth)

    @property
    def post_time(self) -> time:
        return time(self.post_hour, self.post_minute)

    def set_rule(self, rule: DateRule) -> None:
        self.rule_kind, self.month, self.day, self.weekday, self.nth = (
            rule.kind,
            rule.month,
            rule.day,
            rule.weekday,
            rule.nth,
        )

    @property
    def leads(self) -> LeadTimes:
        return leadtimes.days(*self.lead_days)

    def display_name(self, lang: str) -> str:
        return self.translations.get(lang, {}).get("name") or self.name

    def display_text(self, lang: str) -> str:
        return self.translations.get(lang, {}).get("text") or self.text

    def names(self) -> list[str]:
        """Its name in every language it has one in, for finding it by name."""
        return [self.name, *(words["name"] for words in self.translations.values() if "name" in words)]

    def forget_translations(self, field: str) -> None:
        """A moderator's new words replace the field in every language (theirs are shown whatever the language)."""
        kept = {lang: {k: v for k, v in words.items() if k != field} for lang, words in self.translations.items()}
        self.translations = {lang: words for lang, words in kept.items() if words}


class MemorialRegistration(SQLModel, table=True):
    """ "Vi ordnar något": what a branch does for one occurrence of a day, registered by an organiser."""

    __tablename__ = "memorial_registration"

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    day_id: int = Field(foreign_key="memorial_day.id", ondelete="CASCADE", index=True)
    year: int
    organiser_id: int = Field(sa_type=BigInteger)
    branch: str = Field(max_length=BRANCH_LIMIT)
    what: str = Field(max_length=WHAT_LIMIT)
    created_at: datetime = Field(default_factory=clock_now, sa_type=UTCDateTime)


class MemorialReminderPost(SQLModel, table=True):
    """A reminder message that was posted, so registrations can be shown in it afterwards."""

    __tablename__ = "memorial_reminder_post"

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    day_id: int = Field(foreign_key="memorial_day.id", ondelete="CASCADE", index=True)
    year: int
    lead: int
    channel_id: int = Field(sa_type=BigInteger)
    message_id: int = Field(sa_type=BigInteger)


# ---------------------------------------------------------------------------------------------- parsing

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


def describe_rule(rule: DateRule, lang: str = DEFAULT_LANGUAGE) -> str:
    """'8 mars' / 'sista söndagen i maj'; in English '8 March' / 'last Sunday of May'."""
    month = t(f"time.month.{rule.month}", lang)
    if rule.day is not None:
        return t("memorial.rule.date", lang, day=rule.day, month=month)
    assert rule.weekday is not None and rule.nth is not None
    ordinal, weekday = t(f"meetings.ordinal.{rule.nth}", lang), t(f"meetings.weekday.{rule.weekday}", lang)
    return t("memorial.rule.nth", lang, ordinal=ordinal, weekday=weekday, month=month)


def check_image_url(url: str) -> str:
    url = url.strip()
    if not re.match(r"^https?://\S+$", url) or len(url) > 500:
        raise UserError("memorial.image.invalid")
    return url


# ---------------------------------------------------------------------------------------------- time


def at_local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall-clock time on `day`, by the clock-change policy of `bot.timeparse`."""
    return to_utc(datetime.combine(day, at), zone, repeating=True)


def check_post_time(rule: DateRule, post_time: time, zone: ZoneInfo | str, today: date) -> None:
    """A post time must exist on the day's coming dates (refused on the night the clocks go forward)."""
    years = (today.year, today.year + 1, today.year + 2)
    check_clock_time((rule.in_year(year) for year in years), post_time, zone)


def end_of_local_day(day: date, zone: ZoneInfo) -> datetime:
    return at_local(day + timedelta(days=1), time(), zone)


def post_key(occurrence: date) -> str:
    return occurrence.isoformat()


def reminder_key(occurrence: date, lead: int) -> str:
    return f"{occurrence.isoformat()}:{lead}"


def parse_key(key: str) -> tuple[date, int | None]:
    """An occurrence key back to (occurrence date, lead days or None for the post itself)."""
    day, _, lead = key.partition(":")
    return date.fromisoformat(day), int(lead) if lead else None


def _candidate_occurrences(day: MemorialDay, zone: ZoneInfo, now: datetime) -> list[date]:
    year = to_local(now, zone).year
    return [day.rule.in_year(y) for y in (year, year + 1, year + 2)]


def post_plan(day: MemorialDay, zone: ZoneInfo, now: datetime) -> list[Planned]:
    """The posts of `day` whose grace window (the rest of the local day) is still open."""
    assert day.id is not None
    planned = []
    for occurrence in _candidate_occurrences(day, zone, now)[:2]:
        expires = end_of_local_day(occurrence, zone)
        if expires > now:
            due = at_local(occurrence, day.post_time, zone)
            planned.append(Planned(day.guild_id, str(day.id), post_key(occurrence), due, expires))
    return planned


def reminder_plan(day: MemorialDay, zone: ZoneInfo, now: datetime) -> list[Planned]:
    """The lead reminders of `day` whose grace window (the rest of that local day) is still open,
    for occurrences up to a year ahead."""
    assert day.id is not None
    horizon = to_local(now, zone).date() + timedelta(days=366)
    planned = []
    for occurrence in _candidate_occurrences(day, zone, now):
        for lead in day.leads:
            on = occurrence - lead
            expires = end_of_local_day(on, zone)
            if expires > now and on <= horizon:
                due = at_local(on, day.post_time, zone)
                planned.append(Planned(day.guild_id, str(day.id), reminder_key(occurrence, lead.days), due, expires))
    return planned


async def _active_days(
    session: AsyncSession, *, guild_id: int | None, object_id: str | None
) -> list[tuple[MemorialDay, str]]:
    query = (
        select(MemorialDay, GuildConfig.timezone)
        .join(GuildConfig, col(GuildConfig.guild_id) == col(MemorialDay.guild_id))
        .where(col(MemorialDay.active).is_(True))
    )
    if guild_id is not None:
        query = query.where(MemorialDay.guild_id == guild_id)
    if object_id is not None:
        if not object_id.isdigit():
            return []
        query = query.where(MemorialDay.id == int(object_id))
    return [(day, zone) for day, zone in (await session.exec(query)).all()]


async def plan_posts(
    session: AsyncSession, now: datetime, *, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    """Ledger planner for "memorial.post"."""
    planned: list[Planned] = []
    for day, zone in await _active_days(session, guild_id=guild_id, object_id=object_id):
        planned.extend(post_plan(day, ZoneInfo(zone), now))
    return planned


async def plan_reminders(
    session: AsyncSession, now: datetime, *, guild_id: int | None = None, object_id: str | None = None
) -> list[Planned]:
    """Ledger planner for "memorial.reminder"."""
    planned: list[Planned] = []
    for day, zone in await _active_days(session, guild_id=guild_id, object_id=object_id):
        planned.extend(reminder_plan(day, ZoneInfo(zone), now))
    return planned


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


def by_next_date(days: list[MemorialDay], today: date) -> list[tuple[date, MemorialDay]]:
    """Every day with its next date, in date order."""
    return sorted(((d.rule.next_on_or_after(today), d) for d in days), key=lambda i: (i[0], i[1].name.lower()))


# ---------------------------------------------------------------------------------------------- data


@cache
def seed_days() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(SEED_FILE.read_text(encoding="utf-8"))["days"])


async def seed_guild(session: AsyncSession, config: GuildConfig) -> None:
    """Give a server the plan's days (a guild hook: runs when the server is first seen). Idempotent: a
    day already seeded is not added again."""
    existing = set(
        (
            await session.exec(
                select(MemorialDay.seed_key).where(
                    MemorialDay.guild_id == config.guild_id, col(MemorialDay.seed_key).is_not(None)
                )
            )
        ).all()
    )
    for seed in seed_days():
        if seed["key"] in existing:
            continue
        rule = DateRule(month=seed["month"], day=seed["day"])
        day = MemorialDay(
            guild_id=config.guild_id,
            name=seed["name"][DEFAULT_LANGUAGE],
            text=seed["text"][DEFAULT_LANGUAGE],
            translations={
                lang: {"name": seed["name"][lang], "text": seed["text"][lang]}
                for lang in seed["name"]
                if lang != DEFAULT_LANGUAGE
            },
            seed_key=seed["key"],
            month=rule.month,
        )
        day.set_rule(rule)
        session.add(day)
    await session.flush()


async def list_days(session: AsyncSession, guild_id: int) -> list[MemorialDay]:
    return list((await session.exec(select(MemorialDay).where(MemorialDay.guild_id == guild_id))).all())


async def get_day(session: AsyncSession, guild_id: int, ref: str) -> MemorialDay:
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
            (d for d in await list_days(session, guild_id) if wanted in (name.casefold() for name in d.names())),
            None,
        )
    if day is None:
        raise NotFound("memorial.not_found", text=ref[:60])
    return day


async def _check_name_free(session: AsyncSession, guild_id: int, name: str, *, except_id: int | None = None) -> None:
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


def _check_text(name: str | None, text: str | None) -> None:
    if name is not None and not 1 <= len(name.strip()) <= NAME_LIMIT:
        raise UserError("memorial.name.invalid", most=NAME_LIMIT)
    if text is not None and not 1 <= len(text.strip()) <= TEXT_LIMIT:
        raise UserError("memorial.text.invalid", most=TEXT_LIMIT)


async def add_day(
    session: AsyncSession,
    guild_id: int,
    *,
    name: str,
    rule: DateRule,
    text: str,
    leads: LeadTimes | None = None,
    post_time: time = DEFAULT_POST_TIME,
    channel_id: int | None = None,
    image_url: str | None = None,
) -> MemorialDay:
    _check_text(name, text)
    name = name.strip()
    await _check_name_free(session, guild_id, name)
    day = MemorialDay(
        guild_id=guild_id,
        name=name,
        text=text.strip(),
        month=rule.month,
        lead_days=leadtimes.whole_days(DEFAULT_LEADS if leads is None else leads),
        post_hour=post_time.hour,
        post_minute=post_time.minute,
        channel_id=channel_id,
        image_url=image_url,
    )
    day.set_rule(rule)
    session.add(day)
    await session.flush()
    return day


async def edit_day(
    session: AsyncSession,
    day: MemorialDay,
    *,
    name: str | None = None,
    rule: DateRule | None = None,
    text: str | None = None,
    leads: LeadTimes | None = None,
    post_time: time | None = None,
    channel_id: int | None = None,
    image_url: str | None = None,
    clear_image: bool = False,
) -> list[str]:
    """Change what was given; returns the names of the changed fields. A new name or text replaces its
    versions in every language (the moderator's words are shown whatever the server language)."""
    _check_text(name, text)
    changed: list[str] = []
    if name is not None:
        await _check_name_free(session, day.guild_id, name.strip(), except_id=day.id)
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
    return changed


async def set_active(session: AsyncSession, day: MemorialDay, active: bool) -> None:
    day.active = active
    session.add(day)
    await session.flush()


async def remove_day(session: AsyncSession, day: MemorialDay) -> None:
    await session.exec(delete(MemorialRegistration).where(MemorialRegistration.day_id == day.id))
    await session.exec(delete(MemorialReminderPost).where(MemorialReminderPost.day_id == day.id))
    await session.delete(day)
    await session.flush()


async def register(
    session: AsyncSession, day: MemorialDay, year: int, *, organiser_id: int, branch: str, what: str
) -> MemorialRegistration:
    """Record what a branch organises for the year's occurrence; the same organiser and branch again
    replaces their earlier entry."""
    branch, what = " ".join(branch.split()), what.strip()
    if not 1 <= len(branch) <= BRANCH_LIMIT or not 1 <= len(what) <= WHAT_LIMIT:
        raise UserError("memorial.register.invalid", branch_most=BRANCH_LIMIT, what_most=WHAT_LIMIT)
    assert day.id is not None
    existing = (
        await session.exec(
            select(MemorialRegistration).where(
                MemorialRegistration.day_id == day.id,
                MemorialRegistration.year == year,
                MemorialRegistration.organiser_id == organiser_id,
                func.lower(MemorialRegistration.branch) == branch.lower(),
            )
        )
    ).first()
    if existing is None:
        existing = MemorialRegistration(
            guild_id=day.guild_id, day_id=day.id, year=year, organiser_id=organiser_id, branch=branch, what=what
        )
    else:
        existing.what = what
    session.add(existing)
    await session.flush()
    return existing


async def registrations(session: AsyncSession, day_id: int, year: int) -> list[MemorialRegistration]:
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
    session: AsyncSession, day: MemorialDay, year: int, lead: int, *, channel_id: int, message_id: int
) -> None:
    assert day.id is not None
    session.add(
        MemorialReminderPost(
            guild_id=day.guild_id, day_id=day.id, year=year, lead=lead, channel_id=channel_id, message_id=message_id
        )
    )
    await session.flush()


async def reminder_years(session: AsyncSession, day_id: int) -> list[int]:
    """The years whose occurrence of the day has reminders posted."""
    query = select(MemorialReminderPost.year).where(MemorialReminderPost.day_id == day_id).distinct()
    return sorted((await session.exec(query)).all())


async def reminder_posts(session: AsyncSession, day_id: int, year: int) -> list[MemorialReminderPost]:
    return list(
        (
            await session.exec(
                select(MemorialReminderPost).where(
                    MemorialReminderPost.day_id == day_id, MemorialReminderPost.year == year
                )
            )
        ).all()
    )


# ---------------------------------------------------------------------------------------------- personal data


async def _export_registrations(session: AsyncSession, guild_id: int, user_id: int) -> list[dict[str, Any]]:
    rows = await session.exec(
        select(MemorialRegistration)
        .where(MemorialRegistration.guild_id == guild_id, MemorialRegistration.organiser_id == user_id)
        .order_by(col(MemorialRegistration.id))
    )
    return [
        {"day_id": r.day_id, "year": r.year, "branch": r.branch, "what": r.what, "at": r.created_at.isoformat()}
        for r in rows.all()
    ]


async def _erase_registrations(session: AsyncSession, guild_id: int, user_id: int) -> privacy.Aftermath:
    """The branch's activity stays listed; who registered it is forgotten (and the reminders that named them
    are to be shown again without them)."""
    aftermath = privacy.Aftermath()
    days = await session.exec(
        select(MemorialRegistration.day_id).where(
            MemorialRegistration.guild_id == guild_id, MemorialRegistration.organiser_id == user_id
        )
    )
    for day_id in set(days.all()):
        aftermath.change(REGISTRATIONS_CHANGED, day_id)
    await session.exec(
        update(MemorialRegistration)
        .where(MemorialRegistration.guild_id == guild_id, MemorialRegistration.organiser_id == user_id)
        .values(organiser_id=0)
    )
    return aftermath


privacy.register(privacy.PersonalData("memorial_registrations", _export_registrations, _erase_registrations))
