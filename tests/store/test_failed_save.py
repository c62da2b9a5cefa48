"""A save that fails (disk full, I/O error, permission denied) loses nothing and says so."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.journal import Contact, Journal
from stepdown.store.codec import decode
from stepdown.store.journal_store import JournalStore


def add_contact(name: str):
    """A change that adds a contact called `name`."""
    return lambda journal: replace(journal, contacts=(*journal.contacts, Contact(name=name)))


def names(journal: Journal) -> list[str]:
    return [contact.name for contact in journal.contacts]


def failing(code: int) -> Callable[..., Any]:
    def fail(*args: object) -> Any:
        raise OSError(code, os.strerror(code))

    return fail


def temp_files(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.endswith(".tmp")]


@pytest.fixture
def store(journal_file: Path, clock: FixedClock):
    """The sample journal open, with today's backup already made."""
    store = JournalStore.open(journal_file, clock)
    assert store.update(add_contact("Kim")).saved
    yield store
    store.close()


@pytest.mark.parametrize(
    ("call", "code"),
    [
        ("write", errno.ENOSPC),
        ("write", errno.EIO),
        ("fsync", errno.EIO),
        ("fsync", errno.ENOSPC),
        ("replace", errno.EACCES),
        ("replace", errno.EIO),
        ("open", errno.EACCES),
        ("open", errno.EROFS),
    ],
)
def test_a_failed_save_keeps_the_old_file_and_the_change(
    store: JournalStore,
    journal_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    call: str,
    code: int,
) -> None:
    before = journal_file.read_bytes()

    with monkeypatch.context() as patch:
        patch.setattr(os, call, failing(code))
        outcome = store.update(add_contact("Sam"))

    assert not outcome.saved
    assert outcome.message == (
        f"Could not save to {journal_file}: {os.strerror(code)}. "
        "Your change is kept; Stepdown will try again at the next change."
    )
    assert journal_file.read_bytes() == before
    assert temp_files(journal_file.parent) == []
    assert store.unsaved
    assert names(store.journal) == ["Dr. Ana Rivera", "Kim", "Sam"]

    assert store.update(add_contact("Lee")).saved
    assert names(decode(journal_file.read_bytes())) == ["Dr. Ana Rivera", "Kim", "Sam", "Lee"]
    assert not store.unsaved


def test_retry_saves_what_a_failed_save_kept(
    store: JournalStore, journal_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", failing(errno.ENOSPC))
        assert not store.update(add_contact("Sam")).saved
        assert not store.retry().saved

    assert store.retry().saved
    assert names(decode(journal_file.read_bytes())) == ["Dr. Ana Rivera", "Kim", "Sam"]
    assert not store.unsaved
    assert store.retry().saved, "nothing left to save is not a failure"


def test_a_failed_first_save_creates_no_file(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "journal.toml"
    store = JournalStore.open(path, clock)

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", failing(errno.EIO))
        assert not store.update(add_contact("Sam")).saved

    assert not path.exists()
    assert temp_files(tmp_path) == []
    assert store.status == "missing"
    assert store.update(add_contact("Kim")).saved
    assert names(decode(path.read_bytes())) == ["Sam", "Kim"]
    store.close()


def test_a_failed_backup_saves_nothing(
    journal_file: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = journal_file.read_bytes()
    store = JournalStore.open(journal_file, clock)

    with monkeypatch.context() as patch:
        patch.setattr(os, "mkdir", failing(errno.ENOSPC))  # the backups folder
        outcome = store.update(add_contact("Sam"))

    assert not outcome.saved
    assert journal_file.read_bytes() == before
    assert store.update(add_contact("Kim")).saved
    assert (journal_file.parent / "backups" / "journal-2026-11-25.toml").read_bytes() == before
    store.close()


def test_a_folder_sync_failing_after_the_rename_counts_the_save_once(
    store: JournalStore, journal_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fsync = os.fsync
    calls: list[int] = []

    def fsync_file_only(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the folder, after the rename
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_fsync(fd)

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", fsync_file_only)
        assert store.update(add_contact("Sam")).saved

    assert not store.unsaved
    assert store.update(add_contact("Lee")).saved
    assert names(decode(journal_file.read_bytes())) == ["Dr. Ana Rivera", "Kim", "Sam", "Lee"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a read-only folder")
def test_a_read_only_folder_keeps_the_change(store: JournalStore, journal_file: Path) -> None:
    before = journal_file.read_bytes()
    journal_file.parent.chmod(0o500)
    try:
        outcome = store.update(add_contact("Sam"))

        assert not outcome.saved
        assert "Permission denied" in (outcome.message or "")
        assert journal_file.read_bytes() == before
        assert store.unsaved
    finally:
        journal_file.parent.chmod(0o700)
    assert store.retry().saved
    assert names(decode(journal_file.read_bytes())) == ["Dr. Ana Rivera", "Kim", "Sam"]
