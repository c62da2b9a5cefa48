"""The journal file as last known and the changes not saved yet on top of it: the save loop.

A `Draft` holds what the file held when the store last read or wrote it (its digest and
its journal), the journal in memory, and the changes not saved yet (`pending`). Its
`save()` writes them, built on what the file holds now: a save never overwrites what
another program wrote in the meantime (store/merge.py replays the changes on it). The
store (journal_store.py) loads the file, decides when to save and holds the status;
a Draft tells it when the file can no longer be written (`on_read_only`) and when a
save put the file in place (`on_written`).

What remains of the race with another program: see `Draft.save`.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from stepdown.clock import Clock
from stepdown.domain.journal import Journal
from stepdown.domain.recent import RecentPart
from stepdown.store import files, lock, outcome
from stepdown.store.cache import write_cache
from stepdown.store.held_file import BUSY_MESSAGE, HeldFile, cannot_lock
from stepdown.store.load import read_seen
from stepdown.store.loading import Loaded, Rest, digest
from stepdown.store.lock import LockBusy, LockUnavailable
from stepdown.store.merge import Merged, merge_edit, merge_late, opens, replay
from stepdown.store.outcome import MERGED_NOTICE, Change, SaveOutcome
from stepdown.store.rows import JournalRows
from stepdown.store.writing import Backups, put_back

if TYPE_CHECKING:
    from stepdown.store.encoder import Encoder

SAVE_ATTEMPTS = 5
"""How often one save reads the file again because another program wrote to it while the
save was under way, before it gives up for now (the change kept, saved at the next try)."""

OnReadOnly = Callable[[str], None]
"""Called with why the file can no longer be written."""


class Draft:
    """The file's content as the store last knew it, the journal in memory, and the
    changes not saved yet; `save()` and `write_back()` put them on disk, each while
    holding the writers' lock (store/lock.py): what it reads is then what it replaces.

    A journal opened from its cache recent-first (loading.py) is completed the first
    time the whole of it is asked for (`journal`, `disk_journal`): a change or a save
    never sees the recent part alone, which only `recent` and `saved_recent` hand out.

    Attributes:
        pending: the changes not on disk yet, in order.
        disk_digest: the SHA-256 of what the file held when last read or written (None
            when there was no file, or when it must be read again before a save).
    """

    def __init__(
        self,
        file: HeldFile,
        clock: Clock,
        *,
        on_read_only: OnReadOnly,
        on_written: Callable[[], None],
    ) -> None:
        """Nothing known of the file yet, no change pending."""
        self._file = file
        self._clock = clock
        self._on_read_only = on_read_only
        self._on_written = on_written
        self.backups = Backups()
        self.pending: list[Change] = []
        self._completing = threading.Lock()
        self.forget()

    def forget(self) -> None:
        """Back to knowing nothing of the file (the pending changes stay)."""
        with self._completing:
            self._journal = Journal()
            self._rest: Rest | None = None
            """Set while a journal opened recent-first has records still to read; until
            then `_journal` and `_disk_journal` are its recent part."""
            self.disk_digest: bytes | None = None
            self._disk_journal = Journal()
            self._encoder_made: Encoder | None = None
            # Keeps each record's row, so a save can rewrite the cache without
            # converting the whole journal again.
            self._rows = JournalRows()

    @property
    def journal(self) -> Journal:
        """The journal in memory, with every pending change: the whole of it."""
        if self._rest is not None:
            self.complete()
        return self._journal

    @journal.setter
    def journal(self, journal: Journal) -> None:
        self._journal = journal

    @property
    def disk_journal(self) -> Journal:
        """The whole journal the file held when last read or written."""
        if self._rest is not None:
            self.complete()
        return self._disk_journal

    @property
    def recent(self) -> RecentPart:
        """The journal in memory's records Today shows, at once (whole or not)."""
        return RecentPart(self._journal)

    @property
    def saved_recent(self) -> RecentPart:
        """The file's records Today shows, as last read or written, at once."""
        return RecentPart(self._disk_journal)

    @property
    def path(self) -> Path:
        """The data file as given, as the user's messages name it."""
        return self._file.path

    @property
    def encoder(self) -> Encoder:
        """The Encoder of this file's text, made when first needed: a journal opened
        from its cache needs none before its first save, and the first frame waits
        for every module imported before it."""
        if self._encoder_made is None:
            from stepdown.store.encoder import Encoder

            self._encoder_made = Encoder()
        return self._encoder_made

    def loaded(self, loaded: Loaded) -> None:
        """The file was read (loading.load_journal), whole or recent-first."""
        self._journal = self._disk_journal = loaded.journal
        self._rest = loaded.rest
        self.disk_digest = loaded.digest

    def complete(self) -> None:
        """Read the rest of a journal opened recent-first (about 40 ms at ten years of
        records); harmless when there is none. A worker thread may call it."""
        with self._completing:
            rest = self._rest
            if rest is None:
                return
            whole, spans = rest.whole()
            if spans is not None:
                self.encoder.prime(whole, rest.data, spans)
            self._journal = self._disk_journal = whole
            self._rest = None

    def cache(self, file_digest: bytes) -> None:
        """Write the cache of the journal as it was parsed from the file, for a quick open."""
        write_cache(self._file.real_path, file_digest, self._rows.row(self.journal), None)

    def update(self, change: Change) -> SaveOutcome:
        """Apply `change` to the journal in memory and save it with every pending one."""
        self.journal = change(self.journal)
        self.pending.append(change)
        if len(self.pending) > 1 and self.journal == self.disk_journal:
            # The change took back what a failed save still held (an undo): the file
            # holds this journal already, so there is nothing left to write.
            self.pending.clear()
            return SaveOutcome(True)
        return self.save()

    def save(self) -> SaveOutcome:
        """Save the journal with the pending changes, built on what the file holds now;
        keep them pending if it fails.

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
        try:
            return self._write_pending()
        except files.BackupFailed as error:
            return outcome.backup_failed(self.path, error)
        except OSError as error:
            return outcome.save_failed(self.path, error)

    def write_back(self) -> SaveOutcome:
        """Write the journal in memory over a file another program broke or emptied,
        keeping that file beside it; one that opens without errors by now is not
        replaced: the changes are saved on top of it as by save()."""
        try:
            return self._write_back()
        except OSError as error:
            return outcome.write_back_failed(self.path, error)

    def _write_pending(self) -> SaveOutcome:
        notice: str | None = None
        moved = self._file.moved_to()
        if moved is not None:
            notice = f"{self._follow(moved)} and added your change to it."
        with self._file.locked() as refused:
            if refused is not None:
                return self._not_locked(refused, "Your change was not saved.")
            return self._write_locked(notice, moved is not None)

    def _write_locked(self, notice: str | None, moved: bool) -> SaveOutcome:
        """Save the pending changes while holding the lock: whatever another writer
        saved before is in the file read here, and no other Stepdown writes meanwhile."""
        merged_late: bytes | None = None
        """What this save wrote, when it went on to merge a late write into the file it
        replaced: the next read finding these bytes is not another edit."""
        for _ in range(SAVE_ATTEMPTS):
            with read_seen(self._file.real_path) as seen:
                on_disk = seen.data
                if merged_late is None or on_disk != merged_late:
                    refused_outcome = self._build_on(on_disk, moved)
                    if isinstance(refused_outcome, SaveOutcome):
                        return refused_outcome
                    notice = notice or refused_outcome
                if self.journal.is_empty and on_disk is not None and not self.disk_journal.is_empty:
                    self._drop_last_change()
                    return outcome.empty_refused(self.path)
                try:
                    text = self.encoder.encode(self.journal).encode("utf-8")
                except ValueError as error:
                    self._drop_last_change()
                    return SaveOutcome(
                        False, f"This change cannot be written to the file: {error}."
                    )
                if on_disk is not None:
                    self.backups.keep(self._file.real_path, on_disk, self._clock.today())
                try:
                    files.replace_file(
                        self._file.real_path, text, still_same=lambda: self._file.still_names(seen)
                    )
                except files.Raced:
                    continue  # written to meanwhile: read it again and build on that
                changes = list(self.pending)
                self._saved(text)
                late = seen.written_since()
            if late is None:
                return SaveOutcome(True, notice=notice)
            merged = merge_late(self.path, self._file.real_path, late, text, changes)
            if merged is None:
                return SaveOutcome(True, notice=notice)
            self.pending = changes
            self._took(late, merged)
            notice = MERGED_NOTICE if notice is None else notice
            merged_late = text
        return outcome.kept_changing(self.path)

    def _write_back(self) -> SaveOutcome:
        if self._file.moved_to() is not None:
            return self._write_pending()
        with self._file.locked() as refused:
            if refused is not None:
                return self._not_locked(refused, "Nothing was written.")
            with read_seen(self._file.real_path) as seen:
                broken = seen.data
                if broken is None or opens(broken):
                    return self._write_locked(None, False)
                if self.journal.is_empty:
                    return SaveOutcome(False, "Stepdown's copy is empty, so nothing was written.")
                try:
                    text = self.encoder.encode(self.journal).encode("utf-8")
                except ValueError as error:
                    return SaveOutcome(False, f"Stepdown's copy cannot be written: {error}.")
                kept = put_back(self._file, broken, text, seen, self._clock.now())
                if kept is None:
                    return outcome.write_back_raced(self.path)
                self._saved(text)
        return outcome.written_back(self.path, kept)

    def _not_locked(self, refused: LockBusy | LockUnavailable, kept: str) -> SaveOutcome:
        """Why a save could not take the lock: another writer held it past the wait (the
        change stays pending), or it cannot be taken at all (the file is read-only)."""
        if isinstance(refused, LockBusy):
            return SaveOutcome(False, BUSY_MESSAGE.format(seconds=lock.WAIT_SECONDS))
        reason = cannot_lock(refused)
        self._on_read_only(reason)
        return SaveOutcome(False, f"{reason} {kept}")

    def _follow(self, real: Path) -> str:
        """Treat the file the path now names as a new one (HeldFile.follow), and forget
        what the old file held, so the save reads the new file and replays the pending
        changes on it. What to tell the user."""
        said = self._file.follow(real)
        # The new file is another program's edit as far as the merge goes: it is read,
        # and the pending changes are replayed on what it holds.
        self.disk_digest = None
        self._disk_journal = Journal()
        return said

    def _build_on(self, on_disk: bytes | None, moved: bool) -> SaveOutcome | str | None:
        """Replay the pending changes on what the file holds, when another program
        changed it: a refusal, or what to tell the user, or None (nothing to tell)."""
        if on_disk is not None and digest(on_disk) != self.disk_digest:
            # Only a journal loaded from the file (or saved to it) is whole enough to
            # put back in its place; a change made on a missing file is not.
            back = not moved and self.disk_digest is not None
            real = self._file.real_path
            result = merge_edit(self.path, real, on_disk, self.pending, can_write_back=back)
            if isinstance(result, Merged):
                self._took(on_disk, result)
                return MERGED_NOTICE
            if result.read_only is not None:
                self._on_read_only(result.read_only)
            return result.outcome
        if on_disk is None and self.disk_digest is not None:
            # A file deleted behind our back is written again from memory: the journal
            # in memory holds everything the file held, so nothing entered is lost.
            return f"{self.path} was deleted by another program; Stepdown wrote it again."
        return None

    def _saved(self, text: bytes) -> None:
        """`text` is in place: it is what the file holds, with every pending change."""
        self.disk_digest = hashlib.sha256(text).digest()
        self._disk_journal = self.journal
        self.pending.clear()
        self._on_written()
        self._file.note_device()
        row = self._rows.row(self.journal)
        write_cache(self._file.real_path, self.disk_digest, row, self.encoder.spans)

    def _took(self, on_disk: bytes, merged: Merged) -> None:
        """The file holds `on_disk`, another program's edit; the journal in memory is
        the pending changes built on it."""
        self.disk_digest = digest(on_disk)
        self._disk_journal, self._journal = merged.edited, merged.journal
        if merged.spans is not None:
            self.encoder.prime(merged.edited, on_disk, merged.spans)

    def _drop_last_change(self) -> None:
        """Undo the change just made: saving it was refused, and retrying cannot help."""
        self.pending.pop()
        self.journal = replay(self.pending, self.disk_journal)
