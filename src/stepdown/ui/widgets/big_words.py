"""Words three lines tall, drawn with box-drawing characters, to read with eyes half-closed."""

from __future__ import annotations

from textual.widgets import Static

FONT: dict[str, tuple[str, str, str]] = {
    "A": ("╭─╮", "├─┤", "╵ ╵"),
    "B": ("┌─╮", "├─┤", "└─╯"),
    "D": ("┌─╮", "│ │", "└─╯"),
    "E": ("┌─╴", "├─ ", "└─╴"),
    "G": ("╭─╴", "│╶┐", "╰─┘"),
    "H": ("╷ ╷", "├─┤", "╵ ╵"),
    "I": ("╶┬╴", " │ ", "╶┴╴"),
    "L": ("╷  ", "│  ", "└─╴"),
    "N": ("┌╮╷", "│││", "╵╰┘"),
    "O": ("╭─╮", "│ │", "╰─╯"),
    "P": ("┌─╮", "├─╯", "╵  "),
    "R": ("┌─╮", "├┬╯", "╵╰╴"),
    "S": ("╭─╴", "╰─╮", "╶─╯"),
    "T": ("╶┬╴", " │ ", " ╵ "),
    "U": ("╷ ╷", "│ │", "╰─╯"),
    " ": ("  ", "  ", "  "),
}
"""The letters of the words a session shows; anything else is written plainly."""


def big(words: str) -> str:
    """`words` three lines tall, or as they are when the font lacks a letter."""
    letters = words.upper()
    if not all(letter in FONT for letter in letters):
        return words
    return "\n".join(" ".join(FONT[letter][row] for letter in letters) for row in range(3))


class BigWords(Static):
    """Shows a few words large and centred; they change only when the words do.

    Decoration: box-drawing characters mean nothing to a screen reader, a braille
    display or a copy, so whoever shows these also shows the words as plain text.
    Textual cannot hide a widget from assistive technology; it can leave it out of
    text selection, and does.
    """

    ALLOW_SELECT = False

    DEFAULT_CSS = """
    BigWords { width: 1fr; height: 3; text-align: center; content-align: center middle; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", markup=False, id=id)
        self.words = ""

    def show(self, words: str) -> None:
        """Show `words`, large; nothing is redrawn when they are the ones shown."""
        if words != self.words:
            self.words = words
            self.update(big(words))
