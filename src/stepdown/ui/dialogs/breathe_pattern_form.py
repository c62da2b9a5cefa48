"""A dialog for one of the user's own breathing patterns: its name and four phases.

It is an editor: every way out that would drop what was typed (escape, and `q`, a
section key or the palette through the app) asks first whether to save, discard
or keep editing.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from stepdown.domain.breathing import custom_problems, parse_seconds
from stepdown.domain.journal import Pattern, Settings
from stepdown.domain.rules import clean_text
from stepdown.ui.dialogs.leave import close_screen, leave_asking, saved_then
from stepdown.ui.widgets.fields import labelled_field, show_problems

PHASES = (
    ("inhale", "Breathe in (s)"),
    ("hold_in", "Hold full (s)"),
    ("exhale", "Breathe out (s)"),
    ("hold_out", "Hold empty (s)"),
)
FIELDS = ("name", *(name for name, _ in PHASES))
NEW_VALUES = {"inhale": "", "hold_in": "0", "exhale": "", "hold_out": "0"}
UNSAVED = "This pattern has changes that are not saved."


class PatternForm(ModalScreen[Pattern | None]):
    """Asks for a pattern's name and phase lengths; dismisses with the pattern once
    `keep` saved it, or None when closed without saving.

    `pattern` is the one being edited (None for a new one); `settings` holds the other
    patterns, whose names a new one may not take. `keep` puts a valid pattern in the
    journal and says whether it was written; the form saves through it, so a save
    made on the way out of the app is done before the app goes on.
    """

    CSS_PATH = "../screens/shared.tcss"
    DEFAULT_CSS = "PatternForm { align: center middle; }"

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "close", "Close", tooltip="Close; asks first if you changed something"),
    ]

    def __init__(
        self,
        title: str,
        settings: Settings,
        pattern: Pattern | None = None,
        *,
        keep: Callable[[Pattern], bool],
    ) -> None:
        super().__init__()
        self.title_text = title
        self.settings = settings
        self.pattern = pattern
        self.keep = keep
        self.typed_first: dict[str, str] = {}
        """The fields as the form opened, to tell whether anything changed."""

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
                "enter or ctrl+s saves; escape closes, asking first if you changed something.",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.typed_first = self.typed()

    def typed(self) -> dict[str, str]:
        """Each field's text as it stands."""
        return {name: self.query_one(f"#{name}", Input).value for name in FIELDS}

    @property
    def changed(self) -> bool:
        """Whether any field differs from what the form opened with."""
        return self.typed() != self.typed_first

    @on(Input.Submitted)
    def action_save(self) -> None:
        self.save()

    def save(self) -> bool:
        """Save the pattern typed and close, as ctrl+s does; False (and the form stays,
        showing what is wrong) when it is not valid or the journal could not be written."""
        pattern, problems = self.read()
        show_problems(self, FIELDS, problems)
        if pattern is None or not self.keep(pattern):
            return False
        close_screen(self, pattern)
        return True

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

    def action_close(self) -> None:
        self.before_leaving(lambda: None)

    def before_leaving(self, leave: Callable[[], object]) -> None:
        """Close and run `leave` at once when nothing changed; otherwise ask first:
        save (and go only if that worked), discard, or keep editing."""
        leave_asking(
            self,
            UNSAVED,
            changed=self.changed,
            save=saved_then(self.save),
            close=lambda: close_screen(self, None),
            leave=leave,
        )
