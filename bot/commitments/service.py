"""Commitments: the plans they belong to, reading them, reporting progress on them, the digest's settings, the
personal data they hold. Plain values in and out; no Discord here."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from bot import clock, permissions, privacy
from bot.campaigns.crypto import Vault
from bot.campaigns.models import Campaign
from bot.commitments.evidence import (
    Evidence,
    answer_digest,
    evidence_for,
    normal_answer,
    survey_link_value,
)
from bot.commitments.models import (
    CLOSED_STATUSES,
    OVERDUE,
    Commitment,
    DigestSettings,
    Link,
    LinkKind,
    Owner,
    OwnerKind,
    Plan,
    Section,
    Status,
    Update,
    stored_id,
)
from bot.commitments.progress import Pace, Progress, Step, Unit, pace, progress, rolled_up, span, step_percent
from bot.errors import NotFound, PermissionDenied, UserError
from bot.guilds import GuildConfig
from bot.meetings.models import Meeting
from bot.permissions import Person
from bot.timeparse import Refusals, check_clock_time, parse_clock, parse_day, to_local

# ---------------------------------------------------------------------------------------------- views


@dataclass
class CommitmentInfo:
    """A commitment with what is needed to show it."""

    id: int
    plan_id: int
    title: str
    description: str
    section: str
    status: str
    shown_status: str
    due_date: date | None
    updated_at: datetime
    owner_user_ids: list[int] = field(default_factory=list)
    owner_role_ids: list[int] = field(default_factory=list)
    target_amount: int | None = None
    target_unit: str | None = None
    progress: Progress | None = None
    """How far it has come (see `bot.commitments.progress`); None when nothing measures it."""
    pace: Pace | None = None
    """Whether it keeps pace; None when nothing measures it, or it is cancelled or struck."""
    parent_id: int | None = None
    """The commitment this one is a step of, if any, and how much it weighs there."""
    weight: int = 1

    @property
    def owner_mentions(self) -> list[str]:
        return [f"<@{i}>" for i in self.owner_user_ids] + [f"<@&{i}>" for i in self.owner_role_ids]


@dataclass
class CommitmentDetails:
    """A commitment with its progress and its evidence: what `/åtagande visa` and the year-end report show."""

    info: CommitmentInfo
    updates: list[Update]
    evidence: list[Evidence]
    steps: list[CommitmentInfo] = field(default_factory=list)
    """Its steps, whose progress rolls up into it, in plan order."""


def shown_status(status: str, due_date: date | None, today: date) -> str:
    """The stored status, or "försenad" when an open commitment is past its due date."""
    if due_date is not None and due_date < today and status not in CLOSED_STATUSES:
        return OVERDUE
    return status


def local_today(timezone: str, now: datetime | None = None) -> date:
    return to_local(now or clock.now(), timezone).date()


# ---------------------------------------------------------------------------------------------- plans


async def plans_of(guild_id: int, *, session: AsyncSession) -> list[Plan]:
    return list(
        (
            await session.exec(
                select(Plan).where(Plan.guild_id == guild_id).order_by(col(Plan.year).desc(), col(Plan.id).desc())
            )
        ).all()
    )


async def get_plan(guild_id: int, plan_id: int | None, *, session: AsyncSession) -> Plan:
    """The given plan, or the newest one when none is given."""
    if plan_id is None:
        plans = await plans_of(guild_id, session=session)
        if not plans:
            raise NotFound("commitments.plan.none")
        return plans[0]
    plan = await session.get(Plan, plan_id)
    if plan is None or plan.guild_id != guild_id:
        raise NotFound("commitments.plan.not_found")
    return plan


async def sections_of(guild_id: int, plan_id: int | None = None, *, session: AsyncSession) -> list[Section]:
    query = select(Section).where(Section.guild_id == guild_id)
    if plan_id is not None:
        query = query.where(Section.plan_id == plan_id)
    return list((await session.exec(query.order_by(col(Section.plan_id), col(Section.position)))).all())


# ---------------------------------------------------------------------------------------------- reading


async def _owners(commitment_ids: Collection[int], *, session: AsyncSession) -> dict[int, list[Owner]]:
    found: dict[int, list[Owner]] = {}
    if not commitment_ids:
        return found
    rows = await session.exec(select(Owner).where(col(Owner.commitment_id).in_(commitment_ids)).order_by(col(Owner.id)))
    for row in rows.all():
        found.setdefault(row.commitment_id, []).append(row)
    return found


async def infos_of(
    rows: Sequence[Commitment], *, session: AsyncSession, today: date, vault: Vault | None
) -> list[CommitmentInfo]:
    """The stored commitments as they are shown: their section's title, their shown status, their owners. The
    data key (`vault`, None when the bot has none) lets a survey-answer link count the answers."""
    section_ids = {r.section_id for r in rows if r.section_id is not None}
    titles: dict[int | None, str] = {}
    if section_ids:
        for section in (await session.exec(select(Section).where(col(Section.id).in_(section_ids)))).all():
            titles[section.id] = section.title
    owners = await _owners([stored_id(r) for r in rows], session=session)
    measured = await _progress_of(rows, session=session, vault=vault)
    years = await _plan_years({r.plan_id for r in rows}, session=session)
    infos = []
    for row in rows:
        own = owners.get(stored_id(row), [])
        found = measured.get(stored_id(row))
        keeps_pace = None
        if found is not None and row.status not in (Status.CANCELLED, Status.DROPPED):
            start, end = span(years.get(row.plan_id, today.year), row.created_at.date(), row.due_date)
            keeps_pace = (
                Pace.ON_TRACK if row.status == Status.DONE else pace(found.percent, start=start, end=end, today=today)
            )
        infos.append(
            CommitmentInfo(
                id=stored_id(row),
                plan_id=row.plan_id,
                title=row.title,
                description=row.description,
                section=titles.get(row.section_id, ""),
                status=row.status,
                shown_status=shown_status(row.status, row.due_date, today),
                due_date=row.due_date,
                updated_at=row.updated_at,
                owner_user_ids=[o.target_id for o in own if o.kind == OwnerKind.MEMBER],
                owner_role_ids=[o.target_id for o in own if o.kind == OwnerKind.ROLE],
                target_amount=row.target_amount,
                target_unit=row.target_unit,
                progress=found,
                pace=keeps_pace,
                parent_id=row.parent_id,
                weight=row.weight,
            )
        )
    return infos


async def _plan_years(plan_ids: Collection[int], *, session: AsyncSession) -> dict[int, int]:
    if not plan_ids:
        return {}
    rows = await session.exec(select(Plan.id, Plan.year).where(col(Plan.id).in_(plan_ids)))
    return {plan_id: year for plan_id, year in rows.all() if plan_id is not None}


async def _with_steps(rows: Sequence[Commitment], *, session: AsyncSession) -> dict[int, list[Commitment]]:
    """The steps of each of the commitments and of their steps, all the way down, by parent id."""
    children: dict[int, list[Commitment]] = {}
    seen = {stored_id(r) for r in rows}
    frontier = set(seen)
    while frontier:
        found = (
            await session.exec(
                select(Commitment)
                .where(col(Commitment.parent_id).in_(frontier))
                .order_by(col(Commitment.position), col(Commitment.id))
            )
        ).all()
        frontier = set()
        for row in found:
            assert row.parent_id is not None
            children.setdefault(row.parent_id, []).append(row)
            if stored_id(row) not in seen:
                seen.add(stored_id(row))
                frontier.add(stored_id(row))
    return children


async def _progress_of(
    rows: Sequence[Commitment], *, session: AsyncSession, vault: Vault | None
) -> dict[int, Progress]:
    """The progress of each commitment something measures: counted from the evidence linked to those with a
    target, else rolled up from its steps, else the percent last typed."""
    if not rows:
        return {}
    children = await _with_steps(rows, session=session)
    everyone = {stored_id(r): r for r in rows}
    for steps in children.values():
        everyone.update((stored_id(c), c) for c in steps)
    own, counted = await _own_progress(list(everyone.values()), session=session, vault=vault)
    final: dict[int, Progress | None] = {}

    def progress_of(row: Commitment, above: frozenset[int]) -> Progress | None:
        row_id = stored_id(row)
        if row_id in final:
            return final[row_id]
        measured = own.get(row_id)
        steps = [
            c
            for c in children.get(row_id, [])
            if c.status not in (Status.CANCELLED, Status.DROPPED) and stored_id(c) not in above
        ]
        if steps and row_id not in counted:
            inner = above | {row_id}
            percents = [(c, step_percent(progress_of(c, inner), done=c.status == Status.DONE)) for c in steps]
            rolled = rolled_up(Step(c.weight, p, c.status == Status.DONE or p >= 100) for c, p in percents)
            measured = rolled or measured
        final[row_id] = measured
        return measured

    found = {}
    for row in rows:
        measured = progress_of(row, frozenset())
        if measured is not None:
            found[stored_id(row)] = measured
    return found


async def _own_progress(
    rows: Sequence[Commitment], *, session: AsyncSession, vault: Vault | None
) -> tuple[dict[int, Progress], set[int]]:
    """Each commitment's own progress, its steps left aside: counted from the evidence linked to those with a
    target, else the percent last typed; and which of them the evidence counts."""
    ids = [stored_id(r) for r in rows]
    typed: dict[int, int] = {}
    updates = await session.exec(
        select(Update.commitment_id, Update.percent)
        .where(col(Update.commitment_id).in_(ids), col(Update.percent).is_not(None))
        .order_by(col(Update.created_at), col(Update.id))
    )
    for commitment_id, percent in updates.all():
        if percent is not None:
            typed[commitment_id] = percent
    links: dict[int, list[Link]] = {}
    targeted = [stored_id(r) for r in rows if r.target_amount is not None]
    if targeted:
        for link in (await session.exec(select(Link).where(col(Link.commitment_id).in_(targeted)))).all():
            links.setdefault(link.commitment_id, []).append(link)
    found = {}
    for row in rows:
        row_id = stored_id(row)
        evidence = await evidence_for(row.guild_id, links.get(row_id, []), session=session, vault=vault)
        measured = progress(
            target=row.target_amount,
            unit=row.target_unit,
            evidence=evidence,
            manual_percent=typed.get(row_id),
            finished=row.status == Status.DONE,
        )
        if measured is not None:
            found[row_id] = measured
    return found, set(links)


async def get_commitment(guild_id: int, commitment_id: int, *, session: AsyncSession) -> Commitment:
    row = await session.get(Commitment, commitment_id)
    if row is None or row.guild_id != guild_id:
        raise NotFound("commitments.not_found")
    return row


async def info(
    guild_id: int, commitment_id: int, *, session: AsyncSession, today: date, vault: Vault | None
) -> CommitmentInfo:
    row = await get_commitment(guild_id, commitment_id, session=session)
    return (await infos_of([row], session=session, today=today, vault=vault))[0]


async def details_of(
    guild_id: int,
    infos: Iterable[CommitmentInfo],
    *,
    session: AsyncSession,
    vault: Vault | None,
    today: date | None = None,
) -> list[CommitmentDetails]:
    """Each commitment with its updates in the order they were written, the evidence of its links and its steps
    (their pace as of `today`, by default the day in UTC)."""
    today = today or clock.now().date()
    found = []
    for item in infos:
        updates = await updates_of(item.id, session=session)
        links = await links_of(item.id, session=session)
        steps = await steps_of(guild_id, item.id, session=session, today=today, vault=vault)
        evidence = await evidence_for(guild_id, links, session=session, vault=vault)
        found.append(CommitmentDetails(item, updates, evidence, steps))
    return found


async def steps_of(
    guild_id: int, commitment_id: int, *, session: AsyncSession, today: date, vault: Vault | None
) -> list[CommitmentInfo]:
    """The steps of a commitment, with their progress, in plan order."""
    rows = (
        await session.exec(
            select(Commitment)
            .where(Commitment.guild_id == guild_id, Commitment.parent_id == commitment_id)
            .order_by(col(Commitment.position), col(Commitment.id))
        )
    ).all()
    return await infos_of(rows, session=session, today=today, vault=vault)


async def details(
    guild_id: int, commitment_id: int, *, session: AsyncSession, today: date, vault: Vault | None
) -> CommitmentDetails:
    item = await info(guild_id, commitment_id, session=session, today=today, vault=vault)
    return (await details_of(guild_id, [item], session=session, today=today, vault=vault))[0]


async def list_commitments(
    guild_id: int,
    *,
    session: AsyncSession,
    today: date,
    vault: Vault | None,
    status: str | None = None,
    section_id: int | None = None,
    plan_id: int | None = None,
    owner_ids: Iterable[int] | None = None,
    include_dropped: bool = False,
) -> list[CommitmentInfo]:
    """Commitments in plan order, filtered. `status` may be "försenad"; `owner_ids` are member or role ids.
    Commitments the annual meeting struck are left out unless `include_dropped` (the year-end report)."""
    query = select(Commitment).where(Commitment.guild_id == guild_id)
    if not include_dropped:
        query = query.where(Commitment.status != Status.DROPPED)
    if plan_id is not None:
        query = query.where(Commitment.plan_id == plan_id)
    if section_id is not None:
        query = query.where(Commitment.section_id == section_id)
    if status == OVERDUE:
        query = query.where(
            col(Commitment.due_date).is_not(None),
            col(Commitment.due_date) < today,
            col(Commitment.status).not_in(CLOSED_STATUSES),
        )
    elif status is not None:
        query = query.where(Commitment.status == status)
    if owner_ids is not None:
        owned = select(Owner.commitment_id).where(col(Owner.target_id).in_(list(owner_ids)))
        query = query.where(col(Commitment.id).in_(owned))
    rows = (
        await session.exec(query.order_by(col(Commitment.plan_id).desc(), col(Commitment.position), col(Commitment.id)))
    ).all()
    return await infos_of(rows, session=session, today=today, vault=vault)


async def search(guild_id: int, typed: str, *, session: AsyncSession, limit: int = 25) -> list[Commitment]:
    """For autocomplete: commitments whose title contains the typed text (any case, å, ä, ö too) or whose
    number it is. Filtered here rather than in SQL, since SQLite's lower() knows only ASCII."""
    rows = (
        await session.exec(
            select(Commitment)
            .where(Commitment.guild_id == guild_id, Commitment.status != Status.DROPPED)
            .order_by(col(Commitment.plan_id).desc(), col(Commitment.position), col(Commitment.id))
        )
    ).all()
    typed = typed.strip().casefold()
    found = [r for r in rows if not typed or typed in r.title.casefold() or typed == str(r.id)]
    return found[:limit]


