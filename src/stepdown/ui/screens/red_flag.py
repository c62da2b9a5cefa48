"""The red-flag alert: a check-in just saved shows a danger sign, so point to help at once."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from stepdown.domain.checkin import SEVERE_GUIDANCE, listed
from stepdown.domain.journal import Journal
from stepdown.ui.widgets.emergency import EmergencyCard

TITLE = "⚠ Seek medical attention now"


class RedFlagScreen(ModalScreen[None]):
    """Why the check-in calls for medical attention, the emergency card, and the guidance.

    It has no key bindings: only pressing "I understand" (enter or space while it has
    focus, which it has from the start) closes it, so a stray key cannot.

    Args:
        triggers: What in the check-in raised the flag, in words (domain.checkin.red_flags).
        journal: Where the emergency number and contacts are read from.
    """

    CSS_PATH = ["shared.tcss", "red_flag.tcss"]

    def __init__(self, triggers: tuple[str, ...], journal: Journal) -> None:
        super().__init__()
        self.triggers = triggers
        self.journal = journal

    def compose(self) -> ComposeResult:
        with Vertical(id="red-flag-alert", classes="dialog"):
            yield Static(TITLE, id="red-flag-title", markup=False)
            yield Static(
                f"Your check-in records {listed(self.triggers)}.",
                id="red-flag-why",
                markup=False,
            )
            yield Static(SEVERE_GUIDANCE, id="red-flag-guidance", markup=False)
            with VerticalScroll(id="red-flag-people") as people:
                # Only the button takes focus, so enter always means "I understand".
                people.can_focus = False
                yield EmergencyCard(self.journal, id="red-flag-card")
            with Horizontal(classes="buttons"):
                yield Button("I understand", id="understood", variant="error")

    def on_mount(self) -> None:
        self.query_one("#understood", Button).focus()

    @on(Button.Pressed, "#understood")
    def understood(self) -> None:
        self.dismiss()
