"""Form fields with their label and a place for the message when what was typed is wrong.

The fields hold no control character but tab, however text arrives (typed, pasted or
set): Textual draws what a field holds as it is, so a pasted escape sequence would
otherwise reach the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.widgets import Input, Label, Static

from stepdown.domain.rules import clean_text


def _one_line(text: str) -> str:
    """`text` as a one-line field can show it: no control character but tab (drawn as
    spaces), and each newline a space."""
    return clean_text(text).replace("\n", " ")


class TextInput(Input):
    """An Input that holds no control character but tab, whether its text is typed,
    pasted or set; a newline (which would break the screen's lines) becomes a space."""

    def validate_value(self, value: str) -> str:
        return _one_line(value)

    def replace(self, text: str, start: int, end: int) -> None:
        # Cleaned before it goes in, so the cursor lands after what was really inserted.
        super().replace(_one_line(text), start, end)


def labelled_field(name: str, label: str, value: str = "", placeholder: str = "") -> ComposeResult:
    """A label, then a TextInput `#name` above its error line `#name-error`, for a `.fields`
    grid."""
    yield Label(label, classes="field-label")
    with Vertical(classes="field"):
        yield TextInput(value, placeholder=placeholder, id=name, compact=True)
        yield Static("", id=f"{name}-error", classes="field-error", markup=False)


def show_problems(form: DOMNode, names: Iterable[str], problems: Mapping[str, str]) -> None:
    """Show each field's problem beside it (or clear it), and focus the first wrong field."""
    for name in names:
        for error in form.query(f"#{name}-error").results(Static):
            error.update(problems.get(name, ""))
            error.set_class(name in problems, "-shown")
        for field in form.query(f"#{name}").results(Input):
            field.set_class(name in problems, "-invalid")
    wrong = [field for name in names if name in problems for field in form.query(f"#{name}")]
    if wrong:
        wrong[0].focus()
