"""The record of reminders sent and snoozed is input: whatever lies where it should be
(damaged, forged, a symlink, a FIFO, another user's, another journal's), it is ignored
as a whole and logged, never trusted, never a crash; and it is written whole."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

import pytest

from stepdown.domain.reminders import ReminderState, Snooze
from stepdown.store.log import log_path
from stepdown.store.reminder_record import (
    RunnerBusy,
    load_state,
    record_path,
    runner_lock,
    save_state,
)

DAY = date(2026, 11, 25)
STATE = ReminderState(
    frozenset(
        {
            (DAY, time(8), datetime(2026, 11, 25, 8, 0)),
            (DAY, time(8), datetime(2026, 11, 25, 8, 30)),
            (DAY, time(23, 50), datetime(2026, 11, 26, 0, 20)),
        }
    ),
    (Snooze(DAY, time(14), datetime(2026, 11, 25, 14, 12)),),
)
NOBODY = 65534


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.toml"
    path.write_text("schema = 1\n")
    return path


def saved(journal: Path) -> dict:
    save_state(journal, STATE)
    return json.loads(record_path(journal).read_bytes())


def forge(journal: Path, document: object) -> None:
    record_path(journal).write_text(json.dumps(document))


def test_what_is_saved_is_loaded_private(journal: Path, tmp_path: Path) -> None:
    assert load_state(journal) == ReminderState()
    save_state(journal, STATE)
    assert load_state(journal) == STATE
    path = record_path(journal)
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600
    link = tmp_path / "link.toml"
    link.symlink_to(journal)
    assert load_state(link) == STATE
    assert load_state(tmp_path / "other.toml") == ReminderState()


@pytest.mark.parametrize(
    "damage",
    [
        lambda doc: b"",
        lambda doc: json.dumps(doc).encode()[:-10],
        lambda doc: b"\xff\xfe not json",
        lambda doc: b"[]",
        lambda doc: json.dumps({**doc, "format": 2}).encode(),
        lambda doc: json.dumps({**doc, "format": True}).encode(),
        lambda doc: json.dumps({**doc, "journal": "/elsewhere/journal.toml"}).encode(),
        lambda doc: json.dumps({**doc, "more": 1}).encode(),
        lambda doc: json.dumps({**doc, "sent": {}}).encode(),
        lambda doc: json.dumps({**doc, "snoozes": [*doc["snoozes"], doc["snoozes"][0]]}).encode(),
        lambda doc: json.dumps({**doc, "sent": [["2026-11-25", "08:00:00"]] * 3000}).encode(),
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
        "sent a mapping",
        "a dose snoozed twice",
        "too many rows",
    ],
)
def test_a_damaged_or_foreign_record_is_ignored_and_logged(
    journal: Path, damage: Callable[[dict], bytes]
) -> None:
    document = saved(journal)
    record_path(journal).write_bytes(damage(document))
    assert load_state(journal) == ReminderState()
    assert "The reminders record of" in log_path().read_text()


@pytest.mark.parametrize(
    ("index", "value"),
    [
        (0, "2026-13-25"),
        (0, 20261125),
        (0, None),
        (1, "25:00:00"),
        (1, "08:00:00+01:00"),
        (2, "2026-11-25T08:00:00+01:00"),
        (2, "2026-11-28T08:00:00"),  # three days after its dose
        (2, "2026-11-24T08:00:00"),  # before its dose's day
        (2, "../../etc/passwd"),
    ],
)
def test_a_forged_row_makes_the_whole_record_ignored(
    journal: Path, index: int, value: object
) -> None:
    for table in ("sent", "snoozes"):
        document = saved(journal)
        document[table][0][index] = value
        forge(journal, document)
        assert load_state(journal) == ReminderState(), table


def test_a_row_of_the_wrong_length_is_refused(journal: Path) -> None:
    document = saved(journal)
    document["sent"][0].append("x")
    forge(journal, document)
    assert load_state(journal) == ReminderState()


def test_a_symlink_is_not_followed_and_saving_replaces_the_link(
    journal: Path, tmp_path: Path
) -> None:
    save_state(journal, STATE)
    path = record_path(journal)
    elsewhere = tmp_path / "planted.json"
    os.replace(path, elsewhere)
    path.symlink_to(elsewhere)
    assert load_state(journal) == ReminderState()
    before = elsewhere.read_bytes()
    save_state(journal, ReminderState())
    assert elsewhere.read_bytes() == before
    assert not path.is_symlink()


def test_a_fifo_is_never_waited_on(journal: Path) -> None:
    save_state(journal, STATE)
    path = record_path(journal)
    path.unlink()
    os.mkfifo(path, 0o600)
    assert load_state(journal) == ReminderState()


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_another_users_record_is_ignored(journal: Path) -> None:
    save_state(journal, STATE)
    os.chown(record_path(journal), NOBODY, NOBODY)
    assert load_state(journal) == ReminderState()


def test_a_state_folder_others_can_write_is_not_trusted(journal: Path) -> None:
    save_state(journal, STATE)
    record_path(journal).parent.chmod(0o777)
    assert load_state(journal) == ReminderState()
    with pytest.raises(OSError, match="can be written by other users"):
        save_state(journal, STATE)
    with pytest.raises(OSError, match="can be written by other users"), runner_lock(journal):
        pass


def test_a_failed_save_leaves_the_old_record(journal: Path) -> None:
    save_state(journal, STATE)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    with pytest.MonkeyPatch.context() as patch, pytest.raises(OSError):
        patch.setattr(os, "replace", fail)
        save_state(journal, ReminderState())
    assert load_state(journal) == STATE
    assert [name for name in os.listdir(record_path(journal).parent) if name.endswith(".tmp")] == []


def test_one_runner_at_a_time(journal: Path) -> None:
    with runner_lock(journal), pytest.raises(RunnerBusy), runner_lock(journal):
        pass
    with runner_lock(journal):  # let go at the end of the block
        pass
