"""The journal file as the app sees it: loaded once under a lock, changed only through update().

Every change is saved at once. A save never overwrites what another program wrote in
the meantime: the store reloads the file, replays the changes not yet saved on top of
it, writes the result and says so (`SaveOutcome.notice`). A change that cannot be saved
stays in memory, pending, and goes out with the next update() or retry(). When another
program broke or emptied the file, the store still holds the whole journal and can
write it back (`write_back`), the broken file kept beside it.

When the path comes to name another file (the journal replaced by a symlink to another
journal, or its folder now on another device), that file is treated as a new one: its
own lock is taken and it is read again before anything is written to it.

What remains of the race with another program: see `JournalStore._write_pending`.

Three things keep a large journal quick: the Encoder writes and proves only the
records a change touched; the cache (cache.py) spares the TOML parse when it holds the
file's exact bytes; and from the cache, the records Today needs are read first
(`recent`), the rest only when the whole journal is first asked for.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from stepdown.clock import Clock
from stepdown.domain.journal import SCHEMA, Journal
from stepdown.domain.recent import RecentPart
from stepdown.store import files, outcome
from stepdown.store.cache import write_cache
from stepdown.store.codec import FileError, InvalidJournal
from stepdown.store.held_file import LOCKED_MESSAGE, HeldFile
from stepdown.store.load import read_seen
from stepdown.store.loading import Rest, load_journal
from stepdown.store.loading import digest as _digest
from stepdown.store.lock import LockBusy, LockUnavailable
from stepdown.store.log import log_swallowed
from stepdown.store.merge import Merged, merge_edit, merge_late, opens, replay
from stepdown.store.outcome import MERGED_NOTICE, Change, SaveOutcome, newer_schema_message
from stepdown.store.rows import JournalRows
from stepdown.store.writing import Backups, put_back

if TYPE_CHECKING:
    from stepdown.store.encoder import Encoder

__all__ = ["LOCKED_MESSAGE", "Change", "JournalStore", "SaveOutcome"]

Status = Literal["missing", "ready", "read_only", "invalid"]

SAVE_ATTEMPTS = 5
"""How often one save reads the file again because another program wrote to it while the
save was under way, before it gives up for now (the change kept, saved at the next try)."""


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
        self._backups = Backups()
        self._mutex = threading.Lock()
        self._completing = threading.Lock()
        self._pending: list[Change] = []
        self._forget()

    def _forget(self) -> None:
        """Back to knowing nothing of the file: before a load, or a load again."""
        self._journal = Journal()
        self._rest: Rest | None = None
        """Set while a journal opened recent-first has records still to read."""
        self.status: Status = "missing"
        self.read_only_reason: str | None = None
        self._locked_out = False
        self.errors: tuple[FileError, ...] = ()
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
    def recent(self) -> RecentPart:
        """Every record Today shows (domain/recent.py), at once: the whole journal when
        it is complete, else its settings, plan and contacts with the records of the
        past week. For reading only: a change cannot be built on it."""
        return RecentPart(self._journal)

    @property
    def saved_recent(self) -> RecentPart:
        """What the file held when it was last loaded or saved, as `recent` is: at least
        every record Today shows. Compared with `recent`, it tells what is not saved yet."""
        return RecentPart(self._disk_journal)

    @property
    def writable(self) -> bool:
        """Whether changes can be saved: the file is missing or loaded, and ours to write."""
        return self.status in ("missing", "ready")

    @property
    def unsaved(self) -> bool:
        """Whether the journal in memory holds changes that are not on disk yet."""
        return bool(self._pending)

    @property
    def locked_out(self) -> bool:
        """Whether the store is read-only only because another Stepdown holds the lock."""
        return self.status == "read_only" and self._locked_out

    def update(self, change: Change) -> SaveOutcome:
        """Apply `change` to the journal and save at once.

        When the store is not writable, nothing changes, in memory or on disk.
        """
        with self._mutex:
            if not self.writable:
                return SaveOutcome(False, self._not_writable_message())
            self.journal = change(self.journal)
            self._pending.append(change)
            if len(self._pending) > 1 and self.journal == self._disk_journal:
                # The change took back what a failed save still held (an undo): the file
                # holds this journal already, so there is nothing left to write.
                self._pending.clear()
                return SaveOutcome(True)
            return self._save()

    def retry(self) -> SaveOutcome:
        """Save the changes that earlier saves could not write."""
        with self._mutex:
            if not self.writable:
                return SaveOutcome(False, self._not_writable_message())
            if not self._pending:
                return SaveOutcome(True)
            return self._save()

    def take_over(self) -> bool:
        """When `locked_out`, try the lock once, without waiting; once it is ours, read
        the file again as at open (changes kept meanwhile are replayed on it, to be saved
        by the next retry()) and say True. Cheap enough to call every few seconds."""
        with self._mutex:
            if not self.locked_out:
                return False
            try:
                self._file.lock.acquire()
            except (LockBusy, LockUnavailable):
                return False
            self._reload()
            return True

    def write_back(self) -> SaveOutcome:
        """Write the journal in memory, with its pending changes, over a file another
        program broke or emptied, keeping that file beside it as restore.py does
        (`<name>.broken-YYYYMMDD-HHMMSS`). A file that opens without errors by now is
        not replaced: the changes are saved on top of it as by retry()."""
        with self._mutex:
            if not self.writable:
                return SaveOutcome(False, self._not_writable_message())
            try:
                return self._write_back()
            except OSError as error:
                return outcome.write_back_failed(self.path, error)

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
            try:
                self._encoder.encode(self.journal)
            except ValueError:  # TOML cannot hold it: the save will say so
                log_swallowed("The journal cannot be written as TOML")

    def close(self) -> None:
        """Release the lock; the store saves nothing after this."""
        with self._mutex:
            self._backups.wait()
            self._file.lock.release()
            if self.writable or self._locked_out:
                self._become_read_only("This journal has been closed.")

    # Loading

    def _load(self) -> None:
        # The lock comes first so no other Stepdown can write between our read and save.
        locked_out = self._file.refused or self._file.take_lock()
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
        self._journal, self._rest = loaded.journal, loaded.rest
        self._disk_digest = loaded.digest
        self._disk_journal = self._journal  # the whole one too, once it is complete
        if self._journal.schema > SCHEMA:
            self._become_read_only(newer_schema_message(self._journal.schema))
        elif locked_out is not None:
            self._become_read_only(locked_out, locked_out=locked_out == LOCKED_MESSAGE)
        else:
            self.status = "missing" if loaded.data is None else "ready"
            if self._file.lock.held:
                files.remove_stale_temps(self._file.real_path)
                if loaded.parsed and loaded.digest is not None:
                    row = self._rows.row(self._journal)
                    write_cache(self._file.real_path, loaded.digest, row, None)

    def _reload(self) -> None:
        """Read the file again as at open, replaying the changes kept meanwhile on it."""
        with self._completing:
            self._forget()
        self._file.note_device()
        self._load()
        if not self._pending or self.status == "invalid":
            return
        try:
            self.journal = replay(self._pending, self.journal)
        except Exception:
            # They do not fit what the file holds now: the next save tries again and
            # says so, and they stay in this window (see merge.merge_edit).
            log_swallowed("The unsaved changes do not fit the file read again")
            self._disk_digest = None

    def _complete(self) -> None:
        """Read the rest of a journal opened recent-first; harmless when there is none."""
        with self._completing:
            rest = self._rest
            if rest is None:
                return
            whole, spans = rest.whole()
            if spans is not None:
                self._encoder.prime(whole, rest.data, spans)
            self._journal = self._disk_journal = whole
            self._rest = None

    # The lock and the store's state

    def _hold_lock(self) -> str | None:
        """Make sure the lock is ours before writing; why it cannot be, or None."""
        reason = self._file.hold_lock()
        if reason is not None:
            self._become_read_only(reason, locked_out=reason == LOCKED_MESSAGE)
        return reason

    def _become_invalid(self, errors: tuple[FileError, ...]) -> None:
        self.status = "invalid"
        self.errors = errors
        self._file.lock.release()

    def _become_read_only(self, reason: str, *, locked_out: bool = False) -> None:
        self.status = "read_only"
        self.read_only_reason = reason
        self._locked_out = locked_out
        self._file.lock.release()

    def _not_writable_message(self) -> str:
        if self.status == "invalid":
            return outcome.invalid_message(self.path)
        return self.read_only_reason or "This journal is read-only."

    # The path naming another file

    def _follow(self, real: Path) -> tuple[str, str | None]:
        """Treat the file the path now names as a new one (HeldFile.follow), and forget
        what the old file held, so the save reads the new file and replays the pending
        changes on it. What to tell the user, and why the new file cannot be written
        (its lock is busy), or None."""
        said, reason = self._file.follow(real)
        # The new file is another program's edit as far as the merge goes: it is read,
        # and the pending changes are replayed on what it holds.
        self._disk_digest = None
        self._disk_journal = Journal()
        if reason is not None:
            self._become_read_only(
                f"{said}, but another Stepdown has it open, so this one is read-only.",
                locked_out=reason == LOCKED_MESSAGE,
            )
            return said, self.read_only_reason
        return said, None

    # Saving

    def _save(self) -> SaveOutcome:
        """Write the journal with every pending change; keep them pending if it fails."""
        try:
            return self._write_pending()
        except files.BackupFailed as error:
            return outcome.backup_failed(self.path, error)
        except OSError as error:
            return outcome.save_failed(self.path, error)

    def _write_pending(self) -> SaveOutcome:
        """Save the journal with the pending changes, built on what the file holds now.

        Another program's write is noticed three ways: the file's bytes differ from what
        the store last read or wrote (it is merged: the pending changes are replayed on
        it); right before the rename, the path no longer names the file read, unwritten
        (the file is read and merged again, up to SAVE_ATTEMPTS times); and right after,
        the file just replaced was written to since it was read (an appender that opened
        it before the rename: its bytes are merged and written once more).

        What remains, as POSIX has no rename that fails when its target changed: another
        program that renames its own file into place between the last check, which
        files.replace_file makes once the new file is written and synced, and the rename
        (a window of microseconds) loses its edit; so does a write into the replaced
        file after the check that follows the rename, by a program that opened it
        before; and an edit that keeps the file's size and lands within the file
        system's timestamp granularity goes unseen by the two stat checks (the digest
        still sees it at the next save's read).
        """
        notice: str | None = None
        moved = self._file.moved_to()
        if moved is not None:
            said, refused = self._follow(moved)
            notice = f"{said} and added your change to it."
            if refused is not None:
                return SaveOutcome(False, f"{refused} Your change is kept, not saved yet.")
        if (reason := self._hold_lock()) is not None:
            return SaveOutcome(False, f"{reason} Your change was not saved.")
        merged_late: bytes | None = None
        """What this save wrote, when it went on to merge a late write into the file it
        replaced: the next read finding these bytes is not another edit."""
        for _ in range(SAVE_ATTEMPTS):
            with read_seen(self._file.real_path) as seen:
                on_disk = seen.data
                if merged_late is None or on_disk != merged_late:
                    refused_outcome = self._build_on(on_disk, moved is not None)
                    if isinstance(refused_outcome, SaveOutcome):
                        return refused_outcome
                    notice = notice or refused_outcome
                if (
                    self.journal.is_empty
                    and on_disk is not None
                    and not self._disk_journal.is_empty
                ):
                    self._drop_last_change()
                    return outcome.empty_refused(self.path)
                try:
                    text = self._encoder.encode(self.journal).encode("utf-8")
                except ValueError as error:
                    self._drop_last_change()
                    return SaveOutcome(
                        False, f"This change cannot be written to the file: {error}."
                    )
                if on_disk is not None:
                    self._backups.keep(self._file.real_path, on_disk, self._clock.today())
                try:
                    files.replace_file(
                        self._file.real_path, text, still_same=lambda: self._file.still_names(seen)
                    )
                except files.Raced:
                    continue  # written to meanwhile: read it again and build on that
                changes = list(self._pending)
                self._saved(text)
                late = seen.written_since()
            if late is None:
                return SaveOutcome(True, notice=notice)
            merged = merge_late(self.path, self._file.real_path, late, text, changes)
            if merged is None:
                return SaveOutcome(True, notice=notice)
            self._pending = changes
            self._took(late, merged)
            notice = MERGED_NOTICE if notice is None else notice
            merged_late = text
        return outcome.kept_changing(self.path)

    def _build_on(self, on_disk: bytes | None, moved: bool) -> SaveOutcome | str | None:
        """Replay the pending changes on what the file holds, when another program
        changed it: a refusal, or what to tell the user, or None (nothing to tell)."""
        if on_disk is not None and _digest(on_disk) != self._disk_digest:
            # Only a journal loaded from the file (or saved to it) is whole enough to
            # put back in its place; a change made on a missing file is not.
            back = not moved and self._disk_digest is not None
            result = merge_edit(self.path, on_disk, self._pending, can_write_back=back)
            if isinstance(result, Merged):
                self._took(on_disk, result)
                return MERGED_NOTICE
            if result.read_only is not None:
                self._become_read_only(result.read_only)
            return result.outcome
        if on_disk is None and self._disk_digest is not None:
            # A file deleted behind our back is written again from memory: the journal
            # in memory holds everything the file held, so nothing entered is lost.
            return f"{self.path} was deleted by another program; Stepdown wrote it again."
        return None

    def _saved(self, text: bytes) -> None:
        """`text` is in place: it is what the file holds, with every pending change."""
        self._disk_digest = hashlib.sha256(text).digest()
        self._disk_journal = self.journal
        self._pending.clear()
        self.status = "ready"
        self._file.note_device()
        row = self._rows.row(self.journal)
        write_cache(self._file.real_path, self._disk_digest, row, self._encoder.spans)

    def _write_back(self) -> SaveOutcome:
        moved = self._file.moved_to()
        if moved is not None:
            return self._write_pending()
        if (reason := self._hold_lock()) is not None:
            return SaveOutcome(False, f"{reason} Nothing was written.")
        with read_seen(self._file.real_path) as seen:
            broken = seen.data
            if broken is None or opens(broken):
                return self._write_pending()
            if self.journal.is_empty:
                return SaveOutcome(False, "Stepdown's copy is empty, so nothing was written.")
            try:
                text = self._encoder.encode(self.journal).encode("utf-8")
            except ValueError as error:
                return SaveOutcome(False, f"Stepdown's copy cannot be written: {error}.")
            kept = put_back(self._file, broken, text, seen, self._clock.now())
            if kept is None:
                return outcome.write_back_raced(self.path)
            self._saved(text)
        return outcome.written_back(self.path, kept)

    def _took(self, on_disk: bytes, merged: Merged) -> None:
        """The file holds `on_disk`, another program's edit; the journal in memory is
        the pending changes built on it."""
        self._disk_digest = _digest(on_disk)
        self._disk_journal, self.journal = merged

    def _drop_last_change(self) -> None:
        """Undo the change just made: saving it was refused, and retrying cannot help."""
        self._pending.pop()
        self.journal = replay(self._pending, self._disk_journal)
