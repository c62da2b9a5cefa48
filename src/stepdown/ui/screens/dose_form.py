"""A small dialog for one dose entry: the time it was taken, the amount, a note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from stepdown.domain import format as fmt
from stepdown.domain.parse import parse_amount, parse_time
from stepdown.domain.rules import clean_text
from stepdown.ui.widgets.fields import labelled_field, show_problems


@dataclass(frozen=True)
class DoseDetails:
    """What the user typed into the dialog, read and checked."""

    at: time | None
    amount: float | None
    note: str


class DoseForm(ModalScreen[DoseDetails | None]):
    """Asks for a dose's time, amount and note; dismisses with them, or None if cancelled.

    Only the fields asked for are shown: a skip asks for its reason alone. Nothing is
    suggested: the amount field starts with the plan's amount only when there is one.
    """

    CSS_PATH = "shared.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        title: str,
        *,
        at: time | None = None,
        amount: float | None = None,
        note: str = "",
        note_label: str = "Note",
        ask_dose: bool = True,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.at = at
        self.amount = amount
        self.note = note
        self.note_label = note_label
        self.ask_dose = ask_dose

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with Grid(classes="fields"):
                if self.ask_dose:
                    yield from labelled_field(
                        "at", "Time taken", fmt.clock_time(self.at) if self.at else ""
                    )
                    amount = fmt.amount(self.amount) if self.amount is not None else ""
                    yield from labelled_field("amount", "Amount", amount)
                yield from labelled_field("note", self.note_label, self.note)
            yield Static("enter or ctrl+s saves, escape cancels", classes="hint")

    @on(Input.Submitted)
    def action_save(self) -> None:
        details, problems = self.read()
        show_problems(self, ("at", "amount", "note"), problems)
        if details is not None:
            self.dismiss(details)

    def read(self) -> tuple[DoseDetails | None, dict[str, str]]:
        """The details typed, or None and a message for each field that is wrong."""
        problems: dict[str, str] = {}
        at = amount = None
        if self.ask_dose:
            try:
                at = parse_time(self.query_one("#at", Input).value)
            except ValueError as error:
                problems["at"] = str(error)
            try:
                amount = parse_amount(self.query_one("#amount", Input).value)
            except ValueError as error:
                problems["amount"] = str(error)
        note = clean_text(self.query_one("#note", Input).value).strip()
        if problems:
            return None, problems
        return DoseDetails(at, amount, note), problems

    def action_cancel(self) -> None:
        self.dismiss(None)
