"""Tick boxes whose off state is an empty box, not a dim X.

Textual draws an unticked box as an "X" in a faint colour; without colour (NO_COLOR,
a monochrome terminal, a screen reader) it reads as ticked. These draw nothing
inside an unticked box, so on and off differ in shape, not only in colour.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

MARK = "X"
"""What Textual draws inside every box, ticked or not."""


class Tick(Checkbox):
    """A Checkbox drawn empty when unticked."""

    BUTTON_INNER = " "
    """What Checkbox draws inside its box: nothing while unticked, MARK once ticked."""

    def watch_value(self) -> None:
        self.BUTTON_INNER = MARK if self.value else " "
        super().watch_value()


class TickList(SelectionList[str]):
    """A SelectionList whose unselected boxes are drawn empty."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        if option.value in self.selected:
            return strip
        segments = list(strip)
        # The box is the first three segments: its left side, the inner mark, its right.
        if len(segments) > 1 and segments[1].text == MARK:
            segments[1] = Segment(" " * len(segments[1].text), segments[1].style)
        return Strip(segments, strip.cell_length)
