"""Taper-plan arithmetic: which step is in force on a date, and where the taper stands.

The plan is the provider's; nothing here proposes an amount, it only reads the
amounts the user entered.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from stepdown.domain.journal import Journal, Plan, PlanRecord, Step


def step_index_on(plan: Plan, day: date) -> int | None:
    """The index of the step in force on `day`, or None before the plan starts."""
    found = None
    for i, step in enumerate(plan.steps):
        if step.start > day:
            break
        found = i
    return found


def step_on(plan: Plan, day: date) -> Step | None:
    """The step in force on `day`: the last one started by then, or None."""
    index = step_index_on(plan, day)
    return None if index is None else plan.steps[index]


def end_date(plan: Plan) -> date | None:
    """The day the taper ends: the start of a last step with no doses, if it has one."""
    if plan.steps and not plan.steps[-1].times:
        return plan.steps[-1].start
    return None


def next_change(plan: Plan, day: date) -> Step | None:
    """The first step that starts after `day`, or None when no change is ahead."""
    return next((step for step in plan.steps if step.start > day), None)


@dataclass(frozen=True)
class TaperStatus:
    """Where the taper stands on a day, in the plan's own numbers."""

    step_number: int
    """1-based number of the step in force; 0 before the plan starts."""
    step_count: int
    daily_total: float
    start_total: float
    next_step: Step | None
    end: date | None
    complete: bool

    @property
    def progress(self) -> float:
        """How far the daily total has come down from the start towards zero, 0..1."""
        if self.step_number == 0:
            return 0.0
        if self.start_total <= 0:
            return 1.0 if self.complete else 0.0
        return min(1.0, max(0.0, 1 - self.daily_total / self.start_total))


def taper_status(plan: Plan, day: date) -> TaperStatus:
    """The step in force on `day`, its total against the first step's, and what comes next."""
    index = step_index_on(plan, day)
    step = None if index is None else plan.steps[index]
    end = end_date(plan)
    return TaperStatus(
        step_number=0 if index is None else index + 1,
        step_count=len(plan.steps),
        daily_total=step.daily_total if step is not None else 0.0,
        start_total=plan.steps[0].daily_total if plan.steps else 0.0,
        next_step=next_change(plan, day),
        end=end,
        complete=end is not None and day >= end,
    )


def replace_plan(journal: Journal, plan: Plan, now: datetime) -> Journal:
    """`journal` following `plan`; the plan it replaces is kept in its history."""
    if journal.plan is None:
        return replace(journal, plan=plan)
    if journal.plan == plan:
        return journal
    record = PlanRecord(replaced_at=now, plan=journal.plan)
    return replace(journal, plan=plan, plan_history=(*journal.plan_history, record))
