"""Putting the newest daily backup that validates in place of a journal that does not.

The journal being replaced is never lost: before the backup goes in, its bytes are
copied beside it as `<name>.broken-YYYYMMDD-HHMMSS`, a name that did not exist. Any
failure leaves the journal as it was. Nothing is written unless this process can take
the journal's lock, so a Stepdown that has the file open is never written under.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from stepdown.domain.format import short_date
from stepdown.store import files
from stepdown.store.codec import InvalidJournal, decode
from stepdown.store.lock import JournalLock, LockBusy, LockUnavailable


@dataclass(frozen=True)
class Backup:
    """One daily backup, read and found valid."""

    path: Path
    day: date
    """The day its name gives: the journal as it was before that day's first save."""
    data: bytes = field(repr=False)
    """The bytes that were validated, and that a restore writes."""


@dataclass(frozen=True)
class SkippedBackup:
    """A backup newer than the one offered that cannot be used, and why, in words."""

    path: Path
    reason: str


@dataclass(frozen=True)
class BackupSearch:
    """What the backups folder offers: the newest valid backup, and the newer ones skipped."""

    newest: Backup | None
    skipped: tuple[SkippedBackup, ...]
    problem: str | None
    """Why there is nothing to restore, in words; None when `newest` is there."""


@dataclass(frozen=True)
class RestoreOutcome:
    """What a restore did: the backup it used and where the replaced file was kept, or why not."""

    backup: Backup
    restored: bool
    message: str
    """What was done, or why nothing was, in words for the user."""
    kept_at: Path | None = None
    """The copy of the replaced journal; None when there was no file to keep."""


def _real(journal: Path) -> Path:
    return Path(os.path.realpath(journal))


def _reason(error: OSError) -> str:
    return str(error.strerror or error)


def find_backup(journal: Path) -> BackupSearch:
    """The newest backup of `journal` that decodes and validates; newer broken ones skipped.

    Never raises: an unreadable backup is skipped like a broken one, with its reason.
    """
    real = _real(journal)
    folder = files.backups_folder(real)
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        names = []
    except OSError as error:
        return BackupSearch(
            None, (), f"Cannot look in {folder}: {_reason(error)}, so there is none to restore."
        )
    pattern = files.backup_pattern(real)
    skipped: list[SkippedBackup] = []
    # ISO dates in the names sort by age.
    for name in sorted(filter(pattern.fullmatch, names), reverse=True):
        path = folder / name
        try:
            day = date.fromisoformat(name[len(real.stem) + 1 : len(real.stem) + 11])
        except ValueError:
            continue  # not a day, so not a backup Stepdown made
        try:
            data = path.read_bytes()
            decode(data)
        except OSError as error:
            skipped.append(SkippedBackup(path, f"cannot be read: {_reason(error)}"))
        except InvalidJournal as error:
            skipped.append(SkippedBackup(path, f"has errors too ({error.errors[0]})"))
        else:
            return BackupSearch(Backup(path, day, data), tuple(skipped), None)
    if not skipped:
        problem = "There are no backups of this journal yet"
    elif len(skipped) == 1:
        problem = "The only backup has errors too"
    else:
        problem = f"None of the {len(skipped)} backups opens without errors"
    return BackupSearch(None, tuple(skipped), f"{problem}, so there is none to restore.")


def _broken_copy_name(journal: Path, now: datetime) -> str:
    """The name the replaced `journal` is kept under at `now`, unless that name is taken."""
    return f"{journal.name}.broken-{now:%Y%m%d-%H%M%S}"


def restore(journal: Path, backup: Backup, now: datetime) -> RestoreOutcome:
    """Put `backup` in place of `journal`, keeping the replaced file beside it.

    Only while this process can hold the journal's lock, and only while the journal
    still fails to load: a file that now validates is left alone. On any failure the
    journal is byte-identical and no copy is left behind.
    """
    real = _real(journal)
    lock = JournalLock(real)
    try:
        lock.acquire()
    except LockBusy:
        return _refused(backup, f"Another Stepdown has {journal} open, so it was not replaced.")
    except LockUnavailable as error:
        return _refused(
            backup, f"Stepdown cannot lock {journal} ({error}), so it was not replaced."
        )
    try:
        return _restore_locked(journal, real, backup, now)
    finally:
        lock.release()


def _refused(backup: Backup, message: str) -> RestoreOutcome:
    return RestoreOutcome(backup, False, message)


def _restore_locked(journal: Path, real: Path, backup: Backup, now: datetime) -> RestoreOutcome:
    try:
        replaced: bytes | None = real.read_bytes()
    except FileNotFoundError:
        replaced = None
    except OSError as error:
        return _refused(backup, f"Cannot read {journal}: {_reason(error)}. Nothing was changed.")
    if replaced is not None and _validates(replaced):
        return _refused(
            backup, f"{journal} now opens without errors, so Stepdown did not replace it."
        )
    try:
        kept = None if replaced is None else _keep_copy(real, replaced, now)
    except OSError as error:
        return _refused(
            backup,
            f"Could not keep a copy of {journal} beside it: {_reason(error)}. Nothing was changed.",
        )
    try:
        files.replace_file(real, backup.data)
    except OSError as error:
        if kept is not None:
            with contextlib.suppress(OSError):
                kept.unlink()
        return _refused(
            backup,
            f"Could not restore the backup to {journal}: {_reason(error)}. Nothing was changed.",
        )
    where = "" if kept is None else f" The file it replaced is kept as {kept}."
    return RestoreOutcome(
        backup,
        True,
        f"Restored the backup from {short_date(backup.day)} ({backup.path.name}).{where}",
        kept,
    )


def _validates(data: bytes) -> bool:
    try:
        decode(data)
    except InvalidJournal:
        return False
    return True


def _keep_copy(real: Path, data: bytes, now: datetime) -> Path:
    """Write `data` beside `real` under a new `.broken-` name, durably, 0600; its path."""
    name = _broken_copy_name(real, now)
    copy = real.with_name(name)
    for number in itertools.count(2):
        try:
            # Claims the name: no file already there is ever overwritten.
            os.close(os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL, files.FILE_MODE))
            break
        except FileExistsError:
            copy = real.with_name(f"{name}-{number}")
    try:
        files.atomic_write(copy, data)
    except BaseException:
        with contextlib.suppress(OSError):
            copy.unlink()
        raise
    return copy
