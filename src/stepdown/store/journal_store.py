"""The journal file as the app sees it: loaded once under a lock, changed only through update().

Every change is saved at once. A save never overwrites what another program wrote in
the meantime: the store reloads the file, replays the changes not yet saved on top of
it, and writes the result. A change that cannot be saved stays in memory, pending, and
goes out with the next update() or retry().

Three things keep a large journal quick: the Encoder writes and proves only the
records a change touched; the cache beside the file (cache.py) spares the TOML parse
when it holds the file's exact bytes; and from the cache, the records Today needs are
read first (`recent`), the rest only when the whole journal is first asked for.
"""

from __future__ import annotations

import gc
import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import reduce
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from stepdown.clock import Clock
from stepdown.domain.journal import SCHEMA, Journal
from stepdown.domain.recent import recent_since
from stepdown.store import files
from stepdown.store.cache import read_cache, write_cache
from stepdown.store.codec import FileError, InvalidJournal, decode
from stepdown.store.lock import JournalLock, LockBusy, LockUnavailable
from stepdown.store.rows import JournalRows, RowsJournal

if TYPE_CHECKING:
    from stepdown.store.encoder import Encoder

Status = Literal["missing", "ready", "read_only", "invalid"]

Change = Callable[[Journal], Journal]
"""A change the user made: a pure function from one journal to the next.

It may be applied again, on top of a file another program edited meanwhile, so it
must depend on nothing but its argument and what it captured, and should say what
the user meant ("the 08:00 dose of 25 November was taken") rather than where
("replace doses[12]").
"""

LOCKED_MESSAGE = "Another Stepdown has this file open, so this one is read-only."


def newer_schema_message(schema: int) -> str:
    """Why a file written by a newer Stepdown is read-only."""
    return (
        f"This file was written by a newer Stepdown (schema {schema}); "
        "it is opened read-only and never rewritten."
    )


@dataclass(frozen=True)
class SaveOutcome:
    """What became of a change: saved to disk, or not and why (words for the user)."""

    saved: bool
    message: str | None = None


def _digest(data: bytes | None) -> bytes | None:
    return None if data is None else hashlib.sha256(data).digest()


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a journal is read.

    A read makes a great many objects and no reference cycles; the collector's passes
    over them, triggered by their number alone, cost a large journal a third of its
    load time and find nothing. They are collected as usual afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Rest(NamedTuple):
    """What completes a journal opened from its cache recent-first."""

    rows: RowsJournal
    data: bytes
    """The file's bytes: the Encoder is primed with them, and they are parsed if the
    cache's older rows cannot be read after all."""
    spans: tuple[int, ...] | None


