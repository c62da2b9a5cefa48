"""The path comes to name another file while the app is open: that file's lock is taken
and it is read again before anything is written to it; a lock taken back when free."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.doses import record_dose, taken
from stepdown.domain.journal import Contact, Journal
from stepdown.store.codec import decode, encode
from stepdown.store.journal_store import LOCKED_MESSAGE, JournalStore
from stepdown.store.lock import JournalLock, LockBusy

TODAY = date(2026, 11, 25)


def add_contact(name: str):
    """A change that adds a contact called `name`."""
    return lambda journal: replace(journal, contacts=(*journal.contacts, Contact(name=name)))


def names(journal: Journal) -> list[str]:
    return [contact.name for contact in journal.contacts]


def take(slot: time):
    return lambda journal: record_dose(
        journal, taken(TODAY, slot, 15.0, datetime.combine(TODAY, slot))
    )


def taken_slots(journal: Journal) -> list[time | None]:
    return [dose.slot for dose in journal.doses if dose.date == TODAY]


@pytest.fixture
def other(tmp_path: Path, sample: Journal) -> Path:
    """Another journal, in another folder: a contact "Other", no dose today."""
    folder = tmp_path / "elsewhere"
    folder.mkdir(mode=0o700)
    path = folder / "other.toml"
    path.write_text(encode(replace(sample, contacts=(Contact(name="Other"),))), encoding="utf-8")
    return path


def point_at(journal_file: Path, target: Path) -> None:
    """What another program does: replace the journal with a symlink to `target`."""
    link = journal_file.with_name(".swap")
    link.symlink_to(target)
    os.replace(link, journal_file)


def test_a_journal_replaced_by_a_symlink_is_reloaded_under_its_own_lock(
    journal_file: Path, clock: FixedClock, other: Path
) -> None:
    store = JournalStore.open(journal_file, clock)
    assert store.update(take(time(8))).saved
    point_at(journal_file, other)

    outcome = store.update(add_contact("Kim"))

    assert outcome.saved
    assert outcome.notice is not None
    assert f"journal.toml now points to {other}; Stepdown reloaded it" in outcome.notice
    # The other journal, with the change made now; not the first one's records.
    assert names(decode(other.read_bytes())) == ["Other", "Kim"]
    assert taken_slots(decode(other.read_bytes())) == []
    assert store.journal == decode(other.read_bytes())
    # Its lock is ours now: another Stepdown on it is kept out.
    with pytest.raises(LockBusy):
        JournalLock(other).acquire()
    store.close()


def test_a_symlink_to_a_journal_another_stepdown_has_open_keeps_the_change(
    journal_file: Path, clock: FixedClock, other: Path
) -> None:
    store = JournalStore.open(journal_file, clock)
    theirs = JournalLock(other)
    theirs.acquire()
    before = other.read_bytes()
    point_at(journal_file, other)

    outcome = store.update(take(time(8)))

    assert not outcome.saved
    assert f"now points to {other}" in (outcome.message or "")
    assert "another Stepdown has it open" in (outcome.message or "")
    assert other.read_bytes() == before
    assert store.status == "read_only"
    assert store.locked_out
    assert store.unsaved
    assert not store.take_over(), "their lock is still held"

    theirs.release()
    assert store.take_over()
    assert store.status == "ready"
    assert store.unsaved, "the change waits for the next retry"
    assert store.retry().saved
    saved = decode(other.read_bytes())
    assert names(saved) == ["Other"]
    assert taken_slots(saved) == [time(8)]
    store.close()


def test_a_second_stepdown_takes_over_once_the_first_one_closes(
    journal_file: Path, clock: FixedClock
) -> None:
    first = JournalStore.open(journal_file, clock)
    second = JournalStore.open(journal_file, clock)
    assert second.locked_out
    assert second.read_only_reason == LOCKED_MESSAGE
    assert not second.take_over()
    assert first.update(add_contact("Kim")).saved

    first.close()

    assert second.take_over()
    assert second.status == "ready"
    assert not second.locked_out
    assert names(second.journal) == ["Dr. Ana Rivera", "Kim"], "read again from the file"
    assert second.update(add_contact("Lee")).saved
    assert names(decode(journal_file.read_bytes())) == ["Dr. Ana Rivera", "Kim", "Lee"]
    assert not second.take_over(), "not locked out any more"
    second.close()


@pytest.mark.parametrize("reason", ["newer schema", "closed"], ids=["newer schema", "closed"])
def test_read_only_for_another_reason_is_not_locked_out(
    journal_file: Path, clock: FixedClock, reason: str
) -> None:
    if reason == "newer schema":
        text = journal_file.read_text(encoding="utf-8").replace("schema = 1", "schema = 2")
        journal_file.write_text(text, encoding="utf-8")
    store = JournalStore.open(journal_file, clock)
    if reason == "closed":
        store.close()

    assert store.status == "read_only"
    assert not store.locked_out
    assert not store.take_over()


def test_a_closed_locked_out_store_does_not_take_over(
    journal_file: Path, clock: FixedClock
) -> None:
    first = JournalStore.open(journal_file, clock)
    second = JournalStore.open(journal_file, clock)
    second.close()
    first.close()

    assert not second.take_over()
