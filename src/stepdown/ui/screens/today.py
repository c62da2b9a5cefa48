"""Today: the plan's doses for today with what was recorded, and where the taper stands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from stepdown.domain import format as fmt
from stepdown.domain.day import DoseRow
from stepdown.domain.doses import (
    DoseChange,
    entry_words,
    record_dose,
    remove_dose,
    replace_dose,
    skipped,
    taken,
)
from stepdown.domain.journal import DoseEntry, Journal
from stepdown.domain.slips import entry_question, marking_now_question
from stepdown.domain.today import TodayView, today_view
from stepdown.ui.conflict_copies import MERGE_KEY, CopyLook
from stepdown.ui.context import stepdown
from stepdown.ui.screens.today_entries import edited_entry, open_dose_form, taken_entry
from stepdown.ui.screens.today_lines import day_lines, dose_lines, plan_lines, unsaved_rows
from stepdown.ui.widgets.banner import show_banner
from stepdown.ui.widgets.dose_list import DoseList
from stepdown.ui.widgets.frame import AppFooter, AppHeader

if TYPE_CHECKING:
    from stepdown.ui.dialogs.dose_form import DoseDetails


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
        Binding("u", "undo", "Undo", tooltip="Take back the latest change made today"),
        Binding("plus", "extra", "Extra", key_display="+", tooltip="Record an extra dose"),
        Binding("p", "edit_plan", "Plan", tooltip="Enter or change your provider's plan"),
        Binding(
            MERGE_KEY,
            "merge_copy",
            "Merge copy",
            tooltip="Merge a sync tool's conflict copy in; the copy goes to backups/",
        ),
    ]

    AUTO_FOCUS = "#dose-list"
    HORIZONTAL_BREAKPOINTS = []
    VERTICAL_BREAKPOINTS = []
    """Today's styles need no size classes; without them a resize (the first comes
    before the first frame) does not restyle the whole screen."""

    shown: TodayView | None = None
    """The day shown (domain.today's data): today, as of the last time it was drawn."""

    def __init__(self) -> None:
        super().__init__()
        self.changes: list[DoseChange] = []
        """The changes made to today's doses in this run of the app, the latest last:
        what undo takes back, in turn. Kept in memory only: after a restart undo takes
        back the latest entry of today instead."""
        self.copies = CopyLook()
        """The sync tools' conflict copies beside the journal (ui/conflict_copies)."""

    @property
    def rows(self) -> tuple[DoseRow, ...]:
        """Today's dose rows, in the order of the list."""
        return self.shown.summary.rows if self.shown is not None else ()

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
        # A failed save marks what it kept "not saved yet"; the retry that saves it
        # takes the mark away.
        self.watch(self.app, "unsaved", lambda _: self.show_day(stepdown(self).today), init=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that have nothing to act on today are left out of the Footer."""
        if action in ("mark_taken", "skip", "edit"):
            return bool(self.rows)
        if action == "undo":
            return bool(self.changes) or (self.shown is not None and self.shown.latest is not None)
        if action == "merge_copy":
            return self.copies.mergeable is not None
        return True

    def key_description(self, action: str) -> str | None:
        """The Footer's and help's words for undo: what it will take back."""
        if action != "undo":
            return None
        words = self.undo_words()
        return f"Undo: {words}" if words else None

    def undo_words(self) -> str | None:
        """What undo would take back, in a few words, or None when nothing."""
        if self.changes:
            return self.changes[-1].words
        if self.shown is not None and self.shown.latest is not None:
            return entry_words(self.shown.latest)
        return None

    def on_screen_resume(self) -> None:
        self.show_day(stepdown(self).today)
        self.copies.look(self, stepdown(self), again=True)

    def action_merge_copy(self) -> None:
        self.copies.merge(self, stepdown(self))
        self.show_day(stepdown(self).today)

    def show_day(self, today: date) -> None:
        """Draw `today` from the store's recent part of the journal: the first frame
        does not wait for the rest of a large journal to be read."""
        app = stepdown(self)
        journal = app.store.recent
        shown = today_view(journal, today, app.clock.now())
        self.shown = shown
        # After midnight, yesterday's changes are no longer today's to undo.
        self.changes = [change for change in self.changes if change.after.date == today]
        show_banner(self, "red-flag", shown.red_flag)
        show_banner(self, "read-only", app.store.read_only_reason)
        show_banner(self, "below-plan", shown.below_plan)
        unit = journal.settings.unit
        unsaved = app.store.unsaved
        doses = self.query_one(DoseList)
        doses.show(
            dose_lines(self.rows, unit, self.unsaved_rows(today) if unsaved else frozenset())
        )
        doses.display = bool(self.rows)
        day = self.query_one("#day", Static)
        day.set_class(not self.rows, "-first")
        day.border_title = None if self.rows else DOSES_TITLE
        day.update(
            day_lines(shown.summary, unit, shown.breathing_minutes, shown.checkin_done, unsaved)
        )
        self.query_one("#plan", Static).update(plan_lines(journal.records, today))
        self.refresh_bindings()

    def unsaved_rows(self, today: date) -> frozenset[int]:
        """Today's rows whose state the file does not hold yet: a save failed."""
        app = stepdown(self)
        saved = today_view(app.store.saved_recent, today, app.clock.now())
        return unsaved_rows(self.rows, saved.summary.rows, app.store.recent.settings.unit)

    # Recording doses: each saves at once through the app, then redraws the day.

    @property
    def selected(self) -> DoseRow | None:
        index = self.query_one(DoseList).highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index]

    def save(self, change: Callable[[Journal], Journal]) -> bool:
        """Apply `change` and save it, then redraw the day; False if it was not saved."""
        app = stepdown(self)
        saved = app.record(change)
        self.show_day(app.today)
        return saved

    def put(self, change: DoseChange) -> bool:
        """Record `change`: an edit in the edited entry's place, anything else as a new
        entry (which replaces its slot's earlier one); kept for undo once it was saved,
        or kept in memory by a failed save (undo then takes it back before it is saved)."""
        before, after = change.before, change.after
        if before is None or not change.edit:
            saved = self.save(lambda journal: record_dose(journal, after))
        else:
            saved = self.save(lambda journal: replace_dose(journal, before, after))
        if saved or stepdown(self).store.unsaved:
            self.changes.append(change)
            self.refresh_bindings()
        return saved

    @on(DoseList.Selected)
    def action_mark_taken(self) -> None:
        row = self.selected
        if row is None or row.time is None:
            self.notify("No dose is selected.", severity="warning")
            return
        if row.state in ("taken", "extra"):
            self.notify("Already recorded: e edits it, u undoes the latest change.")
            return
        app = stepdown(self)
        now = app.clock.now()
        change = DoseChange(taken(app.today, row.time, row.planned or 0.0, now), row.entry)
        question = marking_now_question(datetime.combine(app.today, row.time), now)
        if question is None:
            self.put(change)
            return

        def answered(mark: bool | None) -> None:
            if mark:
                self.put(change)

        # Imported here, as the dose form: the first frame needs neither.
        from stepdown.ui.dialogs.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question, yes="Yes, mark it taken", no="No"), answered)

    def action_skip(self) -> None:
        row = self.selected
        if row is None or row.time is None or row.state == "extra":
            self.notify("Select a planned dose to skip.", severity="warning")
            return
        slot, day, before = row.time, stepdown(self).today, row.entry

        def skip(details: DoseDetails) -> bool:
            return self.put(DoseChange(skipped(day, slot, details.note), before))

        open_dose_form(
            self.app,
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

        def edit(details: DoseDetails) -> bool:
            new = edited_entry(details, day, slot, old)
            if new == old:
                return True  # nothing changed: nothing to save, nothing to undo
            return self.put(DoseChange(new, old, edit=old is not None))

        open_dose_form(
            self.app,
            edit,
            title,
            question=lambda details: self.slip_question(edited_entry(details, day, slot, old), old),
            at=at,
            amount=amount,
            note=old.note if old else "",
        )

    def edit_skip(self, old: DoseEntry, slot: time) -> None:
        def edit(details: DoseDetails) -> bool:
            new = replace(skipped(old.date, slot, details.note), extra=old.extra)
            return new == old or self.put(DoseChange(new, old, edit=True))

        open_dose_form(
            self.app,
            edit,
            f"Skipped {fmt.clock_time(slot)} dose",
            note=old.note,
            note_label="Reason (optional)",
            ask_dose=False,
        )

    def slip_question(self, entry: DoseEntry, before: DoseEntry | None = None) -> str | None:
        """The question to ask before recording `entry` as typed, or None (domain.slips)."""
        app = stepdown(self)
        plan = {row.time: row.planned for row in self.rows if row.time and row.planned is not None}
        return entry_question(entry, plan, app.clock.now(), app.store.recent.settings.unit, before)

    def action_undo(self) -> None:
        if self.changes:
            change = self.changes[-1]
            if self.take_back(change.undo, change.words):
                self.changes.pop()
                self.refresh_bindings()
            return
        # Nothing changed in this run of the app: the latest entry of today goes.
        latest = self.shown.latest if self.shown is not None else None
        if latest is None:
            self.notify("Nothing recorded today to undo.")
            return
        self.take_back(lambda journal: remove_dose(journal, latest), entry_words(latest))

    def take_back(self, undo: Callable[[Journal], Journal], words: str) -> bool:
        """Apply `undo` and say so, once: "Undone" when it is saved (or when it took back
        a change a failed save still held, which leaves nothing to save), else the app's
        "Not saved" alone. True when the journal in memory no longer holds the change."""
        saved = self.save(undo)
        if saved:
            self.notify(f"Undone: {words}.")
        return saved or stepdown(self).store.unsaved

    def action_extra(self) -> None:
        app = stepdown(self)
        day = app.today

        open_dose_form(
            self.app,
            lambda details: self.put(DoseChange(taken_entry(details, day, None))),
            "Extra dose",
            question=lambda details: self.slip_question(taken_entry(details, day, None)),
            at=app.clock.now().time(),
        )

    def action_edit_plan(self) -> None:
        from stepdown.ui.screens.plan_editor import PlanEditor

        self.app.push_screen(PlanEditor(stepdown(self).journal.plan))
