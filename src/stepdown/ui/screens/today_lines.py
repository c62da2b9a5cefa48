"""The lines Today draws, as Content: the day's dose lines, the day's totals, the plan
panel (from domain.today's data for the day).

Each panel is drawn as one block of Content instead of a widget per line: the first
frame is Today, and every widget costs time to compose and style. User text (notes,
the prescriber) goes in as plain Content, never parsed as markup.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from textual.content import Content

from stepdown.domain import format as fmt
from stepdown.domain.cautions import SUDDEN_STOP, plan_changed_on, stops_suddenly
from stepdown.domain.day import DaySummary, DoseRow
from stepdown.domain.journal import Journal
from stepdown.domain.plan import taper_status

NO_PLAN = (
    "No plan yet. Stepdown records the taper plan your healthcare provider gave you "
    "and shows each day's doses from it; it never suggests doses of its own. "
    "Press p to enter your plan."
)

STATE_MARK = {"taken": "✓", "skipped": "–", "missed": "!", "extra": "+", "due": "·"}
"""The symbol of each dose state, wherever a dose's state is shown."""

STATE_STYLE = {"taken": "$text-success", "skipped": "$text-warning", "missed": "$text-error"}
"""The theme colour of each dose state; the words and symbols carry the state too."""

PROGRESS_WIDTH = 30
"""Cells of the taper's progress bar."""

NOT_SAVED = " · not saved yet"
"""Said after a dose whose state is not in the file yet (a save failed): in words, so it
reads without colour, until the change is saved."""
NOT_SAVED_DAY = "Not saved yet: Stepdown keeps your changes and tries again."


def state_words(row: DoseRow, unit: str) -> str:
    """The row's state in words and a symbol, so it reads without colour."""
    entry = row.entry
    if row.state == "taken" and entry is not None:
        words = f"{STATE_MARK['taken']} taken"
        if entry.taken_at is not None:
            words += f" at {fmt.clock_time(entry.taken_at.time())}"
        if entry.amount is not None and row.planned is not None and entry.amount != row.planned:
            words += f" (took {fmt.amount(entry.amount)} of {fmt.amount(row.planned)} {unit})"
        return words + (f": {entry.note}" if entry.note else "")
    if row.state == "skipped" and entry is not None:
        return f"{STATE_MARK['skipped']} skipped" + (f": {entry.note}" if entry.note else "")
    if row.state == "missed":
        return f"{STATE_MARK['missed']} missed"
    if row.state == "extra":
        note = f": {entry.note}" if entry and entry.note else ""
        return f"{STATE_MARK['extra']} extra dose{note}"
    return f"{STATE_MARK['due']} due"


def unsaved_rows(
    rows: tuple[DoseRow, ...], saved: tuple[DoseRow, ...], unit: str
) -> frozenset[int]:
    """The rows (their indexes) whose state is not what the file holds (`saved`, the
    same day's rows from the journal last saved): each line that is not among the
    saved ones, counted as many times as it is there."""
    left = Counter(row_words(row, unit) for row in saved)
    unsaved = set()
    for index, row in enumerate(rows):
        words = row_words(row, unit)
        if left[words]:
            left[words] -= 1
        else:
            unsaved.add(index)
    return frozenset(unsaved)


def row_words(row: DoseRow, unit: str) -> str:
    """A dose row as one line of plain words: its time, its amount, its state."""
    return f"{row.time} {row.planned} {state_words(row, unit)}"


def dose_lines(
    rows: tuple[DoseRow, ...], unit: str, unsaved: frozenset[int] = frozenset()
) -> list[Content]:
    """One line per dose: its time, its amount and its state, in aligned columns; a
    row in `unsaved` says it is not saved yet."""
    amounts = []
    for row in rows:
        amount = row.planned if row.planned is not None else (row.entry and row.entry.amount)
        amounts.append(f"{fmt.amount(amount or 0)} {unit}")
    width = max(map(len, amounts), default=0)
    return [
        Content.assemble(
            (fmt.clock_time(row.time) if row.time else "--:--").ljust(7),
            amount.ljust(width + 2),
            (state_words(row, unit), STATE_STYLE.get(row.state, "")),
            (NOT_SAVED, "bold $text-warning") if index in unsaved else "",
        )
        for index, (row, amount) in enumerate(zip(rows, amounts, strict=True))
    ]


def day_lines(
    summary: DaySummary, unit: str, breathing: int, checkin_done: bool, unsaved: bool = False
) -> Content:
    """The day's totals against the plan, then its breathing and check-in; then, while
    a change is not saved yet, that it is not."""
    if summary.rows:
        total = (
            f"Taken {fmt.amount(summary.taken_total)} of "
            f"{fmt.amount(summary.planned_total)} {unit} planned today."
        )
    else:
        total = "No doses planned today."
    checkin = "done" if checkin_done else "not done yet"
    care = f"Breathing today: {breathing} min (b) · Check-in: {checkin} (c)"
    lines = Content.assemble((total, "bold"), "\n", (care, "$foreground-muted"))
    if unsaved:
        lines = Content.assemble(lines, "\n", (NOT_SAVED_DAY, "bold $text-warning"))
    return lines


def progress_bar(progress: float) -> Content:
    """The share of the taper behind, as a bar that reads without colour too."""
    done = round(max(0.0, min(progress, 1.0)) * PROGRESS_WIDTH)
    return Content.assemble(
        ("━" * done, "$primary"),
        ("─" * (PROGRESS_WIDTH - done), "$foreground-muted"),
        f" {round(progress * 100):>3}%",
    )


def plan_lines(journal: Journal, today: date) -> Content:
    """Who set the plan, its note, the step in force, the progress and the next change."""
    plan = journal.plan
    if plan is None:
        return Content(NO_PLAN)
    unit = journal.settings.unit
    status = taper_status(plan, today)
    approved = f", approved {fmt.short_date(plan.approved_on)}" if plan.approved_on else ""
    changed = plan_changed_on(journal, today)
    change = f" · plan changed on {fmt.short_date(changed)}" if changed else ""
    lines = [Content(f"From {plan.prescriber}{approved}{change}")]
    note = plan.note
    if stops_suddenly(plan):
        note = f"⚠ {SUDDEN_STOP}" + (f"\n{note}" if note else "")
    if note:
        lines.append(Content.styled(note, "italic $foreground-muted"))
    if status.complete and status.end is not None:
        step = (
            f"Taper complete on {fmt.short_date(status.end)}. Withdrawal can last weeks: "
            "keep doing your check-ins."
        )
    elif status.step_number == 0:
        step = f"The plan starts on {fmt.short_date(plan.steps[0].start)}."
    else:
        step = (
            f"Step {status.step_number} of {status.step_count}: "
            f"{fmt.amount(status.daily_total)} {unit} a day "
            f"(started at {fmt.amount(status.start_total)} {unit})"
        )
    lines += [Content(step), progress_bar(status.progress)]
    upcoming = status.next_step
    if upcoming is not None:
        days = (upcoming.start - today).days
        when = f"{fmt.short_date(upcoming.start)} ({fmt.in_days(days)})"
        if status.end is None or status.end != upcoming.start:
            # The doses on a line of their own: a time and its amount never part.
            doses = fmt.dose_times(upcoming.times, upcoming.doses, unit)
            lines += [Content(f"Next change {when}:"), Content(f"  {doses}")]
        if status.end is not None:
            ends = f"Taper ends {fmt.short_date(status.end)}"
            lines.append(
                Content(
                    f"{ends} ({fmt.in_days(days)})." if status.end == upcoming.start else f"{ends}."
                )
            )
    return Content("\n").join(lines)
