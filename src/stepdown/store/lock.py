"""The single-writer lock: one Stepdown at a time may change a journal file.

The lock is an flock on a lock file in the user's state folder (store/paths.py), named
by the journal's real path, not on the journal itself: every save gives the journal a
new inode, so a lock on it would protect nothing. It is not kept beside the journal,
whose folder may be shared with other users or synced to other computers, where a lock
file means nothing and another user could plant one. The kernel drops an flock when
its process dies, so a crashed or killed Stepdown never leaves a lock that blocks the
next start.

A lock file that no process holds means nothing, so `prune_locks` may remove it (while
holding it); `acquire` therefore checks, once it holds the lock, that the file it
locked is still the one at `path`, and tries again when it is not.

It calls flock itself rather than through the filelock library, which does the
same on Linux and macOS but cost a tenth of a second at every start in imports.
"""

from __future__ import annotations

import fcntl
import os
import re
import stat
from pathlib import Path

from stepdown.store.paths import FolderNotPrivate, journal_key, private_folder, state_folder

_OPEN_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_ATTEMPTS = 5
"""How often `acquire` tries again when the file it locked was removed meanwhile."""
_LOCK_NAME = re.compile(r"[0-9a-f]{32}\.lock")


class LockBusy(Exception):
    """Another process holds the lock."""


class LockUnavailable(Exception):
    """The lock file cannot be created or locked (an unsafe or read-only folder, no flock
    support); the message says why, in words."""


def lock_path(journal_path: Path) -> Path:
    """The lock file of the journal at `journal_path` (any path to it: it is resolved)."""
    return state_folder() / f"{journal_key(journal_path)}.lock"


class JournalLock:
    """The lock on one journal file, taken without waiting and held until released."""

    def __init__(self, journal_path: Path) -> None:
        """The lock for `journal_path`; symlinks in it are resolved, so every path to one
        journal has the same lock."""
        self.path = lock_path(journal_path)
        self._fd: int | None = None
        """The open lock file while the lock is held: closing it lets the lock go."""
        self._identity: tuple[int, int] | None = None
        """The lock file's device and inode when it was locked: the file now at `path`
        may be another."""

    @property
    def held(self) -> bool:
        """Whether this process holds the lock through this object."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock now, or raise LockBusy or LockUnavailable."""
        if self.held:
            return
        try:
            private_folder(self.path.parent)
        except FolderNotPrivate as error:
            raise LockUnavailable(f"its lock folder is not safe: {error}") from error
        for _ in range(_ATTEMPTS):
            fd = self._locked_fd()
            identity = _identity(os.fstat(fd))
            try:
                now = _identity(os.stat(self.path, follow_symlinks=False))
            except OSError:
                now = None
            if now == identity:
                self._fd, self._identity = fd, identity
                return
            os.close(fd)  # removed by prune_locks before we held it: lock the new one
        raise LockUnavailable(f"its lock file {self.path} keeps being replaced")

    def _locked_fd(self) -> int:
        """The lock file, opened and locked."""
        try:
            fd = os.open(self.path, _OPEN_FLAGS, 0o600)
        except OSError as error:
            raise LockUnavailable(error.strerror or str(error)) from error
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
                raise LockUnavailable(f"{self.path} is not a file of this user's")
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            os.close(fd)
            raise LockBusy(str(self.path)) from error
        except OSError as error:
            os.close(fd)
            raise LockUnavailable(error.strerror or str(error)) from error
        except LockUnavailable:
            os.close(fd)
            raise
        return fd

    def still_ours(self) -> bool:
        """Whether the lock is held on the lock file that is there now. Not when the
        file or its folder was deleted or replaced meanwhile: the lock then keeps no
        other Stepdown out, and must be taken again."""
        try:
            return self.held and _identity(os.stat(self.path)) == self._identity
        except OSError:
            return False

    def release(self) -> None:
        """Let the lock go; harmless when it is not held."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def prune_locks() -> int:
    """Remove the lock files in the state folder that no process holds (each journal
    opened, `--demo` ones included, leaves one); the number removed. Each is removed
    while this process holds it, and `acquire` notices a file removed under it, so no
    Stepdown is left holding a lock nobody else can see."""
    folder = state_folder()
    removed = 0
    try:
        names = [name for name in os.listdir(folder) if _LOCK_NAME.fullmatch(name)]
    except OSError:
        return 0
    for name in names:
        path = folder / name
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if _identity(os.fstat(fd)) == _identity(os.stat(path, follow_symlinks=False)):
                os.unlink(path)
                removed += 1
        except OSError:
            pass  # held by a running Stepdown, or gone already
        finally:
            os.close(fd)
    return removed
