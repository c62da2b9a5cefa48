"""The log file: a failure the store gets past leaves its traceback there, never on screen.

The user's state folder is a new one for each test (tests/conftest.py), so each test's
log starts empty.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.journal import Contact, Journal
from stepdown.store.cache import cache_folder, write_cache
from stepdown.store.codec import decode, encode
from stepdown.store.journal_store import JournalStore
from stepdown.store.log import BACKUPS, MAX_BYTES, log_path, log_swallowed
from stepdown.store.paths import state_folder


@pytest.fixture
def open_umask() -> Iterator[None]:
    """Files made meanwhile get every permission the code asks for (umask 0)."""
    before = os.umask(0)
    try:
        yield
    finally:
        os.umask(before)


def _log_text() -> str:
    return log_path().read_text(encoding="utf-8")


def _recover_from(error: Exception, message: str) -> None:
    try:
        raise error
    except Exception:
        log_swallowed(message)


def test_a_cache_that_cannot_be_read_leaves_its_traceback_in_the_log(
    journal_file: Path, clock: FixedClock, capfd: pytest.CaptureFixture[str]
) -> None:
    data = journal_file.read_bytes()
    # The cache holds the file's exact bytes, but rows no journal has.
    write_cache(journal_file, hashlib.sha256(data).digest(), ("not", "a", "journal"), None)

    store = JournalStore.open(journal_file, clock)
    try:
        assert store.status == "ready"
        assert store.journal == decode(data)  # the file was parsed instead
    finally:
        store.close()

    log = _log_text()
    assert f"The cache of {journal_file} could not be read; parsing the file" in log
    assert "Traceback (most recent call last):" in log
    assert "not a row of Journal" in log
    assert capfd.readouterr() == ("", "")


def test_a_cache_that_cannot_be_written_leaves_its_traceback_in_the_log(
    journal_file: Path, clock: FixedClock, capfd: pytest.CaptureFixture[str]
) -> None:
    folder = cache_folder()
    folder.mkdir(parents=True)
    folder.chmod(0o777)  # others can write it: no cache is kept there

    store = JournalStore.open(journal_file, clock)
    store.close()

    log = _log_text()
    assert f"The cache of {journal_file} could not be written" in log
    assert "FolderNotPrivate" in log and "can be written by other users" in log
    assert capfd.readouterr() == ("", "")


def test_the_log_is_kept_private_in_the_state_folder(
    open_umask: None, capfd: pytest.CaptureFixture[str]
) -> None:
    _recover_from(ValueError("damaged"), "Something was got past")

    assert log_path() == state_folder() / "stepdown.log"
    assert stat.S_IMODE(log_path().stat().st_mode) == 0o600
    assert stat.S_IMODE(state_folder().stat().st_mode) == 0o700
    assert "Something was got past" in _log_text()
    assert "ValueError: damaged" in _log_text()
    assert capfd.readouterr() == ("", "")


def test_a_log_made_readable_by_others_is_made_private_again() -> None:
    folder = state_folder()
    folder.mkdir(mode=0o700, parents=True)
    log_path().write_text("an older line\n", encoding="utf-8")
    log_path().chmod(0o644)

    _recover_from(ValueError("damaged"), "Something was got past")

    assert stat.S_IMODE(log_path().stat().st_mode) == 0o600
    assert _log_text().startswith("an older line\n")


def test_the_log_is_rotated_small_and_its_older_files_stay_private(open_umask: None) -> None:
    line = "x" * 1000
    for _ in range(MAX_BYTES * (BACKUPS + 2) // len(line)):
        _recover_from(ValueError(line), "A long one")

    kept = sorted(path.name for path in state_folder().glob("stepdown.log*"))
    assert kept == ["stepdown.log", "stepdown.log.1", "stepdown.log.2"]
    for name in kept:
        path = state_folder() / name
        assert path.stat().st_size <= MAX_BYTES
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_state_folder_others_can_write_gets_no_log_and_no_message(
    capfd: pytest.CaptureFixture[str],
) -> None:
    folder = state_folder()
    folder.mkdir(parents=True)
    folder.chmod(0o777)

    _recover_from(ValueError("damaged"), "Something was got past")

    assert not log_path().exists()
    assert capfd.readouterr() == ("", "")


def test_a_line_that_cannot_be_written_is_dropped_without_a_message(
    capfd: pytest.CaptureFixture[str],
) -> None:
    try:
        raise ValueError("damaged")
    except ValueError:
        log_swallowed("%d records lost", "not a number")  # logging cannot format it

    assert capfd.readouterr() == ("", "")


def test_the_log_goes_to_its_file_only_whatever_else_prints_log_records(
    capfd: pytest.CaptureFixture[str],
) -> None:
    # As a library, or the app, might set up: every record on standard error.
    printing = logging.StreamHandler(sys.stderr)
    logging.getLogger().addHandler(printing)
    try:
        _recover_from(ValueError("damaged"), "Something was got past")
    finally:
        logging.getLogger().removeHandler(printing)

    assert "Something was got past" in _log_text()
    assert capfd.readouterr() == ("", "")


def test_a_kept_change_that_no_longer_fits_leaves_its_traceback_in_the_log(
    journal_file: Path,
    clock: FixedClock,
    sample: Journal,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    def rename_ana(journal: Journal) -> Journal:
        [ana] = [c for c in journal.contacts if c.name == "Dr. Ana Rivera"]
        return replace(journal, contacts=(replace(ana, name="Dr. Ana Rivera-Cruz"),))

    def disk_full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    store = JournalStore.open(journal_file, clock)
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", disk_full)
        assert not store.update(rename_ana).saved
    # Another program removes the contact the kept change renames.
    journal_file.write_text(encode(replace(sample, contacts=(Contact(name="Sam"),))), "utf-8")

    outcome = store.update(lambda journal: journal)
    store.close()

    assert not outcome.saved and "does not fit" in (outcome.message or "")
    log = _log_text()
    assert f"The changes do not fit another program's edit of {journal_file}" in log
    assert "in rename_ana" in log and "ValueError: not enough values to unpack" in log
    assert capfd.readouterr() == ("", "")
