"""A TextArea for notes that never holds a control character but tab and newline.

Textual draws what a TextArea holds as it is, so a pasted escape sequence would
otherwise reach the terminal. Kept apart from fields.py: importing TextArea takes
time, and only the check-in needs it.
"""

from __future__ import annotations

import dataclasses

from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from stepdown.domain.rules import clean_text


class TextBox(TextArea):
    """A TextArea whose text has no control character but tab and newline, whether it is
    typed, pasted or loaded."""

    def edit(self, edit: Edit) -> EditResult:
        # Every change to the text (a key, a paste, an insert or a replace) is an Edit.
        return super().edit(dataclasses.replace(edit, text=clean_text(edit.text)))

    def load_text(self, text: str) -> None:
        super().load_text(clean_text(text))
