"""The rules of a commitment's progress and pace: what evidence counts toward a target, the percent, the time
gone, and when a commitment is behind or at risk."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.commitments.evidence import Evidence
from bot.commitments.progress import (
    BEHIND_MARGIN,
    RISK_MARGIN,
    Pace,
    Progress,
    Step,
    Unit,
    measure,
    pace,
    percent_of,
    progress,
    rolled_up,
    span,
    step_percent,
    time_gone,
)

START = date(2026, 1, 1)
END = date(2026, 12, 31)


def meetings(held: int, attended: int = 0, kind: str = "meeting_audience") -> Evidence:
    return Evidence(kind, "men", "commitments.evidence.meetings", counts={"meetings": held, "attended": attended})


def campaign(calls: int, answered: int) -> Evidence:
    return Evidence("campaign", "Vår", "commitments.evidence.campaign", counts={"calls": calls, "answered": answered})


def test_a_target_of_four_meetings_is_half_done_after_two_and_done_after_four():
    assert progress(target=4, unit="meetings", evidence=[meetings(2)], manual_percent=None) == Progress(
        50, 2, 4, "meetings"
    )
    assert progress(target=4, unit="meetings", evidence=[meetings(4)], manual_percent=None).percent == 100
    assert progress(target=4, unit="meetings", evidence=[meetings(6)], manual_percent=None) == Progress(
        100, 6, 4, "meetings"
    )


def test_the_unit_says_what_a_link_counts():
    assert measure("meeting_audience", Unit.MEETINGS) == "meetings"
    assert measure("meeting_title", Unit.TRAININGS) == "meetings"
    assert measure("meeting_title", Unit.PARTICIPANTS) == "attended"
    assert measure("campaign", Unit.CALLS) == "calls"
    assert measure("campaign", Unit.MEETINGS) == "calls"
    assert measure("campaign", Unit.ANSWERED_CALLS) == "answered"
    found = [meetings(3, 40), campaign(120, 45)]
    assert progress(target=500, unit="calls", evidence=found, manual_percent=None).done == 123
    assert progress(target=100, unit="answered_calls", evidence=[campaign(120, 45)], manual_percent=None).done == 45
    assert progress(target=80, unit="participants", evidence=[meetings(3, 40)], manual_percent=None).percent == 50


def test_links_add_up_and_evidence_without_a_source_counts_nothing():
    unavailable = Evidence("campaign", "Okänd", "commitments.evidence.unavailable")
    found = [meetings(1), meetings(2, kind="meeting_title"), unavailable]
    assert progress(target=4, unit="meetings", evidence=found, manual_percent=None) == Progress(75, 3, 4, "meetings")


def test_typed_percent_where_nothing_counts():
    assert progress(target=None, unit=None, evidence=[], manual_percent=40) == Progress(40)
    assert progress(target=3, unit="trainings", evidence=[], manual_percent=40) == Progress(40, None, 3, "trainings")
    # Linked evidence counts a target; what was typed before the link no longer does.
    assert progress(target=3, unit="trainings", evidence=[meetings(1)], manual_percent=90).percent == 33
    assert progress(target=3, unit="trainings", evidence=[], manual_percent=None) == Progress(0, 0, 3, "trainings")
    assert progress(target=None, unit=None, evidence=[meetings(2)], manual_percent=None) is None


def test_a_finished_commitment_is_all_done_unless_its_evidence_counts_otherwise():
    assert progress(target=None, unit=None, evidence=[], manual_percent=20, finished=True) == Progress(100)
    assert progress(target=4, unit="trainings", evidence=[], manual_percent=None, finished=True) == (
        Progress(100, None, 4, "trainings")
    )
    assert progress(target=4, unit="meetings", evidence=[meetings(3)], manual_percent=None, finished=True) == (
        Progress(75, 3, 4, "meetings")
    )


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=10_000))
def test_percent_is_always_between_0_and_100_and_grows_with_what_is_done(done, target):
    assert 0 <= percent_of(done, target) <= 100
    assert percent_of(done, target) <= percent_of(done + 1, target)
    assert (percent_of(done, target) == 100) == (done >= target)


@given(st.integers(min_value=0, max_value=800), st.integers(min_value=1, max_value=400))
def test_time_gone_is_between_0_and_100_and_grows_day_by_day(offset, length):
    end = START + timedelta(days=length)
    today = START - timedelta(days=200) + timedelta(days=offset)
    gone = time_gone(START, end, today)
    assert 0 <= gone <= 100
    assert gone <= time_gone(START, end, today + timedelta(days=1))


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=400))
def test_more_progress_never_makes_the_pace_worse(percent, offset):
    today = START + timedelta(days=offset)
    order = [Pace.ON_TRACK, Pace.BEHIND, Pace.RISK]
    worse = order.index(pace(percent, start=START, end=END, today=today))
    better = order.index(pace(min(100, percent + 1), start=START, end=END, today=today))
    assert better <= worse


def test_pace_thresholds():
    half = date(2026, 7, 2)  # 182 of 364 days: half the time gone
    assert time_gone(START, END, half) == 50
    assert pace(50 - BEHIND_MARGIN, start=START, end=END, today=half) is Pace.ON_TRACK
    assert pace(50 - BEHIND_MARGIN - 1, start=START, end=END, today=half) is Pace.BEHIND
    assert pace(50 - RISK_MARGIN, start=START, end=END, today=half) is Pace.BEHIND
    assert pace(50 - RISK_MARGIN - 1, start=START, end=END, today=half) is Pace.RISK
    # Past its end unfinished it is at risk whatever its progress; done it is on track.
    assert pace(99, start=START, end=END, today=date(2027, 1, 1)) is Pace.RISK
    assert pace(100, start=START, end=END, today=date(2027, 1, 1)) is Pace.ON_TRACK
    assert pace(0, start=START, end=END, today=START) is Pace.ON_TRACK


def test_the_span_runs_from_the_plan_year_or_the_day_it_was_added_to_the_due_date_or_the_year_end():
    assert span(2026, date(2025, 12, 10), None) == (START, END)
    assert span(2026, date(2026, 3, 1), date(2026, 6, 30)) == (date(2026, 3, 1), date(2026, 6, 30))
    # A plan of a year gone by, added to the server now: measured from today; its end cannot be before it.
    assert span(2023, date(2026, 1, 1), None) == (START, START)


# ---------------------------------------------------------------------------------------------- steps

steps_strategy = st.lists(
    st.builds(Step, weight=st.integers(0, 100), percent=st.integers(0, 100), done=st.booleans()), max_size=12
)


def test_a_parent_rolls_up_its_steps_weighted():
    # one step done (weight 1), one at 40 % (weight 3): (100 + 3·40) / 4 = 55
    assert rolled_up([Step(1, 100, True), Step(3, 40)]) == Progress(55, steps=2, steps_done=1)
    assert rolled_up([Step(1, 0), Step(1, 0)]) == Progress(0, steps=2, steps_done=0)
    assert rolled_up([]) is None
    assert rolled_up([Step(0, 100)]) is None  # nothing weighs anything


def test_a_step_nothing_measures_counts_by_its_status():
    assert step_percent(None, done=True) == 100
    assert step_percent(None, done=False) == 0
    assert step_percent(Progress(40), done=False) == 40
    assert step_percent(Progress(75, 3, 4, "meetings"), done=True) == 75  # counted, shown as counted


@given(steps_strategy)
def test_the_rolled_up_percent_is_between_the_least_and_the_most_of_its_steps(steps):
    found = rolled_up(steps)
    weighing = [s for s in steps if s.weight > 0]
    if not weighing:
        assert found is None
        return
    assert found is not None
    assert 0 <= found.percent <= 100
    assert min(s.percent for s in weighing) <= found.percent <= max(s.percent for s in weighing)
    assert found.steps == len(weighing)


@given(steps_strategy, st.data())
def test_more_progress_on_a_step_never_lowers_the_parent(steps, data):
    if not any(s.weight for s in steps):
        return
    index = data.draw(st.integers(0, len(steps) - 1))
    more = data.draw(st.integers(steps[index].percent, 100))
    raised = [*steps[:index], Step(steps[index].weight, more), *steps[index + 1 :]]
    assert rolled_up(raised).percent >= rolled_up(steps).percent


@given(st.integers(1, 100), st.integers(1, 100), st.integers(0, 100), st.integers(0, 100))
def test_the_heavier_step_pulls_the_parent_its_way(light, heavy, low, high):
    if heavy <= light or high <= low:
        return
    # the heavier step at `high`: the parent is nearer `high` than the other way round
    one = rolled_up([Step(light, low), Step(heavy, high)]).percent
    other = rolled_up([Step(heavy, low), Step(light, high)]).percent
    assert one >= other
    assert rolled_up([Step(light, low), Step(light, high)]).percent == (low + high) // 2
