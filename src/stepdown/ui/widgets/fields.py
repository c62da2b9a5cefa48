"""Form fields with their label and a place for the message when what was typed is wrong."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.widgets import Input, Label, Static


def labelled_field(name: str, label: str, value: str = "", placeholder: str = "") -> ComposeResult:
    """A label, then an Input `#name` above its error line `#name-error`, for a `.fields` grid."""
    yield Label(label, classes="field-label")
    with Vertical(classes="field"):
        yield Input(value, placeholder=placeholder, id=name, compact=True)
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
