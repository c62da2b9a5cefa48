"""Which file a journal path names, its writers' lock, and the mark that it is open.

The store (journal_store.py) writes through the path it was given, which may be a
symlink. What it loaded is the file the path named then: its real path and the device
of its folder. Before a save it asks whether the path still names that file
(`HeldFile.moved_to`); when not, it follows the path to the new file (`HeldFile.follow`).
Each save then holds the new file's lock (`HeldFile.locked`) while it reads, merges and
writes. What the store believes of the file's content, and whether it becomes
read-only, stays the store's.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from stepdown.store import files, folders, lock
from stepdown.store.load import Seen
from stepdown.store.lock import JournalLock, LockBusy, LockUnavailable, OpenMark
from stepdown.store.log import log_swallowed

BUSY_MESSAGE = (
    "Another Stepdown kept this file busy for {seconds:g} seconds, so your change is kept "
    "and not saved yet; Stepdown will try again."
)

Stamp = tuple[int, int, int, int]
"""A file's size, modification time (ns), inode and device: another one means it changed."""


def folder_device(real: Path) -> int | None:
    """The device of the folder `real` is in, or None while there is no folder."""
    try:
        return os.stat(real.parent).st_dev
    except OSError:
        return None


def cannot_lock(error: LockUnavailable) -> str:
    """Why a file whose lock cannot be taken is read-only, in words."""
    return f"Stepdown cannot lock this file ({error}), so it is opened read-only."


class HeldFile:
    """The file a journal path names, its writers' lock and our mark that it is open.

    Attributes:
        path: the data file as given (it may be a symlink; saves write through it).
        real_path: the file it named when loaded, or since followed to.
        lock: the writers' lock of `real_path`, held only during a save.
        refused: why the path is not followed (a symlink another user may have planted),
            or None.
        device: the device of the folder of `real_path`: another one means another file.
    """

    def __init__(self, path: Path) -> None:
        """The file `path` names now; nothing is locked or marked yet."""
        self.path = path
        self.refused: str | None = None
        try:
            self.real_path = folders.real_path(path)
        except OSError as error:
            self.real_path = Path(os.path.realpath(path))
            self.refused = f"{files.plain_reason(error)}, so it is opened read-only."
        self.lock = JournalLock(self.real_path)
        self._mark = OpenMark(self.real_path)
        self.device = folder_device(self.real_path)

    def note_device(self) -> None:
        """Remember the device the folder is on now (it may have been made meanwhile)."""
        self.device = folder_device(self.real_path)

    def stamp(self) -> Stamp | None:
        """What a stat of the file says now (None when there is none): a cheap look
        whether anyone wrote it since."""
        try:
            info = os.stat(self.real_path)
        except OSError:
            return None
        return info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev

    def mark_open(self) -> None:
        """Say that a Stepdown has this file open, until `close`; a state folder that
        cannot hold the mark costs only that (the log says why)."""
        try:
            self._mark.acquire(shared=True, wait=lock.WAIT_SECONDS)
        except (LockBusy, LockUnavailable):
            log_swallowed("%s cannot be marked open", self.real_path)

    def close(self) -> None:
        """No longer say this file is open here, and close the lock's file."""
        self._mark.release()
        self.lock.release()

    @contextmanager
    def settling(self) -> Iterator[str | None]:
        """At open, once the file is read: hold the lock, if no writer is saving, while
        the temporary files a killed save left are removed (another writer's are not
        stale) and the store writes its cache (which prunes the lock files no one
        holds: not ours, so the saves find it open). Why the file cannot be written
        (refused, or its lock cannot be taken), or None."""
        if self.refused is not None or not self.real_path.parent.is_dir():
            yield self.refused  # with no folder yet, locked at the first save, which makes it
            return
        try:
            self.lock.acquire()
        except LockBusy:
            yield None  # another writer is saving: its temporary file is not stale
            return
        except LockUnavailable as error:
            yield cannot_lock(error)
            return
        try:
            files.remove_stale_temps(self.real_path)
            yield None
        finally:
            self.lock.unlock()

    @contextmanager
    def locked(self) -> Iterator[LockUnavailable | LockBusy | None]:
        """Hold the lock for a save, waiting for another writer's save to end: None
        while it is held, or why it could not be taken (LockBusy past the wait)."""
        folders.make_folder(self.real_path.parent)
        try:
            self.lock.acquire(wait=lock.WAIT_SECONDS)
        except (LockBusy, LockUnavailable) as error:
            yield error
            return
        try:
            yield None
        finally:
            self.lock.unlock()

    def moved_to(self) -> Path | None:
        """The file the path names now, when that is not the file loaded: the path
        resolves elsewhere (a symlink put in its place or changed), or its folder is on
        another device (a disk mounted there). None when it is the same file.

        A new inode at the same real path is not another file: editors save by renaming
        a new file over the old one, and every writer does too. What such an edit holds
        is merged as any other program's edit.
        """
        real = folders.real_path(self.path)  # a link planted meanwhile: UnsafePath
        if real != self.real_path:
            return real
        device = folder_device(real)
        if self.device is not None and device is not None and device != self.device:
            return real
        return None

    def follow(self, real: Path) -> str:
        """Treat the file the path now names as a new one, with its own lock and mark;
        what to tell the user."""
        moved = real != self.real_path
        marked = self._mark.held
        self.close()
        self.real_path = real
        self.lock = JournalLock(real)
        self._mark = OpenMark(real)
        if marked:
            self.mark_open()
        self.device = folder_device(real)
        if moved:
            return f"{self.path.name} now points to {real}; Stepdown reloaded it"
        return f"{self.path} is now on another disk; Stepdown reloaded it"

    def still_names(self, seen: Seen) -> bool:
        """Right before the rename: whether the path still names the file read, unwritten."""
        return Path(os.path.realpath(self.path)) == self.real_path and seen.unchanged()
