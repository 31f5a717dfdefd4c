"""Following a campaign: its statistics, a caller's own counts, and the rows of its export (the cog writes them
as a file, with the column names in the reader's language)."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, literal_column
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.campaigns.crypto import Vault
from bot.campaigns.importer import display_phone
from bot.campaigns.models import Attempt, Campaign, Contact, ContactStatus, Outcome
from bot.timeparse import to_local


@dataclass(slots=True)
class Stats:
    total: int = 0
    done: int = 0
    ready: int = 0
    claimed: int = 0
    waiting: int = 0
    held: int = 0
    recorded: int = 0
    callers: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    answers: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)
    branches: list[tuple[str, int, int]] = field(default_factory=list)  # (branch, contacts, done)


async def stats(*, session: AsyncSession, vault: Vault, campaign: Campaign, now: datetime) -> Stats:
    # counted in the database (a list of 100 000 contacts is not read into memory for a few numbers)
    state = case(
        (Contact.status == ContactStatus.DONE, "done"),
        (Contact.status == ContactStatus.HELD, "held"),
        (and_(col(Contact.claimed_until).is_not(None), Contact.claimed_until > now), "claimed"),
        (Contact.available_at > now, "waiting"),
        else_="ready",
    ).label("contact_state")  # grouped by this name: PostgreSQL may not match two copies holding parameters
    counted = (
        await session.exec(
            select(Contact.branch, state, func.count())
            .where(col(Contact.campaign_id) == campaign.id)
            .group_by(Contact.branch, literal_column("contact_state"))
        )
    ).all()
    result = Stats()
    branches: dict[str, list[int]] = {}
    for branch, which, count in counted:
        per_branch = branches.setdefault(branch or "", [0, 0])
        per_branch[0] += count
        result.total += count
        setattr(result, which, getattr(result, which) + count)
        if which == "done":
            per_branch[1] += count
    result.branches = sorted(((b, n, d) for b, (n, d) in branches.items()), key=lambda x: (-x[1], x[0]))
    recorded = (col(Attempt.campaign_id) == campaign.id, col(Attempt.outcome).is_not(None))
    outcomes: Counter[str] = Counter(
        dict(
            (await session.exec(select(Attempt.outcome, func.count()).where(*recorded).group_by(Attempt.outcome))).all()
        )
    )
    callers = (await session.exec(select(func.count(func.distinct(Attempt.caller_id))).where(*recorded))).one()
    answer_counts: dict[str, Counter[str]] = {q: Counter() for q in campaign.questions}
    if answer_counts:
        sealed = (
            await session.exec(
                select(Attempt.sealed_answers).where(*recorded, col(Attempt.sealed_answers).is_not(None))
            )
        ).all()
        # decrypting the answers of a large campaign takes a while: not on the event loop
        for answers in await asyncio.to_thread(_readable_answers, vault, list(sealed)):
            for question, answer in answers.items():
                if question in answer_counts and answer:
                    answer_counts[question][" ".join(answer.split()).capitalize()] += 1
    result.recorded = sum(outcomes.values())
    result.callers = callers
    result.outcomes = {o.value: outcomes[o.value] for o in Outcome if outcomes[o.value]}
    result.answers = [(q, answer_counts[q].most_common(10)) for q in campaign.questions]
    return result


def _readable_answers(vault: Vault, sealed: list[str]) -> list[dict[str, str]]:
    return [vault.open(token) for token in sealed if vault.opens(token)]


@dataclass(frozen=True, slots=True)
class MyCount:
    campaign_name: str
    calls: int
    answered: int
    today: int


async def my_counts(
    *, session: AsyncSession, guild_id: int, caller_id: int, now: datetime, zone: ZoneInfo
) -> list[MyCount]:
    midnight = to_local(now, zone).replace(hour=0, minute=0, second=0, microsecond=0)
    rows = (
        await session.exec(
            select(Campaign.name, Attempt.outcome, Attempt.recorded_at)
            .join(Campaign, col(Campaign.id) == col(Attempt.campaign_id))
            .where(
                Attempt.guild_id == guild_id,
                Attempt.caller_id == caller_id,
                col(Attempt.outcome).is_not(None),
                Attempt.outcome != Outcome.SKIPPED,
            )
            .order_by(Campaign.id)
        )
    ).all()
    counts: dict[str, list[int]] = {}
    for name, outcome, recorded_at in rows:
        entry = counts.setdefault(name, [0, 0, 0])
        entry[0] += 1
        entry[1] += outcome == Outcome.ANSWERED
        entry[2] += recorded_at is not None and recorded_at >= midnight
    return [MyCount(name, *values) for name, values in counts.items()]


# ---------------------------------------------------------------------------- the export


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One contact of the export. A contact the key cannot read (`readable` false) keeps only what is not
    encrypted: its id, branch, status, last outcome and number of calls."""

    contact_id: int
    readable: bool
    name: str
    phone: str  # as a person writes it ("070-174 06 05")
    email: str
    branch: str
    status: str  # a ContactStatus
    last_outcome: str | None  # an Outcome
    calls: int
    import_note: str
    answers: list[str]  # one per question of the campaign, in its order
    notes: str


@dataclass(frozen=True, slots=True)
class Export:
    campaign_name: str
    questions: list[str]
    rows: list[ExportRow]

    @property
    def unreadable(self) -> int:
        return sum(not row.readable for row in self.rows)


async def export(*, session: AsyncSession, vault: Vault, campaign: Campaign) -> Export:
    """The campaign's contacts with their outcomes, answers and notes. A contact the key cannot read is exported
    with what is not encrypted, instead of failing the whole export."""
    contacts = (
        await session.exec(select(Contact).where(col(Contact.campaign_id) == campaign.id).order_by(col(Contact.id)))
    ).all()
    attempts = (
        await session.exec(
            select(Attempt)
            .where(col(Attempt.campaign_id) == campaign.id, col(Attempt.outcome).is_not(None))
            .order_by(col(Attempt.id))
        )
    ).all()
    by_contact: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_contact.setdefault(attempt.contact_id, []).append(attempt)
    # decrypting every contact takes seconds on a large list: not on the event loop
    rows = await asyncio.to_thread(_export_rows, vault, list(campaign.questions), list(contacts), by_contact)
    return Export(campaign.name, list(campaign.questions), rows)


def _export_rows(
    vault: Vault, questions: list[str], contacts: list[Contact], by_contact: dict[int, list[Attempt]]
) -> list[ExportRow]:
    rows = []
    for contact in contacts:
        history = by_contact.get(contact.id, [])
        answered = next((a for a in reversed(history) if a.outcome == Outcome.ANSWERED), None)
        sealed = [contact.sealed, *(a.sealed_note for a in history), answered.sealed_answers if answered else None]
        readable = all(vault.opens(token) for token in sealed)
        data = vault.open(contact.sealed) if readable else {}
        answers = vault.open(answered.sealed_answers) if readable and answered else {}
        notes = " | ".join(vault.decrypt(a.sealed_note) for a in history if a.sealed_note) if readable else ""
        rows.append(
            ExportRow(
                contact_id=contact.id,
                readable=readable,
                name=data.get("name", ""),
                phone=display_phone(data["phone"]) if data.get("phone") else "",
                email=data.get("email", ""),
                branch=contact.branch,
                status=contact.status,
                last_outcome=contact.last_outcome,
                calls=sum(1 for a in history if a.outcome != Outcome.SKIPPED),
                import_note=data.get("note", ""),
                answers=[answers.get(q, "") for q in questions],
                notes=notes,
            )
        )
    return rows
