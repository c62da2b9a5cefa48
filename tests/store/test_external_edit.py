"""Another program changed the file since Stepdown loaded it: its edit is never overwritten."""

from __future__ import annotations

import errno
import itertools
import os
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from stepdown.clock import FixedClock
from stepdown.domain.journal import Contact, Journal
from stepdown.store import files
from stepdown.store.codec import InvalidJournal, decode, encode
from stepdown.store.journal_store import JournalStore
from tests.store.byte_edits import ByteEdit, apply_all, byte_edits

SAM = '\n[[contacts]]\nname = "Sam"\nrole = "friend"\n'
CASES = itertools.count()
"""A fresh folder name for each example hypothesis draws."""


def add_contact(name: str):
    """A change that adds a contact called `name`."""
    return lambda journal: replace(journal, contacts=(*journal.contacts, Contact(name=name)))


def names(journal: Journal) -> list[str]:
    return [contact.name for contact in journal.contacts]


def disk_full(fd: int, data: bytes) -> int:
    """os.write on a full disk."""
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def append_text(path: Path, text: str) -> None:
    """What a text editor does: rewrite the file with more in it."""
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_an_update_lands_on_top_of_an_edit_made_meanwhile(
    journal_file: Path, clock: FixedClock
) -> None:
    store = JournalStore.open(journal_file, clock)
    append_text(journal_file, SAM)

    assert store.update(add_contact("Kim")).saved

    saved = decode(journal_file.read_bytes())
    assert names(saved) == ["Dr. Ana Rivera", "Sam", "Kim"]
    assert saved.contacts[1].role == "friend"
    assert store.journal == saved
    store.close()


def test_a_merged_edit_is_said_and_a_plain_save_says_nothing(
    journal_file: Path, clock: FixedClock
) -> None:
    store = JournalStore.open(journal_file, clock)
    append_text(journal_file, SAM)

    merged = store.update(add_contact("Kim"))
    plain = store.update(add_contact("Lee"))

    assert merged.saved
    assert merged.notice == "The file changed on disk; your change was added to it."
    assert plain.saved
    assert plain.notice is None
    store.close()


def test_a_deleted_file_written_again_is_said(journal_file: Path, clock: FixedClock) -> None:
    store = JournalStore.open(journal_file, clock)
    journal_file.unlink()

    outcome = store.update(add_contact("Kim"))

    assert outcome.saved
    assert (
        outcome.notice == f"{journal_file} was deleted by another program; Stepdown wrote it again."
    )
    store.close()


def test_an_edit_of_the_same_size_and_time_is_noticed(
    journal_file: Path, clock: FixedClock
) -> None:
    store = JournalStore.open(journal_file, clock)
    before = os.stat(journal_file)
    text = journal_file.read_text(encoding="utf-8")
    journal_file.write_text(text.replace("Dr. Ana Rivera", "Dr. Ann Rivera"), encoding="utf-8")
    os.utime(journal_file, ns=(before.st_atime_ns, before.st_mtime_ns))

    assert store.update(add_contact("Kim")).saved

    assert names(decode(journal_file.read_bytes())) == ["Dr. Ann Rivera", "Kim"]
    store.close()


