"""Banners across the top of a screen: read-only files, cautions, red flags.

`show_banner` mounts a banner under the screen's header only once it has something to
say, so a screen's first frame builds no hidden banners.
"""

from __future__ import annotations

from typing import Any, Literal

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from stepdown.ui.widgets.frame import AppHeader

BannerId = Literal["red-flag", "read-only", "below-plan", "conflict-copy"]

BANNERS: dict[BannerId, str] = {
    "red-flag": "error",
    "read-only": "warning",
    "below-plan": "warning",
    "conflict-copy": "warning",
}
"""Every banner's id and its class, top first: a red flag above all else."""


class Banner(Static):
    """A full-width notice; hidden while it has nothing to say.

    Its text is ours, not the user's, but is still shown literally.
    """

    DEFAULT_CSS = "Banner { width: 1fr; padding: 0 1; }"

    def __init__(self, text: str = "", *, id: str | None = None, classes: str = "") -> None:
        super().__init__(text, markup=False, id=id, classes=classes)
        self.display = bool(text)

    def say(self, text: str | None) -> None:
        """Show `text`, or hide the banner when it is None or empty."""
        self.update(text or "")
        self.display = bool(text)


def show_banner(screen: Screen[Any], id: BannerId, text: str | None) -> None:
    """Show `text` in `screen`'s banner `id`, or hide that banner when `text` is empty.

    The banner is mounted the first time it has something to say, below the banners
    above it in BANNERS (or the header when there are none).
    """
    mounted = {banner.id: banner for banner in screen.query_children(Banner)}
    banner = mounted.get(id)
    if banner is not None:
        banner.say(text)
        return
    if not text:
        return
    above: Widget = screen.query_one(AppHeader)
    for other in BANNERS:
        if other == id:
            break
        above = mounted.get(other, above)
    screen.mount(Banner(text, id=id, classes=BANNERS[id]), after=above)
