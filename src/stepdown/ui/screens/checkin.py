"""Check-in: a day's short symptom form; saving one with a red flag points to help at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Checkbox, Input, SelectionList, Static, TextArea
from textual.widgets.selection_list import Selection

from stepdown.domain import format as fmt
from stepdown.domain.checkin import (
    COPING_WORDS,
    SCALES,
    SYMPTOM_WORDS,
    offers_breathing,
    read_score,
    record_checkin,
    red_flags,
)
from stepdown.domain.day import checkin_on
from stepdown.domain.journal import Checkin
from stepdown.domain.rules import clean_text
from stepdown.ui.context import stepdown
from stepdown.ui.dialogs.base import Problems, parse_field
from stepdown.ui.dialogs.leave import leave_asking
from stepdown.ui.screens.red_flag import GoTo, RedFlagScreen
from stepdown.ui.widgets.fields import show_problems
from stepdown.ui.widgets.frame import AppFooter, AppHeader
from stepdown.ui.widgets.score import score_field
from stepdown.ui.widgets.text_box import TextBox
from stepdown.ui.widgets.tick import Tick, TickList

SCORE_NAMES = tuple(scale.name for scale in SCALES)


class CheckinScreen(Screen[bool]):
    """The check-in of `day` (today's when None), loaded if the day has one.

    As the `c` section it shows today's. The week review opens any day's with
    `app.push_screen(CheckinScreen(day), callback)`: the screen then dismisses with
    True once saved, or False when left without saving.
    """

    DEFAULT_CSS = """
    /* Scores and yes/no on top; symptoms, what helped and notes side by side below.
       The rules that change the shared form rules are in app.tcss. */
    #checkin { padding: 0 1; }
    #checkin #checkin-title { text-style: bold; color: $primary; }
    #checkin #yes-no { width: 22; height: auto; }
    #checkin #yes-no Checkbox { background: transparent; }
    /* An unticked box shows empty, so ticked and unticked differ by more than colour. */
    #checkin SelectionList > .selection-list--button,
    #checkin SelectionList > .selection-list--button-highlighted,
    #checkin Checkbox > .toggle--button {
        color: $panel;
    }
    #checkin Checkbox.-on > .toggle--button { color: $text-success; }
    #checkin #checkin-lists { height: 1fr; min-height: 8; }
    #checkin-lists SelectionList, #checkin-lists TextArea {
        height: 1fr;
        border: round $primary 60%;
        border-title-color: $primary;
        border-subtitle-color: $text-muted;
        background: transparent;
        padding: 0;
    }
    #checkin-lists SelectionList:focus, #checkin-lists TextArea:focus {
        border: round $primary;
        border-title-style: bold;
    }
    #checkin-lists #symptoms { width: 24; }
    #checkin-lists #coping { width: 25; }
    #checkin-lists #notes { width: 1fr; }
    /* Under 80 columns: the yes/no questions go on one line below the scores, the notes
       below the two lists, and the form scrolls, so every scale and word shows whole. */
    CheckinScreen.-narrow #checkin { overflow-y: auto; }
    CheckinScreen.-narrow #checkin #checkin-top { layout: vertical; }
    CheckinScreen.-narrow #checkin #yes-no {
        layout: horizontal;
        width: 1fr;
        height: 1;
        margin-top: 1;
    }
    CheckinScreen.-narrow #checkin #checkin-lists {
        layout: grid;
        grid-size: 2;
        grid-columns: 1fr 1fr;
        grid-rows: 1fr 5;
        min-height: 15;
    }
    CheckinScreen.-narrow #checkin-lists #symptoms,
    CheckinScreen.-narrow #checkin-lists #coping {
        width: 1fr;
    }
    CheckinScreen.-narrow #checkin-lists #notes { column-span: 2; width: 1fr; }
    """
    AUTO_FOCUS = "#spasticity"
    BINDINGS = [
        Binding("tab", "app.focus_next", "Next field", tooltip="Go to the next field"),
        Binding(
            "ctrl+s",
            "save",
            "Save",
            priority=True,
            tooltip="Save the check-in; it replaces the one saved for this day",
        ),
        Binding("escape", "leave", "Back", tooltip="Leave the check-in (asks if anything changed)"),
    ]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self.day = day
        self.shown_day = day or date.min
        """The day in the form; for today's check-in, the day it was loaded on."""
        self.loaded: tuple[object, ...] = ()
        """What the fields held right after loading, to tell whether anything changed."""
        self.recorded = False
        """True once a check-in was saved from this screen."""

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="checkin"):
            yield Static("", id="checkin-title", markup=False)
            with Horizontal(id="checkin-top", classes="panel"):
                with Grid(id="scores", classes="fields"):
                    for scale in SCALES:
                        yield from score_field(scale)
                with Vertical(id="yes-no"):
                    yield Static("Did you have…", classes="field-label")
                    yield Tick("hallucinations", id="hallucinations", compact=True)
                    yield Tick("a seizure", id="seizure", compact=True)
            with Horizontal(id="checkin-lists"):
                yield TickList(
                    *(Selection(words, name) for name, words in SYMPTOM_WORDS.items()),
                    id="symptoms",
                )
                yield TickList(
                    *(Selection(words, name) for name, words in COPING_WORDS.items()),
                    id="coping",
                )
                yield TextBox(
                    id="notes",
                    soft_wrap=True,
                    tab_behavior="focus",
                    placeholder="Anything else about the day, in your own words",
                )
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#checkin-top").border_title = "0 to 10"
        titles = {"symptoms": "Symptoms", "coping": "What helped", "notes": "Notes"}
        for name, title in titles.items():
            self.query_one(f"#{name}").border_title = title
        for ticks in self.query(SelectionList):
            ticks.border_subtitle = "space ticks"
        self.load()
        self.watch(self.app, "today", self.new_day, init=False)

    def on_screen_resume(self) -> None:
        if not self.changed:
            self.load()

    def new_day(self) -> None:
        if self.day is None and not self.changed:
            self.load()

    # The form's values

    def load(self) -> None:
        """Fill the form from the day's saved check-in, or empty it when there is none."""
        day = self.shown_day = self.day or stepdown(self).today
        saved = checkin_on(stepdown(self).journal.checkins, day)
        for name in SCORE_NAMES:
            score = getattr(saved, name) if saved else None
            self.query_one(f"#{name}", Input).value = "" if score is None else str(score)
        for name in ("hallucinations", "seizure"):
            self.query_one(f"#{name}", Checkbox).value = bool(saved and getattr(saved, name))
        for name in ("symptoms", "coping"):
            ticks = self.query_one(f"#{name}", SelectionList)
            ticks.deselect_all()
            for value in getattr(saved, name) if saved else ():
                ticks.select(value)
        self.query_one(TextArea).load_text(saved.notes if saved else "")
        show_problems(self, SCORE_NAMES, {})
        self.loaded = self.values()
        self.query_one("#checkin-title", Static).update(
            f"Check-in for {fmt.long_date(day)} · {saved_when(saved, day)}"
        )

    def values(self) -> tuple[object, ...]:
        """Everything the fields hold, as typed."""
        return (
            *(self.query_one(f"#{name}", Input).value.strip() for name in SCORE_NAMES),
            *(self.query_one(f"#{name}", Checkbox).value for name in ("hallucinations", "seizure")),
            *(
                tuple(sorted(self.query_one(f"#{name}", SelectionList).selected))
                for name in ("symptoms", "coping")
            ),
            self.query_one(TextArea).text,
        )

    @property
    def changed(self) -> bool:
        """True when the fields differ from what was loaded."""
        return self.is_mounted and self.values() != self.loaded

    def read(self) -> tuple[Checkin, Problems]:
        """The check-in typed, recorded now, and a message for each wrong score.

        A blank score is "not recorded"; a wrong one is left out of the check-in too,
        so that a red flag can be saved whatever else the form holds.
        """
        problems: Problems = {}
        scores: dict[str, Any] = {
            name: parse_field(name, self.query_one(f"#{name}", Input).value, read_score, problems)
            for name in SCORE_NAMES
        }
        symptoms = self.query_one("#symptoms", SelectionList).selected
        coping = self.query_one("#coping", SelectionList).selected
        checkin = Checkin(
            date=self.shown_day,
            recorded_at=stepdown(self).clock.now(),
            **scores,
            hallucinations=self.query_one("#hallucinations", Checkbox).value,
            seizure=self.query_one("#seizure", Checkbox).value,
            symptoms=tuple(name for name in SYMPTOM_WORDS if name in symptoms),
            coping=tuple(name for name in COPING_WORDS if name in coping),
            notes=clean_text(self.query_one(TextArea).text).strip(),
        )
        return checkin, problems

    # Saving and leaving

    def start_over(self) -> None:
        """Load the day afresh with the cursor in the first field, as the next visit begins."""
        self.load()
        self.query_one("#spasticity").focus()

    def action_save(self) -> None:
        self.save(then=self.back)

    def save(self, then: Callable[[], object]) -> None:
        """Save the check-in, then run `then`; a red flag is shown first, before anything else.

        Nothing is saved while a score is wrong, unless the check-in holds a red flag:
        then it is saved at once without the wrong scores, and the alert names them.
        The alert shows even when the file could not be saved: pointing to help
        matters more than the record.
        """
        checkin, problems = self.read()
        triggers = red_flags(checkin)
        show_problems(self, SCORE_NAMES, {} if triggers else problems)
        if problems and not triggers:
            return
        app = stepdown(self)
        saved = app.record(lambda journal: record_checkin(journal, checkin))
        if saved:
            self.recorded = True
            self.start_over()
        if not triggers:
            if saved:
                self.notify(confirmation(checkin), title="Check-in saved", timeout=10)
                then()
            return

        def after_alert(go_to: GoTo | None) -> None:
            if go_to is not None:
                if saved and app.screen is self and app.screen_stack[0] is not self:
                    self.dismiss(self.recorded)  # the check-in was opened from the week
                app.switch_mode(go_to)
            elif saved:
                self.notify(confirmation(checkin), title="Check-in saved", timeout=10)
                then()

        left_out = tuple(scale.label for scale in SCALES if scale.name in problems)
        offer = breathing_offer(checkin)
        alert = RedFlagScreen(triggers, app.journal, left_out=left_out, breathing=offer)
        self.app.push_screen(alert, after_alert)

    def action_leave(self) -> None:
        self.before_leaving(self.back)

    def before_leaving(self, leave: Callable[[], object]) -> None:
        """Run `leave` at once when nothing changed; otherwise ask save, discard or keep."""
        leave_asking(
            self,
            "Your check-in has changes that are not saved.",
            changed=self.changed,
            save=self.save,
            close=self.start_over,
            leave=leave,
        )

    def back(self) -> None:
        """Back where the user came from: Today for the section, else the screen below."""
        app = self.app
        if app.screen_stack[0] is self:
            app.switch_mode("today")
        elif app.screen is self:
            self.dismiss(self.recorded)

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()


def saved_when(saved: Checkin | None, day: date) -> str:
    """When the day's check-in was saved, as the form's title says it."""
    if saved is None:
        return "not filled in yet"
    if saved.recorded_at.date() == day:
        return f"saved at {fmt.clock_time(saved.recorded_at.time())}"
    return f"saved on {fmt.short_date(saved.recorded_at.date())}"


def breathing_offer(checkin: Checkin) -> str | None:
    """The breathing offer after a check-in with high anxiety, or None."""
    if not offers_breathing(checkin):
        return None
    return f"Anxiety at {checkin.anxiety} of 10: a guided breathing session may help. Press b."


def confirmation(checkin: Checkin) -> str:
    """The words after a saved check-in; high anxiety adds the breathing offer."""
    offer = breathing_offer(checkin)
    return f"Saved for {fmt.long_date(checkin.date)}." + (f" {offer}" if offer else "")
