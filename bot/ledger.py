"""The occurrence ledger: "post X at time T, exactly once".

Features register a *kind* with a planner and a handler. The planner says which occurrences exist
(one row per guild, kind, object and occurrence key, unique in the database); the handler delivers
one. `run_due` claims each due row atomically before delivering it, so a retry, a second tick or a
restart can never deliver twice. Rows due while the bot was down are delivered at start if their
grace window (`expires_at`, chosen by the planner) is still open, and marked skipped otherwise.

A send whose answer from Discord is lost (a timeout, a reset connection, a 5xx) may or may not have created
the message: its outcome is unknown, not failed. Every message a handler sends carries a nonce derived from
the occurrence (`DeliveryAttempt.nonce`), the same on every retry, so that Discord answers a repeat within its nonce
window with the first message; a retry after that window first looks for the message (see
`cogs._shared.delivery`). What an unfinished occurrence already sent is kept in `occurrence_send` until the
occurrence is done.

The database is the truth; the scheduler only decides *when* to call `run_due`.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol, TypeVar

from sqlalchemy import BigInteger, UniqueConstraint, delete, false, func, update
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select, SelectOfScalar

from bot import clock
from bot.db import Database, UTCDateTime, guild_field

log = logging.getLogger(__name__)

BATCH_SIZE = 200
DELIVERY_CONCURRENCY = 16
BLOCKED_RETRY = timedelta(minutes=15)
MAX_ATTEMPTS = 8
NONCE_WINDOW = timedelta(minutes=1)
"""How long after a send we count on Discord to answer the same nonce with the first message. Discord
documents only "a short duration"; a retry after this looks for the message in the channel before sending."""


class Status(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    POSTED = "posted"
    BLOCKED = "blocked"
    SKIPPED = "skipped"
    FAILED = "failed"
    INTERRUPTED = "interrupted"


OPEN_STATUSES = (Status.PENDING, Status.BLOCKED)


class Occurrence(SQLModel, table=True):
    __tablename__ = "occurrence"
    __table_args__ = (UniqueConstraint("guild_id", "kind", "object_id", "occurrence_key", name="uq_occurrence"),)

    id: int | None = Field(default=None, primary_key=True)
    guild_id: int = guild_field()
    kind: str = Field(max_length=40)
    object_id: str = Field(max_length=64)
    occurrence_key: str = Field(max_length=64)
    due_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    next_attempt_at: datetime = Field(sa_type=UTCDateTime, index=True)
    status: str = Field(default=Status.PENDING, max_length=16, index=True)
    attempts: int = 0
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_error: str | None = Field(default=None, max_length=200)


class OccurrenceSend(SQLModel, table=True):
    """A message an unfinished occurrence sent, or may have sent: what its retry must not send again.

    Written only when an attempt does not finish, removed when the occurrence does. The nonce (a digest of the
    occurrence and its recipient) names the message, so no recipient's id is stored."""

    __tablename__ = "occurrence_send"
    __table_args__ = (UniqueConstraint("occurrence_id", "nonce", name="uq_occurrence_send"),)

    id: int | None = Field(default=None, primary_key=True)
    occurrence_id: int = Field(foreign_key="occurrence.id", index=True, ondelete="CASCADE")
    nonce: str = Field(max_length=25)
    sent_at: datetime = Field(sa_type=UTCDateTime)
    fingerprints: str = Field(max_length=200)
    message_id: int | None = Field(default=None, sa_type=BigInteger)


@dataclass(frozen=True, slots=True)
class Sent:
    """What is known of one message of an occurrence: when it was first sent, the fingerprints of what was
    sent (a retry may render it anew), and its id once Discord confirmed it (None while the outcome is unknown)."""

    sent_at: datetime
    fingerprints: tuple[str, ...]
    message_id: int | None = None


