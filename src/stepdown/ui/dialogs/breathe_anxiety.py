"""The optional anxiety question before and after a breathing session (0 to 10)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import Input, Static

from stepdown.domain.rules import score_problem
from stepdown.ui.dialogs.base import Dialog
from stepdown.ui.widgets.fields import labelled_field, show_problems


class AnxietyPrompt(Dialog[int | None]):
    """Asks how anxious the user feels; dismisses with 0..10, or None when skipped.

    `enter` on an empty field skips, and so does `escape`: the question is optional, so
    leaving the section closes it without asking (it is no FormDialog, whose changes
    are asked about).
    """

    BINDINGS = [Binding("escape", "skip", "Skip", tooltip="Go on without answering")]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static("How anxious do you feel right now?", classes="lead")
            with Grid(classes="fields"):
                yield from labelled_field("anxiety", "Anxiety", placeholder="0 calm .. 10 worst")
            yield Static(
                "Type 0 to 10 and press enter, or just press enter to skip.", classes="hint"
            )

    @on(Input.Submitted)
    def answer(self) -> None:
        text = self.query_one("#anxiety", Input).value.strip()
        if not text:
            self.dismiss(None)
            return
        score: object = int(text) if text.isdigit() else text
        problem = score_problem(score)
        show_problems(self, ("anxiety",), {"anxiety": problem} if problem else {})
        if problem is None and isinstance(score, int):
            self.dismiss(score)

    def action_skip(self) -> None:
        self.dismiss(None)
