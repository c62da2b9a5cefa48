"""Finding the conflict copies sync tools leave beside a journal, by name, and reading them."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from stepdown.clock import FixedClock
from stepdown.store.codec import encode
from stepdown.store.conflict_copies import copy_tool, find_copies, move_to_backups
from stepdown.store.journal_store import JournalStore
from tests.ui.helpers import JOURNAL

JOURNAL_PATH = Path("/data/journal.toml")


@pytest.mark.parametrize(
    ("name", "tool", "when"),
    [
        (
            "journal.sync-conflict-20261203-081500-ABCDEF1.toml",
            "Syncthing",
            datetime(2026, 12, 3, 8, 15),
        ),
        (
            "journal (conflicted copy 2026-12-03 081500).toml",
            "Nextcloud",
            datetime(2026, 12, 3, 8, 15),
        ),
        ("journal_conflict-20261203-081500.toml", "ownCloud", datetime(2026, 12, 3, 8, 15)),
        ("journal_conflict-ana-20261203-081500.toml", "ownCloud", datetime(2026, 12, 3, 8, 15)),
        (
            "journal (conflicted copy ana 2026-12-03 081500).toml",
            "Nextcloud",
            datetime(2026, 12, 3, 8, 15),
        ),
        ("journal (Ana's conflicted copy 2026-12-03).toml", "Dropbox", datetime(2026, 12, 3)),
        ("journal (Ana's conflicted copy 2026-12-03 (1)).toml", "Dropbox", datetime(2026, 12, 3)),
        ("journal-LAPTOP.toml", "OneDrive", None),
        ("journal-LAPTOP-1.toml", "OneDrive", None),
        ("journal-ana-desktop.toml", "OneDrive", None),
        ("journal (1).toml", "Google Drive", None),
    ],
)
def test_each_tools_copy_is_known_by_name(name: str, tool: str, when: datetime | None) -> None:
    assert copy_tool(JOURNAL_PATH, name) == (tool, when)


@pytest.mark.parametrize(
    "name",
    [
        "journal.toml",
        "journal.toml.lock",
        ".journal.toml.tmp123",
        "journal-2026-12-03.toml",  # a daily backup's name
        "journal.sync-conflict-20261203-081500-ABCDEF1.toml.tmp",
        "journal.sync-conflict-2026123-081500-ABCDEF1.toml",
        "other.sync-conflict-20261203-081500-ABCDEF1.toml",
        "journal (conflicted copy).toml",
        "journal (conflicted copy 2026-12-03).toml",
        "journal_conflict-.toml",
        "journal (1).json",
        "journal ().toml",
        "journal-.toml",
        "journalX.toml",
        "Journal (1).toml",
        ".syncthing.journal.toml.tmp",
        "~syncthing~journal.toml.tmp",
    ],
)
def test_near_misses_are_not_copies(name: str) -> None:
    assert copy_tool(JOURNAL_PATH, name) is None


def test_the_journals_own_name_and_suffix_decide(tmp_path: Path) -> None:
    assert copy_tool(Path("/d/meds.txt"), "meds (1).txt") == ("Google Drive", None)
    assert copy_tool(Path("/d/meds.txt"), "journal (1).toml") is None


def test_copies_are_read_and_checked(tmp_path: Path) -> None:
    journal = tmp_path / "journal.toml"
    journal.write_text(encode(JOURNAL), encoding="utf-8")
    good = tmp_path / "journal.sync-conflict-20261203-081500-ABCDEF1.toml"
    good.write_text(encode(JOURNAL), encoding="utf-8")
    broken = tmp_path / "journal (1).toml"
    broken.write_text("schema = 1\n[[doses]\n", encoding="utf-8")
    newer = tmp_path / "journal-LAPTOP.toml"
    newer.write_text("schema = 99\n", encoding="utf-8")
    os.symlink(good, tmp_path / "journal (2).toml")
    os.mkfifo(tmp_path / "journal (3).toml")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    copies = {copy.path.name: copy for copy in find_copies(journal)}
    assert sorted(copies) == sorted([good.name, broken.name, newer.name])
    assert copies[good.name].journal == JOURNAL and copies[good.name].error is None
    assert copies[good.name].when == datetime(2026, 12, 3, 8, 15)
    assert copies[broken.name].journal is None and copies[broken.name].error
    assert copies[newer.name].journal is None
    assert "newer Stepdown" in (copies[newer.name].error or "")


def test_a_moved_copy_never_replaces_a_file(tmp_path: Path) -> None:
    journal = tmp_path / "journal.toml"
    journal.write_text("x", encoding="utf-8")
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / "journal (1).toml").write_text("older", encoding="utf-8")
    copy = tmp_path / "journal (1).toml"
    copy.write_text("newer", encoding="utf-8")
    moved = move_to_backups(journal, copy)
    assert not copy.exists()
    assert moved == tmp_path / "backups" / "journal (1)-2.toml"
    assert moved.read_text(encoding="utf-8") == "newer"
    assert (tmp_path / "backups" / "journal (1).toml").read_text(encoding="utf-8") == "older"


def test_a_journal_synced_in_from_another_machine_is_never_read_from_a_stale_cache(
    journal_file: Path, clock: FixedClock
) -> None:
    """The sync tool puts the other machine's journal in place with the same size and
    modification time as the one this machine cached: the cache, keyed by the file's
    digest, is not believed, and what the other machine wrote is what opens."""
    JournalStore.open(journal_file, clock).close()  # this machine's cache of its file
    info = journal_file.stat()
    text = journal_file.read_text(encoding="utf-8")
    assert 'name = "Dr. Ana Rivera"' in text
    other = text.replace('name = "Dr. Ana Rivera"', 'name = "Dr. Bea Rivera"')
    journal_file.write_text(other, encoding="utf-8")
    os.utime(journal_file, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert journal_file.stat().st_size == info.st_size

    store = JournalStore.open(journal_file, clock)
    try:
        assert [contact.name for contact in store.journal.contacts] == ["Dr. Bea Rivera"]
    finally:
        store.close()
