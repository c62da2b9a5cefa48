"""The record of the last calendar export is input: whatever lies where it should be
(damaged, forged, a symlink, a FIFO, another user's, another journal's), it is ignored,
never trusted, never a crash; and it is written whole or not at all."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

import pytest

from stepdown.domain.report.ics import CalendarRecord, SentEvent, dose_calendar, uid
from stepdown.store.calendar_record import load_record, record_path, save_record
from tests.domain.test_week import JOURNAL

NOW = datetime(2026, 11, 25, 15, 0)
NOBODY = 65534


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.toml"
    path.write_text("schema = 1\n")
    return path


@pytest.fixture
def record() -> CalendarRecord:
    return dose_calendar(JOURNAL, NOW.date(), NOW, cancel_older=True).record


def saved(journal: Path, record: CalendarRecord) -> dict:
    save_record(journal, record)
    return json.loads(record_path(journal).read_bytes())


def forge(journal: Path, document: object) -> None:
    record_path(journal).write_text(json.dumps(document))


def test_what_is_saved_is_loaded(journal: Path, record: CalendarRecord) -> None:
    assert load_record(journal) is None
    save_record(journal, record)
    assert load_record(journal) == record
    assert len(record.events) == 40  # 20 doses, and the 20 UIDs of Stepdown 0.1.0
    path = record_path(journal)
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600


def test_any_path_to_the_journal_finds_its_record(
    journal: Path, record: CalendarRecord, tmp_path: Path
) -> None:
    save_record(journal, record)
    link = tmp_path / "link.toml"
    link.symlink_to(journal)
    assert load_record(link) == record
    assert load_record(tmp_path / "other.toml") is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda doc: b"",
        lambda doc: json.dumps(doc).encode()[:-20],  # cut short
        lambda doc: b"\xff\xfe not json",
        lambda doc: b"[]",
        lambda doc: json.dumps({**doc, "format": 2}).encode(),
        lambda doc: json.dumps({**doc, "format": True}).encode(),
        lambda doc: json.dumps({**doc, "journal": "/elsewhere/journal.toml"}).encode(),
        lambda doc: json.dumps({**doc, "more": 1}).encode(),
        lambda doc: json.dumps({**doc, "events": {}}).encode(),
        lambda doc: json.dumps({**doc, "events": [*doc["events"], doc["events"][0]]}).encode(),
    ],
    ids=[
        "empty",
        "cut short",
        "not json",
        "a list",
        "another format",
        "format true",
        "another journal",
        "a key more",
        "events a mapping",
        "a uid twice",
    ],
)
def test_a_damaged_or_foreign_record_is_ignored(
    journal: Path, record: CalendarRecord, damage: Callable[[dict], bytes]
) -> None:
    document = saved(journal, record)
    record_path(journal).write_bytes(damage(document))
    assert load_record(journal) is None


@pytest.mark.parametrize(
    ("index", "value"),
    [
        (0, "../../etc/passwd"),
        (0, "20261125T0800@example.com"),
        (0, 20261125),
        (1, "2026-11-25T09:00:00"),  # not the UID's time
        (1, "2026-11-25T08:00:00+01:00"),
        (1, "2026-13-25T08:00:00"),
        (1, "2026-11-25T08:00:30"),
        (2, -1),
        (2, 2**31),
        (2, 1.5),
        (2, True),
        (3, "not a digest"),
        (4, 1),
        (4, "false"),
    ],
)
def test_a_forged_row_makes_the_whole_record_ignored(
    journal: Path, record: CalendarRecord, index: int, value: object
) -> None:
    document = saved(journal, record)
    row = document["events"][0]
    row[index] = value
    forge(journal, document)
    assert load_record(journal) is None


def test_a_row_of_the_wrong_length_is_refused(journal: Path, record: CalendarRecord) -> None:
    document = saved(journal, record)
    document["events"][0].append(0)
    forge(journal, document)
    assert load_record(journal) is None


def test_a_symlink_to_a_valid_record_is_not_followed(
    journal: Path, record: CalendarRecord, tmp_path: Path
) -> None:
    save_record(journal, record)
    path = record_path(journal)
    elsewhere = tmp_path / "planted.json"
    os.replace(path, elsewhere)
    path.symlink_to(elsewhere)
    assert load_record(journal) is None
    # Saving replaces the link itself, never what it points to.
    before = elsewhere.read_bytes()
    save_record(journal, CalendarRecord())
    assert elsewhere.read_bytes() == before
    assert not path.is_symlink()
    assert load_record(journal) == CalendarRecord()


def test_a_fifo_is_never_waited_on(journal: Path, record: CalendarRecord) -> None:
    save_record(journal, record)
    path = record_path(journal)
    path.unlink()
    os.mkfifo(path, 0o600)
    assert load_record(journal) is None  # returns at once: nothing writes to the FIFO


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_another_users_record_is_ignored(journal: Path, record: CalendarRecord) -> None:
    save_record(journal, record)
    os.chown(record_path(journal), NOBODY, NOBODY)
    assert load_record(journal) is None


def test_a_state_folder_others_can_write_is_not_trusted(
    journal: Path, record: CalendarRecord
) -> None:
    save_record(journal, record)
    folder = record_path(journal).parent
    folder.chmod(0o777)
    assert load_record(journal) is None
    with pytest.raises(OSError, match="can be written by other users"):
        save_record(journal, record)


def test_a_record_too_large_is_not_read(
    journal: Path, record: CalendarRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stepdown.store import calendar_record

    save_record(journal, record)
    monkeypatch.setattr(calendar_record.KIND, "max_size", record_path(journal).stat().st_size - 1)
    assert load_record(journal) is None


def test_a_failed_save_leaves_the_old_record(journal: Path, record: CalendarRecord) -> None:
    save_record(journal, record)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    later = CalendarRecord(
        {
            "20261126T0800@stepdown": SentEvent(
                datetime.combine(date(2026, 11, 26), time(8)), 7, "0" * 32, True
            )
        }
    )
    with pytest.MonkeyPatch.context() as patch, pytest.raises(OSError):
        patch.setattr(os, "replace", fail)
        save_record(journal, later)
    assert load_record(journal) == record
    assert [name for name in os.listdir(record_path(journal).parent) if name.endswith(".tmp")] == []


def test_a_dose_time_with_seconds_is_kept(journal: Path) -> None:
    start = datetime(2026, 11, 26, 8, 0, 30)
    record = CalendarRecord({uid(start.date(), start.time()): SentEvent(start, 3, "a" * 32, False)})
    save_record(journal, record)
    assert load_record(journal) == record
