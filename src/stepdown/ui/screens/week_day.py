"""One day of the week in full: every dose entry, the whole check-in, the breathing sessions.

Notes and pattern names are the user's text and are shown literally. `c` opens the
day's check-in to fill in or correct; the day is drawn again when it closes.
"""

from __future__ import annotations

from datetime import date, time

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from stepdown.domain import format as fmt
from stepdown.domain.breathing_words import anxiety_change, duration_words
from stepdown.domain.checkin import COPING_WORDS, SCALES, SEVERE_GUIDANCE, SYMPTOM_WORDS, listed
from stepdown.domain.day import DoseRow
from stepdown.domain.journal import BreathingSession, Checkin
from stepdown.domain.report import words as say
from stepdown.domain.rules import clean_text
from stepdown.domain.week import DayFigures, Review
from stepdown.ui.context import stepdown
from stepdown.ui.screens.checkin import CheckinScreen, saved_when
from stepdown.ui.screens.today_lines import STATE_MARK
from stepdown.ui.widgets.frame import AppFooter, AppHeader


class WeekDayScreen(Screen[None]):
    """The figures of `day`, every record behind them, and a way to its check-in."""

    DEFAULT_CSS = """
    #week-day { padding: 0 1; }
    #day-title { text-style: bold; color: $primary; }
    #day-flags { background: $error; color: $text; text-style: bold; padding: 0 1; }
    #day-dose-total { margin-top: 1; }
    """
    BINDINGS = [
        Binding("c", "checkin", "Check-in", tooltip="Fill in or correct this day's check-in"),
        Binding("escape", "back", "Back", tooltip="Back to the week"),
    ]

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with VerticalScroll(id="week-day"):
            yield Static("", id="day-title", markup=False)
            with Vertical(id="day-doses", classes="panel"):
                yield Static("", id="day-dose-rows")
                yield Static("", id="day-dose-total", markup=False)
            with Vertical(id="day-checkin", classes="panel"):
                yield Static("", id="day-flags", markup=False)
                yield Static("", id="day-checkin-body")
            with Vertical(id="day-breathing", classes="panel"):
                yield Static("", id="day-sessions")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#day-doses").border_title = "Doses"
        self.query_one("#day-checkin").border_title = "Check-in"
        self.query_one("#day-breathing").border_title = "Breathing"
        self.show_day()

    def on_screen_resume(self) -> None:
        self.show_day()

    def show_day(self) -> None:
        app = stepdown(self)
        figures = Review(app.journal, app.clock.now()).day(self.day)
        unit = clean_text(app.journal.settings.unit)
        step = ""
        if figures.planned is not None:
            step = f" · plan step {figures.step_number}: {fmt.amount(figures.planned)} {unit} a day"
        new = ", new today" if figures.new_step is not None else ""
        self.query_one("#day-title", Static).update(f"{fmt.long_date(self.day)}{step}{new}")
        self.show_doses(figures, unit)
        self.show_checkin(figures)
        self.query_one("#day-sessions", Static).update(sessions(figures.breathing))

    def show_doses(self, figures: DayFigures, unit: str) -> None:
        rows = self.query_one("#day-dose-rows", Static)
        rows.update(dose_table(figures.doses.rows, unit, figures.has_plan))
        rows.display = bool(figures.doses.rows)
        planned = fmt.amount(figures.planned or 0.0)
        if not figures.doses.rows:
            total = "No doses planned or recorded."
        elif not figures.recorded:
            total = f"{planned} {unit} planned; doses were not kept in Stepdown on this day."
        elif not figures.has_plan:
            total = f"Taken {fmt.amount(figures.taken)} {unit}; no plan was in force on this day."
        else:
            total = f"Taken {fmt.amount(figures.taken)} of {planned} {unit} planned"
            total += " · ▼ below plan" if figures.below_plan else ""
            total += " · ▲ above plan" if figures.above_plan else ""
        self.query_one("#day-dose-total", Static).update(total)

    def show_checkin(self, figures: DayFigures) -> None:
        flags = self.query_one("#day-flags", Static)
        flags.update(
            f"⚠ Red flags: {listed(figures.red_flags)}. {SEVERE_GUIDANCE}"
            if figures.red_flags
            else ""
        )
        flags.display = bool(figures.red_flags)
        checkin = figures.checkin
        body = (
            checkin_text(checkin, self.day)
            if checkin
            else Text("No check-in for this day. Press c to fill it in.")
        )
        self.query_one("#day-checkin-body", Static).update(body)

    def action_checkin(self) -> None:
        self.app.push_screen(CheckinScreen(self.day))

    def action_back(self) -> None:
        self.dismiss()


