"""A small dialog for one dose entry: the time it was taken, the amount, a note.

It is an editor: every way out that would drop what was typed (escape, and `q`, a
section key or the palette through the app) asks first whether to save, discard or
keep editing. What looks like a typing slip is asked about before it is saved.
"""

from __future__ import annotations

from collections.abc import Callable
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
from stepdown.ui.dialogs.confirm import ConfirmScreen
from stepdown.ui.dialogs.leave import close_screen, leave_asking
from stepdown.ui.widgets.fields import labelled_field, show_problems

FIELDS = ("at", "amount", "note")
UNSAVED = "This entry has changes that are not saved."


@dataclass(frozen=True)
class DoseDetails:
    """What the user typed into the dialog, read and checked."""

    at: time | None
    amount: float | None
    note: str


class DoseForm(ModalScreen[DoseDetails | None]):
    """Asks for a dose's time, amount and note; dismisses with them once `keep` saved
    them, or None when closed without saving.

    Only the fields asked for are shown: a skip asks for its reason alone. Nothing is
    suggested: the amount field starts with the plan's amount only when there is one.
    `keep` records what was typed and says whether it was written; the form saves
    through it, so a save made on the way out of the app is done before the app goes
    on. `question`, when given, names what looks like a typing slip in what was typed
    (or None): the form asks it first, and saves only on "yes".
    """

    CSS_PATH = "../screens/shared.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding(
            "escape", "cancel", "Cancel", tooltip="Cancel; asks first if you changed something"
        ),
    ]

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
        super().__init__()
        self.title_text = title
        self.keep = keep
        self.question = question
        self.at = at
        self.amount = amount
        self.note = note
        self.note_label = note_label
        self.ask_dose = ask_dose
        self.typed_first: dict[str, str] = {}
        """The fields as the form opened, to tell whether anything changed."""

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

    def on_mount(self) -> None:
        self.typed_first = self.typed()

    def typed(self) -> dict[str, str]:
        """Each field's text as it stands."""
        return {field.id or "": field.value for field in self.query(Input)}

    @property
    def changed(self) -> bool:
        """Whether any field differs from what the form opened with."""
        return self.typed() != self.typed_first

    @on(Input.Submitted)
    def action_save(self) -> None:
        self.save(lambda: None)

    def save(self, then: Callable[[], object]) -> None:
        """Save what was typed and close, then run `then`, as ctrl+s does: only once it
        is valid, the slip question (if any) is answered yes and it was written.
        Otherwise the form stays, with what was typed and what is wrong with it."""
        details, problems = self.read()
        show_problems(self, FIELDS, problems)
        if details is None:
            return
        question = self.question(details) if self.question is not None else None
        if question is None:
            self.finish(details, then)
            return

        def answered(record: bool | None) -> None:
            if record:
                self.finish(details, then)

        self.app.push_screen(
            ConfirmScreen(question, yes="Yes, record it", no="No, go back"), answered
        )

    def finish(self, details: DoseDetails, then: Callable[[], object]) -> None:
        """Keep `details`, and close and run `then` once they were written."""
        if self.keep(details):
            self.dismiss(details)
            then()

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
        self.before_leaving(lambda: None)

    def before_leaving(self, leave: Callable[[], object]) -> None:
        """Close and run `leave` at once when nothing changed; otherwise ask first:
        save (and go only if that worked), discard, or keep editing."""
        leave_asking(
            self,
            UNSAVED,
            changed=self.changed,
            save=self.save,
            close=lambda: close_screen(self, None),
            leave=leave,
        )
