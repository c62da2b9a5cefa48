"""The path comes to name another file while the app is open: that file is read again,
under its own lock, before anything is written to it, and marked open instead."""

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
from stepdown.store.journal_store import JournalStore
from stepdown.store.lock import journal_open

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


def test_a_journal_replaced_by_a_symlink_is_reloaded_and_marked_open(
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
    assert journal_open(other), "the other journal is marked open by this store now"
    store.close()
    assert not journal_open(other)


def test_a_symlink_to_a_journal_another_stepdown_has_open_keeps_both_changes(
    journal_file: Path, clock: FixedClock, other: Path
) -> None:
    store = JournalStore.open(journal_file, clock)
    theirs = JournalStore.open(other, clock)
    point_at(journal_file, other)

    outcome = store.update(take(time(8)))

    assert outcome.saved
    assert f"journal.toml now points to {other}" in (outcome.notice or "")
    assert theirs.update(add_contact("Kim")).saved, "saved on top of this store's change"
    saved = decode(other.read_bytes())
    assert names(saved) == ["Other", "Kim"]
    assert taken_slots(saved) == [time(8)]
    theirs.close()
    store.close()
