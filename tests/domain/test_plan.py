"""Taper-plan arithmetic: the step in force, where the taper stands, what comes next."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from stepdown.domain.journal import Journal, Plan, Step
from stepdown.domain.plan import end_date, next_change, replace_plan, step_on, taper_status

TIMES = (time(8), time(14), time(20))


def plan_of(*steps: tuple[date, tuple[float, ...]]) -> Plan:
    return Plan(
        prescriber="Dr. Ana Rivera",
        steps=tuple(
            Step(start, TIMES[: len(doses)] if doses else (), doses) for start, doses in steps
        ),
    )


PLAN = plan_of(
    (date(2026, 11, 4), (20.0, 20.0, 20.0)),
    (date(2026, 11, 11), (15.0, 20.0, 20.0)),
    (date(2026, 11, 18), (15.0, 15.0, 20.0)),
    (date(2026, 12, 30), ()),
)


def test_no_step_before_the_plan_starts() -> None:
    assert step_on(PLAN, date(2026, 11, 3)) is None
    status = taper_status(PLAN, date(2026, 11, 3))
    assert status.step_number == 0
    assert status.progress == 0.0


def test_a_step_runs_until_the_next_one_starts() -> None:
    assert step_on(PLAN, date(2026, 11, 11)) == PLAN.steps[1]
    assert step_on(PLAN, date(2026, 11, 17)) == PLAN.steps[1]
    assert step_on(PLAN, date(2026, 11, 18)) == PLAN.steps[2]


def test_where_the_taper_stands_part_way() -> None:
    status = taper_status(PLAN, date(2026, 11, 25))
    assert (status.step_number, status.step_count) == (3, 4)
    assert (status.daily_total, status.start_total) == (50.0, 60.0)
    assert status.next_step == PLAN.steps[3]
    assert status.end == date(2026, 12, 30)
    assert not status.complete
    assert abs(status.progress - 1 / 6) < 1e-9


def test_the_taper_is_complete_from_its_last_step() -> None:
    status = taper_status(PLAN, date(2026, 12, 30))
    assert status.complete
    assert status.progress == 1.0
    assert status.next_step is None


def test_a_plan_without_an_empty_last_step_has_no_end() -> None:
    plan = plan_of((date(2026, 11, 4), (10.0,)))
    assert end_date(plan) is None
    assert next_change(plan, date(2026, 11, 4)) is None


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    first = draw(st.dates(date(2020, 1, 1), date(2030, 1, 1)))
    gaps = draw(st.lists(st.integers(1, 60), min_size=0, max_size=8))
    starts = [first]
    for gap in gaps:
        starts.append(starts[-1] + timedelta(days=gap))
    amounts = st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 2))
    return plan_of(*((start, tuple(draw(st.lists(amounts, max_size=3)))) for start in starts))


@given(plans(), st.integers(0, 600))
def test_on_every_day_from_the_first_step_exactly_one_step_is_in_force(
    plan: Plan, offset: int
) -> None:
    day = plan.steps[0].start + timedelta(days=offset)
    in_force = [
        step
        for i, step in enumerate(plan.steps)
        if step.start <= day and (i + 1 == len(plan.steps) or plan.steps[i + 1].start > day)
    ]
    assert in_force == [step_on(plan, day)]


@given(plans())
def test_progress_never_falls_back_while_daily_totals_only_fall(plan: Plan) -> None:
    totals = sorted((step.daily_total for step in plan.steps), reverse=True)
    falling = Plan(
        prescriber=plan.prescriber,
        steps=tuple(
            Step(step.start, (time(8),), (total,))
            for step, total in zip(plan.steps, totals, strict=True)
        ),
    )
    progress = [taper_status(falling, step.start).progress for step in falling.steps]
    assert progress == sorted(progress)
    assert all(0.0 <= value <= 1.0 for value in progress)


def test_replacing_a_plan_keeps_the_old_one_in_its_history() -> None:
    now = datetime(2026, 11, 25, 10, 0)
    first = replace_plan(Journal(), PLAN, now)
    assert (first.plan, first.plan_history) == (PLAN, ())
    assert replace_plan(first, PLAN, now) == first
    newer = Plan(prescriber="Dr. Ana Rivera", steps=PLAN.steps[:2])
    second = replace_plan(first, newer, now)
    assert second.plan == newer
    assert [(r.replaced_at, r.plan) for r in second.plan_history] == [(now, PLAN)]
