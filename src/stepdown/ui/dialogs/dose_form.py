"""A small dialog for one dose entry: the time it was taken, the amount, a note.

It is an editor (see FormDialog): every way out that would drop what was typed asks
first whether to save, discard or keep editing. What looks like a typing slip is asked
about before it is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time

from textual.app import ComposeResult
from textual.binding import Binding

from stepdown.domain import format as fmt
from stepdown.domain.parse import parse_amount, parse_time
from stepdown.domain.rules import clean_text
from stepdown.ui.dialogs.base import FormDialog, Problems
from stepdown.ui.dialogs.confirm import ConfirmScreen
from stepdown.ui.widgets.fields import labelled_field


@dataclass(frozen=True)
class DoseDetails:
    """What the user typed into the dialog, read and checked."""

    at: time | None
    amount: float | None
    note: str


class DoseForm(FormDialog[DoseDetails]):
    """Asks for a dose's time, amount and note; dismisses with them once `keep` saved
    them, or None when closed without saving.

    Only the fields asked for are shown: a skip asks for its reason alone. Nothing is
    suggested: the amount field starts with the plan's amount only when there is one.
    `keep` records what was typed and says whether it was written. `question`, when
    given, names what looks like a typing slip in what was typed (or None): the form
    asks it first, and saves only on "yes".
    """

    CLOSE_KEY = Binding(
        "escape", "close", "Cancel", tooltip="Cancel; asks first if you changed something"
    )
    HINT = "enter or ctrl+s saves, escape cancels"
    UNSAVED = "This entry has changes that are not saved."
    FIELDS = ("at", "amount", "note")

    def __init__(
        self,
        title: str,
        *,
        keep: Callable[[DoseDetails], bool],
        question: Callable[[DoseDetails], str | None] | None = None,
        at: time | None = None,
        amount: float | None = None,
        note: str = "",
        note_label: str = "Note",
        ask_dose: bool = True,
    ) -> None:
        super().__init__(title, keep=keep)
        self.question = question
        self.at = at
        self.amount = amount
        self.note = note
        self.note_label = note_label
        self.ask_dose = ask_dose

    def compose_fields(self) -> ComposeResult:
        if self.ask_dose:
            yield from labelled_field(
                "at", "Time taken", fmt.clock_time(self.at) if self.at else ""
            )
            amount = fmt.amount(self.amount) if self.amount is not None else ""
            yield from labelled_field("amount", "Amount", amount)
        yield from labelled_field("note", self.note_label, self.note)

    def read(self) -> DoseDetails | Problems:
        problems: Problems = {}
        at = amount = None
        if self.ask_dose:
            at = self.parsed("at", parse_time, problems)
            amount = self.parsed("amount", parse_amount, problems)
        note = clean_text(self.text("note")).strip()
        return problems or DoseDetails(at, amount, note)

    def confirm(self, value: DoseDetails, go: Callable[[], object]) -> None:
        question = self.question(value) if self.question is not None else None
        if question is None:
            go()
            return

        def answered(record: bool | None) -> None:
            if record:
                go()

        self.app.push_screen(
            ConfirmScreen(question, yes="Yes, record it", no="No, go back"), answered
        )
