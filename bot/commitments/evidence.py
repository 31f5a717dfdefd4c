"""Evidence for a commitment: what other features (meetings, phone campaigns) can show was done.

A provider is registered per link kind: `async provider(guild_id, link, *, session) -> Evidence`. Features
supply their own; a link whose kind has no provider is shown as "no evidence source available".
Evidence carries a catalog key and plain values, so the cog and the report render it in the server's language.

The providers below read the meetings' and the phone campaigns' tables, read-only, and count: no names,
numbers or notes leave those features through here, and no count that depends on a separatist meeting's title.
A meeting link also hands over the meetings it counted (`HeldMeeting`: title, time, attendance count), which only
the year-end report lists, and only to a reader who may see each meeting (`bot.commitments.report.seen_by`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy import ColumnElement, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import clock
from bot.campaigns.models import Attempt, Campaign, Contact, Outcome
from bot.commitments.models import Link, LinkKind
from bot.i18n import stored_text, value_text
from bot.meetings.models import Attendance, Meeting
from bot.permissions import Audience


@dataclass(frozen=True)
class HeldMeeting:
    """A meeting a meeting link counted, for the year-end report's evidence lines. It carries a separatist
    meeting's title and time, so the report shows it only to whom `bot.permissions.can_see_meeting` allows."""

    title: str
    start_at: datetime
    attended: int
    audience: str
    created_by: int


@dataclass(frozen=True)
class Evidence:
    kind: str
    label: str
    key: str
    values: dict[str, object] = field(default_factory=dict)
    meetings: int = 0
    """How many meetings were held (for the report's meeting count); 0 for other kinds."""
    counts: dict[str, int] = field(default_factory=dict)
    """What the link counts toward a target, by measure (see `bot.commitments.progress.measure`): meetings held
    and attendance for a meeting link, calls made and answered for a campaign link."""
    held: tuple[HeldMeeting, ...] = ()
    """The meetings a meeting link counted, oldest first; only the year-end report reads them, per reader."""

    def text(self, lang: str) -> str:
        """The line a person reads, its link named as in `link_value_text`."""
        values = self.values
        if "label" in values:
            values = {**values, "label": link_value_text(self.kind, str(values["label"]), lang)}
        return stored_text(self.key, lang, values)


def link_value_text(kind: str, value: str, lang: str) -> str:
    """A link's value as a person reads it: an audience by its name ('mansträffar'), a title or campaign as typed."""
    return value_text("commitments.audience", value, lang) if kind == LinkKind.MEETING_AUDIENCE else value


class Provider(Protocol):
    async def __call__(self, guild_id: int, link: Link, *, session: AsyncSession) -> Evidence: ...


PROVIDERS: dict[str, Provider] = {}


def register_provider(kind: str, provider: Provider) -> None:
    PROVIDERS[kind] = provider


def unregister_provider(kind: str) -> None:
    PROVIDERS.pop(kind, None)


async def evidence_for(guild_id: int, links: Iterable[Link], *, session: AsyncSession) -> list[Evidence]:
    found = []
    for link in links:
        provider = PROVIDERS.get(link.kind)
        if provider is None:
            found.append(Evidence(link.kind, link.value, "commitments.evidence.unavailable", {"label": link.value}))
        else:
            found.append(await provider(guild_id, link, session=session))
    return found


# ---------------------------------------------------------------------------------------------- providers


async def _meetings(guild_id: int, link: Link, *, session: AsyncSession) -> Evidence:
    """Meetings held (started, not cancelled) for the linked audience or with the linked words in the title.

    A title link counts open meetings only, and says so: evidence is shown to every member and printed in the
    year-end report, and counting separatist meetings by words of their title would let anyone find out those
    titles by linking substrings. Separatist meetings are counted through an audience link, which tells how
    many were held and nothing of what they were called."""
    query = select(Meeting).where(
        Meeting.guild_id == guild_id, col(Meeting.cancelled).is_(False), Meeting.start_at <= clock.now()
    )
    if link.kind == LinkKind.MEETING_AUDIENCE:
        query = query.where(Meeting.audience == link.value)
    else:
        query = query.where(Meeting.audience == Audience.OPEN.value)
    words = link.value.casefold()
    meetings = [
        meeting
        for meeting in (await session.exec(query.order_by(col(Meeting.start_at), col(Meeting.id)))).all()
        if link.kind == LinkKind.MEETING_AUDIENCE or words in meeting.title.casefold()
    ]
    ids = [meeting.id for meeting in meetings]
    per_meeting: dict[int, int] = {}
    if ids:
        rows = await session.exec(
            select(Attendance.meeting_id, func.count())
            .where(col(Attendance.meeting_id).in_(ids))
            .group_by(col(Attendance.meeting_id))
        )
        per_meeting = dict(rows.all())
    attended = sum(per_meeting.values())
    held = tuple(HeldMeeting(m.title, m.start_at, per_meeting.get(m.id, 0), m.audience, m.created_by) for m in meetings)
    return Evidence(
        link.kind,
        link.value,
        f"commitments.evidence.{'open_' if link.kind == LinkKind.MEETING_TITLE else ''}meetings",
        {"label": link.value, "count": len(ids), "attended": attended},
        meetings=len(ids),
        counts={"meetings": len(ids), "attended": attended},
        held=held,
    )


async def _campaign(guild_id: int, link: Link, *, session: AsyncSession) -> Evidence:
    """A phone campaign's progress, found by number or name: calls made, contacts reached of all."""
    campaigns = (await session.exec(select(Campaign).where(Campaign.guild_id == guild_id))).all()
    wanted = link.value.strip().casefold()
    campaign = next((c for c in campaigns if str(c.id) == wanted or c.name.strip().casefold() == wanted), None)
    if campaign is None:
        return Evidence(link.kind, link.value, "commitments.evidence.unavailable", {"label": link.value})

    async def count(model: type, *conditions: ColumnElement[bool]) -> int:
        return (await session.exec(select(func.count()).select_from(model).where(*conditions))).one()

    of_campaign = col(Contact.campaign_id) == campaign.id
    contacts = await count(Contact, of_campaign)
    reached = await count(Contact, of_campaign, col(Contact.last_outcome) == Outcome.ANSWERED)
    of_attempts = col(Attempt.campaign_id) == campaign.id
    calls = await count(Attempt, of_attempts, col(Attempt.outcome).is_not(None))
    answered = await count(Attempt, of_attempts, col(Attempt.outcome) == Outcome.ANSWERED)
    return Evidence(
        link.kind,
        campaign.name,
        "commitments.evidence.campaign",
        {"label": campaign.name, "calls": calls, "reached": reached, "count": contacts},
        counts={"calls": calls, "answered": answered},
    )


register_provider(LinkKind.MEETING_AUDIENCE, _meetings)
register_provider(LinkKind.MEETING_TITLE, _meetings)
register_provider(LinkKind.CAMPAIGN, _campaign)
