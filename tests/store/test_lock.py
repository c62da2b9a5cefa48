"""The single-writer lock: a second Stepdown is read-only; a killed one blocks nothing."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.journal import Contact
from stepdown.store import lock as lock_module
from stepdown.store.codec import decode
from stepdown.store.journal_store import LOCKED_MESSAGE, JournalStore, SaveOutcome
from stepdown.store.lock import JournalLock, LockBusy, lock_path, prune_locks
from stepdown.store.paths import private_folder, state_folder
from tests.store.crash_child import state
from tests.store.crashing import judge, start_saving

RACE_ATTEMPTS = 1000
ATTEMPTS_PER_OPEN = 10

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


def test_the_lock_file_is_private_and_in_the_state_folder_not_beside_the_journal(
    journal_file: Path, clock: FixedClock
) -> None:
    store = JournalStore.open(journal_file, clock)

    lock_file = lock_path(journal_file)
    assert lock_file.parent == state_folder()
    assert stat.S_IMODE(lock_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(lock_file.parent.stat().st_mode) == 0o700
    assert sorted(os.listdir(journal_file.parent)) == ["journal.toml"]
    store.close()


def test_the_holder_keeps_out_a_second_stepdown_through_any_path_to_the_journal(
    holder: subprocess.Popen[str], journal_file: Path, tmp_path: Path, clock: FixedClock
) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(journal_file)
    assert lock_path(link) == lock_path(journal_file)
    assert lock_path(journal_file).exists(), "the holder's lock is in the state folder"

    second = JournalStore.open(link, clock)

    assert second.status == "read_only"
    assert second.read_only_reason == LOCKED_MESSAGE
    second.close()


def test_a_lock_folder_other_users_can_write_opens_read_only(
    journal_file: Path, clock: FixedClock
) -> None:
    """Anyone who can write the lock folder could put their own lock file there."""
    folder = private_folder(state_folder())
    folder.chmod(0o777)

    store = JournalStore.open(journal_file, clock)

    assert store.status == "read_only"
    assert "can be written by other users" in (store.read_only_reason or "")
    assert not store.update(add_sam).saved
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


def test_a_second_stepdown_racing_a_saving_one_loses_nothing_it_saved(
    tmp_path: Path, clock: FixedClock
) -> None:
    """1,000 saves tried from this process, opening anew every tenth, while another saves."""
    path = tmp_path / "data" / "journal.toml"
    path.parent.mkdir(mode=0o700)  # where there is no folder yet, the lock waits for it
    today = clock.today()
    saver = start_saving(path, today)
    seen = 0
    second: JournalStore | None = None
    try:
        for attempt in range(RACE_ATTEMPTS):
            where = f"attempt {attempt}"
            if attempt % ATTEMPTS_PER_OPEN == 0:
                if second is not None:
                    second.close()
                second = JournalStore.open(path, clock)
                assert second.status == "read_only", where
                assert second.read_only_reason == LOCKED_MESSAGE, where
                # A whole state the saver wrote, never an older one than read before.
                doses = len(second.journal.doses)
                assert second.journal == state(doses), where
                assert doses >= seen, f"{where}: read {doses} doses after {seen}"
                seen = doses
            assert second is not None
            outcome = second.update(add_sam)
            assert outcome == SaveOutcome(False, LOCKED_MESSAGE), where
            assert second.journal == state(seen), f"{where}: a refused change stays out"
    finally:
        if second is not None:
            second.close()
        kill = saver.kill()

    verdict = judge(path, today, kill)
    assert verdict.problems == ()
    assert seen > 0, "the saver saved during the race"
    assert verdict.on_disk is not None and verdict.on_disk >= seen
    assert all(contact.name != "Sam" for contact in decode(path.read_bytes()).contacts)


def test_a_deleted_folder_is_locked_again_at_the_next_save(
    journal_file: Path, clock: FixedClock
) -> None:
    first = JournalStore.open(journal_file, clock)
    shutil.rmtree(journal_file.parent)  # the whole data folder, lock file and all

    assert first.update(add_sam).saved, "written again from memory"
    second = JournalStore.open(journal_file, clock)

    assert second.status == "read_only", "the save took the lock again"
    assert second.read_only_reason == LOCKED_MESSAGE
    second.close()
    first.close()


def test_a_deleted_journal_folder_lets_no_second_stepdown_in(
    journal_file: Path, clock: FixedClock
) -> None:
    """The lock is not in the journal's folder: deleting that folder leaves it held."""
    first = JournalStore.open(journal_file, clock)
    shutil.rmtree(journal_file.parent)
    second = JournalStore.open(journal_file, clock)

    assert not second.update(add_sam).saved
    assert second.status == "read_only"
    assert first.update(add_sam).saved
    second.close()
    first.close()


def test_a_stepdown_that_locked_a_recreated_lock_file_keeps_the_other_out(
    journal_file: Path, clock: FixedClock
) -> None:
    """The lock file deleted under a running Stepdown (a cleaner emptied the state
    folder): the next Stepdown locks a new one, and the first notices at its save."""
    first = JournalStore.open(journal_file, clock)
    lock_path(journal_file).unlink()
    second = JournalStore.open(journal_file, clock)
    assert second.status == "ready"
    assert second.update(add_sam).saved

    outcome = first.update(lambda journal: replace(journal, contacts=()))

    assert not outcome.saved
    assert first.status == "read_only"
    assert [c.name for c in decode(journal_file.read_bytes()).contacts] == [
        "Dr. Ana Rivera",
        "Sam",
    ]
    second.close()
    first.close()


def test_lock_files_no_one_holds_are_pruned_and_a_held_one_is_kept(
    journal_file: Path, tmp_path: Path, clock: FixedClock
) -> None:
    """Each journal opened leaves a lock file (every `--demo` a new one): those no
    process holds are removed, and a Stepdown that locks one meanwhile still excludes."""
    held = JournalStore.open(journal_file, clock)
    for name in ("a", "b"):
        gone = JournalLock(tmp_path / name / "journal.toml")
        gone.acquire()
        gone.release()
    assert len(os.listdir(state_folder())) == 3

    assert prune_locks() == 2

    assert os.listdir(state_folder()) == [lock_path(journal_file).name]
    assert held.update(add_sam).saved, "the held lock is still ours"
    second = JournalStore.open(journal_file, clock)
    assert second.status == "read_only"
    second.close()
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
    assert lock.still_ours(), "the file locked is the one at the lock's path"
    other = JournalLock(journal_file)
    with pytest.raises(LockBusy):
        other.acquire()
    lock.release()
