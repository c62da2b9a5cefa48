"""Shown instead of the app when the data file does not parse or validate.

The file is left alone unless the user chooses to put the newest valid backup, or
Stepdown's own copy of the journal (the cache, as the last save or open left it: for a
file emptied or broken by another program, it holds today's records, which the backup
made before today's first save does not), in its place; the file is then kept beside
the journal under a new name, never lost.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from stepdown.domain.format import clock_time, long_date, short_date
from stepdown.domain.journal import Journal
from stepdown.store.cache import cache_path
from stepdown.store.codec import FileError, encode
from stepdown.store.restore import Backup, BackupSearch, find_backup, restore
from stepdown.store.rows import journal_from_row
from stepdown.ui.context import stepdown
from stepdown.ui.dialogs.confirm import ConfirmScreen
from stepdown.ui.widgets.frame import AppFooter, AppHeader


def offer(search: BackupSearch | None, path: Path) -> str:
    """What the screen says about the backups: still looking, the one on offer, or none."""
    if search is None:
        return "Looking for a backup that opens without errors…"
    if search.newest is None:
        lines = [search.problem or ""]
    else:
        day = search.newest.day
        lines = [
            f"The newest backup that opens without errors is from {long_date(day)}. "
            f"Press u to restore it. This file is not lost: Stepdown keeps it in the same "
            f"folder as {path.name}.broken-<date>-<time>. Anything entered on or after "
            f"{short_date(day)} is only in that copy."
        ]
        if search.newest.wrong_clock:
            lines.append(f"Check it first: this backup was {search.newest.wrong_clock}.")
    lines += [f"Skipped {skipped.path.name}: it {skipped.reason}." for skipped in search.skipped]
    return "\n\n".join(lines)


@dataclass(frozen=True)
class CachedCopy:
    """Stepdown's own copy of the journal, from the cache, offered in the file's place."""

    journal: Journal
    written: datetime
    """When it was written: when Stepdown last opened or saved the journal."""


def read_cached_copy(path: Path) -> CachedCopy | None:
    """Stepdown's own copy of the journal at `path`, when the cache holds a whole one
    that is not empty; else None. Never raises: the copy is only an offer."""
    try:
        from stepdown.store.cache import read_cache_any

        cached = read_cache_any(Path(os.path.realpath(path)))
        if cached is None:
            return None
        journal = journal_from_row(cached.row)
        written = getattr(cached, "written", None)
        if not isinstance(written, datetime):
            written = datetime.fromtimestamp(os.stat(cache_path(path)).st_mtime)
    except Exception:
        return None
    return None if journal.is_empty else CachedCopy(journal, written)


def copy_offer(copy: CachedCopy | None, path: Path) -> str:
    """What the screen says about Stepdown's own copy, or nothing when there is none."""
    if copy is None:
        return ""
    when = f"{long_date(copy.written.date())} at {clock_time(copy.written.time())}"
    # Said in full: with no backup on offer, no paragraph above says where this file goes.
    return (
        f"Stepdown also kept its own copy of your journal, as it was when Stepdown last "
        f"opened or saved it ({when}). Press k to restore it; this file is then kept in "
        f"the same folder as {path.name}.broken-<date>-<time>."
    )


