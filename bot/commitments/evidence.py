"""Evidence for a commitment: what other features (meetings, phone campaigns) can show was done.

A provider is registered per link kind: `async provider(guild_id, link, *, session, vault) -> Evidence`. Features
supply their own; a link whose kind has no provider is shown as "no evidence source available".
Evidence carries a catalog key and plain values, so the cog and the report render it in the server's language.

The providers below read the meetings', the phone campaigns' and the memorial days' tables, read-only, and
only count: no names, numbers, notes or answers leave those features through here, and no count that depends on
a separatist meeting's title. A survey-answer link needs the data key to read the answers: the caller hands it
in as `vault` (the bot's data key, or None when it has none), and without it the count is unavailable and says so.
A meeting link also hands over the meetings it counted (`HeldMeeting`: title, time, attendance count), which only
the year-end report lists, and only to a reader who may see each meeting (`bot.commitments.report.seen_by`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy import ColumnElement, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import clock
from bot.campaigns.crypto import Vault
from bot.campaigns.models import Attempt, Campaign, Contact, Outcome
from bot.commitments.models import Commitment, Link, LinkKind, Plan
from bot.i18n import stored_text, value_text
from bot.meetings.models import Attendance, Meeting
from bot.memorial.models import MemorialDay, MemorialRegistration
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
        if "audience" in values:
            values = {**values, "audience": value_text("commitments.audience", values["audience"], lang)}
        return stored_text(self.key, lang, values)


def link_value_text(kind: str, value: str, lang: str) -> str:
    """A link's value as a person reads it: an audience by its name ('mansträffar'), a title or campaign as typed."""
    return value_text("commitments.audience", value, lang) if kind == LinkKind.MEETING_AUDIENCE else value


class Provider(Protocol):
    async def __call__(self, guild_id: int, link: Link, *, session: AsyncSession, vault: Vault | None) -> Evidence: ...


PROVIDERS: dict[str, Provider] = {}


def register_provider(kind: str, provider: Provider) -> None:
    PROVIDERS[kind] = provider


def unregister_provider(kind: str) -> None:
    PROVIDERS.pop(kind, None)


async def evidence_for(
    guild_id: int, links: Iterable[Link], *, session: AsyncSession, vault: Vault | None
) -> list[Evidence]:
    found = []
    for link in links:
        provider = PROVIDERS.get(link.kind)
        if provider is None:
            found.append(Evidence(link.kind, link.value, "commitments.evidence.unavailable", {"label": link.value}))
        else:
            found.append(await provider(guild_id, link, session=session, vault=vault))
    return found


# ---------------------------------------------------------------------------------------------- providers


async def _meetings(guild_id: int, link: Link, *, session: AsyncSession, vault: Vault | None) -> Evidence:
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


async def _campaign(guild_id: int, link: Link, *, session: AsyncSession, vault: Vault | None) -> Evidence:
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


async def _plan_year(link: Link, *, session: AsyncSession) -> int | None:
    commitment = await session.get(Commitment, link.commitment_id)
    plan = await session.get(Plan, commitment.plan_id) if commitment is not None else None
    return plan.year if plan is not None else None


def _unavailable(link: Link) -> Evidence:
    return Evidence(link.kind, link.value, "commitments.evidence.unavailable", {"label": link.value})


async def _memorial_day(guild_id: int, link: Link, *, session: AsyncSession, vault: Vault | None) -> Evidence:
    """The branches that registered an activity ("Vi ordnar något") for the memorial day's occurrence in the plan's
    year, each branch once however many organisers registered it. What they do and who registered is not told."""
    day = await session.get(MemorialDay, int(link.value)) if link.value.isdecimal() else None
    year = await _plan_year(link, session=session)
    if day is None or day.guild_id != guild_id or year is None:
        return _unavailable(link)
    branches = (
        await session.exec(
            select(MemorialRegistration.branch).where(
                MemorialRegistration.day_id == day.id, MemorialRegistration.year == year
            )
        )
    ).all()
    count = len({" ".join(branch.split()).casefold() for branch in branches})
    return Evidence(
        link.kind,
        day.name,
        "commitments.evidence.memorial_day",
        {"label": day.name, "year": year, "count": count},
        counts={"count": count},
    )


