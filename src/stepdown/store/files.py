"""Files on disk: atomic durable writes, private permissions, daily backups, stale temp files.

A write goes to a temporary file in the same folder, is flushed to the disk, and then
renamed over the old file, so a crash at any moment leaves either the old file or the
new one, whole. The calls go through the `os` module (`os.write`, `os.fsync`,
`os.replace`) so tests can make each of them fail.

Nothing is ever written through a symbolic link someone else could have put in the way:
the temporary file is created with O_EXCL and O_NOFOLLOW, the rename replaces whatever
name is at the final path rather than following it, and the folder is checked first
(folders.py: which folders Stepdown writes into and which links it follows).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

# Re-exported: the writers' callers and tests have long found them here.
from stepdown.store.folders import UnsafePath as UnsafePath
from stepdown.store.folders import check_folder as check_folder
from stepdown.store.folders import make_folder as make_folder
from stepdown.store.folders import real_path as real_path
from stepdown.store.log import log_swallowed

FILE_MODE = 0o600
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


_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class BackupFailed(OSError):
    """Today's backup could not be written; `.path` is the backup, str() says why."""

    def __init__(self, path: Path, cause: OSError) -> None:
        self.reason = plain_reason(cause)
        self.message = f"Could not write the backup {path}: {self.reason}"
        super().__init__(cause.errno, self.message, str(path))
        self.path = path

    def __str__(self) -> str:
        return self.message


def plain_reason(error: OSError) -> str:
    """Why a write failed, in words a user can act on ("the disk is full")."""
    if isinstance(error, UnsafePath):
        return error.message
    if isinstance(error, BackupFailed):
        return error.reason
    return _PLAIN_REASONS.get(error.errno or 0) or error.strerror or str(error)


def _temp_prefix(target: Path) -> str:
    return f".{target.name}."


class Raced(Exception):
    """The file changed after it was last read, right before the rename: nothing was written."""


StillSame = Callable[[], bool]
"""Asked once the new file is written and synced, right before it is renamed into
place: whether the file there is still the one the data was built on. False leaves
the old file alone and raises Raced, so the caller reads it again."""


def atomic_write(path: Path, data: bytes, *, still_same: StillSame | None = None) -> None:
    """Replace the file at `path` (through any symlink `real_path` follows) with `data`,
    atomically and durably.

    The file is 0600 afterwards. On failure the old file is untouched, the temporary
    file is gone, and the OSError (UnsafePath for a refused folder or link), or Raced
    when `still_same` says no, is raised.
    """
    target = real_path(path)
    make_folder(target.parent)
    check_folder(target.parent, shared=True)
    _write_in_place(target, data, still_same)


def write_file(path: Path, data: bytes, *, own_folder: bool = False) -> None:
    """Put `data` at exactly `path`, atomically, durably and 0600, following no symlink.

    Whatever is at `path` is replaced (a symlink itself, never its target): callers
    decide first whether it may be. Missing folders are created 0700. With `own_folder`,
    the folder is one Stepdown writes into on its own (backups/, reports/): it must be
    the user's (or root's) even when sticky, and so must the folder holding it.
    """
    folder = Path(path).absolute().parent
    make_folder(folder)
    if own_folder:
        check_folder(folder.parent, shared=True)
    check_folder(folder, shared=not own_folder)
    _write_in_place(folder / Path(path).name, data)


def _write_in_place(target: Path, data: bytes, still_same: StillSame | None = None) -> None:
    """Write `data` to a new temporary file beside `target`, then rename it over `target`."""
    temp = target.with_name(f"{_temp_prefix(target)}{secrets.token_hex(6)}.tmp")
    fd = os.open(temp, _NEW_FILE_FLAGS, FILE_MODE)
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        if still_same is not None and not still_same():
            raise Raced(str(target))
        os.replace(temp, target)  # replaces the name at `target`: never follows it
    except BaseException:
        _remove_after_failure(temp)
        raise
    _sync_folder(target.parent)


def create_new(path: Path, data: bytes) -> None:
    """Write `data` to `path` as a new file, durably, 0600; FileExistsError when the name is
    taken (by anything, a symlink included: nothing there is ever followed or replaced).

    The folder must pass `check_folder` (shared folders allowed). On failure nothing is left.
    """
    path = Path(path).absolute()
    check_folder(path.parent, shared=True)
    # Claims the name first, then fills it like any other write: whole or not at all.
    os.close(os.open(path, _NEW_FILE_FLAGS, FILE_MODE))
    try:
        _write_in_place(path, data)
    except BaseException:
        _remove_after_failure(path)
        raise