@dataclass(slots=True)
class DeliveryAttempt:
    """One delivery attempt of an occurrence, as the sends of its handler see it."""

    occurrence: Occurrence
    earlier: dict[str, Sent] = field(default_factory=dict)
    sent: dict[str, Sent] = field(default_factory=dict)

    def nonce(self, recipient: int | None = None) -> str:
        """The occurrence's nonce for one recipient (None: the occurrence's channel post): deterministic, 24
        characters (Discord takes a string of at most 25)."""
        row = self.occurrence
        ident = f"{row.guild_id}:{row.kind}:{row.object_id}:{row.occurrence_key}"
        if recipient is not None:
            ident += f":{recipient}"
        return hashlib.blake2b(ident.encode(), digest_size=12).hexdigest()

    def known(self, nonce: str) -> Sent | None:
        return self.sent.get(nonce) or self.earlier.get(nonce)

    def record(self, nonce: str, sent: Sent) -> None:
        self.sent[nonce] = sent

    @property
    def has_sends(self) -> bool:
        return bool(self.earlier or self.sent)


current_attempt: ContextVar[DeliveryAttempt | None] = ContextVar("current_attempt", default=None)
"""The attempt whose handler is running in this task, if any."""


@dataclass(frozen=True, slots=True)
class Planned:
    """One occurrence a planner says should exist."""

    guild_id: int
    object_id: str
    key: str
    due_at: datetime
    expires_at: datetime


class TransientDeliveryError(Exception):
    """Discord failed for now (5xx, rate limit): try again later with backoff."""


class OutcomeUnknown(TransientDeliveryError):
    """A message was sent but Discord's answer was lost: it may exist. The retry reuses its nonce."""


