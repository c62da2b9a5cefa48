"""Opening the journal: what its state calls for (its errors, the welcome, or Today),
and reading it again once the user fixed it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stepdown.store.journal_store import JournalStore
from stepdown.ui.appearance import show_motion, show_saved_theme

if TYPE_CHECKING:
    from stepdown.ui.app import StepdownApp


def open_journal(app: StepdownApp) -> None:
    """Show what the journal's state calls for: its errors, the welcome, or Today."""
    show_saved_theme(app)
    show_motion(app)
    store = app.store
    # Screens other than Today are imported when first shown: the first frame waits
    # for every module imported before it.
    if store.status == "invalid":
        from stepdown.ui.screens.invalid_file import InvalidFileScreen

        app.push_screen(InvalidFileScreen(store.path, store.errors))
    elif store.status == "missing":
        from stepdown.ui.screens.welcome import WelcomeScreen

        def welcomed(started: bool | None) -> None:
            if started:
                app.switch_mode("today")

        app.push_screen(WelcomeScreen(store.path), welcomed)
    else:
        app.switch_mode("today")
        # After the first frame, in a thread: the rest of the journal is read, and
        # the first save then writes only its change.
        app.call_after_refresh(prepare_save_later, app)
        if store.read_only_reason:
            app.notify(store.read_only_reason, title="Read-only", timeout=12, markup=False)


def prepare_save_later(app: StepdownApp) -> None:
    """Read the rest of the journal in a thread, so the first save writes only its change."""
    app.run_worker(app.store.prepare_save, thread=True, group="store")


def reload(app: StepdownApp) -> None:
    """Read the file again (after the user fixed it) and show what it calls for."""
    app.store.close()
    app.store = JournalStore.open(app.store.path, app.clock)
    app.pop_screen()
    open_journal(app)
