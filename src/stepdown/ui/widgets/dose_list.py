"""Today's dose lines, one picked at a time with the arrow keys or the mouse."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class DoseList(Widget, can_focus=True):
    """Today's doses, a line each, one highlighted; enter (the screen's key) or a click
    picks it.

    Drawn as one block of text rather than as an OptionList: Today is the first
    screen, and an OptionList cost its first frame about 12 ms, this a fraction of
    that. A day holds a handful of doses, so the list never scrolls itself: on a
    short terminal the screen does. A line is one row (a long note ends in an
    ellipsis; the edit form shows it whole). The highlighted line drops its state's
    colour: a state's colour on the cursor's background would be hard to read.
    """

    DEFAULT_CSS = """
    DoseList {
        height: auto;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .dose-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .dose-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .dose-list--hover {
            background: $block-hover-background;
        }
    }
    """
    COMPONENT_CLASSES = {"dose-list--cursor", "dose-list--hover"}

    BINDINGS = [
        Binding("up", "move(-1)", "Previous dose", show=False),
        Binding("down", "move(1)", "Next dose", show=False),
        Binding("home", "move_to(0)", "First dose", show=False),
        Binding("end", "move_to(-1)", "Last dose", show=False),
    ]

    highlighted: reactive[int | None] = reactive(None)
    """The index of the highlighted line; None when there are no lines."""
    hovered: reactive[int | None] = reactive(None)
    """The index of the line under the mouse."""

    class Selected(Message):
        """A line was picked with the mouse."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    lines: Sequence[Content] = ()

    def show(self, lines: Sequence[Content]) -> None:
        """Show `lines`, keeping the highlight on the same place when it still exists."""
        self.lines = lines
        highlighted = self.highlighted or 0
        self.highlighted = min(highlighted, len(lines) - 1) if lines else None
        self.refresh(layout=True)

    def render(self) -> Content:
        width = self.content_region.width
        return Content("\n").join(self.line(index, width) for index in range(len(self.lines)))

    def line(self, index: int, width: int) -> Content:
        """Line `index`, across the whole width when highlighted or under the mouse."""
        line = self.lines[index]
        if index == self.highlighted:
            cursor = self.get_visual_style("dose-list--cursor")
            return Content(line.plain).extend_right(width - line.cell_length).stylize(cursor)
        if index == self.hovered:
            hover = self.get_visual_style("dose-list--hover")
            return line.extend_right(width - line.cell_length).stylize_before(hover)
        return line

    def action_move(self, step: int) -> None:
        if self.lines:
            self.highlight(max(0, min((self.highlighted or 0) + step, len(self.lines) - 1)))

    def action_move_to(self, index: int) -> None:
        if self.lines:
            self.highlight(index % len(self.lines))

    def highlight(self, index: int) -> None:
        """Highlight line `index`, bringing the list into view on a short terminal."""
        self.highlighted = index
        self.scroll_visible(animate=False)

    def index_at(self, event: events.MouseEvent) -> int | None:
        """The line under the mouse, if any."""
        offset = event.get_content_offset(self)
        if offset is None or not 0 <= offset.y < len(self.lines):
            return None
        return offset.y

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.hovered = self.index_at(event)

    def on_leave(self) -> None:
        self.hovered = None

    def on_click(self, event: events.Click) -> None:
        index = self.index_at(event)
        if index is not None:
            self.highlighted = index
            self.post_message(self.Selected(index))
