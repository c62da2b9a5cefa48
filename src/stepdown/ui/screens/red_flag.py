"""The red-flag alert: a check-in just saved shows a danger sign, so point to help at once."""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from stepdown.domain.checkin import SEVERE_GUIDANCE
from stepdown.domain.journal import Journal
from stepdown.domain.red_flag_words import TITLE, left_out_words, why_words
from stepdown.ui.dialogs.base import Dialog
from stepdown.ui.widgets.emergency import EmergencyCard
from stepdown.ui.widgets.frame import AppFooter

GoTo = Literal["support", "breathe"]
"""A section the alert can take the user to next."""


class RedFlagScreen(Dialog[GoTo | None]):
    """Why the check-in calls for medical attention, the emergency card, and the guidance.

    It dismisses with None when the user presses "I understand" (enter or space: the
    button has focus from the start), or with the section to go to: `s` for Support
    (whom to call), `b` for Breathe when the check-in's anxiety calls for the
    breathing offer. No other key closes it, so a stray key cannot.

    Args:
        triggers: What in the check-in raised the flag, in words (domain.checkin.red_flags).
        journal: Where the emergency number and contacts are read from.
        left_out: The labels of fields typed wrongly and so not saved with it.
        breathing: The breathing offer's words, or None when it is not offered.
    """

    DEFAULT_CSS = """
    /* The danger in the error colour, the way to help under it; the alert's box, which
       changes the shared dialog rules, is in app.tcss. */
    #red-flag-title { text-style: bold; color: $error; }
    #red-flag-why { margin-top: 1; }
    #red-flag-guidance { text-style: bold; margin-bottom: 1; }
    /* The number and the people scroll, so the button stays on screen however many
       emergency contacts there are. */
    #red-flag-people { height: auto; max-height: 9; }
    RedFlagScreen.-short #red-flag-people { max-height: 6; }
    RedFlagScreen.-short #red-flag-why, RedFlagScreen.-short #red-flag-guidance { margin: 0; }
    #red-flag-alert .buttons { align-horizontal: center; }
    #red-flag-left-out { color: $text-warning; }
    """
    BINDINGS = [
        # A priority key, so the Footer shows it rather than the focused button's own.
        Binding("enter", "understood", "I understand", key_display="⏎", priority=True),
        Binding("s", "go('support')", "Support: whom to call"),
        Binding("b", "go('breathe')", "Breathe"),
    ]

    def __init__(
        self,
        triggers: tuple[str, ...],
        journal: Journal,
        *,
        left_out: tuple[str, ...] = (),
        breathing: str | None = None,
    ) -> None:
        super().__init__()
        self.triggers = triggers
        self.journal = journal
        self.left_out = left_out
        self.breathing = breathing

    def compose(self) -> ComposeResult:
        with Vertical(id="red-flag-alert", classes="dialog"):
            yield Static(TITLE, id="red-flag-title", markup=False)
            yield Static(why_words(self.triggers), id="red-flag-why", markup=False)
            if self.left_out:
                yield Static(left_out_words(self.left_out), id="red-flag-left-out", markup=False)
            yield Static(SEVERE_GUIDANCE, id="red-flag-guidance", markup=False)
            with VerticalScroll(id="red-flag-people") as people:
                # Only the button takes focus, so enter always means "I understand".
                people.can_focus = False
                yield EmergencyCard(self.journal, id="red-flag-card")
            if self.breathing is not None:
                yield Static(self.breathing, id="red-flag-breathing", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("I understand", id="understood", variant="error")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one("#understood", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "go" and parameters == ("breathe",):
            return self.breathing is not None
        return True

    @on(Button.Pressed, "#understood")
    def action_understood(self) -> None:
        self.dismiss(None)

    def action_go(self, section: GoTo) -> None:
        self.dismiss(section)
