"""The journal file as the app sees it: loaded at open, changed only through update().

Every change is saved at once, while holding the journal's writers' lock (store/lock.py),
which no store keeps between saves: the app and a command run beside it, or two app
windows, write the one journal in turn. A save never overwrites what another program
or another Stepdown wrote in the meantime: the store reads the file under the lock,
replays the changes not yet saved on top of it, writes the result and says so
(`SaveOutcome.notice`). An open app calls `refresh()` every second or so to show what
another writer saved. A change that cannot be saved
stays in memory, pending, and goes out with the next update() or retry(). When another
program broke or emptied the file, the store still holds the whole journal and can
write it back (`write_back`), the broken file kept beside it.

When the path comes to name another file (the journal replaced by a symlink to another
journal, or its folder now on another device), that file is treated as a new one: its
own lock is taken and it is read again before anything is written to it.

Loading is loading.py's; saving, with what the store last knew of the file and the
changes not saved yet, is draft.py's (`Draft`), where what remains of the race with
another program is told (`Draft.save`). This module holds the two together: the mark
that the journal is open, the status, when to save, and reading another writer's save.

Three things keep a large journal quick: the Encoder writes and proves only the
records a change touched; the cache (cache.py) spares the TOML parse when it holds the
file's exact bytes; and from the cache, the records Today needs are read first
(`recent`), the rest only when the whole journal is first asked for.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Literal

from stepdown.clock import Clock
from stepdown.domain.journal import SCHEMA, Journal
from stepdown.domain.recent import RecentPart
from stepdown.store import outcome
from stepdown.store.codec import FileError, InvalidJournal
from stepdown.store.draft import Draft
from stepdown.store.held_file import HeldFile, Stamp
from stepdown.store.load import read_seen
from stepdown.store.loading import Loaded, digest, load_journal
from stepdown.store.log import log_swallowed
from stepdown.store.merge import replay
from stepdown.store.outcome import Change, SaveOutcome, newer_schema_message

__all__ = ["Change", "JournalStore", "SaveOutcome"]

Status = Literal["missing", "ready", "read_only", "invalid"]


class JournalStore:
    """The journal file as the app sees it: loaded once, changed only through update().

    Attributes:
        path: the data file as given (it may be a symlink; saves write through it).
        status: "missing" (no file yet; the first save creates it), "ready",
            "read_only" (see `read_only_reason`) or "invalid" (see `errors`).
        read_only_reason: why, in words, when the status is "read_only".
        errors: every problem found in the file, when the status is "invalid".
    """

    def __init__(self, path: Path, clock: Clock) -> None:
        """An unopened store; use JournalStore.open()."""
        self.path = path
        self._clock = clock
        self._file = HeldFile(path)
        self._mutex = threading.Lock()
        self._closed = False
        # What the file held when it was loaded or last saved, and the changes not
        # saved yet on top of it; it saves them.
        self._draft = Draft(
            self._file, clock, on_read_only=self._read_only, on_written=self._written
        )
        self.status: Status = "missing"
        self.read_only_reason: str | None = None
        self._stamp: Stamp | None = None
        """The file's stat when it was last read; None after a save, so the next
        `refresh()` reads it (by then another writer may have saved after ours)."""
        self.errors: tuple[FileError, ...] = ()

    @classmethod
    def open(cls, path: Path, clock: Clock) -> JournalStore:
        """Load the journal at `path` and mark it open; never raises for a bad or
        missing file, or one whose lock cannot be taken."""
        store = cls(path, clock)
        store._file.mark_open()
        store._load()
        return store

    @property
    def journal(self) -> Journal:
        """The current journal in memory, including changes not saved yet: the whole of
        it, which for a journal opened recent-first is completed here when first asked
        for (about 40 ms at ten years of records)."""
        return self._draft.journal

    @property
    def recent(self) -> RecentPart:
        """Every record Today shows (domain/recent.py), at once: the whole journal when
        it is complete, else its settings, plan and contacts with the records of the
        past week. For reading only: a change cannot be built on it."""
        return self._draft.recent

    @property
    def saved_recent(self) -> RecentPart:
        """What the file held when it was last loaded or saved, as `recent` is: at least
        every record Today shows. Compared with `recent`, it tells what is not saved yet."""
        return self._draft.saved_recent

    @property
    def writable(self) -> bool:
        """Whether changes can be saved: the file is missing or loaded, and ours to write."""
        return self.status in ("missing", "ready")

    @property
    def unsaved(self) -> bool:
        """Whether the journal in memory holds changes that are not on disk yet."""
        return bool(self._draft.pending)

    def update(self, change: Change) -> SaveOutcome:
        """Apply `change` to the journal and save at once.

        When the store is not writable, nothing changes, in memory or on disk.
        """
        with self._mutex:
            if not self.writable:
                return SaveOutcome(False, self._not_writable_message())
            return self._draft.update(change)

    def retry(self) -> SaveOutcome:
        """Save the changes that earlier saves could not write."""
        with self._mutex:
            if not self.writable:
                return SaveOutcome(False, self._not_writable_message())
            if not self._draft.pending:
                return SaveOutcome(True)
            return self._draft.save()

    def refresh(self) -> bool:
        """Take in what another writer saved since the store last read or wrote the
        file: read it again and replay the changes not saved yet on it, as a save
        would. True when the journal in memory changed (a screen should redraw).

        Cheap when nothing changed (one stat), so the open app calls it every second or
        so. A file that is missing, has errors, or that the path no longer names is left
        for the next save, which says what became of it."""
        with self._mutex:
            if self.status not in ("ready", "read_only") or self._closed:
                return False
            stamp = self._file.stamp()
            if stamp is None or stamp == self._stamp:
                return False
            self._stamp = stamp
            try:
                if self._file.moved_to() is not None:
                    return False
                with read_seen(self._file.real_path) as seen:
                    if seen.data is None or digest(seen.data) == self._draft.disk_digest:
                        return False  # our own save
                loaded = load_journal(self._file.real_path, self._clock)
            except (OSError, InvalidJournal):
                log_swallowed("%s changed and could not be read again", self.path)
                return False
            if loaded.data is None:
                return False
            self._took(loaded)
            return True

    def write_back(self) -> SaveOutcome:
        """Write the journal in memory, with its pending changes, over a file another
        program broke or emptied, keeping that file beside it as restore.py does
        (`<name>.broken-YYYYMMDD-HHMMSS`). A file that opens without errors by now is
        not replaced: the changes are saved on top of it as by retry()."""
        with self._mutex:
            if not self.writable:
                return SaveOutcome(False, self._not_writable_message())
            return self._draft.write_back()

    def prepare_save(self) -> None:
        """Complete the journal, and write and prove the file's text for it now, so that
        the next save only writes what changed. After a file Stepdown did not write
        (edited by hand, or opened without its cache) the first save would otherwise
        write and prove every record, about 370 ms at 1 year, on a key press. For a
        worker thread: a save waits for it, and it changes nothing on disk or in memory."""
        self._draft.complete()
        with self._mutex:
            if not self.writable:
                return
            try:
                self._draft.encoder.encode(self.journal)
            except ValueError:  # TOML cannot hold it: the save will say so
                log_swallowed("The journal cannot be written as TOML")

    def close(self) -> None:
        """No longer mark the journal open; the store saves nothing after this."""
        with self._mutex:
            self._draft.backups.wait()
            self._closed = True
            self._file.close()
            if self.writable:
                self._become_read_only("This journal has been closed.")

    # Loading

    def _load(self) -> None:
        stamp = self._file.stamp()
        try:
            loaded = load_journal(self._file.real_path, self._clock)
        except OSError as error:
            self._become_invalid(
                (FileError(f"Cannot read {self.path}: {error.strerror or error}."),)
            )
            return
        except InvalidJournal as error:
            self._become_invalid(error.errors)
            return
        self._stamp = stamp
        self._draft.loaded(loaded)
        with self._file.settling() as refused:
            if loaded.journal.schema > SCHEMA:
                self._become_read_only(newer_schema_message(loaded.journal.schema))
            elif refused is not None:
                self._become_read_only(refused)
            else:
                self.status = "missing" if loaded.data is None else "ready"
                if loaded.parsed and loaded.digest is not None:
                    self._draft.cache(loaded.digest)

    def _took(self, loaded: Loaded) -> None:
        """Another writer saved what `loaded` holds: it is what the file holds now, and
        the changes not saved yet are replayed on it."""
        self._draft.forget()
        self._file.note_device()
        self._draft.loaded(loaded)
        if loaded.journal.schema > SCHEMA:
            self._become_read_only(newer_schema_message(loaded.journal.schema))
            return
        if not self._draft.pending:
            return
        try:
            self._draft.journal = replay(self._draft.pending, self.journal)
        except Exception:
            # They do not fit what the file holds now: the next save tries again and
            # says so, and they stay in this window (see merge.merge_edit).
            log_swallowed("The unsaved changes do not fit the file read again")
            self._draft.disk_digest = None

    # The store's state

    def _read_only(self, reason: str) -> None:
        """The draft found the file can no longer be written."""
        self._become_read_only(reason)

    def _written(self) -> None:
        """The draft put the file in place."""
        self.status = "ready"
        self._stamp = None

    def _become_invalid(self, errors: tuple[FileError, ...]) -> None:
        self.status = "invalid"
        self.errors = errors

    def _become_read_only(self, reason: str) -> None:
        self.status = "read_only"
        self.read_only_reason = reason

    def _not_writable_message(self) -> str:
        if self.status == "invalid":
            return outcome.invalid_message(self.path)
        return self.read_only_reason or "This journal is read-only."
