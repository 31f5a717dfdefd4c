"""The year-end report (verksamhetsberättelse) draft's contents: per section each commitment with its status,
updates, postponements and evidence, and the counts per status. The cog writes it out as Markdown, PDF, Word
(.docx) or OpenDocument (.odt) with charts, all from this one model.

The report is built for the person who asked: the meetings a link counted are listed with their titles, dates
and attendance only where `bot.permissions.can_see_meeting` lets that person see them (a separatist meeting: its
audience and moderators); the others are only counted, as everywhere else."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.campaigns.crypto import Vault
from bot.commitments import service
from bot.commitments.evidence import Evidence, HeldMeeting
from bot.commitments.models import OVERDUE, Plan, Status
from bot.commitments.service import CommitmentDetails
from bot.guilds import GuildConfig
from bot.permissions import Person, can_see_meeting
from bot.timeparse import to_local

STATUS_ORDER = (Status.DONE, Status.IN_PROGRESS, Status.PLANNED, OVERDUE, Status.CANCELLED)


@dataclass(frozen=True)
class ReportEvidence:
    """One evidence line as the reader may see it: the meetings it counted that they may see, and how many
    others it counted whose details are not theirs to see."""

    evidence: Evidence
    meetings: tuple[HeldMeeting, ...] = ()
    hidden: int = 0


@dataclass
class ReportSection:
    title: str
    items: list[CommitmentDetails] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        return Counter(item.info.shown_status for item in self.items)


@dataclass(frozen=True)
class Postponement:
    """A due date moved with the reminder's "Skjut upp": when (the local day), by whom, from and to, and why."""

    day: date
    author_id: int
    old_due: date | None
    new_due: date
    reason: str


@dataclass
class ReportData:
    plan: Plan
    sections: list[ReportSection]
    today: date
    timezone: str
    postponements: dict[int, list[Postponement]] = field(default_factory=dict)
    """Each commitment's postponements (by its id), oldest first."""
    evidence: dict[int, list[ReportEvidence]] = field(default_factory=dict)
    """Per commitment id, its evidence as the reader may see it (see `evidence_of`)."""

    def postponements_of(self, item: CommitmentDetails) -> list[Postponement]:
        return self.postponements.get(item.info.id, [])

    def evidence_of(self, item: CommitmentDetails) -> list[ReportEvidence]:
        """The item's evidence lines for the reader; without a reader, counts only, no meeting details."""
        found = self.evidence.get(item.info.id)
        if found is None:
            return [ReportEvidence(e, (), len(e.held)) for e in item.evidence]
        return found

    def counts(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for section in self.sections:
            total.update(section.counts())
        return total

    @property
    def items(self) -> list[CommitmentDetails]:
        return [item for section in self.sections for item in section.items]

    def statuses(self) -> tuple[str, ...]:
        """The statuses the summary counts; "struken" only when the annual meeting struck something."""
        return (*STATUS_ORDER, Status.DROPPED) if self.counts().get(Status.DROPPED) else STATUS_ORDER

    def people(self) -> tuple[set[int], set[int]]:
        """The members (owners and authors of updates) and the roles (owners) the report names."""
        members: set[int] = set()
        roles: set[int] = set()
        for item in self.items:
            members.update(item.info.owner_user_ids, (u.author_id for u in item.updates))
            roles.update(item.info.owner_role_ids)
        return members, roles


def seen_by(evidence: Evidence, reader: Person, config: GuildConfig) -> ReportEvidence:
    """The evidence with the meetings the reader may see listed and the others only counted."""
    shown = tuple(m for m in evidence.held if can_see_meeting(reader, config, m.audience, m.created_by))
    return ReportEvidence(evidence, shown, len(evidence.held) - len(shown))


async def build_report(
    guild_id: int,
    plan_id: int | None,
    *,
    session: AsyncSession,
    today: date,
    timezone: str,
    vault: Vault | None,
    reader: Person | None = None,
    config: GuildConfig | None = None,
) -> ReportData:
    """The report of the plan (the newest when None) for `reader`: with a reader and the server's configuration
    the meetings they may see are listed with titles and dates, else only counted."""
    plan = await service.get_plan(guild_id, plan_id, session=session)
    infos = await service.list_commitments(
        guild_id, session=session, today=today, vault=vault, plan_id=plan.id, include_dropped=True
    )
    order = [s.title for s in await service.sections_of(guild_id, plan.id, session=session)]
    by_title: dict[str, ReportSection] = {}
    for item in await service.details_of(guild_id, infos, session=session, vault=vault):
        by_title.setdefault(item.info.section, ReportSection(item.info.section)).items.append(item)
    ordered = [by_title[title] for title in dict.fromkeys(order) if title in by_title]
    ordered += [s for title, s in by_title.items() if title not in order]
    postponements = {
        item.info.id: [
            Postponement(to_local(u.created_at, timezone).date(), u.author_id, u.old_due, u.new_due, u.note)
            for u in item.updates
            if u.new_due is not None
        ]
        for section in ordered
        for item in section.items
    }
    data = ReportData(plan, ordered, today, timezone, {k: v for k, v in postponements.items() if v})
    if reader is not None and config is not None:
        data.evidence = {item.info.id: [seen_by(e, reader, config) for e in item.evidence] for item in data.items}
    return data
