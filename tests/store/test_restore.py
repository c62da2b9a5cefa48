"""Restoring a backup in place of a journal that does not load: the newest valid one is
used, the replaced file is kept beside it byte for byte, and a failure changes nothing."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.journal import Contact, Journal
from stepdown.store.codec import decode, encode
from stepdown.store.journal_store import JournalStore
from stepdown.store.lock import JournalLock
from stepdown.store.restore import Backup, find_backup, restore

BROKEN = b"schema = 1\n[[doses]]\ndate = 2026-11-25\nstatus = 'lost'\n"
"""What a hand edit left: a dose with a status Stepdown does not know."""


def with_contact(journal: Journal, name: str) -> Journal:
    return replace(journal, contacts=(*journal.contacts, Contact(name=name)))


def write_backup(journal_file: Path, day: date, data: bytes) -> Path:
    folder = journal_file.parent / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"journal-{day.isoformat()}.toml"
    path.write_bytes(data)
    return path


def found(journal_file: Path) -> Backup:
    backup = find_backup(journal_file).newest
    assert backup is not None
    return backup


def listing(folder: Path) -> list[str]:
    """The folder's files, without the lock file that taking the lock leaves."""
    return sorted(name for name in os.listdir(folder) if not name.endswith(".lock"))


@pytest.fixture
def broken(journal_file: Path, sample: Journal) -> Path:
    """The journal broken by hand, with backups of 23 and 24 November that load."""
    write_backup(journal_file, date(2026, 11, 23), encode(sample).encode())
    write_backup(journal_file, date(2026, 11, 24), encode(with_contact(sample, "Kim")).encode())
    journal_file.write_bytes(BROKEN)
    return journal_file


def test_the_newest_backup_that_loads_is_offered_and_broken_newer_ones_are_named(
    broken: Path, sample: Journal
) -> None:
    write_backup(broken, date(2026, 11, 25), BROKEN)
    (broken.parent / "backups" / "journal-2026-11-26.toml").mkdir()  # cannot be read as a file
    (broken.parent / "backups" / "notes.toml").write_text("schema = 1\n")  # not a backup

    search = find_backup(broken)

    assert search.newest is not None
    assert search.newest.day == date(2026, 11, 24)
    assert search.newest.path == broken.parent / "backups" / "journal-2026-11-24.toml"
    assert decode(search.newest.data) == with_contact(sample, "Kim")
    assert [(s.path.name, s.reason) for s in search.skipped] == [
        ("journal-2026-11-26.toml", "cannot be read: Is a directory"),
        (
            "journal-2026-11-25.toml",
            "has errors too (line 4, doses[0].status: 'lost' is not one of: taken, skipped)",
        ),
    ]
    assert search.problem is None


def test_restoring_puts_the_backup_in_place_and_keeps_the_broken_file_beside_it(
    broken: Path, sample: Journal, clock: FixedClock
) -> None:
    backup = found(broken)

    outcome = restore(broken, backup, clock.now())

    kept = broken.with_name("journal.toml.broken-20261125-090000")
    assert outcome.restored
    assert outcome.backup == backup
    assert outcome.kept_at == kept
    assert outcome.message == (
        "Restored the backup from 24 Nov 2026 (journal-2026-11-24.toml). "
        f"The file it replaced is kept as {kept}."
    )
    assert kept.read_bytes() == BROKEN
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert broken.read_bytes() == backup.data
    assert stat.S_IMODE(broken.stat().st_mode) == 0o600
    store = JournalStore.open(broken, clock)
    assert store.status == "ready"
    assert store.journal == with_contact(sample, "Kim")
    store.close()
    assert not [name for name in os.listdir(broken.parent) if name.endswith(".tmp")]


def test_an_earlier_kept_file_of_the_same_name_is_never_overwritten(
    broken: Path, clock: FixedClock
) -> None:
    earlier = broken.with_name("journal.toml.broken-20261125-090000")
    earlier.write_bytes(b"kept the first time")

    outcome = restore(broken, found(broken), clock.now())

    assert outcome.kept_at == broken.with_name("journal.toml.broken-20261125-090000-2")
    assert outcome.kept_at.read_bytes() == BROKEN
    assert earlier.read_bytes() == b"kept the first time"


def test_a_symlinked_journal_is_restored_through_the_link(
    broken: Path, tmp_path: Path, clock: FixedClock
) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(broken)

    outcome = restore(link, found(link), clock.now())

    assert outcome.restored
    assert link.is_symlink()
    assert broken.read_bytes() == outcome.backup.data
    assert outcome.kept_at == broken.with_name("journal.toml.broken-20261125-090000")


def test_no_backups_is_said_plainly(journal_file: Path) -> None:
    journal_file.write_bytes(BROKEN)

    search = find_backup(journal_file)

    assert search.newest is None
    assert search.skipped == ()
    assert (
        search.problem == "There are no backups of this journal yet, so there is none to restore."
    )


