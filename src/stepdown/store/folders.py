"""Which folders Stepdown writes into, and which symbolic links it follows.

Nothing is ever written through a symbolic link someone else could have put in the way:
a folder is checked before a file is written into it (`check_folder`): a real folder,
the user's or root's, that no one else can write to, or a sticky one such as /tmp,
where no one else can rename or delete the user's files. A journal reached through a
symlink is followed only when that link could not have been planted by another user
(`real_path`), as Linux's fs.protected_symlinks does. files.py writes on these terms.
"""

from __future__ import annotations

import errno
import grp
import os
import pwd
import stat
from pathlib import Path

FOLDER_MODE = 0o700
_MAX_LINKS = 40
"""Symlinks followed in one path before giving up, as the kernel does (ELOOP)."""


class UnsafePath(OSError):
    """A folder Stepdown will not write into, or a link it will not follow; str() says why.

    An OSError, so every `except OSError` that reports a failed write reports this too.
    """

    def __init__(self, path: Path, why: str) -> None:
        self.message = f"{path} {why}; Stepdown will not write there"
        super().__init__(errno.EPERM, self.message, str(path))
        self.path = path

    def __str__(self) -> str:
        return self.message


def make_folder(folder: Path) -> None:
    """Create `folder` and any missing parents, each 0700; folders already there are untouched."""
    missing: list[Path] = []
    while not os.path.lexists(folder):
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        os.mkdir(created, FOLDER_MODE)
        os.chmod(created, FOLDER_MODE)  # mkdir's mode passes through the umask


def check_folder(folder: Path, *, shared: bool) -> None:
    """Raise UnsafePath unless Stepdown may write into `folder`.

    It must be a real folder (not a symlink to one), owned by the user or root, that
    no one else can write to. A sticky folder (like /tmp) may be writable by everyone:
    there, no one else can rename or delete the user's files, and writes never follow
    a name someone else made. With `shared`, a sticky folder may belong to another
    user too (a shared folder the user chose); without it, as for the folders
    Stepdown makes on its own (backups/, reports/), the user's or root's only.
    """
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        raise UnsafePath(folder, "does not exist") from None
    if stat.S_ISLNK(info.st_mode):
        raise UnsafePath(folder, "is a symbolic link, not a folder")
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafePath(folder, "is not a folder")
    sticky = bool(info.st_mode & stat.S_ISVTX)
    if info.st_uid not in (os.getuid(), 0) and not (shared and sticky):
        raise UnsafePath(folder, f"is owned by another user (uid {info.st_uid})")
    if _others_can_write(info) and not sticky:
        mode = stat.S_IMODE(info.st_mode)
        raise UnsafePath(folder, f"can be changed by other users (mode {mode:04o})")


def _others_can_write(info: os.stat_result) -> bool:
    """Whether users other than the owner can add, rename or delete entries."""
    if info.st_mode & stat.S_IWOTH:
        return True
    # With a private group (umask 002 systems), group-writable is the owner alone.
    return bool(info.st_mode & stat.S_IWGRP) and not _private_group(info.st_gid, info.st_uid)


def _private_group(gid: int, uid: int) -> bool:
    """Whether group `gid` is user `uid`'s own group, with no one else in it."""
    try:
        user = pwd.getpwuid(uid)
        group = grp.getgrgid(gid)
    except KeyError:
        return False
    return (
        user.pw_gid == gid
        and group.gr_name == user.pw_name
        and not set(group.gr_mem) - {user.pw_name}
    )


def real_path(path: Path) -> Path:
    """`path` with every symlink resolved, like os.path.realpath, refusing planted links.

    A symlink owned by another user (not root) in a folder others can write to could
    have been put there to make Stepdown write where it should not: UnsafePath.
    Names that do not exist yet are kept as they are.
    """
    pending = list(reversed(Path(path).absolute().parts))
    current = Path(pending.pop())  # the root
    followed = 0
    while pending:
        part = pending.pop()
        if part in ("", "."):
            continue
        if part == "..":
            current = current.parent
            continue
        candidate = current / part
        try:
            info = os.lstat(candidate)
        except (FileNotFoundError, NotADirectoryError):
            return candidate.joinpath(*reversed(pending))
        if not stat.S_ISLNK(info.st_mode):
            current = candidate
            continue
        followed += 1
        if followed > _MAX_LINKS:
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path))
        if info.st_uid not in (os.getuid(), 0) and _others_can_write(os.stat(current)):
            raise UnsafePath(
                candidate,
                f"is a symbolic link made by another user (uid {info.st_uid}) "
                "in a folder others can write to",
            )
        target = Path(os.readlink(candidate))
        if target.is_absolute():
            current = Path(target.anchor)
        pending.extend(reversed(target.parts[1:] if target.is_absolute() else target.parts))
    return current
