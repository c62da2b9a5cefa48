"""Leaving a section or the app: each screen with changes asks first, quitting never
drops changes a failed save still holds without asking, and an exit nobody can answer
for (a lost terminal, a stop signal) saves everything it can and closes the journal."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from stepdown.ui.hangup import SavesAtExit, end_process_later, exit_status

if TYPE_CHECKING:
    from stepdown.ui.app import StepdownApp


@runtime_checkable
class AsksBeforeLeaving(Protocol):
    """A screen that may hold unsaved changes the user must decide about before leaving
    (its question: dialogs/leave.py, imported only when a form is opened)."""

    def before_leaving(self, leave: Callable[[], object]) -> None:
        """Call `leave` once the user has decided (at once when nothing changed), or never."""


NOT_SAVED_QUESTION = "Some changes could not be saved to {path}. Quit anyway and lose them?"


def leave_then(app: StepdownApp, go: Callable[[], object]) -> None:
    """Run `go` once every screen of the section lets the user leave it.

    Each screen that may hold unsaved changes (a dialog over the plan editor over
    Today, say) is asked in turn, the top one first; each closes itself or asks, and
    `go` runs only when the last one has let the user go.
    """
    # Help, help now or a question over the screens is closed first: going elsewhere
    # answers it, and a screen that closes itself must be the one on top.
    while app.screen.is_modal and not isinstance(app.screen, AsksBeforeLeaving):
        app.pop_screen()
    askers = [
        screen for screen in reversed(app.screen_stack) if isinstance(screen, AsksBeforeLeaving)
    ]

    def ask(index: int) -> None:
        if index == len(askers):
            go()
        else:
            askers[index].before_leaving(lambda: ask(index + 1))

    ask(0)


def exit_when_saved(app: StepdownApp) -> None:
    """Quit, but never drop changes a failed save still holds without asking."""
    store = app.store
    saved = not store.unsaved or store.retry().saved
    app.unsaved = store.unsaved
    if saved:
        app.exit()
        return

    def answered(quit_anyway: bool | None) -> None:
        if quit_anyway:
            app.exit()

    # Imported when asked: the first frame does not need it.
    from stepdown.ui.dialogs.confirm import ConfirmScreen

    question = NOT_SAVED_QUESTION.format(path=store.path)
    app.push_screen(ConfirmScreen(question, yes="Quit and lose them", no="Stay"), answered)


def leave_now(app: StepdownApp, reason: int) -> None:
    """Save what the app holds and exit, asking nothing: the terminal is gone, or the
    process was told to stop (`reason`: SIGHUP, SIGTERM, or hangup.TERMINAL_LOST)."""
    if not save_for_exit(app):
        return
    status = exit_status(reason)
    app.exit(return_code=status)
    if not app.is_headless:
        end_process_later(status)


def save_for_exit(app: StepdownApp) -> bool:
    """Save a session under way and the changes a failed save still holds, then close
    the journal; False when that was done already. Safe from any thread: the terminal
    watch calls it when the app's loop no longer answers."""
    with app.exiting_lock:
        if app.exiting:
            return False
        app.exiting = True
        for mode in app.MODES:
            try:
                stack = app.get_screen_stack(mode)
            except KeyError:  # a section never opened holds nothing
                continue
            for screen in stack:
                if isinstance(screen, SavesAtExit):
                    change = screen.change_at_exit()
                    if change is not None:
                        app.store.update(change)
        if app.store.unsaved:
            app.store.retry()
        # The journal is closed now, not after Textual's shutdown: with the terminal
        # gone, that may never end, and no Stepdown should find it open after this.
        app.store.close()
        return True