def dose_table(rows: tuple[DoseRow, ...], unit: str, has_plan: bool = True) -> Table:
    """Each planned slot and extra dose in time order: time, plan, what happened, the note.

    On a day with no plan in force a dose is not "extra" beyond a plan that did not
    exist: its plan shows "—" and it reads as what it was, taken (or skipped).
    """
    table = Table(box=None, show_edge=False, pad_edge=False, expand=True)
    table.add_column("Time", no_wrap=True)
    # Widths capped, so a long unit (written by hand in the file) leaves room for the note.
    table.add_column("Plan", justify="right", no_wrap=True, overflow="ellipsis", max_width=20)
    table.add_column("What happened", no_wrap=True, overflow="ellipsis", max_width=36)
    table.add_column("Note", ratio=1, min_width=12)
    for row in sorted(rows, key=lambda row: row.time or time.max):
        entry = row.entry
        state = row.state if has_plan or entry is None else entry.status
        happened = f"{STATE_MARK[state]} {state}"
        if entry is not None and entry.status == "taken":
            at = f" at {fmt.clock_time(entry.taken_at.time())}" if entry.taken_at else ""
            happened += f"{at}, {fmt.amount(entry.amount or 0)} {unit}"
        # Text, not strings: a rich Table reads a string as markup, and the unit is typed.
        table.add_row(
            fmt.clock_time(row.time) if row.time else "--:--",
            Text(plan_cell(row, unit, has_plan)),
            Text(happened),
            Text(clean_text(entry.note) if entry else ""),
        )
    return table


def plan_cell(row: DoseRow, unit: str, has_plan: bool) -> str:
    """The plan's amount for the slot, "extra" for a dose beyond it, "—" with no plan."""
    if not has_plan:
        return say.NONE
    return f"{fmt.amount(row.planned)} {unit}" if row.planned is not None else "extra"


def checkin_text(checkin: Checkin, day: date) -> Text:
    """The whole check-in: scores, yes/no answers, symptoms, what helped, notes as typed."""
    scores = " · ".join(
        f"{scale.label} {say.score(getattr(checkin, scale.name))}" for scale in SCALES
    )
    yes_no = " · ".join(
        f"{label}: {'yes' if getattr(checkin, name) else 'no'}"
        for name, label in (("hallucinations", "Hallucinations"), ("seizure", "Seizure"))
    )
    symptoms = ", ".join(SYMPTOM_WORDS.get(name, name) for name in checkin.symptoms) or "none"
    coping = ", ".join(COPING_WORDS.get(name, name) for name in checkin.coping) or "none"
    text = Text.assemble(
        (scores, "bold"),
        f"\n{yes_no}\nSymptoms: {symptoms}\nWhat helped: {coping}\n",
        ("Notes: ", "bold"),
        clean_text(checkin.notes).strip() or say.NONE,
        (f"\n{saved_when(checkin, day).capitalize()}", "dim"),
    )
    return text


def sessions(breathing: tuple[BreathingSession, ...]) -> Text:
    """Each breathing session: when, which pattern, how long, and anxiety before and after."""
    if not breathing:
        return Text("No breathing sessions on this day.")
    lines = Text()
    for i, session in enumerate(sorted(breathing, key=lambda s: s.started_at)):
        done = "completed" if session.completed else "ended early"
        line = (
            f"{fmt.clock_time(session.started_at.time())}  "
            f"{duration_words(session.seconds)} of {duration_words(session.planned_seconds)}, "
            f"{done}"
        )
        change = anxiety_change(session.anxiety_before, session.anxiety_after)
        lines.append(("\n" if i else "") + line)
        lines.append("  ·  ")
        lines.append(clean_text(session.pattern))
        if change:
            lines.append(f"  ·  anxiety {change}")
    return lines
