"""The journal's locks in the user's state folder: one writer at a time, and who has it open.

Two flocks, each on a file in the state folder (store/paths.py) named by the journal's
real path, not on the journal itself: every save gives the journal a new inode, so a
lock on it would protect nothing. They are not kept beside the journal, whose folder
may be shared with other users or synced to other computers, where a lock file means
nothing and another user could plant one. The kernel drops an flock when its process
dies, so a crashed or killed Stepdown never leaves a lock that blocks anything.

- `JournalLock` (`<key>.lock`), exclusive, is held by a writer only while it saves: it
  reads the file, replays its changes on what it found and puts the new file in place
  (store/draft.py). Another writer waits for it in the kernel's queue, a save at most
  (`WAIT_SECONDS` bounds the wait), so the app and a command run beside it, or two app
  windows, all write the one journal in turn.
- `OpenMark` (`<key>.open`), shared, is held by every store from open to close: it says
  "a Stepdown has this journal open" (`journal_open`), which a lock held only while
  saving no longer does. Taking it exclusively, without waiting, succeeds only when no
  Stepdown has the journal open: how a demo left by a killed one is told apart.

A lock file no process holds means nothing, so `prune_locks` may remove it (while
holding it); `acquire` therefore checks, once it holds the lock, that the file it
locked is still the one at its path, and tries again when it is not.

It calls flock itself rather than through the filelock library, which does the
same on Linux and macOS but cost a tenth of a second at every start in imports.
"""

from __future__ import annotations

import fcntl
import os
import re
import stat
import threading
from pathlib import Path

from stepdown.store.paths import FolderNotPrivate, journal_key, private_folder, state_folder

_OPEN_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_ATTEMPTS = 5
"""How often `acquire` tries again when the file it locked was removed meanwhile."""
_LOCK_NAME = re.compile(r"[0-9a-f]{32}\.(lock|open)")

WAIT_SECONDS = 5.0
"""How long a save waits for another writer's: one save takes milliseconds, so this
is reached only when a writer hangs (a stopped process, a frozen disk); the change is
then kept and tried again, as after any failed save."""


class LockBusy(Exception):
    """Another process holds the lock (past the wait, when there was one)."""


class LockUnavailable(Exception):
    """The lock file cannot be created or locked (an unsafe or read-only folder, no flock
    support); the message says why, in words."""


def lock_path(journal_path: Path) -> Path:
    """The writers' lock file of the journal at `journal_path` (any path to it: it is resolved)."""
    return state_folder() / f"{journal_key(journal_path)}.lock"


def open_path(journal_path: Path) -> Path:
    """The file whose shared lock marks the journal at `journal_path` open in a Stepdown."""
    return state_folder() / f"{journal_key(journal_path)}.open"


