"""The single-writer lock: a second Stepdown is read-only; a killed one blocks nothing."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.journal import Contact
from stepdown.store.journal_store import LOCKED_MESSAGE, JournalStore

# Another Stepdown: opens the journal, says how it went, then holds it until killed.
HOLDER = """
import sys
from datetime import datetime
from pathlib import Path
from stepdown.clock import FixedClock
from stepdown.store.journal_store import JournalStore

store = JournalStore.open(Path(sys.argv[1]), FixedClock(datetime(2026, 11, 25, 9, 0)))
print(store.status, flush=True)
sys.stdin.read()
"""


def add_sam(journal):
    return replace(journal, contacts=(*journal.contacts, Contact(name="Sam")))


@pytest.fixture
def holder(journal_file: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process with `journal_file` open in Stepdown."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(journal_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    yield child
    child.kill()
    child.wait()


def test_a_second_stepdown_on_the_same_file_is_read_only(
    holder: subprocess.Popen[str], journal_file: Path, clock: FixedClock
) -> None:
    before = journal_file.read_bytes()

    second = JournalStore.open(journal_file, clock)

    assert second.status == "read_only"
    assert second.read_only_reason == LOCKED_MESSAGE
    assert not second.writable
    assert [c.name for c in second.journal.contacts] == ["Dr. Ana Rivera"], "it can still read"
    outcome = second.update(add_sam)
    assert not outcome.saved
    assert outcome.message == LOCKED_MESSAGE
    assert journal_file.read_bytes() == before
    second.close()


def test_a_killed_stepdown_leaves_no_lock_behind(
    holder: subprocess.Popen[str], journal_file: Path, clock: FixedClock
) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait()

    store = JournalStore.open(journal_file, clock)

    assert store.status == "ready"
    assert store.update(add_sam).saved
    store.close()


def test_close_lets_the_next_stepdown_write(journal_file: Path, clock: FixedClock) -> None:
    first = JournalStore.open(journal_file, clock)
    first.close()

    second = JournalStore.open(journal_file, clock)

    assert second.status == "ready"
    assert second.update(add_sam).saved
    assert not first.update(add_sam).saved, "a closed store writes nothing"
    second.close()


def test_the_lock_file_is_private_and_beside_the_journal(
    journal_file: Path, clock: FixedClock
) -> None:
    store = JournalStore.open(journal_file, clock)

    lock_file = journal_file.with_name("journal.toml.lock")
    assert stat.S_IMODE(lock_file.stat().st_mode) == 0o600
    store.close()


def test_a_missing_file_is_locked_too(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "journal.toml"
    first = JournalStore.open(path, clock)

    second = JournalStore.open(path, clock)

    assert first.status == "missing"
    assert second.status == "read_only"
    assert first.update(add_sam).saved
    assert not second.update(add_sam).saved
    first.close()
    second.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a read-only folder")
def test_a_folder_stepdown_cannot_lock_in_opens_read_only(
    journal_file: Path, clock: FixedClock
) -> None:
    journal_file.parent.chmod(0o500)
    try:
        store = JournalStore.open(journal_file, clock)

        assert store.status == "read_only"
        assert "cannot lock" in (store.read_only_reason or "")
        assert [c.name for c in store.journal.contacts] == ["Dr. Ana Rivera"]
        store.close()
    finally:
        journal_file.parent.chmod(0o700)
