"""Another program broke or emptied the journal while Stepdown held it: the app's copy
can be written back, the broken file kept beside it, nothing lost."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.journal import Contact, Journal
from stepdown.store.codec import decode, encode
from stepdown.store.journal_store import JournalStore
from stepdown.store.paths import private_folder, state_folder


def add_contact(name: str):
    """A change that adds a contact called `name`."""
    return lambda journal: replace(journal, contacts=(*journal.contacts, Contact(name=name)))


def names(journal: Journal) -> list[str]:
    return [contact.name for contact in journal.contacts]


def broken_copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("journal.toml.broken-*"))


@pytest.mark.parametrize(
    "damage",
    [lambda text: "", lambda text: text[: len(text) // 2], lambda text: text + "\n[[doses]\n"],
    ids=["emptied", "cut in half", "syntax error"],
)
def test_a_file_broken_meanwhile_can_have_the_apps_copy_written_back(
    journal_file: Path, clock: FixedClock, sample: Journal, damage
) -> None:
    store = JournalStore.open(journal_file, clock)
    assert store.update(add_contact("Kim")).saved
    broken = damage(journal_file.read_text(encoding="utf-8"))
    journal_file.write_text(broken, encoding="utf-8")

    failed = store.update(add_contact("Lee"))

    assert not failed.saved
    assert failed.can_write_back
    assert journal_file.read_text(encoding="utf-8") == broken

    outcome = store.write_back()

    assert outcome.saved
    saved = decode(journal_file.read_bytes())
    assert saved.doses == sample.doses
    assert names(saved) == ["Dr. Ana Rivera", "Kim", "Lee"]
    assert not store.unsaved
    [kept] = broken_copies(journal_file.parent)
    assert kept.name == "journal.toml.broken-20261125-090000"
    assert kept.read_text(encoding="utf-8") == broken
    assert str(kept) in (outcome.message or "")
    # The next change saves as usual on top of what was written back.
    assert store.update(add_contact("Max")).saved
    assert names(decode(journal_file.read_bytes()))[-1] == "Max"
    store.close()


def test_a_file_fixed_by_hand_meanwhile_is_built_on_not_replaced(
    journal_file: Path, clock: FixedClock, sample: Journal
) -> None:
    store = JournalStore.open(journal_file, clock)
    journal_file.write_text("", encoding="utf-8")
    assert store.update(add_contact("Kim")).can_write_back
    fixed = replace(sample, contacts=(*sample.contacts, Contact(name="Sam")))
    journal_file.write_text(encode(fixed), encoding="utf-8")

    outcome = store.write_back()

    assert outcome.saved
    assert names(decode(journal_file.read_bytes())) == ["Dr. Ana Rivera", "Sam", "Kim"]
    assert broken_copies(journal_file.parent) == []
    store.close()


def test_a_change_on_a_missing_file_is_not_offered_to_write_back(
    tmp_path: Path, clock: FixedClock
) -> None:
    """The app holds only what it entered since: that is not a journal to put back."""
    path = tmp_path / "journal.toml"
    store = JournalStore.open(path, clock)
    path.write_text("schema = [", encoding="utf-8")

    outcome = store.update(add_contact("Kim"))

    assert not outcome.saved
    assert not outcome.can_write_back
    store.close()


def test_write_back_on_a_read_only_store_writes_nothing(
    journal_file: Path, clock: FixedClock
) -> None:
    private_folder(state_folder()).chmod(0o777)  # its lock cannot be trusted: read-only
    store = JournalStore.open(journal_file, clock)
    journal_file.write_text("", encoding="utf-8")

    outcome = store.write_back()

    assert store.status == "read_only"
    assert not outcome.saved
    assert journal_file.read_text(encoding="utf-8") == ""
    assert broken_copies(journal_file.parent) == []
    store.close()
