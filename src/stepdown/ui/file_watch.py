"""Watching the journal file while the app is open: what another writer saved (a
`stepdown take` in another terminal, another window) is shown within WATCH_SECONDS.

Every WATCH_SECONDS the store looks at the file (`JournalStore.refresh`: one stat when
nothing changed); when another writer saved, it reads the file again, replays the
changes this window has not saved yet on it, and the section in view is drawn again.
The app's own saves are told apart by the file's digest, so they redraw nothing.
Today, when in view, also looks whether the folder changed: a sync tool's conflict copy
may have come (ui/conflict_copies).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events

from stepdown.ui.appearance import show_motion, show_saved_theme
from stepdown.ui.conflict_copies import CopyLook
from stepdown.ui.opening import prepare_save_later

if TYPE_CHECKING:
    from stepdown.ui.app import StepdownApp

WATCH_SECONDS = 1.0
"""How often the app looks whether another writer saved the journal."""


def look_at_file(app: StepdownApp) -> None:
    """Show what another writer saved since the last look, if anything, and on Today
    the conflict copies that came or went."""
    if app.exiting:
        return
    saved_elsewhere = app.store.refresh()
    copies = getattr(app.screen, "copies", None)
    if isinstance(copies, CopyLook):
        copies.look(app.screen, app)
    if not saved_elsewhere:
        return
    app.unsaved = app.store.unsaved
    show_saved_theme(app)
    show_motion(app)
    # Each section draws from the journal when it comes into view; the one in view is
    # drawn again now (a form keeps what the user typed: see each screen's resume).
    app.screen.post_message(events.ScreenResume())
    prepare_save_later(app)