def _remove_after_failure(path: Path | str) -> None:
    """Delete what a failed write left at `path`; when that fails too, the write's own
    error is the one to raise, and this one goes to the log."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        log_swallowed("%s is left behind after a failed write", path)


def replace_file(path: Path, data: bytes, *, still_same: StillSame | None = None) -> None:
    """`atomic_write`, counted as done once `data` is in place.

    The folder's fsync comes after the rename: when only that fails, the new file is
    there already, and treating it as unwritten would write it (or its changes) again
    on top of itself. Any other failure raises, the old file untouched.
    """
    try:
        atomic_write(path, data, still_same=still_same)
    except UnsafePath:
        raise
    except OSError:
        try:
            written = Path(os.path.realpath(path)).read_bytes() == data
        except OSError:
            written = False
        if not written:
            raise


def _write_all(fd: int, data: bytes) -> None:
    """Write `data` to the new file `fd`, make it 0600 and flush it to the disk."""
    os.fchmod(fd, FILE_MODE)  # the creation mode passes through the umask
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


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


def backup_day(journal: Path, name: str) -> date | None:
    """The day in the name of a backup of `journal`; None when it is not a real date."""
    try:
        return date.fromisoformat(name[len(journal.stem) + 1 : len(journal.stem) + 11])
    except ValueError:
        return None


# A record's own date or time, as the encoder writes it, one key a line. What a
# backup holds is ordered by these, not by the date in its name, which only says
# what the clock said when it was made.
_RECORD_TIME = re.compile(
    rb"^[ \t]*(?:date|taken_at|recorded_at|started_at|replaced_at)[ \t]*=[ \t]*"
    rb"(\d{4}-\d\d-\d\d)(?:[Tt ](\d\d:\d\d(?::\d\d)?))?",
    re.MULTILINE,
)


def newest_record(data: bytes) -> datetime | None:
    """The latest date or time of any record (dose, check-in, breathing, earlier plan) in
    the journal text `data`, without parsing it all; None when it holds none.

    A scan, not a parse: tens of milliseconds for a journal of years, where decoding
    takes seconds, so that all the backups can be ordered at each day's first save.
    """
    found = _RECORD_TIME.findall(data)  # (date, time or b""): tuples sort as times do
    while found:
        day, clock = newest = max(found)
        try:
            return datetime.fromisoformat(f"{day.decode()} {clock.decode() or '00:00'}")
        except ValueError:  # not a real date (2026-13-01): the file is broken there
            found = [match for match in found if match != newest]
    return None


def backup_age(path: Path) -> tuple[datetime, float]:
    """How new the backup at `path` is by what it holds: its newest record, then its mtime.

    An unreadable backup counts as the oldest.
    """
    try:
        with open(path, "rb") as file:
            newest = newest_record(file.read())
            mtime = os.fstat(file.fileno()).st_mtime
    except OSError:
        return datetime.min, 0.0
    return newest or datetime.min, mtime


def daily_backup(journal: Path, data: bytes, today: date, *, prune: bool = True) -> bool:
    """Keep `data`, the journal as it was before today's first save, as today's backup.

    Writes `backups/<stem>-YYYY-MM-DD<suffix>` beside `journal` (its real path) unless
    today's backup is there already; then, with `prune`, `prune_backups`. Whether it
    wrote one. Raises BackupFailed, naming the backup, when it cannot be written; the
    journal is not touched.
    """
    folder = backups_folder(journal)
    backup = folder / f"{journal.stem}-{today.isoformat()}{journal.suffix}"
    try:
        if os.path.lexists(backup):
            check_folder(folder, shared=False)  # today's is there: were it planted, say so
            return False
        write_file(backup, data, own_folder=True)
    except OSError as error:
        raise BackupFailed(backup, error) from error
    if prune:
        prune_backups(journal, today)
    return True


def prune_backups(journal: Path, today: date) -> None:
    """Delete all but the BACKUPS_KEPT newest backups of `journal` by what they hold
    (`backup_age`); today's is always kept. Never raises.

    Each backup is read to be ordered: about 7 ms each at 1 year of records, 50 ms at
    10 years, so a caller on a key press may prefer to run it in a worker.
    """
    folder = backups_folder(journal)
    pattern = backup_pattern(journal)
    todays = f"{journal.stem}-{today.isoformat()}{journal.suffix}"
    try:
        names = [name for name in os.listdir(folder) if pattern.fullmatch(name)]
        if len(names) <= BACKUPS_KEPT:
            return  # nothing to prune: no need to read them
        others = [folder / name for name in names if name != todays]
        kept = BACKUPS_KEPT - (len(others) < len(names))
        for old in sorted(others, key=backup_age, reverse=True)[kept:]:
            old.unlink(missing_ok=True)
    except FileNotFoundError:
        pass  # no backups folder: nothing to prune
    except OSError:  # the next day's backup tries again
        log_swallowed("The oldest backups of %s could not be deleted", journal)


def remove_stale_temps(journal: Path) -> None:
    """Delete temporary files a crashed save left beside `journal` (its real path) or its backups.

    Call only while holding the journal's lock: another writer's temp file is not stale.
    """
    places = [(journal.parent, _temp_prefix(journal))]
    places.append((backups_folder(journal), f".{journal.stem}-"))
    for folder, prefix in places:
        try:
            for entry in os.listdir(folder):
                if entry.startswith(prefix) and entry.endswith(".tmp"):
                    (folder / entry).unlink(missing_ok=True)
        except FileNotFoundError:
            pass  # no such folder (no backups yet): nothing left there
        except OSError:  # the next open tries again
            log_swallowed("Temporary files in %s could not be deleted", folder)


_READ_OWN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def read_own_file(path: Path, cap: int) -> tuple[bytes, float] | None:
    """The bytes of `path` and its modification time, if it is a regular file of this
    user's of at most `cap` bytes; else None. Never follows a symlink, never waits on a
    FIFO, never reads more than `cap` + 1 bytes."""
    try:
        fd = os.open(path, _READ_OWN_FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_size > cap:
            return None
        want = info.st_size + 1  # one more: a file that grew since fstat is refused
        chunks, have = [], 0
        while have < want and (chunk := os.read(fd, want - have)):
            chunks.append(chunk)
            have += len(chunk)
        if have > info.st_size:
            return None
        return b"".join(chunks), info.st_mtime
    finally:
        os.close(fd)