def _read(path: Path) -> bytes | None:
    """The file's bytes, or None when there is no file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


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
        self._journal = Journal()
        self._rest: _Rest | None = None
        """Set while a journal opened recent-first has records still to read."""
        self._completing = threading.Lock()
        self.status: Status = "missing"
        self.read_only_reason: str | None = None
        self.errors: tuple[FileError, ...] = ()
        self._clock = clock
        self._real_path = Path(os.path.realpath(path))
        self._lock = JournalLock(self._real_path)
        self._mutex = threading.Lock()
        self._pending: list[Change] = []
        # What the file held when it was loaded or last saved: its digest (None when
        # there was no file) and its journal, to notice and merge another program's edit.
        self._disk_digest: bytes | None = None
        self._disk_journal = Journal()
        self._encoder_made: Encoder | None = None
        # Keeps each record's row, so a save can rewrite the cache without converting
        # the whole journal again.
        self._rows = JournalRows()

    @property
    def _encoder(self) -> Encoder:
        """The Encoder of this file's text, made when first needed: a journal opened
        from its cache needs none before its first save, and the first frame waits
        for every module imported before it."""
        if self._encoder_made is None:
            from stepdown.store.encoder import Encoder

            self._encoder_made = Encoder()
        return self._encoder_made

    @classmethod
    def open(cls, path: Path, clock: Clock) -> JournalStore:
        """Lock and load the journal at `path`; never raises for a bad, missing or locked file."""
        store = cls(path, clock)
        store._load()
        return store

    @property
    def journal(self) -> Journal:
        """The current journal in memory, including changes not saved yet: the whole of
        it, which for a journal opened recent-first is completed here when first asked
        for (about 40 ms at ten years of records)."""
        if self._rest is not None:
            self._complete()
        return self._journal

    @journal.setter
    def journal(self, journal: Journal) -> None:
        self._journal = journal

    @property
    def recent(self) -> Journal:
        """A journal with every record Today shows (domain/recent.py), at once: the
        whole journal when it is complete, else its settings, plan and contacts with
        the records of the past week. Only for drawing Today; never for a change."""
        return self._journal

    @property
    def writable(self) -> bool:
        """Whether changes can be saved: the file is missing or loaded, and ours to write."""
        return self.status in ("missing", "ready")

    @property
    def unsaved(self) -> bool:
        """Whether the journal in memory holds changes that are not on disk yet."""
        return bool(self._pending)

    def update(self, change: Change) -> SaveOutcome:
        """Apply `change` to the journal and save at once.

        When the store is not writable, nothing changes, in memory or on disk.
        """
        with self._mutex:
            if not self.writable:
                return SaveOutcome(False, self._not_writable_message())
            self.journal = change(self.journal)
            self._pending.append(change)
            return self._save()

    def retry(self) -> SaveOutcome:
        """Save the changes that earlier saves could not write."""
        with self._mutex:
            if not self.writable:
                return SaveOutcome(False, self._not_writable_message())
            if not self._pending:
                return SaveOutcome(True)
            return self._save()

    def prepare_save(self) -> None:
        """Complete the journal, and write and prove the file's text for it now, so that
        the next save only writes what changed. After a file Stepdown did not write
        (edited by hand, or opened without its cache) the first save would otherwise
        write and prove every record, about 370 ms at 1 year, on a key press. For a
        worker thread: a save waits for it, and it changes nothing on disk or in memory."""
        self._complete()
        with self._mutex:
            if not self.writable:
                return
            with suppress(ValueError):  # TOML cannot hold it: the save will say so
                self._encoder.encode(self.journal)

    def close(self) -> None:
        """Release the lock; the store saves nothing after this."""
        with self._mutex:
            self._lock.release()
            if self.writable:
                self.status = "read_only"
                self.read_only_reason = "This journal has been closed."

    def _load(self) -> None:
        # The lock comes first so no other Stepdown can write between our read and save.
        locked_out = self._take_lock()
        try:
            data = _read(self._real_path)
        except OSError as error:
            self._become_invalid(
                (FileError(f"Cannot read {self.path}: {error.strerror or error}."),)
            )
            return
        digest = _digest(data)
        parsed = False
        if data is not None and digest is not None:
            try:
                self._journal, parsed = self._decode(data, digest)
            except InvalidJournal as error:
                self._become_invalid(error.errors)
                return
        self._disk_digest = digest
        self._disk_journal = self._journal  # the whole one too, once it is complete
        if self._journal.schema > SCHEMA:
            self._become_read_only(newer_schema_message(self._journal.schema))
        elif locked_out is not None:
            self._become_read_only(locked_out)
        else:
            self.status = "missing" if data is None else "ready"
            if self._lock.held:
                files.remove_stale_temps(self._real_path)
                if parsed and digest is not None:
                    write_cache(self._real_path, digest, self._rows.row(self._journal), None)

    def _decode(self, data: bytes, digest: bytes) -> tuple[Journal, bool]:
        """The journal in `data`, and whether the file was parsed (False: the cache had it).

        The cache is used only when it holds these exact bytes; from it, only the
        recent part is read now (see `recent`). Otherwise the file is parsed, and its
        errors, if any, are raised as InvalidJournal with their lines.
        """
        with _cycle_collector_paused():
            cached = read_cache(self._real_path, digest)
            if cached is not None:
                with suppress(Exception):  # a cache is never a reason to fail
                    opened = RowsJournal(cached.row, recent_since(self._clock.today()))
                    self._rest = _Rest(opened, data, cached.spans)
                    return opened.recent, False
            return decode(data), True

    def _complete(self) -> None:
        """Read the rest of a journal opened recent-first; harmless when there is none."""
        with self._completing:
            rest = self._rest
            if rest is None:
                return
            with _cycle_collector_paused():
                try:
                    whole = rest.rows.whole()
                except Exception:  # the cache's older rows: the file has it all
                    whole = decode(rest.data)
                    rest = rest._replace(spans=None)
            if rest.spans is not None:
                self._encoder.prime(whole, rest.data, rest.spans)
            self._journal = self._disk_journal = whole
            self._rest = None

    def _take_lock(self) -> str | None:
        """Take the lock if the folder exists yet; why we could not, or None."""
        if not self._real_path.parent.is_dir():
            return None  # taken at the first save, which creates the folder
        try:
            self._lock.acquire()
        except LockBusy:
            return LOCKED_MESSAGE
        except LockUnavailable as error:
            return f"Stepdown cannot lock this file ({error}), so it is opened read-only."
        return None

    def _become_invalid(self, errors: tuple[FileError, ...]) -> None:
        self.status = "invalid"
        self.errors = errors
        self._lock.release()

    def _become_read_only(self, reason: str) -> None:
        self.status = "read_only"
        self.read_only_reason = reason
        self._lock.release()

    def _not_writable_message(self) -> str:
        if self.status == "invalid":
            return (
                f"{self.path} has errors, so Stepdown does not change it. "
                "Fix them (`stepdown check` lists them) and start Stepdown again."
            )
        return self.read_only_reason or "This journal is read-only."

    def _save(self) -> SaveOutcome:
        """Write the journal with every pending change; keep them pending if it fails."""
        try:
            return self._write_pending()
        except OSError as error:
            return SaveOutcome(
                False,
                f"Could not save to {self.path}: {files.plain_reason(error)}. "
                "Your change is kept; Stepdown will try again at the next change.",
            )

    def _write_pending(self) -> SaveOutcome:
        if self._lock.held and not self._lock.still_ours():
            # The folder or the lock file went away behind our back: take the lock again
            # on the file there now, so a Stepdown started meanwhile cannot write too.
            self._lock.release()
        if not self._lock.held:
            files.make_folder(self._real_path.parent)
            if (reason := self._take_lock()) is not None:
                self._become_read_only(reason)
                return SaveOutcome(False, f"{reason} Your change was not saved.")
        on_disk = _read(self._real_path)
        # A file deleted behind our back is written again from memory: the journal in
        # memory holds everything the file held, so nothing the user entered is lost.
        if on_disk is not None and _digest(on_disk) != self._disk_digest:
            refused = self._merge_external_edit(on_disk)
            if refused is not None:
                return refused
        if self.journal.is_empty and on_disk is not None and not self._disk_journal.is_empty:
            self._drop_last_change()
            return SaveOutcome(
                False,
                f"Stepdown will not replace {self.path}, which holds your entries, "
                "with an empty journal. Nothing was changed.",
            )
        try:
            text = self._encoder.encode(self.journal).encode("utf-8")
        except ValueError as error:
            self._drop_last_change()
            return SaveOutcome(False, f"This change cannot be written to the file: {error}.")
        if on_disk is not None:
            files.daily_backup(self._real_path, on_disk, self._clock.today())
        files.replace_file(self._real_path, text)
        self._disk_digest = hashlib.sha256(text).digest()
        self._disk_journal = self.journal
        self._pending.clear()
        self.status = "ready"
        row = self._rows.row(self.journal)
        write_cache(self._real_path, self._disk_digest, row, self._encoder.spans)
        return SaveOutcome(True)

    def _merge_external_edit(self, on_disk: bytes) -> SaveOutcome | None:
        """Replay the pending changes on the file another program wrote; None when merged."""
        try:
            edited = decode(on_disk)
        except InvalidJournal as error:
            first = error.errors[0] if error.errors else "it does not validate"
            return SaveOutcome(
                False,
                f"{self.path} was changed by another program and now has errors "
                f"({first}). Nothing was saved. Your change is kept; fix the file "
                "(`stepdown check` lists every error) and Stepdown will try again "
                "at the next change.",
            )
        if edited.schema > SCHEMA:
            self._become_read_only(newer_schema_message(edited.schema))
            return SaveOutcome(False, f"{self.read_only_reason} Your change was not saved.")
        try:
            merged = reduce(lambda journal, change: change(journal), self._pending, edited)
        except Exception as error:
            return SaveOutcome(
                False,
                f"{self.path} was changed by another program, and your change does not fit "
                f"on top of that edit ({error}). Nothing was saved; your change is kept "
                "in this window only.",
            )
        self._disk_digest = _digest(on_disk)
        self._disk_journal = edited
        self.journal = merged
        return None

    def _drop_last_change(self) -> None:
        """Undo the change just made: saving it was refused, and retrying cannot help."""
        self._pending.pop()
        self.journal = reduce(
            lambda journal, change: change(journal), self._pending, self._disk_journal
        )