async def updates_of(commitment_id: int, *, session: AsyncSession) -> list[Update]:
    return list(
        (
            await session.exec(
                select(Update)
                .where(Update.commitment_id == commitment_id)
                .order_by(col(Update.created_at), col(Update.id))
            )
        ).all()
    )


async def links_of(commitment_id: int, *, session: AsyncSession) -> list[Link]:
    query = select(Link).where(Link.commitment_id == commitment_id).order_by(col(Link.id))
    return list((await session.exec(query)).all())


# ---------------------------------------------------------------------------------------------- writing


def require_may_update(person: Person, config: GuildConfig, current: CommitmentInfo) -> None:
    if not permissions.can_update_commitment(
        person, config, frozenset(current.owner_user_ids), frozenset(current.owner_role_ids)
    ):
        raise PermissionDenied("commitments.update.denied")
    if current.status == Status.DROPPED:
        raise UserError("commitments.update.dropped", title=current.title)


async def add_commitment(
    guild_id: int,
    *,
    session: AsyncSession,
    plan_id: int | None,
    title: str,
    description: str = "",
    section_title: str = "",
    due_date: date | None = None,
    actor_id: int | None = None,
) -> Commitment:
    title = title.strip()
    if not title:
        raise UserError("commitments.add.no_title")
    plan = await get_plan(guild_id, plan_id, session=session)
    section_id = None
    section_title = section_title.strip()
    if section_title:
        sections = await sections_of(guild_id, stored_id(plan), session=session)
        match = next((s for s in sections if s.title.casefold() == section_title.casefold()), None)
        if match is None:
            match = Section(
                guild_id=guild_id, plan_id=stored_id(plan), position=len(sections), title=section_title[:120]
            )
            session.add(match)
            await session.flush()
        section_id = match.id
    last = (await session.exec(select(func.max(Commitment.position)).where(Commitment.plan_id == plan.id))).one()
    row = Commitment(
        guild_id=guild_id,
        plan_id=stored_id(plan),
        section_id=section_id,
        position=(last or 0) + 1,
        title=title[:300],
        description=description.strip()[:2000],
        due_date=due_date,
        created_by=actor_id,
    )
    session.add(row)
    await session.flush()
    return row


