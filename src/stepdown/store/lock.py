"""The single-writer lock: one Stepdown at a time may change a journal file.

The lock is an flock on `<journal>.lock` beside the real file, not on the journal
itself: every save gives the journal a new inode, so a lock on it would protect
nothing. The kernel drops an flock when its process dies, so a crashed or killed
Stepdown never leaves a lock that blocks the next start.

It calls flock itself rather than through the filelock library, which does the
same on Linux and macOS but cost a tenth of a second at every start in imports.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

_OPEN_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC


class LockBusy(Exception):
    """Another process holds the lock."""


class LockUnavailable(Exception):
    """The lock file cannot be created or locked (a read-only folder, no flock support)."""


class JournalLock:
    """The lock on one journal file, taken without waiting and held until released."""

    def __init__(self, journal_path: Path) -> None:
        """The lock for `journal_path`, which should already have its symlinks resolved."""
        self.path = journal_path.with_name(journal_path.name + ".lock")
        self._fd: int | None = None
        """The open lock file while the lock is held: closing it lets the lock go."""
        self._inode: int | None = None
        """The lock file's inode when it was locked: the file now at `path` may be another."""

    @property
    def held(self) -> bool:
        """Whether this process holds the lock through this object."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock now, or raise LockBusy or LockUnavailable."""
        if self.held:
            return
        try:
            fd = os.open(self.path, _OPEN_FLAGS, 0o600)
        except OSError as error:
            raise LockUnavailable(error.strerror or str(error)) from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self._inode = os.fstat(fd).st_ino
        except BlockingIOError as error:
            os.close(fd)
            raise LockBusy(str(self.path)) from error
        except OSError as error:
            os.close(fd)
            raise LockUnavailable(error.strerror or str(error)) from error
        self._fd = fd

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
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)
