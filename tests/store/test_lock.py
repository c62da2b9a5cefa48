"""The writers' lock, held only while saving, and the mark that a journal is open: a
second Stepdown saves too, a killed one blocks nothing, a writer that hangs keeps the
other's change pending, not lost."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.journal import Contact, Journal
from stepdown.store import lock as lock_module
from stepdown.store.codec import decode
from stepdown.store.journal_store import JournalStore
from stepdown.store.lock import (
    JournalLock,
    LockBusy,
    OpenMark,
    journal_open,
    lock_path,
    open_path,
    prune_locks,
)
from stepdown.store.paths import private_folder, state_folder

# Another Stepdown: opens the journal and says how it went; each line it reads then
# is a contact it saves, and it says whether it saved; it holds the journal open until
# its input ends or it is killed.
HOLDER = """
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from stepdown.clock import FixedClock
from stepdown.domain.journal import Contact
from stepdown.store.journal_store import JournalStore

store = JournalStore.open(Path(sys.argv[1]), FixedClock(datetime(2026, 11, 25, 9, 0)))
print(store.status, flush=True)
for line in sys.stdin:
    name = line.strip()
    outcome = store.update(lambda j: replace(j, contacts=(*j.contacts, Contact(name=name))))
    print(outcome.saved, flush=True)
