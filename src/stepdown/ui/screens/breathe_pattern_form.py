"""A dialog for one of the user's own breathing patterns: its name and four phases."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from stepdown.domain.breathing import custom_problems, parse_seconds
from stepdown.domain.journal import Pattern, Settings
from stepdown.domain.rules import clean_text
from stepdown.ui.widgets.fields import labelled_field, show_problems

PHASES = (
    ("inhale", "Breathe in (s)"),
    ("hold_in", "Hold full (s)"),
    ("exhale", "Breathe out (s)"),
    ("hold_out", "Hold empty (s)"),
)
FIELDS = ("name", *(name for name, _ in PHASES))
NEW_VALUES = {"inhale": "", "hold_in": "0", "exhale": "", "hold_out": "0"}


class PatternForm(ModalScreen[Pattern | None]):
    """Asks for a pattern's name and phase lengths; dismisses with it, or None if cancelled.

    `pattern` is the one being edited (None for a new one); `settings` holds the other
    patterns, whose names a new one may not take.
    """

    CSS_PATH = "shared.tcss"
    DEFAULT_CSS = "PatternForm { align: center middle; }"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, settings: Settings, pattern: Pattern | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.settings = settings
        self.pattern = pattern

    def compose(self) -> ComposeResult:
        pattern = self.pattern
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with Grid(classes="fields"):
                yield from labelled_field("name", "Name", pattern.name if pattern else "")
                for name, label in PHASES:
                    # A new pattern starts with no holds; its in and out are the user's to type.
                    value = f"{getattr(pattern, name):g}" if pattern else NEW_VALUES[name]
                    yield from labelled_field(name, label, value, placeholder="0 to 20")
            yield Static(
                "Seconds in 0.5 s steps, up to 20; in and out at least 1. "
                "enter or ctrl+s saves, escape cancels.",
                classes="hint",
            )

    @on(Input.Submitted)
    def action_save(self) -> None:
        pattern, problems = self.read()
        show_problems(self, FIELDS, problems)
        if pattern is not None:
            self.dismiss(pattern)

    def read(self) -> tuple[Pattern | None, dict[str, str]]:
        """The pattern typed, or None and a message for each field that is wrong."""
        problems: dict[str, str] = {}
        seconds: dict[str, float] = {}
        for name, _ in PHASES:
            try:
                seconds[name] = parse_seconds(self.query_one(f"#{name}", Input).value)
            except ValueError as error:
                problems[name] = str(error)
                seconds[name] = 0.0
        name = clean_text(self.query_one("#name", Input).value).strip()
        pattern = Pattern(name=name, **seconds)
        replacing = self.pattern.name if self.pattern else None
        for problem in custom_problems(self.settings, pattern, replacing):
            problems.setdefault(problem.path.removeprefix("pattern."), problem.message)
        return (None if problems else pattern), problems

    def action_cancel(self) -> None:
        self.dismiss(None)
