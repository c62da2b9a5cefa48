"""The frame every screen shares: a section bar with the date on top, the keys below.

The bar shows every section with its key (and the help-now key), so the Footer can
keep to the keys of the screen in view and still fit in 80 columns.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Footer, Static

from stepdown.ui.context import stepdown

NAVIGATION_ACTIONS = ("section(", "help_now")
"""App bindings whose actions start with these are shown in the section bar."""


def navigation_bindings(bindings: list[Binding]) -> list[Binding]:
    """The app's bindings that go to a section or to help now, in their order."""
    return [binding for binding in bindings if binding.action.startswith(NAVIGATION_ACTIONS)]


class SectionTab(Static):
    """One section's key and name in the bar; a click opens it."""

    def __init__(self, binding: Binding, key_display: str) -> None:
        super().__init__(Content.assemble((key_display, "bold $accent"), f" {binding.description}"))
        self.action = binding.action

    async def on_click(self) -> None:
        await self.app.run_action(self.action)


class AppHeader(Horizontal):
    """The sections with their keys, the one in view marked, and today's date."""

    DEFAULT_CSS = """
    AppHeader {
        dock: top;
        height: 1;
        background: $panel;
    }
    AppHeader SectionTab {
        width: auto;
        padding: 0 1;
        color: $text-muted;
    }
    AppHeader SectionTab:hover {
        color: $text;
        background: $boost;
    }
    AppHeader SectionTab.-current {
        color: $text;
        background: $primary 35%;
        text-style: bold;
    }
    AppHeader #header-date {
        width: 1fr;
        content-align: right middle;
        padding: 0 1;
        color: $text-muted;
    }
    """

    def compose(self) -> ComposeResult:
        app = self.app
        for binding in navigation_bindings(list(app.BINDINGS)):
            shown = binding.key_display or app.get_key_display(binding)
            tab = SectionTab(binding, shown)
            tab.set_class(binding.action == f"section('{app.current_mode}')", "-current")
            yield tab
        yield Static("", id="header-date", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "today", self.show_date)

    def show_date(self, today: date) -> None:
        # At 80 columns the tabs leave about 12: the demo drops the weekday to say "demo".
        when = (
            f"demo {today.day} {today:%b}"
            if stepdown(self).demo
            else f"{today:%a} {today.day} {today:%b}"
        )
        self.query_one("#header-date", Static).update(when)


class AppFooter(Footer):
    """Textual's Footer, compact so every key of a screen fits in 80 columns."""

    def __init__(self) -> None:
        super().__init__(compact=True)