"""


def add_contact(name: str) -> Callable[[Journal], Journal]:
    return lambda journal: replace(journal, contacts=(*journal.contacts, Contact(name=name)))


def names(path: Path) -> list[str]:
    return [contact.name for contact in decode(path.read_bytes()).contacts]


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


def holder_saves(holder: subprocess.Popen[str], name: str) -> bool:
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.write(f"{name}\n")
    holder.stdin.flush()
    return holder.stdout.readline().strip() == "True"


@pytest.fixture
def quick_wait(monkeypatch: pytest.MonkeyPatch) -> float:
    """A save waits this long for another writer, not seconds."""
    monkeypatch.setattr(lock_module, "WAIT_SECONDS", 0.2)
    return 0.2


def test_a_second_stepdown_on_the_same_file_saves_too_and_neither_loses_a_change(
    holder: subprocess.Popen[str], journal_file: Path, clock: FixedClock
) -> None:
    second = JournalStore.open(journal_file, clock)

    assert second.status == "ready"
    assert second.update(add_contact("Sam")).saved
    assert holder_saves(holder, "Kim"), "the first one saves on top of the second's change"
    assert second.update(add_contact("Lee")).saved

    assert names(journal_file) == ["Dr. Ana Rivera", "Sam", "Kim", "Lee"]
    assert [c.name for c in second.journal.contacts] == names(journal_file)
    second.close()


def test_an_open_stepdown_is_known_by_its_mark_until_it_is_killed(
    holder: subprocess.Popen[str], journal_file: Path, tmp_path: Path, clock: FixedClock
) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(journal_file)

    assert journal_open(journal_file)
    assert journal_open(link), "through any path to the journal"
    holder.send_signal(signal.SIGKILL)
    holder.wait()

    assert not journal_open(journal_file)
    store = JournalStore.open(journal_file, clock)
    assert store.status == "ready"
    assert store.update(add_contact("Sam")).saved
    store.close()


def test_a_store_marks_its_journal_open_until_it_closes(
    journal_file: Path, clock: FixedClock
) -> None:
    store = JournalStore.open(journal_file, clock)
    assert journal_open(journal_file)
    other = JournalLock(journal_file)
    other.acquire()  # another writer's save can start at any time
    other.release()

    store.close()

    assert not journal_open(journal_file)
    assert not store.update(add_contact("Sam")).saved, "a closed store writes nothing"


def test_a_save_waits_for_another_writers_save(journal_file: Path, clock: FixedClock) -> None:
    store = JournalStore.open(journal_file, clock)
    other = JournalLock(journal_file)
    other.acquire()
    threading.Timer(0.2, other.release).start()  # the other save ends a moment later

    assert store.update(add_contact("Sam")).saved
    assert not other.held
    assert names(journal_file) == ["Dr. Ana Rivera", "Sam"]
    store.close()


def test_a_writer_that_holds_the_lock_too_long_leaves_the_change_pending(
    journal_file: Path, clock: FixedClock, quick_wait: float
) -> None:
    """A hung writer (a stopped process): the change is kept, the store stays writable,
    and the next try saves it once the lock is free."""
    store = JournalStore.open(journal_file, clock)
    before = journal_file.read_bytes()
    hung = JournalLock(journal_file)
    hung.acquire()

    outcome = store.update(add_contact("Sam"))

    assert not outcome.saved
    assert outcome.message is not None and "kept this file busy" in outcome.message
    assert f"{quick_wait:g} seconds" in outcome.message
    assert store.status == "ready" and store.unsaved
    assert journal_file.read_bytes() == before
    hung.release()
    assert store.retry().saved
    assert names(journal_file) == ["Dr. Ana Rivera", "Sam"]
    store.close()


def test_a_writer_that_hangs_costs_one_waiting_thread_not_one_per_try(
    journal_file: Path, clock: FixedClock, quick_wait: float
) -> None:
    store = JournalStore.open(journal_file, clock)
    hung = JournalLock(journal_file)
    hung.acquire()

    assert not store.update(add_contact("Sam")).saved
    for _ in range(4):  # the app's retries, every 10 seconds
        assert not store.retry().saved

    waiting = [t for t in threading.enumerate() if t.name == "stepdown-lock"]
    assert len(waiting) == 1
    hung.release()
    assert store.retry().saved
    waiting[0].join(timeout=5)
    assert not waiting[0].is_alive(), "it let the lock go once the kernel gave it"
    assert names(journal_file) == ["Dr. Ana Rivera", "Sam"]
    store.close()


def test_the_lock_files_are_private_and_in_the_state_folder_not_beside_the_journal(
    journal_file: Path, clock: FixedClock
) -> None:
    store = JournalStore.open(journal_file, clock)
    assert store.update(add_contact("Sam")).saved

    for path in (lock_path(journal_file), open_path(journal_file)):
        assert path.parent == state_folder()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(state_folder().stat().st_mode) == 0o700
    assert sorted(os.listdir(journal_file.parent)) == ["backups", "journal.toml"]
    store.close()


def test_a_lock_folder_other_users_can_write_opens_read_only(
    journal_file: Path, clock: FixedClock
) -> None:
    """Anyone who can write the lock folder could put their own lock file there."""
    folder = private_folder(state_folder())
    folder.chmod(0o777)

    store = JournalStore.open(journal_file, clock)

    assert store.status == "read_only"
    assert "can be written by other users" in (store.read_only_reason or "")
    assert not store.update(add_contact("Sam")).saved
    store.close()


def test_two_stepdowns_on_a_missing_file_both_save(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "journal.toml"
    first = JournalStore.open(path, clock)
    second = JournalStore.open(path, clock)

    assert (first.status, second.status) == ("missing", "missing")
    assert first.update(add_contact("Sam")).saved
    assert second.update(add_contact("Kim")).saved, "built on the file the first one made"

    assert names(path) == ["Sam", "Kim"]
    first.close()
    second.close()


def test_a_lock_folder_stepdown_cannot_lock_in_opens_read_only(
    journal_file: Path,
    clock: FixedClock,
    read_only_folder: Callable[[Path], AbstractContextManager[None]],
) -> None:
    with read_only_folder(private_folder(state_folder())):
        store = JournalStore.open(journal_file, clock)

        assert store.status == "read_only"
        assert "cannot lock" in (store.read_only_reason or "")
        assert [c.name for c in store.journal.contacts] == ["Dr. Ana Rivera"]
        store.close()


def test_a_deleted_folder_is_written_again_and_a_second_stepdown_saves_on_it(
    journal_file: Path, clock: FixedClock
) -> None:
    first = JournalStore.open(journal_file, clock)
    shutil.rmtree(journal_file.parent)  # the whole data folder

    assert first.update(add_contact("Sam")).saved, "written again from memory"
    second = JournalStore.open(journal_file, clock)
    assert second.update(add_contact("Kim")).saved

    assert names(journal_file) == ["Dr. Ana Rivera", "Sam", "Kim"]
    second.close()
    first.close()


def test_a_lock_file_deleted_under_an_open_store_still_excludes_the_next_writer(
    journal_file: Path, clock: FixedClock, quick_wait: float
) -> None:
    """The lock file deleted between two saves (a cleaner emptied the state folder):
    another writer locks a new one, and the store's next save waits for that one, not
    for the file it kept open."""
    store = JournalStore.open(journal_file, clock)
    assert store.update(add_contact("Sam")).saved
    lock_path(journal_file).unlink()
    other = JournalLock(journal_file)
    other.acquire()

    assert not store.update(add_contact("Kim")).saved
    other.release()
    assert store.retry().saved
    assert names(journal_file) == ["Dr. Ana Rivera", "Sam", "Kim"]
    store.close()


def test_lock_files_no_one_holds_are_pruned_and_an_open_journals_mark_is_kept(
    journal_file: Path, tmp_path: Path, clock: FixedClock, quick_wait: float
) -> None:
    """Each journal opened leaves a lock file and a mark (every `--demo` new ones): those
    no process holds are removed; an open store's mark stays, and its next save locks
    the lock file there then."""
    held = JournalStore.open(journal_file, clock)
    for name in ("a", "b"):
        gone = JournalLock(tmp_path / name / "journal.toml")
        gone.acquire()
        gone.release()
    assert len(os.listdir(state_folder())) == 4

    assert prune_locks() == 3

    assert os.listdir(state_folder()) == [open_path(journal_file).name]
    assert journal_open(journal_file)
    assert held.update(add_contact("Sam")).saved
    other = JournalLock(journal_file)
    other.acquire()
    assert not held.update(add_contact("Kim")).saved, "the lock file made anew is shared"
    other.release()
    held.close()


def test_a_lock_file_pruned_before_it_was_locked_is_locked_anew(
    journal_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between opening the lock file and locking it, another process may prune it:
    acquire must then lock the file at the lock's path, or two would both hold one."""
    lock = JournalLock(journal_file)
    real_flock = lock_module.fcntl.flock
    pruned: list[int] = []

    def flock_after_a_prune(fd: int, operation: int) -> None:
        if not pruned:
            pruned.append(0)
            pruned[0] = prune_locks()  # runs in between, as another process would
        real_flock(fd, operation)

    monkeypatch.setattr(lock_module.fcntl, "flock", flock_after_a_prune)
    lock.acquire()
    monkeypatch.undo()

    assert pruned == [1]
    other = JournalLock(journal_file)
    with pytest.raises(LockBusy):
        other.acquire()
    lock.release()
    other.acquire()
    other.release()


def test_a_mark_can_be_claimed_only_when_no_stepdown_has_the_journal_open(
    journal_file: Path, clock: FixedClock
) -> None:
    """How a demo folder a killed demo left is told from one still running."""
    store = JournalStore.open(journal_file, clock)
    claim = OpenMark(journal_file)
    with pytest.raises(LockBusy):
        claim.acquire()
    store.close()

    claim.acquire()
    claim.release()