def normal_answer(answer: str) -> str:
    """An answer as it is compared: its words, any case (as the campaign's statistics group them)."""
    return " ".join(answer.split()).casefold()


def answer_digest(vault: Vault, answer: str) -> str:
    """The keyed hash a survey-answer link keeps instead of the answer: no answer is stored in the clear."""
    return vault.digest("survey answer\x00" + normal_answer(answer))


def survey_link_value(campaign_id: int, question: int, digest: str) -> str:
    return f"{campaign_id}:{question}:{digest}"


def parse_survey_link(value: str) -> tuple[int, int, str] | None:
    parts = value.split(":")
    if len(parts) != 3 or not parts[0].isdecimal() or not parts[1].isdecimal():
        return None
    return int(parts[0]), int(parts[1]), parts[2]


def _count_answers(vault: Vault, sealed: list[str], question: str, digest: str) -> int:
    found = 0
    for token in sealed:
        if vault.opens(token):
            answer = vault.open(token).get(question)
            if answer and answer_digest(vault, answer) == digest:
                found += 1
    return found


async def _survey_answer(guild_id: int, link: Link, *, session: AsyncSession, vault: Vault | None) -> Evidence:
    """The calls of a campaign whose answer to one of its questions is the chosen answer. The answers are read
    with the data key, counted and forgotten: the evidence names the campaign and the question, never the answer."""
    parsed = parse_survey_link(link.value)
    campaign = await session.get(Campaign, parsed[0]) if parsed is not None else None
    if parsed is None or campaign is None or campaign.guild_id != guild_id or parsed[1] >= len(campaign.questions):
        return Evidence(link.kind, "–", "commitments.evidence.unavailable", {"label": "–"})
    question = campaign.questions[parsed[1]]
    values: dict[str, object] = {"label": campaign.name, "question": question}
    if vault is None:
        return Evidence(link.kind, campaign.name, "commitments.evidence.survey_no_key", values)
    sealed = (
        await session.exec(
            select(Attempt.sealed_answers).where(
                col(Attempt.campaign_id) == campaign.id,
                col(Attempt.outcome).is_not(None),
                col(Attempt.sealed_answers).is_not(None),
            )
        )
    ).all()
    # decrypting the answers of a large campaign takes a while: not on the event loop
    count = await asyncio.to_thread(_count_answers, vault, [s for s in sealed if s], question, parsed[2])
    return Evidence(
        link.kind, campaign.name, "commitments.evidence.survey", {**values, "count": count}, counts={"count": count}
    )


async def _series(guild_id: int, link: Link, *, session: AsyncSession, vault: Vault | None) -> Evidence:
    """The meetings held (started, not cancelled) of a repeating meeting's series, with the attendance recorded.
    The series is named by its first meeting's title when it is open, by its audience when it is not."""
    series = int(link.value) if link.value.isdecimal() else None
    meetings = (
        (
            await session.exec(
                select(Meeting)
                .where(Meeting.guild_id == guild_id, Meeting.series_id == series)
                .order_by(col(Meeting.id))
            )
        ).all()
        if series is not None
        else []
    )
    if not meetings:
        return _unavailable(link)
    first = meetings[0]
    label = first.title if first.audience == Audience.OPEN.value else f"#{series}"
    key = "commitments.evidence.series" if first.audience == Audience.OPEN.value else "commitments.evidence.series_of"
    held = [m.id for m in meetings if not m.cancelled and m.start_at <= clock.now()]
    attended = 0
    if held:
        attended = (
            await session.exec(select(func.count()).select_from(Attendance).where(col(Attendance.meeting_id).in_(held)))
        ).one()
    values = {"label": label, "audience": first.audience, "count": len(held), "attended": attended}
    return Evidence(
        link.kind,
        label,
        key,
        values,
        meetings=len(held),
        counts={"meetings": len(held), "attended": attended},
    )


register_provider(LinkKind.MEETING_AUDIENCE, _meetings)
register_provider(LinkKind.MEETING_TITLE, _meetings)
register_provider(LinkKind.CAMPAIGN, _campaign)
register_provider(LinkKind.MEMORIAL_DAY, _memorial_day)
register_provider(LinkKind.SURVEY_ANSWER, _survey_answer)
register_provider(LinkKind.MEETING_SERIES, _series)
