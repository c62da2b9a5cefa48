"""The single-writer lock: one Stepdown at a time may change a journal file.

The lock is an flock on `<journal>.lock` beside the real file, not on the journal
itself: every save gives the journal a new inode, so a lock on it would protect
nothing. The kernel drops an flock when its process dies, so a crashed or killed
Stepdown never leaves a lock that blocks the next start.
"""

from __future__ import annotations

import os
from pathlib import Path

from filelock import FileLock, Timeout


class LockBusy(Exception):
    """Another process holds the lock."""


class LockUnavailable(Exception):
    """The lock file cannot be created or locked (a read-only folder, no flock support)."""


class JournalLock:
    """The lock on one journal file, taken without waiting and held until released."""

    def __init__(self, journal_path: Path) -> None:
        """The lock for `journal_path`, which should already have its symlinks resolved."""
        self.path = journal_path.with_name(journal_path.name + ".lock")
        # thread_local=False: the app takes the lock on one thread and may release it on
        # another. fallback_to_soft=False: a soft lock outlives a killed process.
        self._lock = FileLock(
            self.path, timeout=0, mode=0o600, thread_local=False, fallback_to_soft=False
        )
        self._inode: int | None = None
        """The lock file's inode when it was locked: the file now at `path` may be another."""

    @property
    def held(self) -> bool:
        """Whether this process holds the lock through this object."""
        return self._lock.is_locked

    def acquire(self) -> None:
        """Take the lock now, or raise LockBusy or LockUnavailable."""
        if self.held:
            return
        try:
            self._lock.acquire()
            self._inode = os.stat(self.path).st_ino
        except Timeout as error:
            raise LockBusy(str(self.path)) from error
        except (OSError, NotImplementedError) as error:
            self.release()
            raise LockUnavailable(getattr(error, "strerror", None) or str(error)) from error

    def still_ours(self) -> bool:
        """Whether the lock is held on the lock file that is there now. Not when the
        file or its folder was deleted or replaced meanwhile: the lock then keeps no
        other Stepdown out, and must be taken again."""
        try:
            return self.held and os.stat(self.path).st_ino == self._inode
        except OSError:
            return False

    def release(self) -> None:
        """Let the lock go; harmless when it is not held."""
        if self.held:
            self._lock.release()
