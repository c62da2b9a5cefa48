"""A round shape that grows through the in-breath and shrinks through the out-breath."""

from __future__ import annotations

from itertools import groupby

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

SMALLEST = 0.8
"""The shape's radius with empty lungs, in rows."""


def disc(rows: int, fullness: float) -> tuple[str, ...]:
    """A filled circle (cells "█") `rows` cells tall at most, sized by `fullness` (0..1).

    A terminal cell is about twice as tall as it is wide, so the circle is twice as
    many cells wide as it is tall.
    """
    radius = SMALLEST + (rows / 2 - SMALLEST) * min(max(fullness, 0.0), 1.0)
    width = 2 * rows
    lines = []
    for row in range(rows):
        y = row + 0.5 - rows / 2
        lines.append(
            "".join(
                "█" if ((column + 0.5 - rows) / 2) ** 2 + y * y <= radius * radius else " "
                for column in range(width)
            )
        )
    return tuple(lines)


class BreathShape(Widget):
    """The breath as a shape; it repaints only when the picture changes.

    Decoration, like the large words: nothing in it to select or copy.
    """

    ALLOW_SELECT = False

    DEFAULT_CSS = """
    BreathShape { width: 1fr; height: 9; text-align: center; color: $accent; }
    """

    def __init__(self, rows: int = 9, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = rows
        self.picture = disc(rows, 0.0)

    def show(self, fullness: float) -> None:
        """Size the shape by `fullness` (0 empty .. 1 full); repaint only if it looks different."""
        picture = disc(self.rows, fullness)
        if picture != self.picture:
            self.picture = picture
            self.refresh()

    def render(self) -> RenderResult:
        # Filled cells are reversed spaces (the widget's colour as background): solid in
        # any terminal font, with no block character to draw.
        lines = []
        for line in self.picture:
            pieces: list[str | tuple[str, str]] = []
            for cell, run in groupby(line):
                width = len(list(run))
                pieces.append((" " * width, "reverse") if cell == "█" else " " * width)
            lines.append(Content.assemble(*pieces))
        return Content("\n").join(lines)
