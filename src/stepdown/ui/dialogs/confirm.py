"""A yes-or-no question as a dialog, answered by its buttons or keys."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding

from stepdown.ui.dialogs.base import Answer, Question


class ConfirmScreen(Question[bool]):
    """Asks `question`; dismisses with True for `yes`, False for `no` or escape."""

    BINDINGS = [Binding("escape", "answer('no')", "Cancel")]

    def __init__(self, question: str, *, yes: str, no: str) -> None:
        super().__init__(question)
        self.yes = yes
        self.no = no

    def answers(self) -> Sequence[Answer[bool]]:
        return (
            Answer("no", self.no, False, variant="primary"),
            Answer("yes", self.yes, True, variant="error"),
        )
