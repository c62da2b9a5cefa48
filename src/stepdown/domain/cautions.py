"""Cautions Stepdown shows, never blocks: a plan that stops suddenly, days below plan.

The guidance Stepdown follows names stopping baclofen suddenly as the first danger;
these rules spot it in a plan as entered and in what was recorded.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from stepdown.domain.day import day_summary
from stepdown.domain.journal import Contact, DoseEntry, Journal, Plan

SUDDEN_STOP = "Stopping suddenly can cause serious withdrawal; check this with your provider."
BELOW_PLAN = (
    "Less than your plan two days in a row. Stopping suddenly is the danger the "
    "guidance names first: talk to your provider before changing any dose."
)
LAST_CUT_FACTOR = 1.5
"""A last cut to zero more than this times the largest earlier cut is a sudden stop."""
PLAN_CHANGE_SHOWN = timedelta(days=7)


def stops_suddenly(plan: Plan) -> bool:
    """True when the plan starts at zero, skips straight to zero, or ends on an outsized cut.

    The cuts are the falls in daily total from one step to the next.
    """
    totals = [step.daily_total for step in plan.steps]
    if not totals:
        return False
    if totals[0] == 0:
        return True
    if totals[-1] != 0 or len(totals) < 2:
        return False
    cuts = [before - after for before, after in itertools.pairwise(totals)]
    last, earlier = cuts[-1], [cut for cut in cuts[:-1] if cut > 0]
    if not earlier:
        return True
    return last > LAST_CUT_FACTOR * max(earlier)


def is_below_plan(
    plan: Plan | None, entries: Iterable[DoseEntry], day: date, now: datetime
) -> bool:
    """True when `day` fell short of its plan: a planned dose skipped, missed, or taken smaller.

    Doses still due do not count against the day yet.
    """
    summary = day_summary(plan, entries, day, now)
    return summary.taken_total + summary.due_total < summary.planned_total


def below_plan_streak(journal: Journal, today: date, now: datetime) -> int:
    """How many days in a row were below plan, ending today (or yesterday, if today is not).

    Days before the first dose ever recorded do not count: before the patient began
    keeping the journal, an empty day says nothing about what was taken.
    """
    entries = journal.doses
    if not entries:
        return 0
    first = min(entry.date for entry in entries)
    day = today if is_below_plan(journal.plan, entries, today, now) else today - timedelta(1)
    streak = 0
    while day >= first and is_below_plan(journal.plan, entries, day, now):
        streak += 1
        day -= timedelta(1)
    return streak


def provider_contact(contacts: Iterable[Contact]) -> Contact | None:
    """The first contact whose role is provider, to name beside a caution."""
    return next((contact for contact in contacts if contact.role == "provider"), None)


def plan_changed_on(journal: Journal, today: date) -> date | None:
    """The day the plan was last replaced, while that was within the past week."""
    if not journal.plan_history:
        return None
    changed = max(record.replaced_at for record in journal.plan_history).date()
    return changed if today - changed < PLAN_CHANGE_SHOWN else None
