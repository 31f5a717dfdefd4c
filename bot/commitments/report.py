"""The year-end report (verksamhetsberättelse) draft's contents: per section each commitment with its status,
updates, postponements and evidence, and the counts per status. The cog writes it out as Markdown or PDF with a
chart."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.commitments import service
from bot.commitments.models import OVERDUE, Plan, Status
from bot.commitments.service import CommitmentDetails
from bot.timeparse import to_local

STATUS_ORDER = (Status.DONE, Status.IN_PROGRESS, Status.PLANNED, OVERDUE, Status.CANCELLED)


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

    def postponements_of(self, item: CommitmentDetails) -> list[Postponement]:
        return self.postponements.get(item.info.id, [])

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


async def build_report(
    guild_id: int, plan_id: int | None, *, session: AsyncSession, today: date, timezone: str
) -> ReportData:
    plan = await service.get_plan(guild_id, plan_id, session=session)
    infos = await service.list_commitments(
        guild_id, session=session, today=today, plan_id=plan.id, include_dropped=True
    )
    order = [s.title for s in await service.sections_of(guild_id, plan.id, session=session)]
    by_title: dict[str, ReportSection] = {}
    for item in await service.details_of(guild_id, infos, session=session):
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
    return ReportData(plan, ordered, today, timezone, {k: v for k, v in postponements.items() if v})
