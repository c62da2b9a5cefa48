"""The app's header: its name and today's date, with a plain icon every font has."""

from __future__ import annotations

from textual.widgets import Header


class AppHeader(Header):
    """Textual's Header with an icon that renders in any terminal font."""

    def __init__(self) -> None:
        super().__init__(icon="≡")
