"""A save that fails (disk full, I/O error, permission denied) loses nothing and says so."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.journal import Contact, Journal
from stepdown.store import files
from stepdown.store.codec import decode
from stepdown.store.journal_store import JournalStore, SaveOutcome


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


CALLS = {"write": 3, "fsync": 4, "replace": 2, "open": 6}
"""The calls the first save of a day makes: the journal opened and read; the backup's
temporary file written, synced and renamed, its folder opened and synced; the same for
the journal; then the cache."""
DURING_THE_BACKUP = {("write", 1), ("fsync", 1), ("fsync", 2), ("replace", 1), ("open", 2)}
DURING_THE_BACKUP |= {("open", 3)}
"""Calls that write today's backup: failing them names the backup, not the journal."""
AFTER_THE_RENAME = {("write", 3), ("fsync", 4), ("open", 5), ("open", 6)}
"""Calls made once the new journal is in place (its folder's fsync, the cache): the
save has happened, and failing them must not count it as lost."""
ERRORS = {
    errno.ENOSPC: "the disk is full",
    errno.EIO: "the disk reported an error (an input/output error)",
    errno.EACCES: "Stepdown is not allowed to write there (permission denied)",
    errno.EROFS: "the disk is read-only",
}


class Fault:
    """os.<call> failing with `code` at its nth call, once or from then on."""

    def __init__(self, real: Callable[..., Any], nth: int, code: int, persistent: bool) -> None:
        self.real = real
        self.nth = nth
        self.code = code
        self.persistent = persistent
        self.calls = 0
        self.failures = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls == self.nth or (self.persistent and self.calls > self.nth):
            self.failures += 1
            raise OSError(self.code, os.strerror(self.code))
        return self.real(*args, **kwargs)


def failed_message(path: Path, code: int, call: tuple[str, int] = ("", 0)) -> str:
    if call in DURING_THE_BACKUP:
        backup = path.parent / "backups" / "journal-2026-11-25.toml"
        return (
            f"Could not write today's backup {backup}: {ERRORS[code]}. "
            f"{path} was not changed; your change is kept, and Stepdown will "
            "try again at the next change."
        )
    return (
        f"Could not save to {path}: {ERRORS[code]}. "
        "Your change is kept; Stepdown will try again at the next change."
    )


def test_the_faults_below_cover_every_call_a_save_makes(
    journal_file: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = JournalStore.open(journal_file, clock)
    counters = {call: Fault(getattr(os, call), 0, 0, False) for call in CALLS}
    for call, counter in counters.items():
        monkeypatch.setattr(files.os, call, counter)

    assert store.update(add_contact("Sam")).saved

    monkeypatch.undo()
    assert {call: counter.calls for call, counter in counters.items()} == CALLS
    store.close()


@pytest.mark.parametrize("persistent", [False, True], ids=["once", "persistent"])
@pytest.mark.parametrize("code", ERRORS, ids=[errno.errorcode[code] for code in ERRORS])
@pytest.mark.parametrize(
    ("call", "nth"), [(call, nth) for call, count in CALLS.items() for nth in range(1, count + 1)]
)
def test_a_fault_at_any_call_keeps_the_old_file_and_the_change_until_it_saves(
    journal_file: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    call: str,
    nth: int,
    code: int,
    persistent: bool,
) -> None:
    before = journal_file.read_bytes()
    store = JournalStore.open(journal_file, clock)
    fault = Fault(getattr(os, call), nth, code, persistent)

    with monkeypatch.context() as patch:
        patch.setattr(files.os, call, fault)
        outcome = store.update(add_contact("Sam"))
        assert fault.failures, "the fault never happened: the test tested nothing"

        if (call, nth) in AFTER_THE_RENAME:
            assert outcome.saved
            assert not store.unsaved
        else:
            assert outcome == SaveOutcome(False, failed_message(journal_file, code, (call, nth)))
            assert journal_file.read_bytes() == before
            assert temp_files(journal_file.parent) == []
            assert store.unsaved
            assert names(store.journal) == ["Dr. Ana Rivera", "Sam"]
            if persistent:
                # Once the backup is in place (only its folder's sync failed), the
                # retry is the journal's own write, failing as a journal write does.
                assert store.retry().message in (
                    outcome.message,
                    failed_message(journal_file, code),
                )
                assert journal_file.read_bytes() == before
        if not persistent:  # writing works again: the next change takes the kept one along
            assert store.update(add_contact("Lee")).saved
    if persistent:  # writing works again: retry saves what was kept
        assert store.retry().saved
        assert store.update(add_contact("Lee")).saved

    assert not store.unsaved
    assert store.retry() == SaveOutcome(True), "nothing left to save is not a failure"
    assert names(decode(journal_file.read_bytes())) == ["Dr. Ana Rivera", "Sam", "Lee"]
    assert (journal_file.parent / "backups" / "journal-2026-11-25.toml").read_bytes() == before
    assert temp_files(journal_file.parent) == []
    assert temp_files(journal_file.parent / "backups") == []
    store.close()
    # The next start reads what the file holds, through whatever cache was left.
    again = JournalStore.open(journal_file, clock)
    assert again.journal == decode(journal_file.read_bytes())
    again.close()


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
    backup = journal_file.parent / "backups" / "journal-2026-11-25.toml"
    assert outcome.message == (
        f"Could not write today's backup {backup}: the disk is full. "
        f"{journal_file} was not changed; your change is kept, and Stepdown will "
        "try again at the next change."
    )
    assert journal_file.read_bytes() == before
    assert store.update(add_contact("Kim")).saved
    assert (journal_file.parent / "backups" / "journal-2026-11-25.toml").read_bytes() == before
    store.close()


def test_a_read_only_folder_keeps_the_change(
    store: JournalStore,
    journal_file: Path,
    read_only_folder: Callable[[Path], AbstractContextManager[None]],
) -> None:
    before = journal_file.read_bytes()
    with read_only_folder(journal_file.parent):
        outcome = store.update(add_contact("Sam"))

        assert not outcome.saved
        assert "Stepdown is not allowed to write there" in (outcome.message or "")
        assert journal_file.read_bytes() == before
        assert store.unsaved
        assert not store.retry().saved

    assert store.retry().saved
    assert names(decode(journal_file.read_bytes())) == ["Dr. Ana Rivera", "Kim", "Sam"]


def test_taking_back_a_change_a_failed_save_kept_leaves_nothing_to_save(
    store: JournalStore, journal_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An undo of a change that never reached the disk: the file already holds the
    journal as it is now, so it saves without writing, however full the disk."""
    before = journal_file.read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", failing(errno.ENOSPC))
        assert not store.update(add_contact("Sam")).saved
        assert store.unsaved

        outcome = store.update(lambda journal: replace(journal, contacts=journal.contacts[:-1]))

    assert outcome == SaveOutcome(True)
    assert not store.unsaved
    assert journal_file.read_bytes() == before
