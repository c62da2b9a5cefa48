"""Shown instead of the app when the data file does not parse or validate."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from stepdown.store.codec import FileError
from stepdown.ui.context import stepdown
from stepdown.ui.widgets.frame import AppFooter, AppHeader


class InvalidFileScreen(Screen[None]):
    """The file's path and every error in it, and how to fix it; the file is left alone."""

    BINDINGS = [Binding("r", "reload", "Try again")]

    def __init__(self, path: Path, errors: Sequence[FileError]) -> None:
        super().__init__()
        self.path = path
        self.errors = errors

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with VerticalScroll(id="invalid-file"):
            yield Static("Stepdown can't open your journal", classes="title")
            yield Static(str(self.path), markup=False, classes="path")
            count = len(self.errors)
            yield Static(
                f"It has {count} problem{'s' if count != 1 else ''}. "
                "Stepdown has not changed the file.",
                classes="lead",
            )
            for error in self.errors:
                yield Static(f"• {error}", markup=False, classes="file-error")
            yield Static(
                "Fix it in a text editor, then press r to try again. "
                f"`stepdown check {self.path}` lists what is left to fix. "
                "Earlier copies are in the backups folder beside it.",
                markup=False,
                classes="hint",
            )
        yield AppFooter()

    def action_reload(self) -> None:
        stepdown(self).reload()
