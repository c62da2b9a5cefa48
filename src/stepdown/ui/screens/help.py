"""The help screen: every key of the screen in view, read from its bindings."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static

from stepdown.ui.dialogs.base import Dialog
from stepdown.ui.widgets.frame import DescribesKeys

PALETTE = ("ctrl+p", "Command palette: sections, themes, commands")


def declared_here(node: DOMNode) -> list[Binding]:
    """The bindings Stepdown's own classes declare on `node`, not Textual's defaults."""
    return [
        binding
        for cls in type(node).__mro__
        if cls.__module__.startswith("stepdown.")
        for binding in cls.__dict__.get("BINDINGS", ())
        if isinstance(binding, Binding) and binding.description
    ]


class HelpScreen(Dialog[None]):
    """Lists the keys of `screen` and the global ones, each with what it does.

    A binding's tooltip, where it has one, is the longer description shown here.
    """

    DEFAULT_CSS = "#help-keys { height: auto; }"
    BINDINGS = [
        Binding("escape", "dismiss", "Close help"),
        Binding("question_mark", "dismiss", "Close help", show=False),
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.rows = self.key_rows(screen)
        """(key, what it does, where) for each key, the screen's first."""

    def key_rows(self, screen: Screen[Any]) -> list[tuple[str, str, str]]:
        app = screen.app
        active = screen.active_bindings
        rows = []
        for node, where in ((screen, "this screen"), (app, "everywhere")):
            for binding in declared_here(node):
                state = active.get(binding.key)
                if state is not None and state.binding.action != binding.action:
                    continue  # the screen uses this key for something else
                if state is None and node is screen:
                    continue  # switched off on this screen
                shown = binding.key_display or app.get_key_display(binding)
                words = binding.tooltip or binding.description
                if node is screen and isinstance(screen, DescribesKeys):
                    words = screen.key_description(binding.action) or words
                rows.append((shown, words, where))
        shown = app.get_key_display(Binding(PALETTE[0], "command_palette"))
        rows.append((shown, PALETTE[1], "everywhere"))
        return rows

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_edge=False, pad_edge=False)
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("What it does", ratio=1)
        table.add_column("Where", style="dim", no_wrap=True)
        for row in self.rows:
            table.add_row(*row)
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static("Keys", classes="dialog-title")
            yield Static(table, id="help-keys")
            yield Static("escape or ? closes this help.", classes="hint")
