"""The tables of memorial days, their limits and defaults, and the personal data they hold.

The personal-data entry (export and erasure of who registered an activity) stands beside the table it describes:
whatever imports the tables (the schema, the service, the tests) has the entry registered too.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import JSON, BigInteger, UniqueConstraint
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import leadtimes, privacy
from bot.clock import now as clock_now
from bot.db import UTCDateTime, guild_field
from bot.leadtimes import LeadTimes
from bot.timeparse import FIXED, DateRule

DEFAULT_POST_TIME = time(9, 0)
DEFAULT_LEADS = leadtimes.days(14, 3)
NAME_LIMIT = 100
TEXT_LIMIT = 4000
IMAGE_URL_LIMIT = 500
BRANCH_LIMIT = 100
WHAT_LIMIT = 300
REGISTRATIONS_CHANGED = "memorial_day"  # what an erasure marks changed: days whose reminders list registrations


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
    image_url: str | None = Field(default=None, max_length=IMAGE_URL_LIMIT)
    channel_id: int | None = Field(default=None, sa_type=BigInteger)
    post_hour: int = DEFAULT_POST_TIME.hour
    post_minute: int = DEFAULT_POST_TIME.minute
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


# ---------------------------------------------------------------------------------------------- personal data


async def _export_registrations(*, session: AsyncSession, guild_id: int, user_id: int) -> list[dict[str, Any]]:
    rows = await privacy.rows_naming(
        session=session, person=MemorialRegistration.organiser_id, guild_id=guild_id, user_id=user_id
    )
    return [{"day_id": r.day_id, "year": r.year, "branch": r.branch, "what": r.what, "at": r.created_at} for r in rows]


async def _erase_registrations(*, session: AsyncSession, guild_id: int, user_id: int) -> privacy.Aftermath:
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
    await privacy.replace_person(
        session=session, person=MemorialRegistration.organiser_id, guild_id=guild_id, user_id=user_id, by=0
    )
    return aftermath


privacy.register(privacy.PersonalData("memorial_registrations", _export_registrations, _erase_registrations))
