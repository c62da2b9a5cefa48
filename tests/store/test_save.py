"""Saving: atomic and durable, private permissions, symlinks, backups, and what is never written."""

from __future__ import annotations

import os
import stat
import threading
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.demo import demo_journal
from stepdown.domain.journal import Contact, Journal
from stepdown.store import files
from stepdown.store.codec import decode, encode
from stepdown.store.journal_store import JournalStore
from stepdown.store.lock import lock_path
from stepdown.store.tables import journal_records


def add_contact(name: str):
    """A change that adds a contact called `name`."""
    return lambda journal: replace(journal, contacts=(*journal.contacts, Contact(name=name)))


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def on_disk(path: Path) -> Journal:
    return decode(path.read_bytes())


def test_a_change_is_on_disk_when_update_returns(journal_file: Path, clock: FixedClock) -> None:
    store = JournalStore.open(journal_file, clock)
    assert store.status == "ready"

    outcome = store.update(add_contact("Sam"))

    assert outcome.saved
    assert not store.unsaved
    assert [c.name for c in on_disk(journal_file).contacts] == ["Dr. Ana Rivera", "Sam"]
    assert on_disk(journal_file) == store.journal
    store.close()


def test_first_save_creates_a_private_file_in_private_folders(
    tmp_path: Path, clock: FixedClock
) -> None:
    path = tmp_path / "new" / "deeper" / "journal.toml"
    store = JournalStore.open(path, clock)
    assert store.status == "missing"
    assert store.journal == Journal()
    assert not (tmp_path / "new").exists(), "opening a missing file must write nothing"

    assert store.update(add_contact("Sam")).saved

    assert store.status == "ready"
    assert mode(path) == 0o600
    assert mode(tmp_path / "new") == 0o700
    assert mode(tmp_path / "new" / "deeper") == 0o700
    assert [c.name for c in on_disk(path).contacts] == ["Sam"]
    store.close()


def test_opening_a_missing_file_in_an_existing_folder_writes_no_journal(
    tmp_path: Path, clock: FixedClock
) -> None:
    store = JournalStore.open(tmp_path / "journal.toml", clock)

    assert store.status == "missing"
    assert not (tmp_path / "journal.toml").exists()
    store.close()


def test_a_save_leaves_the_file_0600_whatever_it_was(journal_file: Path, clock: FixedClock) -> None:
    journal_file.chmod(0o644)
    store = JournalStore.open(journal_file, clock)

    assert store.update(add_contact("Sam")).saved

    assert mode(journal_file) == 0o600
    store.close()


def test_the_file_starts_with_a_comment_saying_what_it_is(
    tmp_path: Path, clock: FixedClock
) -> None:
    path = tmp_path / "journal.toml"
    store = JournalStore.open(path, clock)
    store.update(add_contact("Sam"))

    first_line = path.read_text(encoding="utf-8").splitlines()[0]

    assert first_line.startswith("# ")
    assert "Stepdown" in first_line
    store.close()