class InvalidFileScreen(Screen[None]):
    """The file's path, every error in it and how to fix it; the newest valid backup on offer."""

    DEFAULT_CSS = """
    /* The file's errors, indented in the error colour. */
    #invalid-file { padding: 1 2; }
    .file-error { color: $error; padding-left: 2; }
    #invalid-file #backup { margin-top: 1; }
    /* Stepdown's own copy, a paragraph of its own, shown only when there is one: else
       its margin alone would make the screen scroll. */
    #invalid-file #cached-copy { margin-top: 1; display: none; }
    """
    BINDINGS = [
        Binding("r", "reload", "Try again", tooltip="Open the file again, after fixing it"),
        Binding(
            "u",
            "restore",
            "Restore backup",
            tooltip="Put the newest backup that opens in place of this file, keeping this one",
        ),
        Binding(
            "k",
            "restore_copy",
            "Restore Stepdown's copy",
            tooltip="Put Stepdown's own copy in place of this file, keeping this one",
        ),
    ]

    search: reactive[BackupSearch | None] = reactive(None, init=False)
    """What the backups folder offers; None until it has been looked through."""

    cached_copy: reactive[CachedCopy | None] = reactive(None, init=False)
    """Stepdown's own copy of the journal, once found; None when there is none."""

    def __init__(self, path: Path, errors: Sequence[FileError]) -> None:
        super().__init__()
        self.path = path
        self.errors = errors

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with VerticalScroll(id="invalid-file"):
            yield Static("Stepdown can't open your journal", classes="title")
            yield Static(str(self.path), markup=False, classes="path")
            count = len(self.errors)
            yield Static(
                f"It has {count} problem{'s' if count != 1 else ''}. "
                "Stepdown has not changed the file.",
                classes="lead",
            )
            for error in self.errors:
                yield Static(f"• {error}", markup=False, classes="file-error")
            yield Static(
                "Fix it in a text editor, then press r to try again. "
                f"`stepdown check {self.path}` lists what is left to fix.",
                markup=False,
                classes="hint",
            )
            yield Static(offer(None, self.path), id="backup", markup=False)
            yield Static(id="cached-copy", markup=False)
        yield AppFooter()

    def on_mount(self) -> None:
        self.look_for_backup()

    @work(thread=True, exclusive=True)
    def look_for_backup(self) -> tuple[BackupSearch, CachedCopy | None]:
        """Each backup is read in full to be checked: seconds for a journal of years."""
        return find_backup(self.path, today=stepdown(self).clock.today()), read_cached_copy(
            self.path
        )

    @on(Worker.StateChanged)
    def backups_looked_through(self, event: Worker.StateChanged) -> None:
        result = event.worker.result
        if event.state is WorkerState.SUCCESS and result is not None:
            self.search, self.cached_copy = result

    def watch_cached_copy(self, copy: CachedCopy | None) -> None:
        words = copy_offer(copy, self.path)
        shown = self.query_one("#cached-copy", Static)
        shown.update(words)
        shown.display = bool(words)
        self.refresh_bindings()

    def watch_search(self, search: BackupSearch | None) -> None:
        self.query_one("#backup", Static).update(offer(search, self.path))
        self.refresh_bindings()

    @property
    def backup(self) -> Backup | None:
        """The backup on offer, once found."""
        return None if self.search is None else self.search.newest

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore":
            return self.backup is not None
        if action == "restore_copy":
            return self.cached_copy is not None
        return True

    def action_reload(self) -> None:
        stepdown(self).reload()

    def action_restore(self) -> None:
        backup = self.backup
        if backup is None:
            return
        question = (
            f"Replace {self.path} with the backup from {long_date(backup.day)}? "
            f"The file with errors is kept beside it; anything entered on or after "
            f"{short_date(backup.day)} is only in that copy."
        )
        if backup.wrong_clock:
            question += f" This backup was {backup.wrong_clock}."
        self.app.push_screen(
            ConfirmScreen(question, yes="Restore backup", no="Cancel"),
            lambda confirmed: self.restore_confirmed(backup, confirmed),
        )

    def restore_confirmed(self, backup: Backup, confirmed: bool | None) -> None:
        """Restore `backup` if the user said yes, then open it; or say why it was not."""
        if not confirmed:
            return
        app = stepdown(self)
        outcome = restore(self.path, backup, app.clock.now())
        # The message names paths, which may hold characters markup would eat.
        if outcome.restored:
            app.reload()
            app.notify(outcome.message, title="Backup restored", timeout=20, markup=False)
        else:
            app.notify(
                outcome.message, title="Not restored", severity="error", timeout=20, markup=False
            )

    def action_restore_copy(self) -> None:
        copy = self.cached_copy
        if copy is None:
            return
        question = (
            f"Replace {self.path} with Stepdown's own copy of your journal, from "
            f"{long_date(copy.written.date())} at {clock_time(copy.written.time())}? "
            "The file with errors is kept beside it."
        )
        self.app.push_screen(
            ConfirmScreen(question, yes="Restore Stepdown's copy", no="Cancel"),
            lambda confirmed: self.restore_copy_confirmed(copy, confirmed),
        )

    def restore_copy_confirmed(self, copy: CachedCopy, confirmed: bool | None) -> None:
        """Put `copy` in the file's place if the user said yes, as a backup is restored
        (under the lock, only while the file still has errors, the file kept aside)."""
        if not confirmed:
            return
        app = stepdown(self)
        try:
            data = encode(copy.journal).encode("utf-8")
        except ValueError as error:
            app.notify(
                f"Stepdown's copy cannot be written: {error}.",
                title="Not restored",
                severity="error",
                timeout=20,
                markup=False,
            )
            return
        as_backup = Backup(cache_path(self.path), copy.written.date(), data)
        outcome = restore(self.path, as_backup, app.clock.now())
        if outcome.restored:
            kept = (
                ""
                if outcome.kept_at is None
                else f" The file it replaced is kept as {outcome.kept_at}."
            )
            app.reload()
            app.notify(
                f"Restored Stepdown's own copy of your journal.{kept}",
                title="Journal restored",
                timeout=20,
                markup=False,
            )
        else:
            app.notify(
                outcome.message, title="Not restored", severity="error", timeout=20, markup=False
            )
