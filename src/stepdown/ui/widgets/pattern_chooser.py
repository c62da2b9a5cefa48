"""The breathing pattern chooser: the patterns on offer, one a line, and the session lengths.

Every choice is marked in a way colour is not needed for (NO_COLOR, a monochrome
terminal, a screen reader): the highlighted pattern's line starts with
HIGHLIGHTED_MARK, the chosen length has CHOSEN_MARK where the others have OTHER_MARK.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from stepdown.domain.breathing import LENGTHS, BreathingPattern, length_words
from stepdown.domain.breathing_session import MIN_SAVED_SECONDS

CHOSEN = "bold $text on $accent 40%"

HIGHLIGHTED_MARK = "›"
"""Starts the highlighted pattern's line; the others start with a space instead."""

TITLE_WIDTH = 19
"""The title column: the longest preset title and one space."""

CHOSEN_MARK = "●"
OTHER_MARK = "○"
"""The chosen length and the others."""


def pattern_row(
    index: int, pattern: BreathingPattern, *, highlighted: bool = False, purpose: bool = True
) -> Text:
    """A pattern's line: a mark if it is the highlighted one, its number key, title,
    timing and (unless `purpose` is False) what it is for.

    A pattern of the user's own has their name as its title: shown literally.
    """
    row = Text()
    # Every line starts with a mark or a space the mark's width, so columns stay aligned.
    row.append(f"{HIGHLIGHTED_MARK if highlighted else ' '} ", style="bold")
    row.append(f"{index + 1} " if index < 9 else "  ", style="bold")
    # Columns sized so the longest preset line (74 cells) fits in the panel at 80 columns.
    title = Text(pattern.title)
    title.truncate(TITLE_WIDTH, overflow="ellipsis", pad=True)
    row.append_text(title)
    row.append(f" {pattern.timing:<7} ", style="bold")
    if purpose:
        row.append(pattern.purpose, style="italic")
    return row


class PatternList(OptionList):
    """The patterns on offer; the screen's keys move through it, so it takes no focus.

    The highlighted line is marked with HIGHLIGHTED_MARK as well as coloured, wherever
    the highlight comes from (a key, a number, a click). When a line with its purpose
    would not fit on one line (a narrow terminal), the lines leave it out and the
    highlighted pattern's purpose is shown in the list's bottom border instead.
    """

    # The screen owns the keys (so they show in the Footer and in help); the list shows.
    BINDINGS = []
    inherit_bindings = False
    can_focus = False

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.patterns: tuple[BreathingPattern, ...] = ()
        self.purposes = True
        """Whether each line holds its pattern's purpose (they all fit)."""
        self.marked: int | None = None
        """The line drawn with HIGHLIGHTED_MARK."""

    def row(self, index: int, highlighted: int | None) -> Text:
        pattern = self.patterns[index]
        return pattern_row(index, pattern, highlighted=index == highlighted, purpose=self.purposes)

    def show(self, patterns: tuple[BreathingPattern, ...], highlighted: int) -> None:
        """List `patterns` with the one at `highlighted` highlighted and marked."""
        self.patterns = patterns
        self.purposes = self.purposes_fit()
        self.clear_options()
        self.add_options(Option(self.row(index, highlighted)) for index in range(len(patterns)))
        self.marked = highlighted
        self.highlighted = highlighted
        self.show_purpose()

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        # The mark moves with the highlight: the line it left and the line it reached.
        for index in {self.marked, highlighted}:
            if index is not None and index < min(self.option_count, len(self.patterns)):
                self.replace_option_prompt_at_index(index, self.row(index, highlighted))
        self.marked = highlighted
        self.show_purpose()

    def on_resize(self) -> None:
        fit = self.purposes_fit()
        if fit != self.purposes:
            self.purposes = fit
            for index in range(min(self.option_count, len(self.patterns))):
                self.replace_option_prompt_at_index(index, self.row(index, self.highlighted))
            self.show_purpose()

    def purposes_fit(self) -> bool:
        """Whether every line fits with its purpose (True before the list has a size)."""
        room = self.scrollable_content_region.width
        if not room:
            return True
        room -= self.get_component_styles("option-list--option").padding.width
        widest = max((pattern_row(i, p).cell_len for i, p in enumerate(self.patterns)), default=0)
        return widest <= room

    def show_purpose(self) -> None:
        """The highlighted pattern's purpose in the bottom border, when the lines leave it out."""
        index = self.highlighted
        if self.purposes or index is None or index >= len(self.patterns):
            self.border_subtitle = None
        else:
            self.border_subtitle = Text(self.patterns[index].purpose)


class PatternChooser(Vertical):
    """Shows the patterns with one highlighted, and the lengths with one chosen.

    `patterns` and `minutes` are what it shows; the screen changes them through
    `show`, `move`, `pick` and `step_length`.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.patterns: tuple[BreathingPattern, ...] = ()
        self.minutes = LENGTHS[0]

    def compose(self) -> ComposeResult:
        yield Static(
            "Choose a pattern and a length, then press enter. "
            "Follow the words and the shape; breathe gently, never strain.",
            classes="lead",
        )
        yield PatternList(id="patterns", classes="panel")
        yield Static("", id="length", classes="panel")
        yield Static(
            f"A session of {MIN_SAVED_SECONDS} seconds or more is saved in your journal, "
            "even if you end it early.",
            classes="hint",
        )

    def on_mount(self) -> None:
        self.query_one("#patterns").border_title = "Pattern"
        self.query_one("#length").border_title = "Length"

    @property
    def listing(self) -> PatternList:
        return self.query_one(PatternList)

    @property
    def selected(self) -> BreathingPattern:
        """The highlighted pattern."""
        index = self.listing.highlighted or 0
        return self.patterns[min(index, len(self.patterns) - 1)]

    def show(self, patterns: tuple[BreathingPattern, ...], select: str, minutes: int) -> None:
        """List `patterns` with the one named `select` highlighted (else the first)."""
        self.patterns = patterns
        names = [each.name for each in patterns]
        self.listing.show(patterns, names.index(select) if select in names else 0)
        self.minutes = minutes
        self.show_length()

    def move(self, step: int) -> None:
        if step < 0:
            self.listing.action_cursor_up()
        else:
            self.listing.action_cursor_down()

    def pick(self, index: int) -> None:
        if index < len(self.patterns):
            self.listing.highlighted = index

    def step_length(self, step: int) -> None:
        """The next shorter (-1) or longer (+1) length, stopping at either end."""
        at = LENGTHS.index(self.minutes) + step
        self.minutes = LENGTHS[max(0, min(at, len(LENGTHS) - 1))]
        self.show_length()

    def on_resize(self) -> None:
        # The lengths are laid out by the width the panel has, once it is known.
        self.call_after_refresh(self.show_length)

    def show_length(self) -> None:
        """The lengths on offer, the chosen one marked CHOSEN_MARK and coloured, the others
        OTHER_MARK; as many on a line as fit, never a mark apart from its length."""
        length = self.query_one("#length", Static)
        room = length.content_region.width
        lines: list[list[Content]] = [[]]
        used = 0
        for minutes in LENGTHS:
            words = f" {CHOSEN_MARK if minutes == self.minutes else OTHER_MARK} "
            words += f"{length_words(minutes)} "
            part = Content.styled(words, CHOSEN) if minutes == self.minutes else Content(words)
            if room and lines[-1] and used + part.cell_length > room:
                lines.append([])
                used = 0
            lines[-1].append(part)
            used += part.cell_length
        length.update(Content("\n").join(Content("").join(line) for line in lines))
