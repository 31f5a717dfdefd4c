"""Plans and commitments: loading, importing, listing, updating. Plain values in and out; no Discord here."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import clock, permissions, privacy
from bot.commitments.models import (
    CLOSED_STATUSES,
    OVERDUE,
    Commitment,
    DigestSettings,
    Link,
    LinkKind,
    Origin,
    Owner,
    OwnerKind,
    Plan,
    Section,
    Status,
    Update,
)
from bot.commitments.plan_parser import MAX_COMMITMENTS, ParsedPlan
from bot.errors import NotFound, PermissionDenied, UserError
from bot.guilds import GuildConfig
from bot.permissions import Person
from bot.timeparse import Refusals, check_clock_time, parse_clock, parse_day, to_local

PLANS_DIR = Path(__file__).resolve().parents[2] / "data" / "plans"
MAX_PLAN_COMMITMENTS = MAX_COMMITMENTS
SAME_COMMITMENT = 0.6
"""How alike (difflib's ratio) a commitment of the adopted plan must be to one of the proposal to be the same
one, changed."""
DUE_SOON_DAYS = 14
STALE_DAYS = 30

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

    @property
    def owner_mentions(self) -> list[str]:
        return [f"<@{i}>" for i in self.owner_user_ids] + [f"<@&{i}>" for i in self.owner_role_ids]


def shown_status(status: str, due_date: date | None, today: date) -> str:
    """The stored status, or "försenad" when an open commitment is past its due date."""
    if due_date is not None and due_date < today and status not in CLOSED_STATUSES:
        return OVERDUE
    return status


def local_today(timezone: str, now: datetime | None = None) -> date:
    return to_local(now or clock.now(), timezone).date()


# ---------------------------------------------------------------------------------------------- seeds


@dataclass(frozen=True)
class SeedPlan:
    key: str
    title: str
    organisation: str
    year: int
    path: Path


def seed_plans(directory: Path = PLANS_DIR) -> list[SeedPlan]:
    """The structured plans shipped in data/plans/."""
    found = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found.append(SeedPlan(data["key"], data["title"], data.get("organisation", ""), data["year"], path))
    return found


def read_seed(key: str, directory: Path = PLANS_DIR) -> dict[str, Any]:
    for seed in seed_plans(directory):
        if seed.key == key:
            return json.loads(seed.path.read_text(encoding="utf-8"))
    raise NotFound("commitments.plan.unknown_seed", key=key)


def parsed_to_data(parsed: ParsedPlan, *, key: str, year: int, title: str, organisation: str) -> dict:
    """A parsed plan in the structured form of data/plans/ (sections without commitments are kept)."""
    return {
        "key": key,
        "organisation": organisation,
        "year": year,
        "title": title,
        "sections": [
            {
                "title": section.title,
                "commitments": [
                    {"title": c.title, "description": c.description, "origin": c.origin} for c in section.commitments
                ],
            }
            for section in parsed.sections
        ],
    }


# ---------------------------------------------------------------------------------------------- plans


async def store_plan(session: AsyncSession, guild_id: int, data: dict[str, Any], *, actor_id: int | None) -> Plan:
    """Store a structured plan. Loading the same source twice is refused (seeding is idempotent)."""
    existing = (
        await session.exec(select(Plan).where(Plan.guild_id == guild_id, Plan.source_key == data["key"]))
    ).first()
    if existing is not None:
        raise UserError("commitments.plan.already_loaded", title=existing.title)
    count = sum(len(s.get("commitments", [])) for s in data["sections"])
    if count > MAX_PLAN_COMMITMENTS:
        raise UserError("commitments.plan.too_big", count=count, limit=MAX_PLAN_COMMITMENTS)
    plan = Plan(
        guild_id=guild_id,
        organisation=str(data.get("organisation") or "")[:120],
        year=int(data["year"]),
        title=str(data["title"])[:200],
        source_key=str(data["key"])[:80],
        created_by=actor_id,
    )
    session.add(plan)
    await session.flush()
    position = 0
    kept = [s for s in data["sections"] if s.get("commitments")]
    for index, raw_section in enumerate(kept):
        section = Section(guild_id=guild_id, plan_id=plan.id, position=index, title=raw_section["title"][:120])
        session.add(section)
        await session.flush()
        for raw in raw_section.get("commitments", []):
            position += 1
            session.add(
                Commitment(
                    guild_id=guild_id,
                    plan_id=plan.id,
                    section_id=section.id,
                    position=position,
                    title=raw["title"][:300],
                    description=(raw.get("description") or "")[:2000],
                    due_date=date.fromisoformat(raw["due_date"]) if raw.get("due_date") else None,
                    origin=_origin(raw),
                    created_by=actor_id,
                )
            )
    await session.flush()
    return plan


def _origin(raw: dict[str, Any]) -> str:
    return Origin.PROSE if raw.get("origin") == Origin.PROSE else Origin.LIST


async def matching_plan(
    session: AsyncSession, guild_id: int, *, organisation: str, year: int, title: str
) -> Plan | None:
    """The plan already on the server that a file is a version of: the same district's plan for the same year
    (the annual meeting's adopted version of the board's proposal), or one with the same title and year."""
    plans = [p for p in await plans_of(session, guild_id) if p.year == year]
    if organisation:
        found = next((p for p in plans if p.organisation.casefold() == organisation.casefold()), None)
        if found is not None:
            return found
    return next((p for p in plans if p.title.casefold() == title.casefold()), None)


# ---------------------------------------------------------------------------------------------- re-import


@dataclass(frozen=True)
class Existing:
    """A commitment of the stored plan, as far as a re-import compares it."""

    id: int
    title: str
    description: str
    section: str


@dataclass
class PlanDiff:
    """How the adopted plan differs from the stored one. Candidates are given by their index in plan order."""

    kept: list[tuple[Existing, int]] = field(default_factory=list)
    changed: list[tuple[Existing, int]] = field(default_factory=list)
    new: list[int] = field(default_factory=list)
    removed: list[Existing] = field(default_factory=list)

    def match_of(self, index: int) -> tuple[str, Existing | None]:
        """ "kept", "changed" or "new", with the stored commitment the candidate continues."""
        for kind, pairs in (("kept", self.kept), ("changed", self.changed)):
            for existing, candidate in pairs:
                if candidate == index:
                    return kind, existing
        return "new", None


def _text(title: str, description: str) -> str:
    return " ".join((description or title).casefold().split()).rstrip(" .")


def candidates_of(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(section title, commitment) of a structured plan, in plan order."""
    return [(s["title"], c) for s in data["sections"] for c in s.get("commitments", [])]


def diff_plan(existing: Sequence[Existing], candidates: Sequence[tuple[str, dict[str, Any]]]) -> PlanDiff:
    """Pair each stored commitment with the candidate it continues: the same text first, then the most alike
    (at least `SAME_COMMITMENT`). Same text and section is kept; otherwise changed."""
    diff = PlanDiff()
    texts = [_text(c["title"], c.get("description", "")) for _, c in candidates]
    free = set(range(len(candidates)))
    unmatched: list[Existing] = []
    by_text: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        by_text.setdefault(text, []).append(index)
    pairs: list[tuple[Existing, int]] = []
    for old in existing:
        same = [i for i in by_text.get(_text(old.title, old.description), []) if i in free]
        if same:
            free.discard(same[0])
            pairs.append((old, same[0]))
        else:
            unmatched.append(old)
    scored: list[tuple[float, int, int]] = []
    for position, old in enumerate(unmatched):
        matcher = SequenceMatcher(None, b=_text(old.title, old.description), autojunk=False)
        for index in free:
            matcher.set_seq1(texts[index])
            if matcher.real_quick_ratio() >= SAME_COMMITMENT and matcher.quick_ratio() >= SAME_COMMITMENT:
                ratio = matcher.ratio()
                if ratio >= SAME_COMMITMENT:
                    scored.append((ratio, position, index))
    taken: set[int] = set()
    for _, position, index in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if position in taken or index not in free:
            continue
        taken.add(position)
        free.discard(index)
        pairs.append((unmatched[position], index))
    diff.removed = [old for position, old in enumerate(unmatched) if position not in taken]
    for old, index in sorted(pairs, key=lambda p: p[1]):
        section, raw = candidates[index]
        same = (old.title, old.description, old.section) == (raw["title"], raw.get("description", ""), section)
        (diff.kept if same else diff.changed).append((old, index))
    diff.new = sorted(free)
    return diff


async def existing_of(session: AsyncSession, plan_id: int) -> list[Existing]:
    """The stored plan's commitments that came from the plan file and are still in it (not added by hand, not
    struck already)."""
    rows = (
        await session.exec(
            select(Commitment, Section.title)
            .join(Section, col(Section.id) == col(Commitment.section_id), isouter=True)
            .where(
                Commitment.plan_id == plan_id,
                Commitment.origin != Origin.ADDED,
                Commitment.status != Status.DROPPED,
            )
            .order_by(Commitment.position, Commitment.id)
        )
    ).all()
    return [Existing(row.id, row.title, row.description, section or "") for row, section in rows]  # type: ignore[arg-type]


async def reimport_plan(
    session: AsyncSession, guild_id: int, plan_id: int, data: dict[str, Any], *, actor_id: int
) -> PlanDiff:
    """Bring a stored plan up to its adopted version: matched commitments keep their owners, status, updates
    and evidence and take the new text; new ones are added; the rest are struck by the annual meeting (kept in
    the history and in the report, out of the lists)."""
    plan = await get_plan(session, guild_id, plan_id)
    candidates = candidates_of(data)
    if len(candidates) > MAX_PLAN_COMMITMENTS:
        raise UserError("commitments.plan.too_big", count=len(candidates), limit=MAX_PLAN_COMMITMENTS)
    diff = diff_plan(await existing_of(session, plan.id), candidates)  # type: ignore[arg-type]
    sections = {s.title.casefold(): s for s in await sections_of(session, guild_id, plan.id)}
    order = list(dict.fromkeys(title for title, _ in candidates))
    for position, title in enumerate(order):
        section = sections.get(title.casefold())
        if section is None:
            section = Section(guild_id=guild_id, plan_id=plan.id, title=title[:120])  # type: ignore[arg-type]
            sections[title.casefold()] = section
        section.position = position
        session.add(section)
    for section in sections.values():
        if section.title.casefold() not in {t.casefold() for t in order}:
            section.position += len(order)
            session.add(section)
    await session.flush()
    now = clock.now()
    continued = {index: old for old, index in diff.kept + diff.changed}
    for index, (title, raw) in enumerate(candidates):
        section_id = sections[title.casefold()].id
        old = continued.get(index)
        if old is None:
            row = Commitment(
                guild_id=guild_id,
                plan_id=plan.id,  # type: ignore[arg-type]
                created_by=actor_id,
                title="",
                origin=_origin(raw),
            )
        else:
            row = await get_commitment(session, guild_id, old.id)
            if (row.title, row.description, row.section_id) != (
                raw["title"][:300],
                (raw.get("description") or "")[:2000],
                section_id,
            ):
                row.updated_at = now
        row.title = raw["title"][:300]
        row.description = (raw.get("description") or "")[:2000]
        row.section_id = section_id
        row.position = index + 1
        session.add(row)
    for old in diff.removed:
        row = await get_commitment(session, guild_id, old.id)
        session.add(
            Update(
                guild_id=guild_id,
                commitment_id=row.id,  # type: ignore[arg-type]
                author_id=actor_id,
                old_status=row.status,
                new_status=Status.DROPPED,
                created_at=now,
            )
        )
        row.status, row.updated_at = Status.DROPPED, now
        row.position += len(candidates)
        session.add(row)
    plan.title = str(data["title"])[:200]
    session.add(plan)
    await session.flush()
    return diff


async def plans_of(session: AsyncSession, guild_id: int) -> list[Plan]:
    return list(
        (
            await session.exec(
                select(Plan).where(Plan.guild_id == guild_id).order_by(col(Plan.year).desc(), col(Plan.id).desc())
            )
        ).all()
    )


async def get_plan(session: AsyncSession, guild_id: int, plan_id: int | None) -> Plan:
    """The given plan, or the newest one when none is given."""
    if plan_id is None:
        plans = await plans_of(session, guild_id)
        if not plans:
            raise NotFound("commitments.plan.none")
        return plans[0]
    plan = await session.get(Plan, plan_id)
    if plan is None or plan.guild_id != guild_id:
        raise NotFound("commitments.plan.not_found")
    return plan


async def sections_of(session: AsyncSession, guild_id: int, plan_id: int | None = None) -> list[Section]:
    query = select(Section).where(Section.guild_id == guild_id)
    if plan_id is not None:
        query = query.where(Section.plan_id == plan_id)
    return list((await session.exec(query.order_by(Section.plan_id, Section.position))).all())


# ---------------------------------------------------------------------------------------------- reading


async def _owners(session: AsyncSession, ids: Sequence[int]) -> dict[int, list[Owner]]:
    result: dict[int, list[Owner]] = {i: [] for i in ids}
    if not ids:
        return result
    rows = (await session.exec(select(Owner).where(col(Owner.commitment_id).in_(ids)).order_by(Owner.id))).all()
    for row in rows:
        result[row.commitment_id].append(row)
    return result


async def _infos(session: AsyncSession, rows: Sequence[Commitment], today: date) -> list[CommitmentInfo]:
    section_ids = {r.section_id for r in rows if r.section_id is not None}
    titles: dict[int, str] = {}
    if section_ids:
        for section in (await session.exec(select(Section).where(col(Section.id).in_(section_ids)))).all():
            titles[section.id] = section.title  # type: ignore[index]
    owners = await _owners(session, [r.id for r in rows])  # type: ignore[misc]
    infos = []
    for row in rows:
        own = owners.get(row.id, [])  # type: ignore[arg-type]
        infos.append(
            CommitmentInfo(
                id=row.id,  # type: ignore[arg-type]
                plan_id=row.plan_id,
                title=row.title,
                description=row.description,
                section=titles.get(row.section_id, "") if row.section_id is not None else "",
                status=row.status,
                shown_status=shown_status(row.status, row.due_date, today),
                due_date=row.due_date,
                updated_at=row.updated_at,
                owner_user_ids=[o.target_id for o in own if o.kind == OwnerKind.MEMBER],
                owner_role_ids=[o.target_id for o in own if o.kind == OwnerKind.ROLE],
            )
        )
    return infos


async def get_commitment(session: AsyncSession, guild_id: int, commitment_id: int) -> Commitment:
    row = await session.get(Commitment, commitment_id)
    if row is None or row.guild_id != guild_id:
        raise NotFound("commitments.not_found")
    return row


async def info(session: AsyncSession, guild_id: int, commitment_id: int, today: date) -> CommitmentInfo:
    return (await _infos(session, [await get_commitment(session, guild_id, commitment_id)], today))[0]


async def list_commitments(
    session: AsyncSession,
    guild_id: int,
    *,
    today: date,
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
        await session.exec(query.order_by(col(Commitment.plan_id).desc(), Commitment.position, Commitment.id))
    ).all()
    return await _infos(session, rows, today)


async def search(session: AsyncSession, guild_id: int, typed: str, *, limit: int = 25) -> list[Commitment]:
    """For autocomplete: commitments whose title contains the typed text (any case, å, ä, ö too) or whose
    number it is. Filtered here rather than in SQL, since SQLite's lower() knows only ASCII."""
    rows = (
        await session.exec(
            select(Commitment)
            .where(Commitment.guild_id == guild_id, Commitment.status != Status.DROPPED)
            .order_by(col(Commitment.plan_id).desc(), Commitment.position, Commitment.id)
        )
    ).all()
    typed = typed.strip().casefold()
    found = [r for r in rows if not typed or typed in r.title.casefold() or typed == str(r.id)]
    return found[:limit]


async def updates_of(session: AsyncSession, commitment_id: int) -> list[Update]:
    return list(
        (
            await session.exec(
                select(Update).where(Update.commitment_id == commitment_id).order_by(Update.created_at, Update.id)
            )
        ).all()
    )


async def links_of(session: AsyncSession, commitment_id: int) -> list[Link]:
    return list((await session.exec(select(Link).where(Link.commitment_id == commitment_id).order_by(Link.id))).all())


# ---------------------------------------------------------------------------------------------- writing


def may_update(person: Person, config: GuildConfig, info: CommitmentInfo) -> bool:
    return permissions.can_update_commitment(
        person, config, frozenset(info.owner_user_ids), frozenset(info.owner_role_ids)
    )


def require_may_update(person: Person, config: GuildConfig, info: CommitmentInfo) -> None:
    if not may_update(person, config, info):
        raise PermissionDenied("commitments.update.denied")
    if info.status == Status.DROPPED:
        raise UserError("commitments.update.dropped", title=info.title)


async def add_commitment(
    session: AsyncSession,
    guild_id: int,
    *,
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
    plan = await get_plan(session, guild_id, plan_id)
    section_id = None
    section_title = section_title.strip()
    if section_title:
        sections = await sections_of(session, guild_id, plan.id)
        match = next((s for s in sections if s.title.casefold() == section_title.casefold()), None)
        if match is None:
            match = Section(guild_id=guild_id, plan_id=plan.id, position=len(sections), title=section_title[:120])
            session.add(match)
            await session.flush()
        section_id = match.id
    last = (await session.exec(select(func.max(Commitment.position)).where(Commitment.plan_id == plan.id))).one()
    row = Commitment(
        guild_id=guild_id,
        plan_id=plan.id,  # type: ignore[arg-type]
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


async def assign_owner(
    session: AsyncSession, guild_id: int, commitment_id: int, *, kind: OwnerKind, target_id: int
) -> bool:
    """Add an owner; returns False when they already own it."""
    await get_commitment(session, guild_id, commitment_id)
    existing = (
        await session.exec(
            select(Owner).where(Owner.commitment_id == commitment_id, Owner.kind == kind, Owner.target_id == target_id)
        )
    ).first()
    if existing is not None:
        return False
    session.add(Owner(guild_id=guild_id, commitment_id=commitment_id, kind=kind, target_id=target_id))
    await session.flush()
    return True


async def update_status(
    session: AsyncSession,
    guild_id: int,
    commitment_id: int,
    *,
    person: Person,
    config: GuildConfig,
    status: Status | str,
    note: str = "",
) -> tuple[Commitment, str]:
    """Record progress: owners, organisers and moderators only. Returns the commitment and the old status."""
    status = Status(status)
    today = local_today(config.timezone)
    current = await info(session, guild_id, commitment_id, today)
    require_may_update(person, config, current)
    row = await get_commitment(session, guild_id, commitment_id)
    old = row.status
    row.status = status
    row.updated_at = clock.now()
    session.add(row)
    session.add(
        Update(
            guild_id=guild_id,
            commitment_id=commitment_id,
            author_id=person.user_id,
            note=note.strip()[:1000],
            old_status=old,
            new_status=status,
            created_at=row.updated_at,
        )
    )
    await session.flush()
    return row, old


async def set_due(
    session: AsyncSession, guild_id: int, commitment_id: int, *, person: Person, config: GuildConfig, due: date
) -> Commitment:
    current = await info(session, guild_id, commitment_id, local_today(config.timezone))
    require_may_update(person, config, current)
    row = await get_commitment(session, guild_id, commitment_id)
    row.due_date = due
    row.updated_at = clock.now()
    session.add(row)
    await session.flush()
    return row


async def remove_commitment(session: AsyncSession, guild_id: int, commitment_id: int) -> str:
    row = await get_commitment(session, guild_id, commitment_id)
    for table in (Owner, Update, Link):
        await session.exec(delete(table).where(table.commitment_id == commitment_id))  # type: ignore[attr-defined]
    await session.delete(row)
    await session.flush()
    return row.title


async def add_link(
    session: AsyncSession, guild_id: int, commitment_id: int, *, kind: LinkKind | str, value: str
) -> bool:
    """Link evidence; returns False when the same link exists."""
    kind = LinkKind(kind)
    value = value.strip()[:120]
    if not value:
        raise UserError("commitments.link.empty")
    await get_commitment(session, guild_id, commitment_id)
    existing = (
        await session.exec(
            select(Link).where(Link.commitment_id == commitment_id, Link.kind == kind, Link.value == value)
        )
    ).first()
    if existing is not None:
        return False
    session.add(Link(guild_id=guild_id, commitment_id=commitment_id, kind=kind, value=value))
    await session.flush()
    return True


# ---------------------------------------------------------------------------------------------- digest settings


async def digest_settings(session: AsyncSession, guild_id: int) -> DigestSettings:
    found = await session.get(DigestSettings, guild_id)
    return found if found is not None else DigestSettings(guild_id=guild_id)


DIGEST_TIME = Refusals("commitments.bad_time")
DUE_DATE = Refusals("commitments.bad_date")


def parse_time(text: str) -> time:
    """The digest's time: every clock time of `bot.timeparse` ('9', 'kl. 9', '09:00', '16.30')."""
    return parse_clock(text, DIGEST_TIME)


def check_digest_time(weekday: int, at: time, *, today: date, zone: str) -> None:
    """The digest's time must exist on each of its weekdays in the coming year (the clock-change policy)."""
    first = today + timedelta(days=(weekday - today.weekday()) % 7)
    check_clock_time((first + timedelta(weeks=n) for n in range(53)), at, zone)


async def set_digest(
    session: AsyncSession, guild_id: int, *, weekday: int, hour: int, minute: int, enabled: bool = True
) -> DigestSettings:
    settings = await session.get(DigestSettings, guild_id)
    if settings is None:
        settings = DigestSettings(guild_id=guild_id)
    settings.weekday, settings.hour, settings.minute, settings.enabled = weekday, hour, minute, enabled
    session.add(settings)
    await session.flush()
    return settings


# ---------------------------------------------------------------------------------------------- dates


def parse_date(text: str, today: date) -> date:
    """A due date: every day of `bot.timeparse` ('2026-03-15', '15/3', '15 mars 2026', 'i morgon', 'fredag'),
    the next such day when no year is written."""
    return parse_day(text, DUE_DATE, today=today)


def week_window(today: date) -> tuple[date, date]:
    return today, today + timedelta(days=DUE_SOON_DAYS)


# ---------------------------------------------------------------------------- personal data


async def _export_owned(session: AsyncSession, guild_id: int, user_id: int) -> list[dict[str, Any]]:
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


async def _erase_owned(session: AsyncSession, guild_id: int, user_id: int) -> None:
    """The commitment stays; the person is no longer named responsible for it."""
    await session.exec(
        delete(Owner).where(Owner.guild_id == guild_id, Owner.kind == OwnerKind.MEMBER, Owner.target_id == user_id)
    )


async def _export_updates(session: AsyncSession, guild_id: int, user_id: int) -> list[dict[str, Any]]:
    rows = await session.exec(
        select(Update).where(Update.guild_id == guild_id, Update.author_id == user_id).order_by(col(Update.id))
    )
    return [
        {
            "commitment_id": u.commitment_id,
            "at": u.created_at.isoformat(),
            "note": u.note,
            "old_status": u.old_status,
            "new_status": u.new_status,
        }
        for u in rows.all()
    ]


async def _erase_updates(session: AsyncSession, guild_id: int, user_id: int) -> None:
    """The commitment's history keeps the update; who wrote it is forgotten."""
    await session.exec(
        update(Update).where(Update.guild_id == guild_id, Update.author_id == user_id).values(author_id=0)
    )


async def _export_created(session: AsyncSession, guild_id: int, user_id: int) -> dict[str, list[dict[str, Any]]]:
    plans = await session.exec(
        select(Plan).where(Plan.guild_id == guild_id, Plan.created_by == user_id).order_by(col(Plan.id))
    )
    commitments = await session.exec(
        select(Commitment)
        .where(Commitment.guild_id == guild_id, Commitment.created_by == user_id)
        .order_by(col(Commitment.id))
    )
    return {
        "plans": [{"plan_id": p.id, "title": p.title, "created_at": p.created_at.isoformat()} for p in plans.all()],
        "commitments": [
            {"commitment_id": c.id, "title": c.title, "created_at": c.created_at.isoformat()} for c in commitments.all()
        ],
    }


async def _erase_created(session: AsyncSession, guild_id: int, user_id: int) -> None:
    await session.exec(
        update(Plan).where(Plan.guild_id == guild_id, Plan.created_by == user_id).values(created_by=None)
    )
    await session.exec(
        update(Commitment)
        .where(Commitment.guild_id == guild_id, Commitment.created_by == user_id)
        .values(created_by=None)
    )


privacy.register(privacy.PersonalData("commitments_owned", _export_owned, _erase_owned))
privacy.register(privacy.PersonalData("commitment_updates", _export_updates, _erase_updates))
privacy.register(privacy.PersonalData("commitments_created", _export_created, _erase_created))
