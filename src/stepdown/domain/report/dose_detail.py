"""Every dose of the period, one row each: what was planned, and what was recorded.

The summary and the Days table say "2 taken, 1 skipped"; a doctor also needs to see
when each dose was taken, how much, and why one was skipped. Rows come from each
recorded day's dose rows (day.day_summary): the plan's slots with their entries, then
the extra doses, so a dose is never counted here differently than in the figures.
Markdown and HTML lay the table out under "Doses"; dose_csv.py writes the same rows.
"""

from __future__ import annotations

from datetime import date, datetime

from stepdown.domain import format as fmt
from stepdown.domain.day import MISSED_AFTER, DoseRow
from stepdown.domain.report import words
from stepdown.domain.report.tables import Table
from stepdown.domain.week import Figures

_MISSED_HOURS = int(MISSED_AFTER.total_seconds() // 3600)

DOSE_LEGEND = (
    "Taken and skipped are as the patient recorded them (a skip's reason as given); "
    f"missed: a planned dose not recorded {_MISSED_HOURS} hours after its time; "
    "due: a planned dose whose time has not yet passed by that much; "
    "extra: a dose taken outside the plan's times."
)


def status(row: DoseRow) -> str:
    """The row's state in a word; an entry at a time the plan does not have says what
    it was: "extra" when taken, "skipped (not planned)" otherwise."""
    if row.state == "extra" and row.entry is not None and row.entry.status != "taken":
        return f"{row.entry.status} (not planned)"
    return row.state


def time_taken(row: DoseRow, day: date) -> str:
    """When the dose was taken, "08:40"; with its date when that is another day than
    the dose's own (a late evening dose taken after midnight): "20 Nov 2026 00:30"."""
    at: datetime | None = row.entry.taken_at if row.entry is not None else None
    if at is None or row.entry is None or row.entry.status != "taken":
        return words.NONE
    if at.date() != day:
        return f"{fmt.short_date(at.date())} {fmt.clock_time(at.time())}"
    return fmt.clock_time(at.time())


def amount_taken(row: DoseRow) -> str:
    entry = row.entry
    if entry is None or entry.status != "taken" or entry.amount is None:
        return words.NONE
    return fmt.amount(entry.amount)


def planned_time(row: DoseRow) -> str:
    """The plan's time for the slot; none for an extra dose (its row time is when it was
    taken, shown under "Time taken")."""
    if row.planned is None or row.time is None:
        return words.NONE
    return fmt.clock_time(row.time)


def note(row: DoseRow) -> str:
    """The entry's note as typed (a skip's reason is its note), or a dash."""
    text = row.entry.note.strip() if row.entry is not None else ""
    return text or words.NONE


def dose_table(figures: Figures, unit: str) -> Table:
    """One row per dose row of every recorded day, in date and time order."""
    header = (
        "Date",
        "Planned time",
        f"Planned ({unit})",
        "Status",
        "Time taken",
        f"Taken ({unit})",
        "Reason or note",
    )
    rows = tuple(
        (
            words.day_label(day),
            planned_time(row),
            fmt.amount(row.planned) if row.planned is not None else words.NONE,
            status(row),
            time_taken(row, day.day),
            amount_taken(row),
            note(row),
        )
        for day in figures.days
        if day.recorded
        for row in day.doses.rows
    )
    return Table(header, rows, frozenset({2, 5}))
