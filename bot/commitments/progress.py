"""How far a commitment has come and whether it keeps pace: plain rules, no database, no Discord.

A commitment may have a measurable target ("4 träffar", "500 samtal"). When it has one and evidence is linked,
the evidence counts its progress, with nobody typing it:

- a meeting link (by audience or by title) counts the meetings held, or, when the target's unit is
  participants, the attendance recorded at them, summed;
- a campaign link counts the calls made, or, when the target's unit is answered calls, the calls that were
  answered.

The unit decides what is counted, so one rule holds for every link: `measure`. Several links add up.
Where nothing counts, progress is the percent last typed with `/åtagande framsteg`.

A commitment may have steps (`/åtagande delmål`): other commitments whose progress rolls up into it, weighted as
Decidim's results are: the parent's percent is Σ weight·percent / Σ weight over its steps (`rolled_up`). A step
nothing measures counts 0, or 100 when it is done. The steps decide a parent's progress unless its own target
is counted from linked evidence.

Whether it keeps pace compares the progress with the time gone between its start (the plan year's first day,
or the day the commitment was added when that is later) and its end (its due date, or else the plan year's last
day). It is behind when its progress trails the time gone by more than `BEHIND_MARGIN` percentage points, at
risk when by more than `RISK_MARGIN`, or when its end has passed unfinished.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.commitments.evidence import Evidence
from bot.commitments.models import LinkKind

BEHIND_MARGIN = 15
"""Behind when the progress is more than this many percentage points below the time gone."""
RISK_MARGIN = 35
"""At risk when the progress is more than this many percentage points below the time gone."""


class Unit(StrEnum):
    """What a target counts. The counted ones are read from the evidence (see `measure`); the others only name
    the target ("3 utbildningar") and are followed by typed percent or by meetings linked to them."""

    MEETINGS = "meetings"
    PARTICIPANTS = "participants"
    CALLS = "calls"
    ANSWERED_CALLS = "answered_calls"
    TRAININGS = "trainings"
    ASSOCIATIONS = "associations"
    ACTIVITIES = "activities"


class Pace(StrEnum):
    ON_TRACK = "on_track"
    BEHIND = "behind"
    RISK = "risk"


MEETINGS_HELD = "meetings"
ATTENDED = "attended"
CALLS_MADE = "calls"
CALLS_ANSWERED = "answered"
COUNTED = "count"
"""The counts a provider reports in `Evidence.counts`. A memorial-day link (the branches registered) and a
survey-answer link (the calls with that answer) have one count, `COUNTED`, whatever the unit."""


@dataclass(frozen=True)
class Progress:
    """`done` of `target` (`unit`), `percent` 0–100. `done` is None when the percent was typed by hand;
    `target` is None when the commitment has no target."""

    percent: int
    done: int | None = None
    target: int | None = None
    unit: str | None = None
    steps: int | None = None
    """When it rolls up from its steps: how many steps count, and `steps_done` of them are done."""
    steps_done: int = 0

    @property
    def counted(self) -> bool:
        return self.done is not None


def measure(kind: str, unit: str | None) -> str:
    """Which of a link's counts counts toward a target in `unit`."""
    if kind == LinkKind.CAMPAIGN:
        return CALLS_ANSWERED if unit == Unit.ANSWERED_CALLS else CALLS_MADE
    if kind in (LinkKind.MEMORIAL_DAY, LinkKind.SURVEY_ANSWER):
        return COUNTED
    return ATTENDED if unit == Unit.PARTICIPANTS else MEETINGS_HELD


def counted(evidence: Iterable[Evidence], unit: str | None) -> int:
    """What the linked evidence counts toward a target in `unit`, summed over the links."""
    return sum(max(0, e.counts.get(measure(e.kind, unit), 0)) for e in evidence)


def percent_of(done: int, target: int) -> int:
    """`done` of `target` in whole percent, never above 100 (a target may be passed) nor below 0."""
    if target <= 0:
        return 100
    return max(0, min(100, done * 100 // target))


def progress(
    *,
    target: int | None,
    unit: str | None,
    evidence: list[Evidence],
    manual_percent: int | None,
    finished: bool = False,
) -> Progress | None:
    """A commitment's progress: counted from its evidence when it has a target and linked evidence, else the
    percent last typed, else 0 of its target; None when nothing measures it. A finished commitment is at 100 %
    unless its evidence counts it: what was counted is shown as it is ("3 av 4 träffar" stays 75 %)."""
    if target is not None and evidence:
        done = counted(evidence, unit)
        return Progress(percent_of(done, target), done, target, unit)
    if manual_percent is not None:
        return Progress(100 if finished else max(0, min(100, manual_percent)), None, target, unit)
    if target is not None:
        return Progress(100 if finished else 0, None if finished else 0, target, unit)
    return None


def time_gone(start: date, end: date, today: date) -> int:
    """How much of the time from `start` to `end` has gone by `today`, in whole percent 0–100."""
    if today >= end:
        return 100
    if today <= start:
        return 0
    return (today - start).days * 100 // (end - start).days


def pace(percent: int, *, start: date, end: date, today: date) -> Pace:
    """Whether progress `percent` keeps pace with the time gone (see the module's description)."""
    if percent >= 100:
        return Pace.ON_TRACK
    if today > end:
        return Pace.RISK
    gone = time_gone(start, end, today)
    if percent < gone - RISK_MARGIN:
        return Pace.RISK
    if percent < gone - BEHIND_MARGIN:
        return Pace.BEHIND
    return Pace.ON_TRACK


def span(plan_year: int, created_on: date, due_date: date | None) -> tuple[date, date]:
    """The start and end a commitment's pace is measured between."""
    start = max(date(plan_year, 1, 1), created_on)
    end = due_date or date(plan_year, 12, 31)
    return start, max(start, end)


@dataclass(frozen=True)
class Step:
    """A step of a commitment as its parent counts it: its weight and its percent 0–100."""

    weight: int
    percent: int
    done: bool = False


def step_percent(measured: Progress | None, *, done: bool) -> int:
    """What a step counts in its parent: its own progress when something measures it, else 100 when it is done
    and 0 when it is not."""
    if measured is not None:
        return measured.percent
    return 100 if done else 0


def rolled_up(steps: Iterable[Step]) -> Progress | None:
    """A parent's progress from its steps: Σ weight·percent / Σ weight, in whole percent (rounded down); None
    when no step weighs anything."""
    steps = [s for s in steps if s.weight > 0]
    total = sum(s.weight for s in steps)
    if total <= 0:
        return None
    percent = sum(s.weight * max(0, min(100, s.percent)) for s in steps) // total
    return Progress(percent, steps=len(steps), steps_done=sum(1 for s in steps if s.done))
