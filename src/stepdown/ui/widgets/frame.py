"""The frame every screen shares: a header with the date, a footer with the keys."""

from __future__ import annotations

from textual.widgets import Footer, Header


class AppHeader(Header):
    """Textual's Header with an icon that renders in any terminal font."""

    def __init__(self) -> None:
        super().__init__(icon="≡")


class AppFooter(Footer):
    """Textual's Footer, compact so every key of a screen fits in 80 columns."""

    def __init__(self) -> None:
        super().__init__(compact=True)