async def _attach(
    guild_id: int,
    commitment_id: int,
    new: Owner | Link,
    same: SelectOfScalar[Owner] | SelectOfScalar[Link],
    *,
    session: AsyncSession,
) -> tuple[Commitment, bool]:
    """Attach an owner or a link to a commitment unless `same` (a query) finds it attached already; with the
    commitment, whether it was attached."""
    row = await get_commitment(guild_id, commitment_id, session=session)
    if (await session.exec(same)).first() is not None:
        return row, False
    session.add(new)
    await session.flush()
    return row, True


async def assign_owner(
    guild_id: int, commitment_id: int, *, session: AsyncSession, kind: OwnerKind, target_id: int
) -> tuple[Commitment, bool]:
    """Add an owner; with the commitment, whether they were added (False when they already own it)."""
    same = select(Owner).where(Owner.commitment_id == commitment_id, Owner.kind == kind, Owner.target_id == target_id)
    owner = Owner(guild_id=guild_id, commitment_id=commitment_id, kind=kind, target_id=target_id)
    return await _attach(guild_id, commitment_id, owner, same, session=session)


async def _to_change(
    guild_id: int,
    commitment_id: int,
    *,
    session: AsyncSession,
    config: GuildConfig,
    person: Person,
) -> CommitmentInfo:
    """The commitment as it stands, once `person` may change it. Who may is decided by its owners, not by what
    its evidence counts, so the data key is not needed here."""
    current = await info(guild_id, commitment_id, session=session, today=local_today(config.timezone), vault=None)
    require_may_update(person, config, current)
    return current


