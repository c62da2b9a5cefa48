"""Today's dose lines, one to pick at a time."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import OptionList


class DoseList(OptionList):
    """An option list of dose lines whose highlighted line drops its state's colour:
    a state's colour on the cursor's background would be hard to read."""

    lines: Sequence[Content] = ()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True)

    def show(self, lines: Sequence[Content]) -> None:
        """Show `lines`, keeping the highlight on the same place when it still exists."""
        highlighted = self.highlighted or 0
        self.lines = lines
        self.set_options(self.prompt(index) for index in range(len(lines)))
        if lines:
            self.highlighted = min(highlighted, len(lines) - 1)

    def prompt(self, index: int) -> Content:
        line = self.lines[index]
        return Content(line.plain) if index == self.highlighted else line

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        super().watch_highlighted(new)
        for index in (old, new):
            if index is not None and index < min(self.option_count, len(self.lines)):
                self.replace_option_prompt_at_index(index, self.prompt(index))
