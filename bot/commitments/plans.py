"""Plans: the seeded plans, storing a plan, and importing one from a file, with what a re-import of the annual
meeting's adopted version changes in the plan already on the server. Plain values in and out; no Discord here."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path, PurePath
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import clock
from bot.commitments.models import Commitment, Origin, Plan, Section, Status, Update, stored_id
from bot.commitments.plan_parser import MAX_COMMITMENTS, ParsedPlan
from bot.commitments.service import get_commitment, get_plan, plans_of, sections_of
from bot.errors import NotFound, UserError

PLANS_DIR = Path(__file__).resolve().parents[2] / "data" / "plans"
MAX_PLAN_COMMITMENTS = MAX_COMMITMENTS
SAME_COMMITMENT = 0.6
"""How alike (difflib's ratio) a commitment of the adopted plan must be to one of the proposal to be the same
one, changed."""

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


def parsed_to_data(parsed: ParsedPlan, *, key: str, year: int, title: str, organisation: str) -> dict[str, Any]:
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


def candidates_of(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(section title, commitment) of a structured plan, in plan order."""
    return [(s["title"], c) for s in data["sections"] for c in s.get("commitments", [])]


# ---------------------------------------------------------------------------------------------- storing


async def store_plan(guild_id: int, data: dict[str, Any], *, session: AsyncSession, actor_id: int | None) -> Plan:
    """Store a structured plan. Loading the same source twice is refused (seeding is idempotent)."""
    existing = (
        await session.exec(select(Plan).where(Plan.guild_id == guild_id, Plan.source_key == data["key"]))
    ).first()
    if existing is not None:
        raise UserError("commitments.plan.already_loaded", title=existing.title)
    count = len(candidates_of(data))
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
        section = Section(guild_id=guild_id, plan_id=stored_id(plan), position=index, title=raw_section["title"][:120])
        session.add(section)
        await session.flush()
        for raw in raw_section.get("commitments", []):
            position += 1
            session.add(
                Commitment(
                    guild_id=guild_id,
                    plan_id=stored_id(plan),
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


async def load_seed(guild_id: int, key: str, *, session: AsyncSession, actor_id: int) -> tuple[Plan, int]:
    """Store one of the shipped plans; with the plan, how many commitments it brought."""
    data = read_seed(key)
    plan = await store_plan(guild_id, data, session=session, actor_id=actor_id)
    return plan, len(candidates_of(data))


async def matching_plan(
    guild_id: int, *, session: AsyncSession, organisation: str, year: int, title: str
) -> Plan | None:
    """The plan already on the server that a file is a version of: the same district's plan for the same year
    (the annual meeting's adopted version of the board's proposal), or one with the same title and year."""
    plans = [p for p in await plans_of(guild_id, session=session) if p.year == year]
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

    def counts(self) -> dict[str, int]:
        return {
            "kept": len(self.kept),
            "changed": len(self.changed),
            "new": len(self.new),
            "removed": len(self.removed),
        }


def _text(title: str, description: str) -> str:
    return " ".join((description or title).casefold().split()).rstrip(" .")


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
        unchanged = (old.title, old.description, old.section) == (raw["title"], raw.get("description", ""), section)
        (diff.kept if unchanged else diff.changed).append((old, index))
    diff.new = sorted(free)
    return diff


async def existing_of(plan_id: int, *, session: AsyncSession) -> list[Existing]:
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
            .order_by(col(Commitment.position), col(Commitment.id))
        )
    ).all()
    return [Existing(stored_id(row), row.title, row.description, section or "") for row, section in rows]


async def reimport_plan(
    guild_id: int, plan_id: int, data: dict[str, Any], *, session: AsyncSession, actor_id: int
) -> tuple[Plan, PlanDiff]:
    """Bring a stored plan up to its adopted version: matched commitments keep their owners, status, updates
    and evidence and take the new text; new ones are added; the rest are struck by the annual meeting (kept in
    the history and in the report, out of the lists)."""
    plan = await get_plan(guild_id, plan_id, session=session)
    candidates = candidates_of(data)
    if len(candidates) > MAX_PLAN_COMMITMENTS:
        raise UserError("commitments.plan.too_big", count=len(candidates), limit=MAX_PLAN_COMMITMENTS)
    diff = diff_plan(await existing_of(plan_id, session=session), candidates)
    sections = {s.title.casefold(): s for s in await sections_of(guild_id, plan_id, session=session)}
    order = list(dict.fromkeys(title for title, _ in candidates))
    for position, title in enumerate(order):
        section = sections.get(title.casefold())
        if section is None:
            section = Section(guild_id=guild_id, plan_id=plan_id, title=title[:120])
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
            row = Commitment(guild_id=guild_id, plan_id=plan_id, created_by=actor_id, title="", origin=_origin(raw))
        else:
            row = await get_commitment(guild_id, old.id, session=session)
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
        row = await get_commitment(guild_id, old.id, session=session)
        session.add(
            Update(
                guild_id=guild_id,
                commitment_id=old.id,
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
    return plan, diff


# ---------------------------------------------------------------------------------------------- importing a file


@dataclass
class ImportDraft:
    """A plan read from a file and not stored yet: its candidates in plan order, those the moderator dropped, and
    when the file is a version of a plan already on the server, that plan and its commitments to compare with."""

    data: dict[str, Any]
    target_id: int | None = None
    target_title: str = ""
    existing: list[Existing] = field(default_factory=list)
    dropped: set[int] = field(default_factory=set)
    candidates: list[tuple[str, dict[str, Any]]] = field(init=False)

    def __post_init__(self) -> None:
        self.candidates = candidates_of(self.data)

    @property
    def title(self) -> str:
        """The plan's title as the moderator knows it: the stored plan's for a re-import."""
        return self.target_title if self.target_id is not None else self.data["title"]

    def kept(self) -> list[int]:
        return [i for i in range(len(self.candidates)) if i not in self.dropped]

    def drop(self, shown: Iterable[int], chosen: Iterable[int]) -> None:
        """The choice of a page's menu: of the candidates `shown`, those `chosen` are dropped, the others kept."""
        shown = set(shown)
        self.dropped = (self.dropped - shown) | (set(chosen) & shown)

    def diff(self) -> tuple[PlanDiff, dict[int, str]]:
        """The diff over the candidates not dropped, and each kept candidate's part in it."""
        kept = self.kept()
        diff = diff_plan(self.existing, [self.candidates[i] for i in kept])
        return diff, {kept[position]: diff.match_of(position)[0] for position in range(len(kept))}

    def unchanged(self) -> bool:
        diff, _ = self.diff()
        return not (diff.changed or diff.new or diff.removed)

    def selected(self) -> dict[str, Any]:
        """The plan with the kept candidates only; refused when every one was dropped."""
        kept = set(self.kept())
        if not kept:
            raise UserError("commitments.import.all_dropped")
        data = dict(self.data)
        data["sections"] = [dict(s, commitments=[]) for s in self.data["sections"]]
        index = 0
        for section, raw_section in zip(data["sections"], self.data["sections"], strict=True):
            for raw in raw_section["commitments"]:
                if index in kept:
                    section["commitments"].append(raw)
                index += 1
        return data


async def draft_import(
    guild_id: int,
    parsed: ParsedPlan,
    *,
    session: AsyncSession,
    source: bytes,
    filename: str,
    year: int | None,
    today: date,
) -> ImportDraft:
    """What a file would import: the year given, else the file's, else this year; the file's title, else its
    name; and the plan on the server it is a version of, if any. A file that would change nothing in that plan
    is refused."""
    plan_year = year or parsed.year or today.year
    title = parsed.title or PurePath(filename).stem
    organisation = parsed.organisation or ""
    data = parsed_to_data(
        parsed,
        key="import:" + hashlib.sha256(source).hexdigest()[:16],
        year=plan_year,
        title=title,
        organisation=organisation,
    )
    target = await matching_plan(guild_id, session=session, organisation=organisation, year=plan_year, title=title)
    if target is None:
        return ImportDraft(data)
    target_id = stored_id(target)
    draft = ImportDraft(data, target_id, target.title, existing=await existing_of(target_id, session=session))
    if draft.unchanged():
        raise UserError("commitments.import.unchanged", title=target.title)
    return draft


async def save_import(
    guild_id: int, draft: ImportDraft, *, session: AsyncSession, actor_id: int
) -> tuple[Plan, PlanDiff | None]:
    """Store the draft's kept candidates: as a new plan, or as the adopted version of the plan it matched (with
    the diff that re-import made)."""
    data = draft.selected()
    if draft.target_id is None:
        return await store_plan(guild_id, data, session=session, actor_id=actor_id), None
    return await reimport_plan(guild_id, draft.target_id, data, session=session, actor_id=actor_id)
