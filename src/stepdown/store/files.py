"""Files on disk: atomic durable writes, private permissions, daily backups, stale temp files.

A write goes to a temporary file in the same folder, is flushed to the disk, and then
renamed over the old file, so a crash at any moment leaves either the old file or the
new one, whole. The calls go through the `os` module (`os.write`, `os.fsync`,
`os.replace`) so tests can make each of them fail.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
from datetime import date
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
BACKUPS_FOLDER = "backups"
BACKUPS_KEPT = 14

_PLAIN_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EIO: "the disk reported an error (an input/output error)",
    errno.EACCES: "Stepdown is not allowed to write there (permission denied)",
    errno.EPERM: "Stepdown is not allowed to write there (operation not permitted)",
    errno.EROFS: "the disk is read-only",
}


def plain_reason(error: OSError) -> str:
    """Why a write failed, in words a user can act on ("the disk is full")."""
    return _PLAIN_REASONS.get(error.errno or 0) or error.strerror or str(error)


def make_folder(folder: Path) -> None:
    """Create `folder` and any missing parents, each 0700; folders already there are untouched."""
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        os.mkdir(created, FOLDER_MODE)
        os.chmod(created, FOLDER_MODE)  # mkdir's mode passes through the umask


def _temp_prefix(target: Path) -> str:
    return f".{target.name}."


def atomic_write(path: Path, data: bytes) -> None:
    """Replace the file at `path` (through any symlink) with `data`, atomically and durably.

    The file is 0600 afterwards. On failure the old file is untouched, the temporary
    file is gone, and the OSError is raised.
    """
    target = Path(os.path.realpath(path))
    make_folder(target.parent)
    temp = target.with_name(f"{_temp_prefix(target)}{secrets.token_hex(6)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        try:
            os.fchmod(fd, FILE_MODE)  # the creation mode passes through the umask
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _sync_folder(target.parent)


def replace_file(path: Path, data: bytes) -> None:
    """`atomic_write`, counted as done once `data` is in place.

    The folder's fsync comes after the rename: when only that fails, the new file is
    there already, and treating it as unwritten would write it (or its changes) again
    on top of itself. Any other failure raises, the old file untouched.
    """
    try:
        atomic_write(path, data)
    except OSError:
        try:
            written = Path(os.path.realpath(path)).read_bytes() == data
        except OSError:
            written = False
        if not written:
            raise


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backups_folder(journal: Path) -> Path:
    """Where the daily copies of `journal` (its real path) are kept."""
    return journal.parent / BACKUPS_FOLDER


def backup_pattern(journal: Path) -> re.Pattern[str]:
    """The names of the daily backups of `journal`: `<stem>-YYYY-MM-DD<suffix>`."""
    return re.compile(re.escape(journal.stem) + r"-\d{4}-\d{2}-\d{2}" + re.escape(journal.suffix))


def daily_backup(journal: Path, data: bytes, today: date) -> None:
    """Keep `data`, the journal as it was before today's first save, as today's backup.

    Writes `backups/<stem>-YYYY-MM-DD<suffix>` beside `journal` (its real path) unless
    today's backup is there already, then deletes all but the newest BACKUPS_KEPT.
    """
    folder = backups_folder(journal)
    backup = folder / f"{journal.stem}-{today.isoformat()}{journal.suffix}"
    if backup.exists():
        return
    atomic_write(backup, data)
    pattern = backup_pattern(journal)
    # ISO dates in the names sort by age.
    backups = sorted(entry for entry in os.listdir(folder) if pattern.fullmatch(entry))
    for old in backups[:-BACKUPS_KEPT]:
        (folder / old).unlink(missing_ok=True)


def remove_stale_temps(journal: Path) -> None:
    """Delete temporary files a crashed save left beside `journal` (its real path) or its backups.

    Call only while holding the journal's lock: another writer's temp file is not stale.
    """
    places = [(journal.parent, _temp_prefix(journal))]
    places.append((backups_folder(journal), f".{journal.stem}-"))
    for folder, prefix in places:
        with contextlib.suppress(OSError):
            for entry in os.listdir(folder):
                if entry.startswith(prefix) and entry.endswith(".tmp"):
                    (folder / entry).unlink(missing_ok=True)
