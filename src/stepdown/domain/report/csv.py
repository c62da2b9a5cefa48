"""The provider report as CSV: one row per day, for a spreadsheet or the provider's own tools.

The columns and their names are stable; a later version may add columns at the end
but never renames, removes or reorders these (above_plan was added so). Empty means
"no value": no check-in that day, a score the check-in did not record, doses not
recorded, or no plan in force (before the plan's first step, or no plan at all).

| column | meaning |
| --- | --- |
| date | the day, YYYY-MM-DD |
| recorded | yes when the day's doses count (from the first dose entered, up to today) |
| unit | the unit of the amounts (settings.unit), e.g. mg |
| planned | the plan's total for the day; empty when no plan step is in force |
| taken | the total taken, extra doses included; empty when not recorded |
| below_plan | yes when less was taken than planned (doses still due aside) |
| doses_taken, doses_skipped, doses_missed, doses_due, doses_extra | counts of the day's doses |
| step | the number of the plan step in force (empty before the plan starts) |
| new_step_total | the new daily total when a step starts that day, else empty |
| spasticity, anxiety, sleep, mood | the check-in's scores, 0 to 10; empty when not recorded |
| hallucinations, seizure | yes or no, from the check-in |
| symptoms, coping | the check-in's ticks, their names from the data file, separated by "; " |
| red_flags | the day's red flags in words, separated by "; " |
| breathing_minutes | whole minutes of guided breathing |
| notes | the check-in's notes, as typed |
| above_plan | yes when more was taken than the day's plan, extra doses included |

below_plan and above_plan are empty on a day not recorded or with no plan in force.
On a day with no plan in force the doses are not measured against one: doses_taken
counts the doses taken and the other doses_ columns are empty.

Text the user typed (the unit, ticks, notes) that starts with `=`, `+`, `-`, `@`, a
tab or a carriage return is written with a `'` in front: a spreadsheet would take such
a cell for a formula (OWASP's "CSV injection"), show its result instead of the
patient's words, and could run it. Numbers are never changed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from stepdown.domain import format as fmt
from stepdown.domain.day import DoseState
from stepdown.domain.report.contents import Report
from stepdown.domain.rules import clean_text
from stepdown.domain.week import SCORES, DayFigures

DOSE_COUNTS: tuple[DoseState, ...] = ("taken", "skipped", "missed", "due", "extra")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula."""

COLUMNS = (
    "date",
    "recorded",
    "unit",
    "planned",
    "taken",
    "below_plan",
    *(f"doses_{state}" for state in DOSE_COUNTS),
    "step",
    "new_step_total",
    *SCORES,
    "hallucinations",
    "seizure",
    "symptoms",
    "coping",
    "red_flags",
    "breathing_minutes",
    "notes",
    "above_plan",
)
"""The header row, in order; documented in this module's docstring."""


def render(report: Report) -> str:
    """The report's days as CSV text, the header row first."""
    unit = text_cell(report.unit)
    return csv_text(COLUMNS, (row(day, unit) for day in report.period.days))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """`header`, then `rows`, as CSV text (the csv module's dialect: CRLF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def text_cell(text: str) -> str:
    """`text` the user typed as a cell: controls removed, and never read as a formula."""
    text = clean_text(text)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _counts(day: DayFigures) -> list[str]:
    """The doses_* cells: counts against the plan; with no plan, only the doses taken."""
    if not day.recorded:
        return ["" for _ in DOSE_COUNTS]
    if not day.has_plan:
        return [str(day.taken_without_plan) if state == "taken" else "" for state in DOSE_COUNTS]
    return [str(day.count(state)) for state in DOSE_COUNTS]


def row(day: DayFigures, unit: str) -> list[str]:
    """The cells of one day, in the order of COLUMNS."""
    recorded = day.recorded
    against_plan = day.counts_against_plan
    checkin = day.checkin
    new_step = day.new_step
    return [
        day.day.isoformat(),
        _yes(recorded),
        unit,
        fmt.amount(day.planned) if day.planned is not None else "",
        fmt.amount(day.taken) if recorded else "",
        _yes(day.below_plan) if against_plan else "",
        *_counts(day),
        str(day.step_number) if day.step_number else "",
        fmt.amount(new_step.daily_total) if new_step is not None else "",
        *("" if (score := day.score(name)) is None else str(score) for name in SCORES),
        _yes(checkin.hallucinations) if checkin else "",
        _yes(checkin.seizure) if checkin else "",
        text_cell("; ".join(checkin.symptoms)) if checkin else "",
        text_cell("; ".join(checkin.coping)) if checkin else "",
        "; ".join(day.red_flags),
        str(day.breathing_minutes),
        text_cell(checkin.notes) if checkin else "",
        _yes(day.above_plan) if against_plan else "",
    ]
