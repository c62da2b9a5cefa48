"""Failures the store gets past without a word to the user (a damaged cache read by a
command, backups or temporary files it cannot delete, a failed write's leftovers) leave
their traceback in the log file, and nothing on screen.

The user's state folder is a new one for each test (tests/conftest.py), so each test's
log starts empty.
"""

from __future__ import annotations

import errno
import hashlib
import os
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.journal import Journal
from stepdown.store import files
from stepdown.store.cache import write_cache
from stepdown.store.codec import decode, encode
from stepdown.store.journal_store import JournalStore
from stepdown.store.log import log_path
from stepdown.store.restore import find_backup, restore
from stepdown.store.snapshot import read_journal

TODAY = date(2026, 11, 25)


def _log_text() -> str:
    return log_path().read_text(encoding="utf-8")


def _refused(*args: object, **kwargs: object) -> None:
    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))


def test_a_command_reading_a_damaged_cache_parses_the_file_and_logs_why(
    journal_file: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    data = journal_file.read_bytes()
    # The cache holds the file's exact bytes, but rows no journal has.
    write_cache(journal_file, hashlib.sha256(data).digest(), ("not", "a", "journal"), None)

    assert read_journal(journal_file) == decode(data)  # as `stepdown report` reads it

    log = _log_text()
    assert f"The cache of {journal_file} could not be read; parsing the file" in log
    assert "Traceback (most recent call last):" in log
    assert capfd.readouterr() == ("", "")


def test_old_backups_that_cannot_be_deleted_are_logged_and_kept(
    journal_file: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    for offset in range(1, files.BACKUPS_KEPT + 2):
        files.daily_backup(journal_file, b"schema = 1\n", TODAY - timedelta(offset), prune=False)
    with monkeypatch.context() as patch:
        patch.setattr(Path, "unlink", _refused)
        files.prune_backups(journal_file, TODAY)  # never raises

    backups = list(files.backups_folder(journal_file).iterdir())
    assert len(backups) == files.BACKUPS_KEPT + 1
    log = _log_text()
    assert f"The oldest backups of {journal_file} could not be deleted" in log
    assert "PermissionError: [Errno 13] Permission denied" in log
    assert capfd.readouterr() == ("", "")


def test_temporary_files_that_cannot_be_deleted_at_open_are_logged(
    journal_file: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    stale = journal_file.with_name(f".{journal_file.name}.crashed.tmp")
    stale.write_bytes(b"half a save")
    with monkeypatch.context() as patch:
        patch.setattr(os, "listdir", _refused)
        store = JournalStore.open(journal_file, clock)

    assert store.status == "ready"  # opened as usual
    store.close()
    assert stale.exists()
    log = _log_text()
    assert f"Temporary files in {journal_file.parent} could not be deleted" in log
    assert "Traceback (most recent call last):" in log
    assert capfd.readouterr() == ("", "")


def test_a_failed_save_whose_temporary_file_stays_says_the_save_failed_and_logs_the_rest(
    journal_file: Path,
    clock: FixedClock,
    sample: Journal,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    def disk_full(source: object, target: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    store = JournalStore.open(journal_file, clock)
    before = journal_file.read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", disk_full)
        patch.setattr(os, "unlink", _refused)
        outcome = store.update(lambda journal: replace(journal, contacts=()))
    store.close()

    assert not outcome.saved and "the disk is full" in (outcome.message or "")
    assert journal_file.read_bytes() == before
    log = _log_text()
    assert "is left behind after a failed write" in log
    assert "PermissionError: [Errno 13] Permission denied" in log
    assert capfd.readouterr() == ("", "")


def test_a_failed_restore_whose_copy_of_the_broken_file_stays_is_logged(
    journal_file: Path,
    clock: FixedClock,
    sample: Journal,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    files.daily_backup(journal_file, encode(sample).encode(), TODAY, prune=False)
    journal_file.write_bytes(b"schema = [broken\n")
    backup = find_backup(journal_file).newest
    assert backup is not None

    with monkeypatch.context() as patch:
        patch.setattr(files, "replace_file", _refused)
        patch.setattr(Path, "unlink", _refused)
        outcome = restore(journal_file, backup, clock.now())

    assert not outcome.restored and "Nothing was changed" in outcome.message
    assert journal_file.read_bytes() == b"schema = [broken\n"
    log = _log_text()
    assert "The copy " in log and ".broken-" in log and " of the broken file stays" in log
    assert "PermissionError: [Errno 13] Permission denied" in log
    assert capfd.readouterr() == ("", "")