def test_when_every_backup_is_broken_none_is_offered(journal_file: Path) -> None:
    journal_file.write_bytes(BROKEN)
    write_backup(journal_file, date(2026, 11, 23), b"schema = \n")
    write_backup(journal_file, date(2026, 11, 24), BROKEN)

    search = find_backup(journal_file)

    assert search.newest is None
    assert [s.path.name for s in search.skipped] == [
        "journal-2026-11-24.toml",
        "journal-2026-11-23.toml",
    ]
    assert search.problem == (
        "None of the 2 backups opens without errors, so there is none to restore."
    )


def test_a_journal_another_stepdown_is_saving_is_not_replaced(
    journal_file: Path, sample: Journal, clock: FixedClock
) -> None:
    write_backup(journal_file, date(2026, 11, 24), encode(sample).encode())
    journal_file.write_bytes(BROKEN)
    other = JournalLock(journal_file)  # held by a writer only while it saves
    other.acquire()

    outcome = restore(journal_file, found(journal_file), clock.now())

    assert not outcome.restored
    assert (
        outcome.message == f"Another Stepdown is saving {journal_file} right now, "
        "so it was not replaced; try again."
    )
    assert journal_file.read_bytes() == BROKEN
    assert not list(journal_file.parent.glob("*.broken-*"))
    other.release()
    assert restore(journal_file, found(journal_file), clock.now()).restored


def test_a_stepdown_open_on_the_broken_journal_keeps_its_change_on_the_restored_one(
    journal_file: Path, sample: Journal, clock: FixedClock
) -> None:
    """Another Stepdown that loaded the file before it broke does not hold its lock: the
    restore goes ahead, and that Stepdown's next change is saved on the restored file."""
    write_backup(journal_file, date(2026, 11, 24), encode(sample).encode())
    other = JournalStore.open(journal_file, clock)
    journal_file.write_bytes(BROKEN)

    assert restore(journal_file, found(journal_file), clock.now()).restored
    assert other.update(lambda j: replace(j, contacts=(*j.contacts, Contact("Sam")))).saved

    saved = decode(journal_file.read_bytes())
    assert saved == replace(sample, contacts=(*sample.contacts, Contact("Sam")))
    other.close()


def test_a_journal_fixed_meanwhile_is_left_alone(broken: Path, clock: FixedClock) -> None:
    backup = found(broken)
    fixed = broken.parent / "backups" / "journal-2026-11-23.toml"
    broken.write_bytes(fixed.read_bytes())  # the user fixed it in an editor

    outcome = restore(broken, backup, clock.now())

    assert not outcome.restored
    assert outcome.message == f"{broken} now opens without errors, so Stepdown did not replace it."
    assert broken.read_bytes() == fixed.read_bytes()
    assert listing(broken.parent) == ["backups", "journal.toml"]


def failing_from(call: str, nth: int, code: int) -> Callable[..., Any]:
    """os.<call> that works until its `nth` call, then fails with `code` every time."""
    real = getattr(os, call)
    calls = 0

    def maybe_fail(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls >= nth:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    return maybe_fail


@pytest.mark.parametrize(
    ("call", "nth", "code", "stage"),
    [
        # The kept copy is written first (write, fsync of the file and of the folder,
        # rename), then the journal (write, fsync, rename).
        ("write", 1, errno.ENOSPC, "keep"),
        ("fsync", 1, errno.EIO, "keep"),
        ("fsync", 2, errno.EIO, "keep"),
        ("replace", 1, errno.EACCES, "keep"),
        ("write", 2, errno.ENOSPC, "restore"),
        ("fsync", 3, errno.EIO, "restore"),
        ("replace", 2, errno.EACCES, "restore"),
    ],
)
def test_a_disk_failure_leaves_everything_as_it_was(
    broken: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    call: str,
    nth: int,
    code: int,
    stage: str,
) -> None:
    backup = found(broken)
    before = listing(broken.parent)

    with monkeypatch.context() as patch:
        patch.setattr(os, call, failing_from(call, nth, code))
        outcome = restore(broken, backup, clock.now())

    assert not outcome.restored
    expected = {
        "keep": f"Could not keep a copy of {broken} beside it: {os.strerror(code)}.",
        "restore": f"Could not restore the backup to {broken}: {os.strerror(code)}.",
    }[stage]
    assert outcome.message == f"{expected} Nothing was changed."
    assert broken.read_bytes() == BROKEN
    assert listing(broken.parent) == before
    assert listing(broken.parent / "backups") == [
        "journal-2026-11-23.toml",
        "journal-2026-11-24.toml",
    ]


def test_a_failed_fsync_of_the_folder_after_the_rename_counts_as_restored(
    broken: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = found(broken)

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", failing_from("fsync", 4, errno.EIO))
        outcome = restore(broken, backup, clock.now())

    assert outcome.restored
    assert broken.read_bytes() == backup.data
    assert outcome.kept_at is not None
    assert outcome.kept_at.read_bytes() == BROKEN


def test_the_kept_file_is_named_for_the_moment_of_the_restore(broken: Path) -> None:
    outcome = restore(broken, found(broken), datetime(2026, 11, 30, 23, 59, 59))

    assert outcome.kept_at == broken.with_name("journal.toml.broken-20261130-235959")
