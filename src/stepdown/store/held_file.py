"""Which file a journal path names, and the single-writer lock on that file.

The store (journal_store.py) writes through the path it was given, which may be a
symlink. What it loaded and locked is the file the path named then: its real path and
the device of its folder. Before a save it asks whether the path still names that file
(`HeldFile.moved_to`); when not, it follows the path to the new file (`HeldFile.follow`),
whose own lock it takes. What the store then believes of the file's content, and whether
it becomes read-only, stays the store's.
"""

from __future__ import annotations

import os
from pathlib import Path

from stepdown.store import files, folders
from stepdown.store.load import Seen
from stepdown.store.lock import JournalLock, LockBusy, LockUnavailable

LOCKED_MESSAGE = "Another Stepdown has this file open, so this one is read-only."


def folder_device(real: Path) -> int | None:
    """The device of the folder `real` is in, or None while there is no folder."""
    try:
        return os.stat(real.parent).st_dev
    except OSError:
        return None


class HeldFile:
    """The file a journal path names, and our lock on it.

    Attributes:
        path: the data file as given (it may be a symlink; saves write through it).
        real_path: the file it named when loaded, or since followed to.
        lock: the single-writer lock of `real_path`.
        refused: why the path is not followed (a symlink another user may have planted),
            or None.
        device: the device of the folder of `real_path`: another one means another file.
    """

    def __init__(self, path: Path) -> None:
        """The file `path` names now; nothing is locked yet."""
        self.path = path
        self.refused: str | None = None
        try:
            self.real_path = folders.real_path(path)
        except OSError as error:
            self.real_path = Path(os.path.realpath(path))
            self.refused = f"{files.plain_reason(error)}, so it is opened read-only."
        self.lock = JournalLock(self.real_path)
        self.device = folder_device(self.real_path)

    def note_device(self) -> None:
        """Remember the device the folder is on now (it may have been made meanwhile)."""
        self.device = folder_device(self.real_path)

    def take_lock(self) -> str | None:
        """Take the lock if the folder exists yet; why we could not, or None."""
        if not self.real_path.parent.is_dir():
            return None  # taken at the first save, which creates the folder
        try:
            self.lock.acquire()
        except LockBusy:
            return LOCKED_MESSAGE
        except LockUnavailable as error:
            return f"Stepdown cannot lock this file ({error}), so it is opened read-only."
        return None

    def hold_lock(self) -> str | None:
        """Make sure the lock is ours before writing; why it cannot be, or None."""
        if self.lock.held and not self.lock.still_ours():
            # The folder or the lock file went away behind our back: take the lock again
            # on the file there now, so a Stepdown started meanwhile cannot write too.
            self.lock.release()
        if not self.lock.held:
            folders.make_folder(self.real_path.parent)
            return self.take_lock()
        return None

    def moved_to(self) -> Path | None:
        """The file the path names now, when that is not the file loaded: the path
        resolves elsewhere (a symlink put in its place or changed), or its folder is on
        another device (a disk mounted there). None when it is the same file.

        A new inode at the same real path is not another file: editors save by renaming
        a new file over the old one, and the lock is the real path's. What such an edit
        holds is merged as any other program's edit.
        """
        real = folders.real_path(self.path)  # a link planted meanwhile: UnsafePath
        if real != self.real_path:
            return real
        device = folder_device(real)
        if self.device is not None and device is not None and device != self.device:
            return real
        return None

    def follow(self, real: Path) -> tuple[str, str | None]:
        """Treat the file the path now names as a new one: let the old lock go and take
        the new file's. What to tell the user, and why the new file's lock could not be
        taken, or None."""
        moved = real != self.real_path
        self.lock.release()
        self.real_path = real
        self.lock = JournalLock(real)
        self.device = folder_device(real)
        if moved:
            said = f"{self.path.name} now points to {real}; Stepdown reloaded it"
        else:
            said = f"{self.path} is now on another disk; Stepdown reloaded it"
        return said, self.take_lock()

    def still_names(self, seen: Seen) -> bool:
        """Right before the rename: whether the path still names the file read, unwritten."""
        return Path(os.path.realpath(self.path)) == self.real_path and seen.unchanged()
