"""The review's figures in words, written the same on the week screen and in every report."""

from __future__ import annotations

import math

from stepdown.domain import format as fmt
from stepdown.domain.checkin import SCALES, listed
from stepdown.domain.day import DoseState
from stepdown.domain.week import DayFigures, Figures, TaperRow

NONE = "—"
"""What stands in for a figure there is none of: no check-in, a score not recorded,
no plan in force."""


def percent(value: float | None) -> str:
    """A percentage rounded down, so a day short of its plan never reads 100%: "96%"."""
    return NONE if value is None else f"{math.floor(value + 1e-9)}%"


def average(value: float | None) -> str:
    """A score's average to one decimal: "4.3"."""
    return NONE if value is None else f"{value:.1f}"


def score(value: int | None) -> str:
    return NONE if value is None else str(value)


def plural(n: int, word: str) -> str:
    """Like "1 day", "12 days"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def adherence(figures: Figures, unit: str) -> str:
    """Like "96% (335 of 350 mg planned, on the 12 days recorded with a plan)".

    Only the recorded days with a plan in force count: a dose taken before the plan
    began is neither kept to nor beyond a plan (see without_plan).
    """
    days = figures.plan_days
    if figures.adherence is None:
        if days:
            return f"{NONE} (no doses planned on the {plural(days, 'day')} recorded with a plan)"
        if figures.without_plan.days:
            return f"{NONE} (no plan was in force on the days recorded)"
        return f"{NONE} (no doses recorded in this period)"
    on = "on the 1 day" if days == 1 else f"on the {days} days"
    return (
        f"{percent(figures.adherence)} ({fmt.amount(figures.taken)} of "
        f"{fmt.amount(figures.planned)} {unit} planned, {on} recorded with a plan)"
    )


def without_plan(figures: Figures, unit: str) -> str | None:
    """What was taken on the recorded days with no plan in force, or None when no day
    was: "30 doses taken (900 mg) on 28 of 30 days; not counted in adherence"."""
    apart = figures.without_plan
    if not apart.days:
        return None
    on = (
        plural(apart.days, "day")
        if apart.dose_days == apart.days
        else f"{apart.dose_days} of {plural(apart.days, 'day')}"
    )
    return (
        f"{plural(apart.doses, 'dose')} taken ({fmt.amount(apart.taken)} {unit}) on {on}; "
        "not counted in adherence"
    )


def dose_counts(figures: Figures | DayFigures) -> str:
    """Like "20 taken, 1 skipped, 0 missed"; extra and still-due doses only when there are some."""
    words = [f"{figures.count(state)} {state}" for state in ("taken", "skipped", "missed")]
    words += [f"{n} {state}" for state in ("extra", "due") if (n := figures.count(state))]
    return ", ".join(words)


def day_doses(day: DayFigures) -> str:
    """A day's doses in words: "3 taken", "2 taken, 1 skipped", "not recorded", or on a
    day with no plan in force "2 taken, no plan"."""
    if not day.recorded:
        return "not recorded"
    if not day.has_plan:
        return f"{day.taken_without_plan} taken, no plan"
    states: tuple[DoseState, ...] = ("taken", "skipped", "missed", "extra", "due")
    words = [f"{n} {state}" for state in states if (n := day.count(state))]
    return ", ".join(words) or "none planned"


def flags(day: DayFigures) -> str:
    """The day's red flags as a sentence says them, or "" when it has none."""
    return listed(day.red_flags)


def averages(figures: Figures) -> str:
    """Like "spasticity 4.3, anxiety 3.1, sleep 6.0, mood 6.2"."""
    return ", ".join(
        f"{scale.label.lower()} {average(figures.average(scale.name))}" for scale in SCALES
    )


def step_dates(row: TaperRow) -> str:
    """Like "4 Nov 2026 to 10 Nov 2026" (with a dash), or "from 30 Dec 2026" for the last step."""
    if row.last is None:
        return f"from {fmt.short_date(row.first)}"
    return f"{fmt.short_date(row.first)} – {fmt.short_date(row.last)}"


def day_label(day: DayFigures) -> str:
    """Like "Thu 19 Nov"."""
    return f"{day.day:%a} {day.day.day} {day.day:%b}"


def planned(day: DayFigures) -> str:
    """The day's planned total, with the step that starts on it: "40 (step 4 starts)"."""
    if day.planned is None:
        return NONE
    total = fmt.amount(day.planned)
    if day.new_step is None:
        return total
    if not day.new_step.times:
        return f"{total} (the taper ends)"
    return f"{total} (step {day.step_number} starts)"


def taken(day: DayFigures) -> str:
    """The day's total taken, marked when below or above plan: "35 (below plan)",
    "60 (above plan)"."""
    if not day.recorded:
        return NONE
    total = fmt.amount(day.taken)
    if day.below_plan:
        return f"{total} (below plan)"
    return f"{total} (above plan)" if day.above_plan else total


DAYS_LEGEND = (
    "Taken includes extra doses; doses still due do not count against a day. "
    '"Above plan": more taken than the whole day\'s plan. '
    '"Not recorded": before the first dose entered in Stepdown, or after today. '
    f'Planned "{NONE}": no plan step was in force that day; its doses count apart, '
    "not in adherence."
)

TAPER_LEGEND = (
    "Each step runs until the next one starts. Scores are averages over the days that "
    "recorded them; adherence is taken over planned on the days recorded, up to today."
)
