"""Saving the user's changes and what the app says about it: a failed save (tried
again every RETRY_SECONDS), a save that also merged another program's edit, a retry
that worked, and a broken file to write back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from stepdown.domain.journal import Journal
from stepdown.store.journal_store import SaveOutcome

if TYPE_CHECKING:
    from stepdown.ui.app import StepdownApp

RETRY_SECONDS = 10
"""How often a change that could not be saved is tried again."""

SAVED_AT_LAST = "Your changes that could not be saved before are saved now."
WRITE_BACK_QUESTION = (
    "{path} was emptied or broken by another program. This window still holds your "
    "whole journal. Write Stepdown's copy back? The file as it is now is kept beside it."
)


def record(app: StepdownApp, change: Callable[[Journal], Journal]) -> bool:
    """Apply `change` to the journal and save it at once; say what else happened (an
    edit merged, a failure), and offer to write the journal back over a broken file."""
    store = app.store
    outcome = store.update(change)
    app.unsaved = store.unsaved
    tell(app, outcome)
    if outcome.can_write_back:
        ask_to_write_back(app)
    return outcome.saved


def retry_save(app: StepdownApp) -> None:
    """Try again to save the changes a failed save holds; say so once it works."""
    store = app.store
    if not store.unsaved or app.exiting:
        app.unsaved = store.unsaved
        return
    outcome = store.retry()
    app.unsaved = store.unsaved
    if outcome.saved:
        app.notify(outcome.notice or SAVED_AT_LAST, title="Saved", timeout=10, markup=False)
    elif outcome.can_write_back:
        ask_to_write_back(app)


def tell(app: StepdownApp, outcome: SaveOutcome) -> None:
    """Say what became of a save the user made: a notice, or why it failed."""
    # The words name the file's path, which may hold characters markup would eat.
    if outcome.saved and outcome.notice:
        app.notify(outcome.notice, title="Saved", timeout=12, markup=False)
    elif not outcome.saved and outcome.message:
        app.notify(outcome.message, title="Not saved", severity="error", timeout=15, markup=False)


def ask_to_write_back(app: StepdownApp) -> None:
    """Ask whether to write the app's journal over the broken file; do it on yes."""
    from stepdown.ui.dialogs.confirm import ConfirmScreen

    def answered(yes: bool | None) -> None:
        app.asking_write_back = False
        if not yes:
            return
        outcome = app.store.write_back()
        app.unsaved = app.store.unsaved
        if outcome.saved:
            words = outcome.message or outcome.notice or "Stepdown's copy is written back."
            app.notify(words, title="Saved", timeout=15, markup=False)
        else:
            tell(app, outcome)

    if app.asking_write_back:
        return
    app.asking_write_back = True
    question = WRITE_BACK_QUESTION.format(path=app.store.path)
    app.push_screen(ConfirmScreen(question, yes="Write it back", no="Not now"), answered)
