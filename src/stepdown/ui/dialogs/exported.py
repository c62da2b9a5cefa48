"""The "written" dialog: what an export wrote and its full path, with a key to copy it.

A toast goes away before a person has found the folder; the path stays here until the
dialog is closed. Copying uses the terminal's clipboard (OSC 52), which some terminals
refuse or must be told to allow: the dialog says so rather than promise a copy.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from stepdown.ui.dialogs.base import Dialog

COPY_HINT = (
    "c copies the path, if your terminal lets programs set its clipboard (OSC 52). "
    "enter or escape closes."
)
COPIED = "Path sent to the terminal's clipboard."


class ExportedScreen(Dialog[None]):
    """Says `title` ("Report written"), shows `path` in full as plain text and `about`
    (what the file holds); `c` copies the path, escape or enter closes."""

    DEFAULT_CSS = """
    /* Its path breaks anywhere, a long one on several lines (the rule in app.tcss). */
    #exported #exported-copied { height: auto; color: $text-success; }
    #exported .buttons Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("c", "copy", "Copy path", tooltip="Copy the file's path to the clipboard"),
        Binding("escape", "dismiss", "Close"),
        Binding("enter", "dismiss", "Close", show=False),
    ]

    def __init__(self, title: str, path: Path, about: str) -> None:
        super().__init__()
        self.heading = title
        self.path = path
        self.about = about

    def compose(self) -> ComposeResult:
        with Vertical(id="exported", classes="dialog"):
            yield Static(self.heading, classes="dialog-title", markup=False)
            yield Static(self.about, classes="lead", markup=False)
            yield Static(str(self.path), id="exported-path", classes="path", markup=False)
            yield Static(COPY_HINT, classes="hint")
            yield Static("", id="exported-copied", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Close", id="close", variant="primary")
                yield Button("Copy path", id="copy")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        self.app.copy_to_clipboard(str(self.path))
        self.query_one("#exported-copied", Static).update(COPIED)

    @on(Button.Pressed, "#close")
    def close(self) -> None:
        self.dismiss(None)