def test_file_and_folder_are_synced_around_the_rename(
    journal_file: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = JournalStore.open(journal_file, clock)
    clock.advance(days=1)
    store.update(add_contact("Today"))  # the day's backup is out of the way
    events: list[tuple[str, int]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        info = os.fstat(fd)
        events.append(("fsync folder" if stat.S_ISDIR(info.st_mode) else "fsync file", info.st_ino))
        real_fsync(fd)

    def replace_file(src: str, dst: str) -> None:
        events.append(("replace", os.stat(src).st_ino))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace_file)

    assert store.update(add_contact("Sam")).saved

    new_inode = os.stat(journal_file).st_ino
    folder_inode = os.stat(journal_file.parent).st_ino
    assert events == [
        ("fsync file", new_inode),
        ("replace", new_inode),
        ("fsync folder", folder_inode),
    ]
    store.close()


class Crash(BaseException):
    """The process dying at this instant."""


def test_a_crash_before_the_rename_leaves_the_old_file(
    journal_file: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = JournalStore.open(journal_file, clock)
    store.update(add_contact("Kim"))  # the day's backup is out of the way
    before = journal_file.read_bytes()
    left_behind: list[Path] = []

    def die(src: str, dst: str) -> None:
        left_behind.append(Path(src))
        raise Crash

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", die)
        patch.setattr(os, "unlink", lambda path: None)  # a dead process cleans nothing up
        with pytest.raises(Crash):
            store.update(add_contact("Sam"))
    store.close()  # the kernel drops a dead process's lock

    assert journal_file.read_bytes() == before
    [temp] = left_behind
    assert "Sam" in temp.read_text(encoding="utf-8"), "the new file was written in full"

    reopened = JournalStore.open(journal_file, clock)
    assert reopened.status == "ready"
    assert reopened.journal == decode(before)
    assert not temp.exists(), "the next open clears what the crash left"
    reopened.close()


def test_a_symlinked_path_writes_through_to_its_target(tmp_path: Path, clock: FixedClock) -> None:
    target = tmp_path / "synced" / "journal.toml"
    target.parent.mkdir()
    link = tmp_path / "journal.toml"
    link.symlink_to(target)
    store = JournalStore.open(link, clock)
    assert store.update(add_contact("Sam")).saved
    assert store.update(add_contact("Kim")).saved

    assert link.is_symlink()
    assert [c.name for c in on_disk(target).contacts] == ["Sam", "Kim"]
    assert lock_path(target).exists() and lock_path(link) == lock_path(target)
    assert (tmp_path / "synced" / "backups").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.toml", "synced"]
    store.close()


def backups(journal: Path) -> list[str]:
    folder = journal.parent / "backups"
    return sorted(os.listdir(folder)) if folder.exists() else []


def test_the_first_save_of_each_day_keeps_a_backup_of_the_day_before(
    journal_file: Path, clock: FixedClock
) -> None:
    original = journal_file.read_bytes()
    store = JournalStore.open(journal_file, clock)

    store.update(add_contact("Sam"))
    store.update(add_contact("Kim"))

    assert backups(journal_file) == ["journal-2026-11-25.toml"]
    first_backup = journal_file.parent / "backups" / "journal-2026-11-25.toml"
    assert first_backup.read_bytes() == original
    assert mode(first_backup) == 0o600
    assert mode(first_backup.parent) == 0o700

    end_of_day = journal_file.read_bytes()
    clock.advance(days=1)
    store.update(add_contact("Lee"))

    assert backups(journal_file) == ["journal-2026-11-25.toml", "journal-2026-11-26.toml"]
    assert (first_backup.parent / "journal-2026-11-26.toml").read_bytes() == end_of_day
    store.close()


def test_backups_are_pruned_to_the_newest_fourteen(journal_file: Path, clock: FixedClock) -> None:
    store = JournalStore.open(journal_file, clock)
    for day in range(20):
        store.update(add_contact(f"Contact {day}"))
        clock.advance(days=1)
    store.close()  # waits for the pruning, which runs beside the saves

    kept = backups(journal_file)
    assert len(kept) == 14
    assert kept[0] == "journal-2026-12-01.toml"
    assert kept[-1] == "journal-2026-12-14.toml"


def test_the_days_first_save_does_not_wait_for_the_pruning(
    journal_file: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ordering the backups reads each of them, about a second at ten years: the key
    press that made the day's first save must not wait for it."""
    pruning = threading.Event()
    may_finish = threading.Event()

    def slow_prune(journal: Path, today: date) -> None:
        pruning.set()
        assert may_finish.wait(10)

    monkeypatch.setattr(files, "prune_backups", slow_prune)
    store = JournalStore.open(journal_file, clock)

    assert store.update(add_contact("Lee")).saved
    assert pruning.wait(10)
    assert "Lee" in journal_file.read_text(encoding="utf-8")
    may_finish.set()
    store.close()


def test_no_backup_when_there_was_no_file(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "journal.toml"
    store = JournalStore.open(path, clock)

    store.update(add_contact("Sam"))

    assert backups(path) == []
    store.close()


@pytest.mark.parametrize(
    "text",
    [
        b"schema = 1\n[[doses]\n",
        b"\x00\x01\x02garbage\xff\xfe",
        b"",
        b'[settings]\nmedication = "baclofen"\n',
        b"schema = 1\n[[checkins]]\ndate = 2026-11-25\nrecorded_at = 2026-11-25T21:00:00\n"
        b"spasticity = 11\nanxiety = 3\nsleep = 6\nmood = 6\n",
    ],
    ids=["syntax error", "binary garbage", "empty", "no schema", "score out of range"],
)
def test_an_invalid_file_is_never_written(tmp_path: Path, clock: FixedClock, text: bytes) -> None:
    path = tmp_path / "journal.toml"
    path.write_bytes(text)
    store = JournalStore.open(path, clock)
    assert store.status == "invalid"
    assert store.errors
    assert not store.writable

    outcome = store.update(add_contact("Sam"))
    retried = store.retry()

    assert not outcome.saved and not retried.saved
    assert "stepdown check" in (outcome.message or "")
    assert path.read_bytes() == text
    assert store.journal == Journal()
    assert sorted(os.listdir(tmp_path)) == ["journal.toml"]
    store.close()


def test_a_newer_schema_is_read_only_and_never_rewritten(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "journal.toml"
    text = b'schema = 2\nhologram = "on"\n\n[[contacts]]\nname = "Sam"\n'
    path.write_bytes(text)
    store = JournalStore.open(path, clock)

    assert store.status == "read_only"
    assert "newer Stepdown (schema 2)" in (store.read_only_reason or "")
    assert [c.name for c in store.journal.contacts] == ["Sam"]

    outcome = store.update(add_contact("Kim"))

    assert not outcome.saved
    assert outcome.message == store.read_only_reason
    assert [c.name for c in store.journal.contacts] == ["Sam"]
    assert path.read_bytes() == text
    store.close()


def test_an_empty_journal_does_not_replace_a_file_with_entries(
    journal_file: Path, clock: FixedClock, sample: Journal
) -> None:
    before = journal_file.read_bytes()
    store = JournalStore.open(journal_file, clock)

    outcome = store.update(lambda journal: Journal(settings=journal.settings))

    assert not outcome.saved
    assert "empty" in (outcome.message or "")
    assert journal_file.read_bytes() == before
    assert store.journal == sample, "the refused change is undone, not left pending"
    assert not store.unsaved
    assert store.update(add_contact("Sam")).saved
    store.close()


def test_keys_this_version_does_not_know_survive_an_update(
    tmp_path: Path, clock: FixedClock
) -> None:
    path = tmp_path / "journal.toml"
    path.write_text(
        "schema = 1\n"
        'mood_ring = "blue"\n\n'
        "[settings]\n"
        'emergency_number = "911"\n'
        "font_size = 14\n\n"
        "[[contacts]]\n"
        'name = "Sam"\n'
        'pronouns = "they"\n'
        "birthdays = [1990-04-02]\n",
        encoding="utf-8",
    )
    store = JournalStore.open(path, clock)

    assert store.update(add_contact("Kim")).saved

    document = tomllib.loads(path.read_text(encoding="utf-8"))
    assert document["mood_ring"] == "blue"
    assert document["settings"]["font_size"] == 14
    assert document["contacts"][0]["pronouns"] == "they"
    assert str(document["contacts"][0]["birthdays"][0]) == "1990-04-02"
    assert [c["name"] for c in document["contacts"]] == ["Sam", "Kim"]
    store.close()


def test_updates_from_many_threads_all_land(journal_file: Path, clock: FixedClock) -> None:
    store = JournalStore.open(journal_file, clock)

    def add_five(worker: int) -> None:
        for i in range(5):
            assert store.update(add_contact(f"{worker}-{i}")).saved

    workers = [threading.Thread(target=add_five, args=(n,)) for n in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    names = {c.name for c in on_disk(journal_file).contacts}
    assert names == {"Dr. Ana Rivera"} | {f"{w}-{i}" for w in range(6) for i in range(5)}
    store.close()


def test_a_prepared_store_writes_only_the_change_at_its_first_save(
    journal_file: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened from a file Stepdown did not write, the first save would prove every
    record; prepared (in the app, by a worker after the first frame) it proves one."""
    # Written by another program (as after an edit by hand): no cache, no parts known.
    journal_file.write_text(encode(demo_journal(clock.today())), encoding="utf-8")
    store = JournalStore.open(journal_file, clock)
    records = len(list(journal_records(store.journal)))
    store.prepare_save()
    before = journal_file.read_bytes()
    parsed: list[str] = []
    real = tomllib.loads

    def loads(text: str, **kwargs: object) -> dict[str, object]:
        parsed.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(tomllib, "loads", loads)

    assert store.update(add_contact("Kim")).saved

    assert records > 40
    assert len(parsed) <= 2, "the new contact, and the journal's own keys"
    assert journal_file.read_bytes() != before
    assert decode(journal_file.read_bytes()) == store.journal
    store.close()


def test_preparing_changes_nothing_on_disk_and_waits_for_no_one(
    journal_file: Path, clock: FixedClock
) -> None:
    store = JournalStore.open(journal_file, clock)
    before = sorted((p.name, p.read_bytes()) for p in journal_file.parent.iterdir() if p.is_file())
    store.prepare_save()
    after = sorted((p.name, p.read_bytes()) for p in journal_file.parent.iterdir() if p.is_file())
    assert after == before
    store.close()
    store.prepare_save()  # closed: nothing to do, no error
