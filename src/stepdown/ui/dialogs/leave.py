"""Leaving a form with unsaved changes: the screens that ask first, and the question itself.

The app asks every screen of the section, the top one first, before it switches
section or quits (ui/leaving.py); a screen that holds unsaved work (AsksBeforeLeaving
there) answers through `before_leaving`, usually with a LeavePrompt (`leave_asking`
does the usual dance).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

from textual.binding import Binding
from textual.screen import Screen

from stepdown.ui.dialogs.base import Answer, Question

LeaveChoice = Literal["save", "discard", "keep"]
"""Save the changes then leave, leave without them, or stay and keep editing."""


class LeavePrompt(Question[LeaveChoice]):
    """Asks `question` about unsaved changes: Save, Discard, or Keep editing (escape)."""

    BINDINGS = [Binding("escape", "answer('keep')", "Keep editing")]

    def answers(self) -> Sequence[Answer[LeaveChoice]]:
        return (
            Answer("save", "Save", "save", variant="primary"),
            Answer("discard", "Discard", "discard", variant="error"),
            Answer("keep", "Keep editing", "keep"),
        )


def leave_asking(
    screen: Screen[Any],
    question: str,
    *,
    changed: bool,
    save: Callable[[Callable[[], object]], object],
    close: Callable[[], object],
    leave: Callable[[], object],
) -> None:
    """An editor's way out, for its `before_leaving`.

    Nothing `changed`: `close` it and `leave` at once. Otherwise ask `question` with a
    LeavePrompt: Save runs `save(leave)`, which does what ctrl+s does (closing the
    editor when it worked) and calls `leave` only once saved, perhaps after a question
    of its own; Discard closes without saving and leaves; Keep editing (or escape)
    does nothing more. `saved_then` adapts a save that answers at once.
    """
    if not changed:
        close()
        leave()
        return
    if isinstance(screen.app.screen, LeavePrompt):
        return  # the question is on screen already: its answer decides

    def answered(choice: LeaveChoice | None) -> None:
        if choice == "save":
            save(leave)
        elif choice == "discard":
            close()
            leave()

    screen.app.push_screen(LeavePrompt(question), answered)


def saved_then(save: Callable[[], bool]) -> Callable[[Callable[[], object]], object]:
    """`save` (True once saved) as `leave_asking` takes it: `then` runs only when saved."""

    def save_then(then: Callable[[], object]) -> None:
        if save():
            then()

    return save_then
