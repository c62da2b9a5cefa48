"""A one-line banner across the top of a screen: read-only files, cautions, red flags."""

from __future__ import annotations

from textual.widgets import Static


class Banner(Static):
    """A full-width notice; hidden while it has nothing to say.

    Its text is ours, not the user's, but is still shown literally.
    """

    DEFAULT_CSS = """
    Banner { width: 1fr; padding: 0 1; display: none; }
    Banner.-shown { display: block; }
    """

    def __init__(self, *, id: str | None = None, classes: str = "") -> None:
        super().__init__("", markup=False, id=id, classes=classes)

    def say(self, text: str | None) -> None:
        """Show `text`, or hide the banner when it is None or empty."""
        self.update(text or "")
        self.set_class(bool(text), "-shown")
