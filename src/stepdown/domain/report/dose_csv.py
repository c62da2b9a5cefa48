"""Every dose of the report's period as CSV: one row per dose, for a spreadsheet.

The report's own CSV (csv.py) has a row a day; this one has a row a dose, the same
rows as the Doses table of the Markdown and HTML reports (dose_detail.py): each
recorded day's planned doses with what was recorded for them, then its extra doses,
in time order. Days before the first dose entered and after today have no rows.

The columns and their names are stable; a later version may add columns at the end
but never renames, removes or reorders these. Empty means "no value".

| column | meaning |
| --- | --- |
| date | the day the dose belongs to, YYYY-MM-DD |
| planned_time | the plan's time for the dose, HH:MM; empty when the plan has no such dose |
| planned | the plan's amount for the dose; empty when the plan has no such dose |
| status | taken, skipped, missed, due or extra (see below) |
| taken_at | when it was taken, YYYY-MM-DDTHH:MM (its date may be the next day's); else empty |
| taken | the amount taken; empty when not taken |
| unit | the unit of the amounts (settings.unit), e.g. mg |
| note | the note entered with the dose; for a skipped dose, the reason given |
| step | the number of the plan step in force that day (empty before the plan starts) |

Status: taken and skipped are as recorded; missed is a planned dose not recorded
2 hours after its time; due, one whose time has not yet passed by that much; extra, a
dose taken at a time the plan does not have. A dose skipped at a time the plan does
not have is "skipped" with planned_time and planned empty.

Text the user typed (the unit, notes) that starts with `=`, `+`, `-`, `@`, a tab or
a carriage return is written with a `'` in front, as in csv.py: a spreadsheet would
take such a cell for a formula. Numbers are never changed.
"""

from __future__ import annotations

from datetime import date

from stepdown.domain import format as fmt
from stepdown.domain.day import DoseRow
from stepdown.domain.report.contents import Report
from stepdown.domain.report.csv import csv_text, text_cell
from stepdown.domain.week import DayFigures

COLUMNS = (
    "date",
    "planned_time",
    "planned",
    "status",
    "taken_at",
    "taken",
    "unit",
    "note",
    "step",
)
"""The header row, in order; documented in this module's docstring."""


def file_name(first: date, last: date) -> str:
    """Like "stepdown-doses-2026-11-19-to-2026-11-25.csv"."""
    return f"stepdown-doses-{first}-to-{last}.csv"


def render(report: Report) -> str:
    """Every dose of the report's recorded days as CSV text, the header row first."""
    unit = text_cell(report.unit)
    recorded = (day for day in report.period.days if day.recorded)
    rows = (row(day, dose, unit) for day in recorded for dose in day.doses.rows)
    return csv_text(COLUMNS, rows)


def _status(dose: DoseRow) -> str:
    if dose.state == "extra" and dose.entry is not None and dose.entry.status != "taken":
        return dose.entry.status  # skipped at a time the plan does not have
    return dose.state


def row(day: DayFigures, dose: DoseRow, unit: str) -> list[str]:
    """The cells of one dose of `day`, in the order of COLUMNS."""
    entry = dose.entry
    taken = entry if entry is not None and entry.status == "taken" else None
    return [
        day.day.isoformat(),
        fmt.clock_time(dose.time) if dose.planned is not None and dose.time is not None else "",
        fmt.amount(dose.planned) if dose.planned is not None else "",
        _status(dose),
        f"{taken.taken_at:%Y-%m-%dT%H:%M}" if taken and taken.taken_at else "",
        fmt.amount(taken.amount) if taken and taken.amount is not None else "",
        unit,
        text_cell(entry.note) if entry is not None else "",
        str(day.step_number) if day.step_number else "",
    ]
