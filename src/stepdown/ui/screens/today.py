"""Today: the plan's doses for today with what was recorded, and where the taper stands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, ProgressBar, Static

from stepdown.domain import format as fmt
from stepdown.domain.cautions import (
    BELOW_PLAN,
    SUDDEN_STOP,
    below_plan_streak,
    plan_changed_on,
    provider_contact,
    stops_suddenly,
)
from stepdown.domain.checkin import red_flag_banner
from stepdown.domain.day import DoseRow, breathing_minutes_on, checkin_on, day_summary
from stepdown.domain.doses import latest_on, record_dose, remove_dose, replace_dose, skipped, taken
from stepdown.domain.journal import DoseEntry, Journal
from stepdown.domain.plan import taper_status
from stepdown.ui.context import stepdown
from stepdown.ui.screens.dose_form import DoseDetails, DoseForm
from stepdown.ui.screens.plan_editor import PlanEditor
from stepdown.ui.widgets.banner import Banner
from stepdown.ui.widgets.frame import AppFooter, AppHeader

NO_PLAN = (
    "No plan yet. Stepdown records the taper plan your healthcare provider gave you "
    "and shows each day's doses from it; it never suggests doses of its own. "
    "Press p to enter your plan."
)

STATE_STYLE = {"taken": "success", "skipped": "warning", "missed": "error"}
"""The theme colour of each dose state; the words and symbols carry the state too."""


class TodayScreen(Screen[None]):
    """The start screen: today's doses and the taper at a glance; doses recorded here."""

    BINDINGS = [
        Binding(
            "enter",
            "mark_taken",
            "Taken",
            priority=True,
            tooltip="Mark the selected dose taken now",
        ),
        Binding("space", "mark_taken", "Taken", show=False, tooltip="The same as enter"),
        Binding("x", "skip", "Skip", tooltip="Skip the selected dose, with a reason if you like"),
        Binding("e", "edit", "Edit", tooltip="Change the selected dose's time, amount or note"),
        Binding("u", "undo", "Undo", tooltip="Take back the latest entry of today"),
        Binding("plus", "extra", "Extra", key_display="+", tooltip="Record an extra dose"),
        Binding("p", "edit_plan", "Plan", tooltip="Enter or change your provider's plan"),
    ]

    AUTO_FOCUS = "#dose-table"

    rows: tuple[DoseRow, ...] = ()
    """Today's dose rows, in the order of the table."""

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Banner(id="red-flag", classes="error")
        yield Banner(id="read-only", classes="warning")
        yield Banner(id="below-plan", classes="warning")
        with VerticalScroll(id="today"):
            with Vertical(id="doses", classes="panel"):
                yield DataTable(id="dose-table", cursor_type="row", show_header=False)
                yield Static("", id="day-total", markup=False)
                yield Static("", id="day-care", markup=False)
            with Vertical(id="taper", classes="panel"):
                yield Static("", id="plan-source", markup=False)
                yield Static("", id="plan-note", markup=False, classes="note")
                yield Static("", id="plan-step", markup=False)
                yield ProgressBar(id="taper-progress", show_eta=False, show_percentage=True)
                yield Static("", id="plan-next", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#doses").border_title = "Today's doses"
        self.query_one("#taper").border_title = "Your plan"
        table = self.query_one(DataTable)
        table.add_columns("Time", "Dose", "State")
        self.watch(self.app, "today", self.show_day)
        # The states are written in the theme's colours: write them again in a new theme's.
        self.app.theme_changed_signal.subscribe(self, lambda _: self.show_day(stepdown(self).today))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that have nothing to act on today are left out of the Footer."""
        if action in ("mark_taken", "skip", "edit"):
            return bool(self.rows)
        if action == "undo":
            app = stepdown(self)
            return latest_on(app.journal, app.today) is not None
        return True

    def on_screen_resume(self) -> None:
        self.show_day(stepdown(self).today)

    def show_day(self, today: date) -> None:
        app = stepdown(self)
        self.query_one("#red-flag", Banner).say(red_flag_banner(app.journal, today))
        self.query_one("#read-only", Banner).say(app.store.read_only_reason)
        self.show_doses(today)
        self.show_taper(today)
        self.show_below_plan(today)
        self.refresh_bindings()

    def show_below_plan(self, today: date) -> None:
        app = stepdown(self)
        journal = app.journal
        caution = None
        if below_plan_streak(journal, today, app.clock.now()) >= 2:
            caution = BELOW_PLAN
            provider = provider_contact(journal.contacts)
            if provider is not None and provider.phone:
                caution += f" {provider.name}: {provider.phone}"
        self.query_one("#below-plan", Banner).say(caution)

    def show_doses(self, today: date) -> None:
        app = stepdown(self)
        journal = app.journal
        unit = journal.settings.unit
        summary = day_summary(journal.plan, journal.doses, today, app.clock.now())
        self.rows = summary.rows
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in summary.rows:
            amount = row.planned if row.planned is not None else (row.entry and row.entry.amount)
            table.add_row(
                fmt.clock_time(row.time) if row.time else "--:--",
                f"{fmt.amount(amount or 0)} {unit}",
                self.state_text(row, unit),
            )
        if summary.rows:
            table.move_cursor(row=min(cursor, len(summary.rows) - 1))
        table.display = bool(summary.rows)
        total = self.query_one("#day-total", Static)
        total.set_class(not summary.rows, "-first")
        if not summary.rows:
            total.update("No doses planned today.")
        else:
            total.update(
                f"Taken {fmt.amount(summary.taken_total)} of "
                f"{fmt.amount(summary.planned_total)} {unit} planned today."
            )
        minutes = breathing_minutes_on(journal.breathing, today)
        checkin = "done" if checkin_on(journal.checkins, today) else "not done yet"
        self.query_one("#day-care", Static).update(
            f"Breathing today: {minutes} min (b) · Check-in: {checkin} (c)"
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
                self.say(name, "")
            progress.display = False
            return
        status = taper_status(plan, today)
        approved = f", approved {fmt.short_date(plan.approved_on)}" if plan.approved_on else ""
        changed = plan_changed_on(stepdown(self).journal, today)
        change = f" · plan changed on {fmt.short_date(changed)}" if changed else ""
        source.update(f"From {plan.prescriber}{approved}{change}")
        note = plan.note
        if stops_suddenly(plan):
            note = f"⚠ {SUDDEN_STOP}" + (f"\n{note}" if note else "")
        self.say("#plan-note", note)
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
        self.say("#plan-step", step)
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
                following = f"Taper ends {fmt.short_date(status.end)} ({fmt.in_days(days)})."
        self.say("#plan-next", following)

    def say(self, selector: str, text: str) -> None:
        """Show `text` in the Static at `selector`, hiding the line when there is none."""
        line = self.query_one(selector, Static)
        line.update(text)
        line.display = bool(text)

    # Recording doses: each saves at once through the app, then redraws the day.

    @property
    def selected(self) -> DoseRow | None:
        table = self.query_one(DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def save(self, change: Callable[[Journal], Journal]) -> None:
        app = stepdown(self)
        app.record(change)
        self.show_day(app.today)

    @on(DataTable.RowSelected)
    def action_mark_taken(self) -> None:
        row = self.selected
        if row is None or row.time is None:
            self.notify("No dose is selected.", severity="warning")
            return
        if row.state in ("taken", "extra"):
            self.notify("Already recorded: e edits it, u undoes the latest entry.")
            return
        app = stepdown(self)
        entry = taken(app.today, row.time, row.planned or 0.0, app.clock.now())
        self.save(lambda journal: record_dose(journal, entry))

    def action_skip(self) -> None:
        row = self.selected
        if row is None or row.time is None or row.state == "extra":
            self.notify("Select a planned dose to skip.", severity="warning")
            return
        slot, day = row.time, stepdown(self).today

        def skip(details: DoseDetails | None) -> None:
            if details is not None:
                entry = skipped(day, slot, details.note)
                self.save(lambda journal: record_dose(journal, entry))

        form = DoseForm(
            f"Skip the {fmt.clock_time(slot)} dose",
            note_label="Reason (optional)",
            ask_dose=False,
        )
        self.app.push_screen(form, skip)

    def action_edit(self) -> None:
        row = self.selected
        if row is None:
            self.notify("No dose is selected.", severity="warning")
            return
        old = row.entry
        day = stepdown(self).today
        if old is not None and old.status == "skipped" and row.time is not None:
            self.edit_skip(old, row.time)
            return
        at = old.taken_at.time() if old and old.taken_at else row.time
        amount = old.amount if old and old.amount is not None else row.planned
        slot = None if row.state == "extra" else row.time
        title = "Extra dose" if slot is None else f"The {fmt.clock_time(slot)} dose"

        def edit(details: DoseDetails | None) -> None:
            if details is None or details.at is None or details.amount is None:
                return
            new = taken(day, slot, details.amount, datetime.combine(day, details.at), details.note)
            self.save(lambda journal: self.put(journal, old, new))

        form = DoseForm(title, at=at, amount=amount, note=old.note if old else "")
        self.app.push_screen(form, edit)

    def edit_skip(self, old: DoseEntry, slot: time) -> None:
        def edit(details: DoseDetails | None) -> None:
            if details is not None:
                new = skipped(old.date, slot, details.note)
                self.save(lambda journal: replace_dose(journal, old, new))

        form = DoseForm(
            f"Skipped {fmt.clock_time(slot)} dose",
            note=old.note,
            note_label="Reason (optional)",
            ask_dose=False,
        )
        self.app.push_screen(form, edit)

    @staticmethod
    def put(journal: Journal, old: DoseEntry | None, new: DoseEntry) -> Journal:
        return record_dose(journal, new) if old is None else replace_dose(journal, old, new)

    def action_undo(self) -> None:
        app = stepdown(self)
        latest = latest_on(app.journal, app.today)
        if latest is None:
            self.notify("Nothing recorded today to undo.")
            return
        self.save(lambda journal: remove_dose(journal, latest))
        what = fmt.clock_time(latest.slot) + " dose" if latest.slot else "extra dose"
        self.notify(f"Undone: the {what} {latest.status}.")

    def action_extra(self) -> None:
        app = stepdown(self)
        day = app.today

        def extra(details: DoseDetails | None) -> None:
            if details is None or details.at is None or details.amount is None:
                return
            at = datetime.combine(day, details.at)
            entry = taken(day, None, details.amount, at, details.note)
            self.save(lambda journal: record_dose(journal, entry))

        form = DoseForm("Extra dose", at=app.clock.now().time())
        self.app.push_screen(form, extra)

    def action_edit_plan(self) -> None:
        self.app.push_screen(PlanEditor(stepdown(self).journal.plan))