async def update_status(
    guild_id: int,
    commitment_id: int,
    *,
    session: AsyncSession,
    person: Person,
    config: GuildConfig,
    status: Status | str,
    note: str = "",
) -> tuple[Commitment, str]:
    """Record progress: owners, organisers and moderators only. Returns the commitment and the old status."""
    status = Status(status)
    await _to_change(guild_id, commitment_id, session=session, config=config, person=person)
    row = await get_commitment(guild_id, commitment_id, session=session)
    old = row.status
    row.status = status
    await _keep_update(row, session=session, person=person, note=note, old_status=old, new_status=status)
    return row, old


async def _keep_update(row: Commitment, *, session: AsyncSession, person: Person, note: str, **change: object) -> None:
    """The commitment changed now: it is stamped so, and the change (`change`: the fields of `Update` it sets) is
    kept as an update by `person` with their note."""
    row.updated_at = clock.now()
    session.add(row)
    session.add(
        Update(
            guild_id=row.guild_id,
            commitment_id=stored_id(row),
            author_id=person.user_id,
            note=note.strip()[:1000],
            created_at=row.updated_at,
            **change,
        )
    )
    await session.flush()


async def set_due(
    guild_id: int, commitment_id: int, *, session: AsyncSession, person: Person, config: GuildConfig, due: date
) -> Commitment:
    await _to_change(guild_id, commitment_id, session=session, config=config, person=person)
    row = await get_commitment(guild_id, commitment_id, session=session)
    row.due_date = due
    row.updated_at = clock.now()
    session.add(row)
    await session.flush()
    return row


