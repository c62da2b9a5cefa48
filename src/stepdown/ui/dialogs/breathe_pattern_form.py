"""A dialog for one of the user's own breathing patterns: its name and four phases.

It is an editor (see FormDialog): every way out that would drop what was typed asks
first whether to save, discard or keep editing.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult

from stepdown.domain.breathing_custom import custom_problems, parse_seconds
from stepdown.domain.journal import Pattern, Settings
from stepdown.domain.rules import clean_text
from stepdown.ui.dialogs.base import FormDialog, Problems
from stepdown.ui.widgets.fields import labelled_field

PHASES = (
    ("inhale", "Breathe in (s)"),
    ("hold_in", "Hold full (s)"),
    ("exhale", "Breathe out (s)"),
    ("hold_out", "Hold empty (s)"),
)
NEW_VALUES = {"inhale": "", "hold_in": "0", "exhale": "", "hold_out": "0"}


class PatternForm(FormDialog[Pattern]):
    """Asks for a pattern's name and phase lengths; dismisses with the pattern once
    `keep` saved it, or None when closed without saving.

    `pattern` is the one being edited (None for a new one); `settings` holds the other
    patterns, whose names a new one may not take. `keep` puts a valid pattern in the
    journal and says whether it was written.
    """

    HINT = (
        "Seconds in 0.5 s steps, up to 20; in and out at least 1. "
        "enter or ctrl+s saves; escape closes, asking first if you changed something."
    )
    UNSAVED = "This pattern has changes that are not saved."
    FIELDS = ("name", *(name for name, _ in PHASES))

    def __init__(
        self,
        title: str,
        settings: Settings,
        pattern: Pattern | None = None,
        *,
        keep: Callable[[Pattern], bool],
    ) -> None:
        super().__init__(title, keep=keep)
        self.settings = settings
        self.pattern = pattern

    def compose_fields(self) -> ComposeResult:
        pattern = self.pattern
        yield from labelled_field("name", "Name", pattern.name if pattern else "")
        for name, label in PHASES:
            # A new pattern starts with no holds; its in and out are the user's to type.
            value = f"{getattr(pattern, name):g}" if pattern else NEW_VALUES[name]
            yield from labelled_field(name, label, value, placeholder="0 to 20")

    def read(self) -> Pattern | Problems:
        problems: Problems = {}

        def seconds(phase: str) -> float:
            value = self.parsed(phase, parse_seconds, problems)
            return 0.0 if value is None else value

        pattern = Pattern(
            name=clean_text(self.text("name")).strip(),
            inhale=seconds("inhale"),
            hold_in=seconds("hold_in"),
            exhale=seconds("exhale"),
            hold_out=seconds("hold_out"),
        )
        replacing = self.pattern.name if self.pattern else None
        for problem in custom_problems(self.settings, pattern, replacing):
            problems.setdefault(problem.path.removeprefix("pattern."), problem.message)
        return problems or pattern
