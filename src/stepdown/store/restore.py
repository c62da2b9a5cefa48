"""Putting the newest daily backup that validates in place of a journal that does not.

The journal being replaced is never lost: before the backup goes in, its bytes are
copied beside it as `<name>.broken-YYYYMMDD-HHMMSS`, a name that did not exist. Any
failure leaves the journal as it was. Nothing is written unless this process can take
the journal's lock, so a Stepdown that has the file open is never written under.

Backups are ordered by what they hold (their newest record, then their modification
time), not by the date in their names: a backup made while the computer's clock was
wrong (named 2056-01-01) is neither "newest" forever nor offered without saying so.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from stepdown.domain.format import short_date
from stepdown.store import files, folders
from stepdown.store.codec import InvalidJournal, decode
from stepdown.store.lock import JournalLock, LockBusy, LockUnavailable
from stepdown.store.log import log_swallowed


@dataclass(frozen=True)
class Backup:
    """One daily backup, read and found valid."""

    path: Path
    day: date
    """The day its name gives: the journal as it was before that day's first save."""
    data: bytes = field(repr=False)
    """The bytes that were validated, and that a restore writes."""
    newest_record: datetime | None = None
    """The latest date or time of any record it holds; None when it holds none."""
    wrong_clock: str | None = None
    """Set when its name or a record is dated after today, in words ("made under a wrong
    clock: dated 2056-01-01, after today"): say so before offering it."""


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


def find_backup(journal: Path, *, today: date | None = None) -> BackupSearch:
    """The newest backup of `journal` by what it holds that decodes and validates; newer
    broken ones skipped. One dated after `today` (default: the computer's) says so.

    Never raises: an unreadable backup is skipped like a broken one, with its reason.
    """
    today = today or date.today()
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
    days = {name: files.backup_day(real, name) for name in filter(pattern.fullmatch, names)}
    paths = [folder / name for name, day in days.items() if day is not None]
    skipped: list[SkippedBackup] = []

    def age(path: Path) -> tuple[datetime, float]:
        # One that cannot be read is placed by its name, so it is named among the skipped.
        newest, mtime = files.backup_age(path)
        if newest == datetime.min:
            day = days[path.name]
            assert day is not None
            return datetime.combine(day, time()), mtime
        return newest, mtime

    for path in sorted(paths, key=age, reverse=True):
        try:
            data = path.read_bytes()
            decode(data)
        except OSError as error:
            skipped.append(SkippedBackup(path, f"cannot be read: {_reason(error)}"))
        except InvalidJournal as error:
            skipped.append(SkippedBackup(path, f"has errors too ({error.errors[0]})"))
        else:
            day = days[path.name]
            assert day is not None
            newest = files.newest_record(data)
            backup = Backup(path, day, data, newest, _wrong_clock(day, newest, today))
            return BackupSearch(backup, tuple(skipped), None)
    if not skipped:
        problem = "There are no backups of this journal yet"
    elif len(skipped) == 1:
        problem = "The only backup has errors too"
    else:
        problem = f"None of the {len(skipped)} backups opens without errors"
    return BackupSearch(None, tuple(skipped), f"{problem}, so there is none to restore.")


def _wrong_clock(day: date, newest: datetime | None, today: date) -> str | None:
    """Why a backup dated `day` holding records up to `newest` is from the future; or None."""
    if day > today:
        return f"made under a wrong clock: dated {day.isoformat()}, after today"
    if newest is not None and newest.date() > today:
        return (
            "made under a wrong clock: it holds a record dated "
            f"{newest.date().isoformat()}, after today"
        )
    return None


def _broken_copy_name(journal: Path, now: datetime) -> str:
    """The name the replaced `journal` is kept under at `now`, unless that name is taken."""
    return f"{journal.name}.broken-{now:%Y%m%d-%H%M%S}"


def restore(journal: Path, backup: Backup, now: datetime) -> RestoreOutcome:
    """Put `backup` in place of `journal`, keeping the replaced file beside it.

    Only while this process can hold the journal's lock, and only while the journal
    still fails to load: a file that now validates is left alone. On any failure the
    journal is byte-identical and no copy is left behind.
    """
    try:
        real = folders.real_path(journal)
    except OSError as error:
        return _refused(backup, f"{files.plain_reason(error)}. Nothing was changed.")
    lock = JournalLock(real)
    try:
        lock.acquire()
    except LockBusy:
        return _refused(
            backup,
            f"Another Stepdown is saving {journal} right now, so it was not replaced; try again.",
        )
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
        kept = None if replaced is None else keep_copy(real, replaced, now)
    except OSError as error:
        return _refused(
            backup,
            f"Could not keep a copy of {journal} beside it: {_reason(error)}. Nothing was changed.",
        )
    try:
        files.replace_file(real, backup.data)
    except OSError as error:
        if kept is not None:
            try:
                kept.unlink()
            except OSError:
                log_swallowed("The copy %s of the broken file stays", kept)
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


def keep_copy(real: Path, data: bytes, now: datetime) -> Path:
    """Write `data` beside `real` under a new `.broken-` name, durably, 0600; its path."""
    name = _broken_copy_name(real, now)
    copy = real.with_name(name)
    for number in itertools.count(2):
        try:
            # A new name only: no file (or link) already there is overwritten or followed.
            files.create_new(copy, data)
            return copy
        except FileExistsError:
            copy = real.with_name(f"{name}-{number}")
    raise AssertionError("unreachable")  # pragma: no cover