class BlockedDelivery(Exception):
    """Delivery cannot succeed until someone fixes something (channel gone, permission missing)."""

    def __init__(self, reason: str, channel_id: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.channel_id = channel_id


class SkipDelivery(Exception):
    """The occurrence no longer needs delivering (its object changed in a way the planner missed)."""


class Planner(Protocol):
    """`planner(session=…, now=…, guild_id=None, object_id=None)`: every occurrence of the kind whose grace window
    is still open (expires_at > now), optionally narrowed to one guild or one object."""

    def __call__(
        self, *, session: AsyncSession, now: datetime, guild_id: int | None = None, object_id: str | None = None
    ) -> Awaitable[list[Planned]]: ...


Query = TypeVar("Query", Select[Any], SelectOfScalar[Any])


def in_scope(query: Query, model: type[Any], *, guild_id: int | None, object_id: str | None) -> Query:
    """A planner's query narrowed to the scope `replan` was given: one server, one of `model`'s rows by its id.
    An object id that is no row id of `model` (another kind's object, such as "digest") finds nothing."""
    if guild_id is not None:
        query = query.where(model.guild_id == guild_id)
    if object_id is not None:
        query = query.where(model.id == int(object_id) if object_id.isdecimal() else false())
    return query


Handler = Callable[[Occurrence], Awaitable[None]]
BlockedReporter = Callable[[Occurrence, BlockedDelivery], Awaitable[None]]


@dataclass(slots=True)
class Kind:
    planner: Planner
    handler: Handler


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min … capped at 15 min."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 900))


class Ledger:
    def __init__(self, db: Database, *, now: Callable[[], datetime] = clock.now) -> None:
        self.db = db
        self.now = now
        self.kinds: dict[str, Kind] = {}
        self.on_blocked: BlockedReporter | None = None
        self.on_wake_change: Callable[[datetime | None], None] | None = None
        self._lock = asyncio.Lock()

    def register(self, kind: str, planner: Planner, handler: Handler) -> None:
        self.kinds[kind] = Kind(planner, handler)

    # ------------------------------------------------------------------ planning

    async def replan(self, *kinds: str, guild_id: int | None = None, object_id: str | None = None) -> None:
        """Make the ledger match what the planners say, within the given scope (no kinds: every kind).

        Posted, skipped and failed rows are history and never touched. Open rows whose grace window
        has closed become skipped; open rows the planner no longer names are removed.
        """
        now = self.now()
        async with self.db.session() as session:
            await self._expire(session=session, now=now)
        for name in kinds or list(self.kinds):
            try:
                async with self.db.session() as session:
                    planned = await self.kinds[name].planner(
                        session=session, now=now, guild_id=guild_id, object_id=object_id
                    )
                    await self._apply_plan(
                        session=session, kind=name, planned=planned, now=now, guild_id=guild_id, object_id=object_id
                    )
            except Exception:
                # One broken feature must not stop the others' posts.
                log.exception("planning failed for kind=%s guild=%s", name, guild_id)
        await self._announce_wake()

    async def _apply_plan(
        self,
        *,
        session: AsyncSession,
        kind: str,
        planned: Iterable[Planned],
        now: datetime,
        guild_id: int | None,
        object_id: str | None,
    ) -> None:
        query = select(Occurrence).where(Occurrence.kind == kind)
        if guild_id is not None:
            query = query.where(Occurrence.guild_id == guild_id)
        if object_id is not None:
            query = query.where(Occurrence.object_id == object_id)
        existing = {(row.guild_id, row.object_id, row.occurrence_key): row for row in (await session.exec(query)).all()}
        wanted: set[tuple[int, str, str]] = set()
        for item in planned:
            out_of_scope = (guild_id is not None and item.guild_id != guild_id) or (
                object_id is not None and item.object_id != object_id
            )
            if item.expires_at <= now or out_of_scope:
                continue
            ident = (item.guild_id, item.object_id, item.key)
            wanted.add(ident)
            row = existing.get(ident)
            if row is None:
                session.add(
                    Occurrence(
                        guild_id=item.guild_id,
                        kind=kind,
                        object_id=item.object_id,
                        occurrence_key=item.key,
                        due_at=item.due_at,
                        expires_at=item.expires_at,
                        next_attempt_at=item.due_at,
                    )
                )
            elif row.status in OPEN_STATUSES and (row.due_at, row.expires_at) != (
                item.due_at,
                item.expires_at,
            ):
                row.due_at, row.expires_at, row.next_attempt_at = item.due_at, item.expires_at, item.due_at
                row.status, row.attempts = Status.PENDING, 0
                session.add(row)
        stale = [row.id for ident, row in existing.items() if ident not in wanted and row.status in OPEN_STATUSES]
        if stale:
            await session.exec(delete(Occurrence).where(col(Occurrence.id).in_(stale)))

    async def _expire(self, *, session: AsyncSession, now: datetime) -> None:
        expired = (
            await session.exec(
                select(Occurrence).where(col(Occurrence.status).in_(OPEN_STATUSES), Occurrence.expires_at <= now)
            )
        ).all()
        for row in expired:
            log.warning(
                "skipped stale occurrence kind=%s guild=%s object=%s key=%s due=%s",
                row.kind,
                row.guild_id,
                row.object_id,
                row.occurrence_key,
                row.due_at.isoformat(),
            )
            row.status, row.done_at = Status.SKIPPED, now
            session.add(row)
        if expired:
            expired_ids = [row.id for row in expired]
            await session.exec(delete(OccurrenceSend).where(col(OccurrenceSend.occurrence_id).in_(expired_ids)))

    async def replan_object(self, *kinds: str, guild_id: int, object_id: int | str) -> None:
        """An object changed (made, edited, paused, removed): plan its occurrences of these kinds again and
        deliver what is now due. Not from a handler: delivery is running there already."""
        await self.replan(*kinds, guild_id=guild_id, object_id=str(object_id))
        await self.run_due()

    async def recover_interrupted(self) -> None:
        """At start: a row left 'sending' by a crash may or may not have been delivered; never risk twice."""
        async with self.db.session() as session:
            result = await session.exec(
                update(Occurrence)
                .where(Occurrence.status == Status.SENDING)
                .values(status=Status.INTERRUPTED, done_at=self.now())
            )
            if result.rowcount:
                log.warning("%d occurrences were interrupted mid-delivery and are not retried", result.rowcount)

    # ------------------------------------------------------------------ delivery

    async def run_due(self) -> int:
        """Deliver everything due now. Returns how many were delivered."""
        async with self._lock:
            delivered: list[Occurrence] = []
            while True:
                now = self.now()
                async with self.db.session() as session:
                    await self._expire(session=session, now=now)
                    batch = (
                        await session.exec(
                            select(Occurrence)
                            .where(col(Occurrence.status).in_(OPEN_STATUSES), Occurrence.next_attempt_at <= now)
                            .order_by(Occurrence.next_attempt_at)
                            .limit(BATCH_SIZE)
                        )
                    ).all()
                if not batch:
                    break
                for start in range(0, len(batch), DELIVERY_CONCURRENCY):
                    delivered.extend(await self._deliver_chunk(batch[start : start + DELIVERY_CONCURRENCY]))
                if len(batch) < BATCH_SIZE:
                    break
            # The next occurrence of a recurring object comes into view once this one is done.
            for kind in {row.kind for row in delivered}:
                objects = {(row.guild_id, row.object_id) for row in delivered if row.kind == kind}
                if len(objects) == 1:
                    [(guild_id, object_id)] = objects
                    await self.replan(kind, guild_id=guild_id, object_id=object_id)
                else:
                    await self.replan(kind)
        await self._announce_wake()
        return len(delivered)

    async def _deliver_chunk(self, chunk: list[Occurrence]) -> list[Occurrence]:
        """Claim a few rows in one statement, deliver them side by side, mark the delivered ones in one statement.

        Claimed rows are 'sending' until finished: a crash in between leaves at most one chunk interrupted,
        never delivered twice."""
        claimed = await self._claim([row.id for row in chunk if row.kind in self.kinds])
        rows = [row for row in chunk if row.id in claimed]
        attempts = await asyncio.gather(*(self._deliver(row) for row in rows))
        posted = [attempt for attempt in attempts if attempt is not None]
        if posted:
            async with self.db.session() as session:
                await session.exec(
                    update(Occurrence)
                    .where(col(Occurrence.id).in_([attempt.occurrence.id for attempt in posted]))
                    .values(status=Status.POSTED, done_at=self.now(), last_error=None)
                )
                await self._forget_sends(session=session, attempts=[attempt for attempt in posted if attempt.has_sends])
        return [attempt.occurrence for attempt in posted]

    async def _claim(self, ids: list[int | None]) -> set[int]:
        if not ids:
            return set()
        async with self.db.session() as session:
            result = await session.exec(
                update(Occurrence)
                .where(
                    col(Occurrence.id).in_(ids),
                    col(Occurrence.status).in_(OPEN_STATUSES),
                    Occurrence.next_attempt_at <= self.now(),
                )
                .values(status=Status.SENDING, attempts=Occurrence.attempts + 1)
                .returning(Occurrence.id)
            )
            return set(result.scalars().all())

    async def _finish(self, attempt: DeliveryAttempt, **values: object) -> None:
        """Record an attempt that did not post; what it sent is kept while the occurrence may be retried."""
        final = values.get("status") in (Status.SKIPPED, Status.FAILED)
        async with self.db.session() as session:
            await session.exec(update(Occurrence).where(Occurrence.id == attempt.occurrence.id).values(**values))
            if final:
                await self._forget_sends(session=session, attempts=[attempt] if attempt.has_sends else [])
            elif attempt.sent:
                await self._keep_sends(session=session, attempt=attempt)

    async def _earlier_sends(self, row: Occurrence) -> dict[str, Sent]:
        async with self.db.session() as session:
            found = await session.exec(select(OccurrenceSend).where(OccurrenceSend.occurrence_id == row.id))
            return {
                send.nonce: Sent(send.sent_at, tuple(send.fingerprints.split()), send.message_id)
                for send in found.all()
            }

    async def _keep_sends(self, *, session: AsyncSession, attempt: DeliveryAttempt) -> None:
        occurrence_id = attempt.occurrence.id
        assert occurrence_id is not None
        await session.exec(
            delete(OccurrenceSend).where(
                OccurrenceSend.occurrence_id == occurrence_id, col(OccurrenceSend.nonce).in_(list(attempt.sent))
            )
        )
        for nonce, sent in attempt.sent.items():
            session.add(
                OccurrenceSend(
                    occurrence_id=occurrence_id,
                    nonce=nonce,
                    sent_at=sent.sent_at,
                    fingerprints=" ".join(sent.fingerprints),
                    message_id=sent.message_id,
                )
            )

    async def _forget_sends(self, *, session: AsyncSession, attempts: list[DeliveryAttempt]) -> None:
        if attempts:
            ids = [attempt.occurrence.id for attempt in attempts]
            await session.exec(delete(OccurrenceSend).where(col(OccurrenceSend.occurrence_id).in_(ids)))

    async def _deliver(self, row: Occurrence) -> DeliveryAttempt | None:
        """Run the handler of a claimed row; returns the attempt if it posted. A failure is recorded here, a
        success by the caller."""
        kind = self.kinds[row.kind]
        attempts = row.attempts + 1
        now = self.now()
        retried = row.attempts > 0 or row.last_error is not None
        attempt = DeliveryAttempt(row, await self._earlier_sends(row) if retried else {})
        token = current_attempt.set(attempt)
        try:
            await kind.handler(row)
        except SkipDelivery:
            await self._finish(attempt, status=Status.SKIPPED, done_at=now)
            return None
        except BlockedDelivery as blocked:
            first_time = row.status != Status.BLOCKED
            await self._finish(
                attempt,
                status=Status.BLOCKED,
                next_attempt_at=now + BLOCKED_RETRY,
                last_error=blocked.reason[:200],
            )
            log.warning("delivery blocked kind=%s guild=%s reason=%s", row.kind, row.guild_id, blocked.reason)
            if first_time and self.on_blocked is not None:
                await self.on_blocked(row, blocked)
            return None
        except Exception as error:
            if isinstance(error, OutcomeUnknown):
                log.warning("delivery outcome unknown kind=%s guild=%s id=%s", row.kind, row.guild_id, row.id)
            elif not isinstance(error, TransientDeliveryError):
                log.exception("delivery failed kind=%s guild=%s id=%s", row.kind, row.guild_id, row.id)
            retry_at = now + backoff(attempts)
            if attempts >= MAX_ATTEMPTS or retry_at >= row.expires_at:
                await self._finish(attempt, status=Status.FAILED, done_at=now, last_error=type(error).__name__)
                log.error("delivery gave up kind=%s guild=%s id=%s", row.kind, row.guild_id, row.id)
            else:
                await self._finish(
                    attempt, status=Status.PENDING, next_attempt_at=retry_at, last_error=type(error).__name__
                )
            return None
        finally:
            current_attempt.reset(token)
        return attempt

    async def unblock(self, guild_id: int) -> None:
        """Something was fixed in the server: retry its blocked deliveries now."""
        async with self.db.session() as session:
            await session.exec(
                update(Occurrence)
                .where(Occurrence.guild_id == guild_id, Occurrence.status == Status.BLOCKED)
                .values(next_attempt_at=self.now())
            )

    # ------------------------------------------------------------------ timing

    async def next_due(self) -> datetime | None:
        async with self.db.session() as session:
            return (
                await session.exec(
                    select(func.min(Occurrence.next_attempt_at)).where(col(Occurrence.status).in_(OPEN_STATUSES))
                )
            ).one()

    async def _announce_wake(self) -> None:
        if self.on_wake_change is not None:
            self.on_wake_change(await self.next_due())
