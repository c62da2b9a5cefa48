"""The first-run welcome: what Stepdown does, and the three settings it needs to start."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from stepdown.domain.rules import clean_text
from stepdown.domain.settings import text_setting_problem
from stepdown.ui.context import stepdown
from stepdown.ui.widgets.fields import labelled_field, show_problems
from stepdown.ui.widgets.frame import AppFooter, AppHeader

INTRO = (
    "Stepdown keeps a daily record while you taper off baclofen on the plan your "
    "healthcare provider gave you: today's doses, a short symptom check-in, guided "
    "breathing, and the people to call. It never suggests a dose of its own, and it "
    "never replaces your provider's advice."
)

FIELDS = (
    ("medication", "Medication", "baclofen", ""),
    ("unit", "Unit of your doses", "mg", ""),
    ("emergency", "Emergency number", "", "your local one, for example 911, 112 or 999"),
)
"""Each field: its id, label, starting value and placeholder."""

SETTING_OF = {"emergency": "emergency_number"}
"""The setting a field sets, where its id is not the setting's own name."""


class WelcomeScreen(Screen[bool]):
    """Asks for the medication, unit and emergency number; writes nothing until confirmed.

    Dismisses with True once the settings were saved.
    """

    BINDINGS = [Binding("ctrl+s", "start", "Start", priority=True)]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with VerticalScroll(id="welcome", classes="form"):
            yield Static("Welcome to Stepdown", classes="title")
            yield Static(INTRO, classes="lead")
            with Grid(id="welcome-fields", classes="fields"):
                for field in FIELDS:
                    yield from labelled_field(*field)
            yield Static(
                f"Your journal will be kept in {self.path}; nothing is written until you start.",
                markup=False,
                classes="hint",
            )
            with Horizontal(classes="buttons"):
                yield Button("Start", id="start", variant="primary")
                yield Static("or ctrl+s", classes="hint")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#emergency", Input).focus()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "emergency":
            self.action_start()
        else:
            self.focus_next()

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        values = {
            name: clean_text(self.query_one(f"#{name}", Input).value).strip() for name, *_ in FIELDS
        }
        problems = {
            name: text_setting_problem(SETTING_OF.get(name, name), value)
            for name, value in values.items()
        }
        wrong = {name: problem for name, problem in problems.items() if problem}
        show_problems(self, problems, wrong)
        if wrong:
            return
        saved = stepdown(self).record(
            lambda journal: journal.with_settings(
                medication=values["medication"],
                unit=values["unit"],
                emergency_number=values["emergency"],
            )
        )
        if saved:
            self.dismiss(True)