class StateLock:
    """An flock on one file of the state folder, held until released."""

    def __init__(self, path: Path) -> None:
        """The lock on the file at `path`, not taken yet."""
        self.path = path
        self._fd: int | None = None
        """The open lock file; kept open between two holds by `unlock`, so a save opens
        no file for its lock."""
        self._held = False
        self._queued: _Waiter | None = None
        """The thread of an earlier wait that ran out, still in the kernel's queue: a
        writer that hangs for minutes costs one such thread, not one per try."""

    @property
    def held(self) -> bool:
        """Whether this process holds the lock through this object."""
        return self._held

    def acquire(self, *, shared: bool = False, wait: float = 0.0) -> None:
        """Take the lock, waiting up to `wait` seconds for the processes holding it; or
        raise LockBusy or LockUnavailable. Shared locks exclude only an exclusive one."""
        if self._held:
            return
        try:
            private_folder(self.path.parent)
        except FolderNotPrivate as error:
            raise LockUnavailable(f"its lock folder is not safe: {error}") from error
        operation = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        for _ in range(_ATTEMPTS):
            fd = self._fd if self._fd is not None else self._open()
            self._fd = fd
            self._lock(fd, operation, wait)
            try:
                now = _identity(os.stat(self.path, follow_symlinks=False))
            except OSError:
                now = None
            if now == _identity(os.fstat(fd)):
                self._held = True
                return
            self._close()  # removed by prune_locks before we held it: lock the new one
        raise LockUnavailable(f"its lock file {self.path} keeps being replaced")

    def _open(self) -> int:
        """The lock file, opened (made if missing)."""
        try:
            fd = os.open(self.path, _OPEN_FLAGS, 0o600)
        except OSError as error:
            raise LockUnavailable(error.strerror or str(error)) from error
        try:
            info = os.fstat(fd)
        except OSError as error:
            os.close(fd)
            raise LockUnavailable(error.strerror or str(error)) from error
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            os.close(fd)
            raise LockUnavailable(f"{self.path} is not a file of this user's")
        return fd

    def _lock(self, fd: int, operation: int, wait: float) -> None:
        """Lock the open lock file, or raise LockBusy or LockUnavailable (either way
        the file is closed, or left to the thread still waiting for it)."""
        try:
            fcntl.flock(fd, operation | fcntl.LOCK_NB)
        except BlockingIOError as error:
            if wait > 0 and self._wait_in_queue(fd, operation, wait):
                return
            self._close()
            raise LockBusy(str(self.path)) from error
        except OSError as error:
            self._close()
            raise LockUnavailable(error.strerror or str(error)) from error

    def _wait_in_queue(self, fd: int, operation: int, wait: float) -> bool:
        """Wait up to `wait` seconds for the lock on `fd`, in the kernel's queue; whether
        it was taken (if not, `fd` is closed or the waiting thread's)."""
        queued = self._queued
        if queued is not None:
            if not queued.done_within(wait):
                return False  # still in the queue: the holder hangs on
            self._queued = None  # it had the lock and let it go: try again
            try:
                fcntl.flock(fd, operation | fcntl.LOCK_NB)
                return True
            except OSError:
                pass  # taken again meanwhile: wait in the queue once more
        self._fd = None  # the waiter's now: it closes it if the wait runs out
        waiter = _Waiter(fd, operation)
        if waiter.took_within(wait):
            self._fd = fd
            return True
        self._queued = waiter
        return False

    def unlock(self) -> None:
        """Let the lock go but keep the lock file open for the next `acquire`."""
        if self._held and self._fd is not None:
            self._held = False
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def release(self) -> None:
        """Let the lock go and close the lock file; harmless when it is not held."""
        self._held = False
        self._close()

    def _close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


class _Waiter:
    """A blocking flock in a thread of its own, so the wait is bounded.

    A blocked flock waits in the kernel's queue and is woken as the holder lets go,
    where polling would have to catch the moment between two saves of a writer saving
    in a loop. Past the wait, the thread still holds the file: it lets the lock go and
    closes the file once the kernel gives it the lock.
    """

    def __init__(self, fd: int, operation: int) -> None:
        self._fd = fd
        self._operation = operation
        self._mutex = threading.Lock()
        self._done = threading.Event()
        self._abandoned = False
        self._failed = False

    def took_within(self, seconds: float) -> bool:
        """Whether the lock was taken within `seconds`; if not, the file is the thread's."""
        threading.Thread(target=self._take, name="stepdown-lock", daemon=True).start()
        self._done.wait(seconds)
        with self._mutex:
            if self._done.is_set():
                if self._failed:
                    os.close(self._fd)
                    return False
                return True
            self._abandoned = True
            return False

    def done_within(self, seconds: float) -> bool:
        """Whether the thread got the lock (and, abandoned, let it go) within `seconds`."""
        return self._done.wait(seconds)

    def _take(self) -> None:
        try:
            fcntl.flock(self._fd, self._operation)
        except OSError:
            self._failed = True
        with self._mutex:
            if self._abandoned:
                os.close(self._fd)
            self._done.set()


class JournalLock(StateLock):
    """The writers' lock of one journal file: held only while saving."""

    def __init__(self, journal_path: Path) -> None:
        """The lock for `journal_path`; symlinks in it are resolved, so every path to one
        journal has the same lock."""
        super().__init__(lock_path(journal_path))


class OpenMark(StateLock):
    """The mark that a Stepdown has one journal open: a shared lock from open to close."""

    def __init__(self, journal_path: Path) -> None:
        """The mark for `journal_path` (resolved, as the lock's path is)."""
        super().__init__(open_path(journal_path))


def journal_open(journal_path: Path) -> bool:
    """Whether a Stepdown has the journal at `journal_path` open (the app, or a command
    while it runs). False when the state folder cannot say (unsafe, or no flock)."""
    mark = OpenMark(journal_path)
    try:
        mark.acquire()
    except LockBusy:
        return True
    except LockUnavailable:
        return False
    mark.release()
    return False


def _identity(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def prune_locks() -> int:
    """Remove the lock and open-mark files in the state folder that no process holds
    (each journal opened, `--demo` ones included, leaves them); the number removed. Each
    is removed while this process holds it, and `acquire` notices a file removed under
    it, so no Stepdown is left holding a lock nobody else can see."""
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