async def postpone(
    guild_id: int,
    commitment_id: int,
    *,
    session: AsyncSession,
    person: Person,
    config: GuildConfig,
    due: date,
    reason: str,
) -> tuple[Commitment, date | None]:
    """Move a commitment's due date (the reminder's "Skjut upp"), kept as an update with the old and the new due
    date and the reason: whoever may update it. Returns the commitment and its old due date."""
    current = await _to_change(guild_id, commitment_id, session=session, config=config, person=person)
    if current.due_date == due:
        raise UserError("commitments.postpone.same", title=current.title)
    row = await get_commitment(guild_id, commitment_id, session=session)
    old = row.due_date
    row.due_date = due
    await _keep_update(row, session=session, person=person, note=reason, old_due=old, new_due=due)
    return row, old


async def set_target(
    guild_id: int,
    commitment_id: int,
    *,
    session: AsyncSession,
    person: Person,
    config: GuildConfig,
    amount: int | None,
    unit: Unit | str | None,
) -> Commitment:
    """Give a commitment a measurable target: `amount` of `unit` (whoever may update it). Neither takes the
    target away: its progress is then the percent last typed, or its steps'."""
    if (amount is None) != (unit is None):
        raise UserError("commitments.target.half")
    if amount is not None and amount < 1:
        raise UserError("commitments.target.bad_amount")
    await _to_change(guild_id, commitment_id, session=session, config=config, person=person)
    row = await get_commitment(guild_id, commitment_id, session=session)
    if amount is None and row.target_amount is None:
        raise UserError("commitments.target.none", title=row.title)
    row.target_amount, row.target_unit = amount, None if unit is None else Unit(unit)
    row.updated_at = clock.now()
    session.add(row)
    await session.flush()
    return row


