"""Help now (`!` from anywhere): whom to call, and the red flags that mean calling now.

It reads only the journal already in memory, so it opens at once, even before a
file was created or when the file could not be read.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from stepdown.domain.checkin import RED_FLAG_SYMPTOMS, SEVERE_GUIDANCE
from stepdown.domain.journal import Journal
from stepdown.ui.dialogs.base import Dialog
from stepdown.ui.widgets.emergency import EmergencyCard


class HelpNowScreen(Dialog[None]):
    """The emergency card, the guidance on severe symptoms, and the red flags to watch for."""

    DEFAULT_CSS = """
    /* The emergency card and the red flags, in one dialog that fits 80x24; its box's
       width and padding, which change the shared dialog rules, are in app.tcss. */
    #severe { text-style: bold; color: $error; margin-bottom: 1; }
    #red-flags-title { text-style: bold; margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("exclamation_mark", "dismiss", "Close", show=False),
    ]

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-now", classes="dialog"):
            yield Static("Help now", classes="dialog-title", markup=False)
            yield Static(SEVERE_GUIDANCE, id="severe", markup=False)
            yield EmergencyCard(self.journal, id="help-now-card")
            yield Static(
                "Red flags: get medical attention now for", id="red-flags-title", markup=False
            )
            yield Static(
                "\n".join(f"• {symptom}" for symptom in RED_FLAG_SYMPTOMS),
                id="red-flags",
                markup=False,
            )
            yield Static("escape closes", classes="hint", markup=False)
