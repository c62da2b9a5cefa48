"""Putting a save's bytes on disk: today's backup first, and Stepdown's copy over a broken file.

draft.py decides what to write and when; this module keeps the file as it was
before the day's first save (`Backups`) and writes the store's copy over a file another
program left with errors, that file kept beside it (`put_back`).
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from pathlib import Path

from stepdown.store import files
from stepdown.store.held_file import HeldFile
from stepdown.store.load import Seen
from stepdown.store.log import log_swallowed


class Backups:
    """Today's backup of a journal, and the deletion of the oldest ones in a thread."""

    def __init__(self) -> None:
        """No backup made yet by this store."""
        self._pruning: threading.Thread | None = None
        """Deleting the oldest backups, after a day's first save made a new one."""

    def keep(self, real_path: Path, on_disk: bytes, today: date) -> None:
        """Keep the file as it was before today's first save; then delete the oldest
        backups in a thread: ordering them reads each one (about a second in all at ten
        years of records), which a key press should not wait for. `wait` waits for it."""
        if files.daily_backup(real_path, on_disk, today, prune=False):
            self.wait()
            self._pruning = threading.Thread(
                target=files.prune_backups, args=(real_path, today), name="prune"
            )
            self._pruning.start()

    def wait(self) -> None:
        """Wait until the oldest backups are deleted, if that is under way."""
        if self._pruning is not None:
            self._pruning.join()


def put_back(file: HeldFile, broken: bytes, text: bytes, seen: Seen, now: datetime) -> Path | None:
    """Write `text` over the file with errors, `broken`, kept beside it first as
    restore.py does (`<name>.broken-YYYYMMDD-HHMMSS`): the path of that copy, or None when
    another program wrote the file meanwhile (nothing written, no copy left)."""
    # Imported here: only this rare path needs it.
    from stepdown.store.restore import keep_copy

    kept = keep_copy(file.real_path, broken, now)
    try:
        files.replace_file(file.real_path, text, still_same=lambda: file.still_names(seen))
    except BaseException as error:
        try:
            kept.unlink()
        except OSError:
            log_swallowed("The copy %s of the broken file stays", kept)
        if isinstance(error, files.Raced):
            return None
        raise
    return kept