MAX_WEIGHT = 100


async def set_step(
    guild_id: int,
    commitment_id: int,
    parent_id: int,
    *,
    session: AsyncSession,
    person: Person,
    config: GuildConfig,
    weight: int = 1,
) -> tuple[Commitment, Commitment]:
    """Make a commitment a step of another of the same plan, weighing `weight` in its progress (whoever may
    update both). A commitment cannot be a step of itself, nor of one of its own steps. Returns the step and its
    parent."""
    if not 1 <= weight <= MAX_WEIGHT:
        raise UserError("commitments.step.bad_weight", most=MAX_WEIGHT)
    step = await get_commitment(guild_id, commitment_id, session=session)
    parent = await get_commitment(guild_id, parent_id, session=session)
    if step.plan_id != parent.plan_id:
        raise UserError("commitments.step.other_plan", step=step.title, parent=parent.title)
    above: Commitment | None = parent
    seen: set[int] = set()
    while above is not None and stored_id(above) not in seen:
        if stored_id(above) == commitment_id:
            raise UserError("commitments.step.cycle", step=step.title, parent=parent.title)
        seen.add(stored_id(above))
        above = await session.get(Commitment, above.parent_id) if above.parent_id is not None else None
    for row in (step, parent):
        await _to_change(guild_id, stored_id(row), session=session, config=config, person=person)
    step.parent_id, step.weight = parent_id, weight
    step.updated_at = clock.now()
    session.add(step)
    await session.flush()
    return step, parent


async def detach_step(
    guild_id: int, commitment_id: int, *, session: AsyncSession, person: Person, config: GuildConfig
) -> tuple[Commitment, Commitment]:
    """Make a step a commitment of its own again (whoever may update both).
    Returns the step and the commitment it was a step of."""
    step = await get_commitment(guild_id, commitment_id, session=session)
    if step.parent_id is None:
        raise UserError("commitments.step.not_a_step", step=step.title)
    parent = await get_commitment(guild_id, step.parent_id, session=session)
    for row in (step, parent):
        await _to_change(guild_id, stored_id(row), session=session, config=config, person=person)
    step.parent_id, step.weight = None, 1
    step.updated_at = clock.now()
    session.add(step)
    await session.flush()
    return step, parent


async def record_progress(
    guild_id: int,
    commitment_id: int,
    *,
    session: AsyncSession,
    person: Person,
    config: GuildConfig,
    percent: int,
    note: str = "",
) -> Commitment:
    """Record progress in percent, as an update with its note, where nothing counts it: refused for a
    commitment whose target its linked evidence counts."""
    if not 0 <= percent <= 100:
        raise UserError("commitments.progress.bad_percent")
    current = await _to_change(guild_id, commitment_id, session=session, config=config, person=person)
    if current.target_amount is not None and await links_of(commitment_id, session=session):
        raise UserError("commitments.progress.counts_itself", title=current.title)
    if current.progress is not None and current.progress.steps is not None:
        raise UserError("commitments.progress.counts_steps", title=current.title)
    row = await get_commitment(guild_id, commitment_id, session=session)
    await _keep_update(row, session=session, person=person, note=note, percent=percent)
    return row


async def remove_commitment(guild_id: int, commitment_id: int, *, session: AsyncSession) -> str:
    """Remove a commitment with its owners, updates and links; returns its title."""
    row = await get_commitment(guild_id, commitment_id, session=session)
    for step in (await session.exec(select(Commitment).where(Commitment.parent_id == commitment_id))).all():
        step.parent_id = None
        session.add(step)
    await session.exec(delete(Owner).where(col(Owner.commitment_id) == commitment_id))
    await session.exec(delete(Update).where(col(Update.commitment_id) == commitment_id))
    await session.exec(delete(Link).where(col(Link.commitment_id) == commitment_id))
    await session.delete(row)
    await session.flush()
    return row.title


