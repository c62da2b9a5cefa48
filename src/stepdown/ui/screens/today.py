"""Today: the plan's doses for today with what was recorded, and where the taper stands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from stepdown.domain import format as fmt
from stepdown.domain.day import DoseRow
from stepdown.domain.doses import latest_on, record_dose, remove_dose, replace_dose, skipped, taken
from stepdown.domain.journal import DoseEntry, Journal
from stepdown.domain.today import TodayView, today_view
from stepdown.ui.context import stepdown
from stepdown.ui.screens.today_view import day_lines, dose_lines, plan_lines
from stepdown.ui.widgets.banner import show_banner
from stepdown.ui.widgets.dose_list import DoseList
from stepdown.ui.widgets.frame import AppFooter, AppHeader

if TYPE_CHECKING:
    from stepdown.ui.screens.dose_form import DoseDetails


DOSES_TITLE = "Today's doses"


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

    AUTO_FOCUS = "#dose-list"
    HORIZONTAL_BREAKPOINTS = []
    VERTICAL_BREAKPOINTS = []
    """Today's styles need no size classes; without them a resize (the first comes
    before the first frame) does not restyle the whole screen."""

    view: TodayView | None = None
    """What is shown: today, as of the last time it was drawn."""

    @property
    def rows(self) -> tuple[DoseRow, ...]:
        """Today's dose rows, in the order of the list."""
        return self.view.summary.rows if self.view is not None else ()

    def compose(self) -> ComposeResult:
        yield AppHeader()
        # Straight in the screen, which scrolls on a short terminal; banners are
        # mounted above them when they have something to say. The dose list and the
        # day's totals are drawn as one panel, without a container (app.tcss).
        yield DoseList(id="dose-list", classes="panel")
        yield Static(id="day", classes="panel")
        yield Static(id="plan", classes="panel")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one(DoseList).border_title = DOSES_TITLE
        plan = self.query_one("#plan")
        plan.border_title = "Your plan"
        # Tab reaches the plan, so a keyboard brings it into view on a short terminal.
        plan.can_focus = True
        # The first showing comes with the screen's resume; this one is for midnight.
        self.watch(self.app, "today", self.show_day, init=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that have nothing to act on today are left out of the Footer."""
        if action in ("mark_taken", "skip", "edit"):
            return bool(self.rows)
        if action == "undo":
            return self.view is not None and self.view.latest is not None
        return True

    def on_screen_resume(self) -> None:
        self.show_day(stepdown(self).today)

    def show_day(self, today: date) -> None:
        """Draw `today` from the store's recent part of the journal: the first frame
        does not wait for the rest of a large journal to be read."""
        app = stepdown(self)
        journal = app.store.recent
        view = today_view(journal, today, app.clock.now())
        self.view = view
        show_banner(self, "red-flag", view.red_flag)
        show_banner(self, "read-only", app.store.read_only_reason)
        show_banner(self, "below-plan", view.below_plan)
        unit = journal.settings.unit
        doses = self.query_one(DoseList)
        doses.show(dose_lines(self.rows, unit))
        doses.display = bool(self.rows)
        day = self.query_one("#day", Static)
        day.set_class(not self.rows, "-first")
        day.border_title = None if self.rows else DOSES_TITLE
        day.update(day_lines(view.summary, unit, view.breathing_minutes, view.checkin_done))
        self.query_one("#plan", Static).update(plan_lines(journal, today))
        self.refresh_bindings()

    # Recording doses: each saves at once through the app, then redraws the day.

    @property
    def selected(self) -> DoseRow | None:
        index = self.query_one(DoseList).highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index]

    def save(self, change: Callable[[Journal], Journal]) -> None:
        app = stepdown(self)
        app.record(change)
        self.show_day(app.today)

    @on(DoseList.Selected)
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

        self.ask(
            skip,
            f"Skip the {fmt.clock_time(slot)} dose",
            note_label="Reason (optional)",
            ask_dose=False,
        )

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

        self.ask(edit, title, at=at, amount=amount, note=old.note if old else "")

    def edit_skip(self, old: DoseEntry, slot: time) -> None:
        def edit(details: DoseDetails | None) -> None:
            if details is not None:
                new = skipped(old.date, slot, details.note)
                self.save(lambda journal: replace_dose(journal, old, new))

        self.ask(
            edit,
            f"Skipped {fmt.clock_time(slot)} dose",
            note=old.note,
            note_label="Reason (optional)",
            ask_dose=False,
        )

    def ask(
        self,
        then: Callable[[DoseDetails | None], None],
        title: str,
        *,
        at: time | None = None,
        amount: float | None = None,
        note: str = "",
        note_label: str = "Note",
        ask_dose: bool = True,
    ) -> None:
        """Open the dose form; `then` gets what was entered, or None."""
        # Imported here, as the plan editor below: the first frame needs neither.
        from stepdown.ui.screens.dose_form import DoseForm

        form = DoseForm(
            title, at=at, amount=amount, note=note, note_label=note_label, ask_dose=ask_dose
        )
        self.app.push_screen(form, then)

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

        self.ask(extra, "Extra dose", at=app.clock.now().time())

    def action_edit_plan(self) -> None:
        from stepdown.ui.screens.plan_editor import PlanEditor

        self.app.push_screen(PlanEditor(stepdown(self).journal.plan))
