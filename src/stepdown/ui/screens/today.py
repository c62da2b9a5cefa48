"""Today: the plan's doses for today with what was recorded, and where the taper stands."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, ProgressBar, Static

from stepdown.domain import format as fmt
from stepdown.domain.day import DoseRow, day_summary
from stepdown.domain.plan import taper_status
from stepdown.ui.context import stepdown
from stepdown.ui.widgets.header import AppHeader
from stepdown.ui.widgets.banner import Banner

NO_PLAN = (
    "No plan yet. Stepdown records the taper plan your healthcare provider gave you "
    "and shows each day's doses from it; it never suggests doses of its own."
)

STATE_STYLE = {"taken": "success", "skipped": "warning", "missed": "error"}
"""The theme colour of each dose state; the words and symbols carry the state too."""


class TodayScreen(Screen[None]):
    """The start screen: today's doses and the taper at a glance."""

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Banner(id="read-only", classes="warning")
        with VerticalScroll(id="today"):
            with Vertical(id="doses", classes="panel"):
                yield DataTable(id="dose-table", cursor_type="row", show_header=False)
                yield Static("", id="day-total", markup=False)
            with Vertical(id="taper", classes="panel"):
                yield Static("", id="plan-source", markup=False)
                yield Static("", id="plan-note", markup=False, classes="note")
                yield Static("", id="plan-step", markup=False)
                yield ProgressBar(id="taper-progress", show_eta=False, show_percentage=True)
                yield Static("", id="plan-next", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#doses").border_title = "Today's doses"
        self.query_one("#taper").border_title = "Your plan"
        table = self.query_one(DataTable)
        table.add_columns("Time", "Dose", "State")
        self.watch(self.app, "today", self.show_day)

    def on_screen_resume(self) -> None:
        self.show_day(stepdown(self).today)

    def show_day(self, today: date) -> None:
        app = stepdown(self)
        self.query_one("#read-only", Banner).say(app.store.read_only_reason)
        self.show_doses(today)
        self.show_taper(today)

    def show_doses(self, today: date) -> None:
        app = stepdown(self)
        journal = app.journal
        unit = journal.settings.unit
        summary = day_summary(journal.plan, journal.doses, today, app.clock.now())
        table = self.query_one(DataTable)
        table.clear()
        for row in summary.rows:
            amount = row.planned if row.planned is not None else (row.entry and row.entry.amount)
            table.add_row(
                fmt.clock_time(row.time) if row.time else "--:--",
                f"{fmt.amount(amount or 0)} {unit}",
                self.state_text(row, unit),
            )
        total = self.query_one("#day-total", Static)
        if not summary.rows:
            total.update("No doses planned today.")
        else:
            total.update(
                f"Taken {fmt.amount(summary.taken_total)} of "
                f"{fmt.amount(summary.planned_total)} {unit} planned today."
            )

    def state_text(self, row: DoseRow, unit: str) -> Text:
        """The row's state in words and a symbol, coloured as a third cue."""
        entry = row.entry
        if row.state == "taken" and entry is not None:
            words = "✓ taken"
            if entry.taken_at is not None:
                words += f" at {fmt.clock_time(entry.taken_at.time())}"
            if entry.amount is not None and row.planned is not None and entry.amount != row.planned:
                words += f" (took {fmt.amount(entry.amount)} of {fmt.amount(row.planned)} {unit})"
        elif row.state == "skipped" and entry is not None:
            words = "– skipped" + (f": {entry.note}" if entry.note else "")
        elif row.state == "missed":
            words = "! missed"
        elif row.state == "extra":
            words = "+ extra dose" + (f": {entry.note}" if entry and entry.note else "")
        else:
            words = "· due"
        colour = STATE_STYLE.get(row.state)
        theme = self.app.current_theme
        style = (getattr(theme, colour, None) or "") if colour else ""
        return Text(words, style=style)

    def show_taper(self, today: date) -> None:
        plan = stepdown(self).journal.plan
        unit = stepdown(self).journal.settings.unit
        source = self.query_one("#plan-source", Static)
        progress = self.query_one(ProgressBar)
        if plan is None:
            source.update(NO_PLAN)
            for name in ("#plan-note", "#plan-step", "#plan-next"):
                self.query_one(name, Static).update("")
            progress.display = False
            return
        status = taper_status(plan, today)
        approved = f", approved {fmt.short_date(plan.approved_on)}" if plan.approved_on else ""
        source.update(f"From {plan.prescriber}{approved}")
        self.query_one("#plan-note", Static).update(plan.note)
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
        self.query_one("#plan-step", Static).update(step)
        progress.display = True
        progress.update(total=100, progress=round(status.progress * 100))
        upcoming = status.next_step
        if upcoming is None:
            following = ""
        else:
            days = (upcoming.start - today).days
            amounts = " + ".join(fmt.amount(dose) for dose in upcoming.doses) or "none"
            following = (
                f"Next change {fmt.short_date(upcoming.start)} ({fmt.in_days(days)}): "
                f"{amounts} {unit}"
            )
            if status.end is not None and status.end != upcoming.start:
                following += f". Taper ends {fmt.short_date(status.end)}."
            elif status.end is not None:
                following = (
                    f"Taper ends {fmt.short_date(status.end)} ({fmt.in_days(days)})."
                )
        self.query_one("#plan-next", Static).update(following)