async def add_link(
    guild_id: int, commitment_id: int, *, session: AsyncSession, kind: LinkKind | str, value: str
) -> tuple[Commitment, bool]:
    """Link evidence; with the commitment, whether it was linked (False when the same link exists)."""
    kind = LinkKind(kind)
    value = value.strip()[:120]
    if not value:
        raise UserError("commitments.link.empty")
    same = select(Link).where(Link.commitment_id == commitment_id, Link.kind == kind, Link.value == value)
    link = Link(guild_id=guild_id, commitment_id=commitment_id, kind=kind, value=value)
    return await _attach(guild_id, commitment_id, link, same, session=session)


async def find_campaign(guild_id: int, ref: str, *, session: AsyncSession) -> Campaign:
    """A campaign of the server by number or by name (any case)."""
    wanted = ref.strip().casefold()
    campaigns = (await session.exec(select(Campaign).where(Campaign.guild_id == guild_id))).all()
    found = next((c for c in campaigns if str(c.id) == wanted or c.name.strip().casefold() == wanted), None)
    if found is None:
        raise UserError("commitments.link.no_campaign", value=ref.strip()[:60])
    return found


def question_of(campaign: Campaign, ref: str | None) -> int:
    """The number (from 0) of one of the campaign's questions, as offered (its number) or typed (its text)."""
    ref = (ref or "").strip()
    if ref.isdecimal() and int(ref) < len(campaign.questions):
        return int(ref)
    wanted = ref.casefold()
    found = next((i for i, q in enumerate(campaign.questions) if q.strip().casefold() == wanted), None)
    if not ref or found is None:
        raise UserError("commitments.link.no_question")
    return found


async def survey_link(
    guild_id: int,
    campaign_ref: str,
    question_ref: str | None,
    answer: str | None,
    *,
    session: AsyncSession,
    vault: Vault,
) -> tuple[str, Campaign, str]:
    """The value of a survey-answer link (the campaign, the question, the answer's keyed hash), with the campaign
    and the question's text."""
    campaign = await find_campaign(guild_id, campaign_ref, session=session)
    question = question_of(campaign, question_ref)
    if not answer or not normal_answer(answer):
        raise UserError("commitments.link.no_question")
    return (
        survey_link_value(stored_id_of(campaign), question, answer_digest(vault, answer)),
        campaign,
        campaign.questions[question],
    )


def stored_id_of(row: Campaign | Meeting) -> int:
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id before it is flushed")
    return row.id


async def series_seen(guild_id: int, person: Person, config: GuildConfig, *, session: AsyncSession) -> list[Meeting]:
    """The first meeting of each repeating series the person may see, newest first."""
    rows = (
        await session.exec(
            select(Meeting)
            .where(Meeting.guild_id == guild_id, col(Meeting.series_id).is_not(None), Meeting.id == Meeting.series_id)
            .order_by(col(Meeting.id).desc())
        )
    ).all()
    return [m for m in rows if permissions.can_see_meeting(person, config, m.audience, m.created_by)]


async def series_of(guild_id: int, ref: str, person: Person, config: GuildConfig, *, session: AsyncSession) -> Meeting:
    """A series the person may see by its number (its first meeting's)."""
    ref = ref.strip().lstrip("#")
    found = next((m for m in await series_seen(guild_id, person, config, session=session) if str(m.id) == ref), None)
    if found is None:
        raise UserError("commitments.link.no_series")
    return found


# ---------------------------------------------------------------------------------------------- digest settings


DIGEST_TIME = Refusals("commitments.bad_time")
DUE_DATE = Refusals("commitments.bad_date")


def parse_time(text: str) -> time:
    """The digest's time: every clock time of `bot.timeparse` ('9', 'kl. 9', '09:00', '16.30')."""
    return parse_clock(text, DIGEST_TIME)


def check_digest_time(weekday: int, at: time, *, today: date, zone: str) -> None:
    """The digest's time must exist on each of its weekdays in the coming year (the clock-change policy)."""
    first = today + timedelta(days=(weekday - today.weekday()) % 7)
    check_clock_time((first + timedelta(weeks=n) for n in range(53)), at, zone)


async def set_digest(guild_id: int, *, session: AsyncSession, weekday: int, at: time, zone: str) -> DigestSettings:
    """Send the weekly digest on `weekday` (0 is Monday) at `at`, local time, once the time is checked."""
    check_digest_time(weekday, at, today=local_today(zone), zone=zone)
    settings = await session.get(DigestSettings, guild_id)
    if settings is None:
        settings = DigestSettings(guild_id=guild_id)
    settings.weekday, settings.hour, settings.minute, settings.enabled = weekday, at.hour, at.minute, True
    session.add(settings)
    await session.flush()
    return settings


