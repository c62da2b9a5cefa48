"""Leaving a form with unsaved changes: the screens that ask first, and the question itself.

The app asks the screen in view before it switches section or quits; a screen that
holds unsaved work answers through `before_leaving`, usually with a LeavePrompt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, Protocol, runtime_checkable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

LeaveChoice = Literal["save", "discard", "keep"]
"""Save the changes then leave, leave without them, or stay and keep editing."""


@runtime_checkable
class AsksBeforeLeaving(Protocol):
    """A screen that may hold unsaved changes the user must decide about before leaving."""

    def before_leaving(self, leave: Callable[[], object]) -> None:
        """Call `leave` once the user has decided (at once when nothing changed), or never."""


class LeavePrompt(ModalScreen[LeaveChoice]):
    """Asks `question` about unsaved changes: Save, Discard, or Keep editing (escape)."""

    CSS_PATH = "shared.tcss"
    BINDINGS = [Binding("escape", "choose('keep')", "Keep editing")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Discard", id="discard", variant="error")
                yield Button("Keep editing", id="keep")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    @on(Button.Pressed, "#save")
    def save(self) -> None:
        self.dismiss("save")

    @on(Button.Pressed, "#discard")
    def discard(self) -> None:
        self.dismiss("discard")

    @on(Button.Pressed, "#keep")
    def keep(self) -> None:
        self.dismiss("keep")

    def action_choose(self, choice: LeaveChoice) -> None:
        self.dismiss(choice)