def test_changes_a_failed_save_kept_are_replayed_on_the_edit_too(
    journal_file: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = JournalStore.open(journal_file, clock)
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", disk_full)
        assert not store.update(add_contact("Kim")).saved
    append_text(journal_file, SAM)

    assert store.update(add_contact("Lee")).saved

    assert names(decode(journal_file.read_bytes())) == ["Dr. Ana Rivera", "Sam", "Kim", "Lee"]
    store.close()


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: "",
        lambda text: text[: len(text) // 2],
        lambda text: text + "\n[[doses]\n",
        lambda text: text.replace("amount = 15.0", "amount = -15.0"),
    ],
    ids=["emptied", "cut in half", "syntax error", "invalid value"],
)
def test_an_edit_that_broke_the_file_is_not_overwritten(
    journal_file: Path, clock: FixedClock, sample: Journal, damage
) -> None:
    store = JournalStore.open(journal_file, clock)
    broken = damage(journal_file.read_text(encoding="utf-8"))
    journal_file.write_text(broken, encoding="utf-8")

    outcome = store.update(add_contact("Kim"))

    assert not outcome.saved
    message = outcome.message or ""
    assert str(journal_file) in message
    assert "changed by another program" in message
    assert "kept" in message
    assert journal_file.read_text(encoding="utf-8") == broken
    assert store.unsaved
    assert names(store.journal) == ["Dr. Ana Rivera", "Kim"]
    assert [p.name for p in journal_file.parent.iterdir() if p.suffix == ".tmp"] == []

    # The user repairs the file by hand (and adds someone); the kept change follows.
    journal_file.write_text(encode(sample) + SAM, encoding="utf-8")
    assert store.update(add_contact("Lee")).saved
    assert names(decode(journal_file.read_bytes())) == ["Dr. Ana Rivera", "Sam", "Kim", "Lee"]
    assert not store.unsaved
    store.close()


def test_a_deleted_file_is_written_again_from_memory(
    journal_file: Path, clock: FixedClock, sample: Journal
) -> None:
    store = JournalStore.open(journal_file, clock)
    journal_file.unlink()

    outcome = store.update(add_contact("Kim"))

    assert outcome.saved
    saved = decode(journal_file.read_bytes())
    assert saved.doses == sample.doses
    assert names(saved) == ["Dr. Ana Rivera", "Kim"]
    store.close()


def test_a_file_that_appears_after_a_missing_open_is_kept(
    tmp_path: Path, clock: FixedClock, sample: Journal
) -> None:
    path = tmp_path / "journal.toml"
    store = JournalStore.open(path, clock)
    assert store.status == "missing"
    path.write_text(encode(sample), encoding="utf-8")  # say, a backup put back

    assert store.update(add_contact("Kim")).saved

    saved = decode(path.read_bytes())
    assert saved.doses == sample.doses
    assert names(saved) == ["Dr. Ana Rivera", "Kim"]
    store.close()


def test_a_newer_stepdown_writing_meanwhile_makes_the_store_read_only(
    journal_file: Path, clock: FixedClock
) -> None:
    store = JournalStore.open(journal_file, clock)
    newer = journal_file.read_text(encoding="utf-8").replace("schema = 1", "schema = 2")
    journal_file.write_text(newer, encoding="utf-8")

    outcome = store.update(add_contact("Kim"))

    assert not outcome.saved
    assert "schema 2" in (outcome.message or "")
    assert store.status == "read_only"
    assert journal_file.read_text(encoding="utf-8") == newer
    store.close()


def test_a_kept_change_that_no_longer_fits_the_edit_writes_nothing(
    journal_file: Path, clock: FixedClock, sample: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    def rename_ana(journal: Journal) -> Journal:
        [ana] = [c for c in journal.contacts if c.name == "Dr. Ana Rivera"]
        renamed = tuple(
            replace(c, name="Dr. Ana Rivera-Cruz") if c is ana else c for c in journal.contacts
        )
        return replace(journal, contacts=renamed)

    store = JournalStore.open(journal_file, clock)
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", disk_full)
        assert not store.update(rename_ana).saved
    edited = encode(replace(sample, contacts=(Contact(name="Sam"),)))
    journal_file.write_text(edited, encoding="utf-8")

    outcome = store.update(add_contact("Kim"))

    assert not outcome.saved
    assert "does not fit" in (outcome.message or "")
    assert journal_file.read_text(encoding="utf-8") == edited
    assert store.unsaved
    store.close()


def test_a_file_replaced_by_a_folder_is_left_alone_with_a_message(
    journal_file: Path, clock: FixedClock
) -> None:
    store = JournalStore.open(journal_file, clock)
    journal_file.unlink()
    journal_file.mkdir()

    outcome = store.update(add_contact("Kim"))

    assert not outcome.saved
    assert f"Could not save to {journal_file}" in (outcome.message or "")
    assert journal_file.is_dir() and list(journal_file.iterdir()) == []
    assert store.unsaved
    journal_file.rmdir()
    assert store.retry().saved
    assert names(decode(journal_file.read_bytes())) == ["Dr. Ana Rivera", "Kim"]
    store.close()


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=byte_edits)
def test_any_byte_edit_made_meanwhile_is_built_on_or_left_alone(
    journal_file: Path, clock: FixedClock, tmp_path: Path, edits: list[ByteEdit]
) -> None:
    """Whatever another program did to the bytes, update() answers and never clobbers it."""
    path = tmp_path / f"case-{next(CASES)}" / "journal.toml"
    path.parent.mkdir()
    shutil.copy(journal_file, path)
    store = JournalStore.open(path, clock)
    edited = apply_all(edits, path.read_bytes())
    path.write_bytes(edited)

    outcome = store.update(add_contact("Kim"))

    try:
        meant = add_contact("Kim")(decode(edited))
    except InvalidJournal:
        meant = None
    if outcome.saved:
        assert meant is not None, "a broken edit was overwritten"
        assert decode(path.read_bytes()) == meant == store.journal
    else:
        assert path.read_bytes() == edited
        if store.status == "read_only":  # the edit made it a newer Stepdown's file
            assert "newer Stepdown" in (outcome.message or "")
        else:
            assert str(path) in (outcome.message or "")
            assert store.unsaved
    store.close()