# ---------------------------------------------------------------------------------------------- dates


def parse_date(text: str, today: date) -> date:
    """A due date: every day of `bot.timeparse` ('2026-03-15', '15/3', '15 mars 2026', 'i morgon', 'fredag'),
    the next such day when no year is written."""
    return parse_day(text, DUE_DATE, today=today)


# ---------------------------------------------------------------------------- personal data


async def _export_owned(*, session: AsyncSession, guild_id: int, user_id: int) -> list[dict[str, Any]]:
    rows = await session.exec(
        select(Commitment)
        .join(Owner, col(Owner.commitment_id) == col(Commitment.id))
        .where(Owner.guild_id == guild_id, Owner.kind == OwnerKind.MEMBER, Owner.target_id == user_id)
        .order_by(col(Commitment.id))
    )
    return [
        {
            "commitment_id": c.id,
            "title": c.title,
            "status": c.status,
            "due_date": c.due_date.isoformat() if c.due_date else None,
        }
        for c in rows.all()
    ]


OWNERS_CHANGED = "commitment_plan"
"""The kind of object an erasure names in `Aftermath.changed` when a plan's commitments lost an owner: the plan,
whose board names its owners."""


async def _erase_owned(*, session: AsyncSession, guild_id: int, user_id: int) -> privacy.Aftermath:
    """The commitment stays; the person is no longer named responsible for it, nor on its plan's board."""
    owned = (col(Owner.guild_id) == guild_id, col(Owner.kind) == OwnerKind.MEMBER, col(Owner.target_id) == user_id)
    plans = await session.exec(
        select(Commitment.plan_id).distinct().where(col(Commitment.id).in_(select(Owner.commitment_id).where(*owned)))
    )
    aftermath = privacy.Aftermath()
    for plan_id in plans.all():
        aftermath.change(OWNERS_CHANGED, plan_id)
    await session.exec(delete(Owner).where(*owned))
    return aftermath


async def _export_updates(*, session: AsyncSession, guild_id: int, user_id: int) -> list[dict[str, Any]]:
    rows = await privacy.rows_naming(session=session, person=Update.author_id, guild_id=guild_id, user_id=user_id)
    return [
        {
            "commitment_id": u.commitment_id,
            "at": u.created_at,
            "note": u.note,
            "old_status": u.old_status,
            "new_status": u.new_status,
            "percent": u.percent,
            "old_due": u.old_due.isoformat() if u.old_due else None,
            "new_due": u.new_due.isoformat() if u.new_due else None,
        }
        for u in rows
    ]


async def _erase_updates(*, session: AsyncSession, guild_id: int, user_id: int) -> None:
    """The commitment's history keeps the update; who wrote it is forgotten."""
    await privacy.replace_person(session=session, person=Update.author_id, guild_id=guild_id, user_id=user_id, by=0)


async def _export_created(*, session: AsyncSession, guild_id: int, user_id: int) -> dict[str, list[dict[str, Any]]]:
    plans = await privacy.rows_naming(session=session, person=Plan.created_by, guild_id=guild_id, user_id=user_id)
    commitments = await privacy.rows_naming(
        session=session, person=Commitment.created_by, guild_id=guild_id, user_id=user_id
    )
    return {
        "plans": [{"plan_id": p.id, "title": p.title, "created_at": p.created_at} for p in plans],
        "commitments": [{"commitment_id": c.id, "title": c.title, "created_at": c.created_at} for c in commitments],
    }


async def _erase_created(*, session: AsyncSession, guild_id: int, user_id: int) -> None:
    await privacy.replace_person(session=session, person=Plan.created_by, guild_id=guild_id, user_id=user_id, by=None)
    await privacy.replace_person(
        session=session, person=Commitment.created_by, guild_id=guild_id, user_id=user_id, by=None
    )


privacy.register(privacy.PersonalData("commitments_owned", _export_owned, _erase_owned))
privacy.register(privacy.PersonalData("commitment_updates", _export_updates, _erase_updates))
privacy.register(privacy.PersonalData("commitments_created", _export_created, _erase_created))