def test_an_append_landing_just_before_the_rename_is_merged_not_lost(
    journal_file: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A program appends to the file after the store read it, right before the rename
    (as late as a write can come): the store finds it in the file it replaced and
    writes once more with it."""
    store = JournalStore.open(journal_file, clock)
    real_replace = files.replace_file
    appended: list[bool] = []

    def append_first(path: Path, data: bytes, **options: Any) -> None:
        if not appended:
            appended.append(True)
            with open(journal_file, "a", encoding="utf-8") as file:
                file.write(SAM)
        real_replace(path, data, **options)

    monkeypatch.setattr(files, "replace_file", append_first)

    outcome = store.update(add_contact("Kim"))

    assert outcome.saved
    assert outcome.notice == "The file changed on disk; your change was added to it."
    assert names(decode(journal_file.read_bytes())) == ["Dr. Ana Rivera", "Sam", "Kim"]
    store.close()


def test_an_edit_made_while_the_save_was_under_way_is_read_again(
    journal_file: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saves (a new file renamed into place) after the store read the file and
    before its rename: the check right before the rename sees it, and builds on it."""
    store = JournalStore.open(journal_file, clock)
    real_backup = files.daily_backup
    edited: list[bool] = []

    def edit_first(*args: object, **kwargs: object) -> None:
        if not edited:
            edited.append(True)
            append_text(journal_file, SAM)
        real_backup(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "daily_backup", edit_first)

    assert store.update(add_contact("Kim")).saved

    assert names(decode(journal_file.read_bytes())) == ["Dr. Ana Rivera", "Sam", "Kim"]
    store.close()


def test_an_editor_saving_while_the_new_file_is_synced_is_read_again(
    journal_file: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor renames its own file into place while the store writes and syncs its
    new file (milliseconds, the widest part of a save): the look the store takes after
    that, right before its rename, sees it, and the save builds on it."""
    store = JournalStore.open(journal_file, clock)
    real_write_all = files._write_all
    edited: list[bool] = []

    def edit_while_syncing(fd: int, data: bytes) -> None:
        real_write_all(fd, data)
        if not edited:
            edited.append(True)
            edit = journal_file.with_name("editor.swp")
            edit.write_text(journal_file.read_text(encoding="utf-8") + SAM, encoding="utf-8")
            os.replace(edit, journal_file)

    monkeypatch.setattr(files, "_write_all", edit_while_syncing)

    assert store.update(add_contact("Kim")).saved

    assert names(decode(journal_file.read_bytes())) == ["Dr. Ana Rivera", "Sam", "Kim"]
    assert not list(journal_file.parent.glob(".journal.toml.*.tmp"))
    store.close()
