"""The undo record, the last record made from the shell, is input: whatever lies where it
should be (damaged, forged, a symlink, a FIFO, another user's, another journal's), it is
ignored as a whole, so `stepdown undo` never takes back a record it did not make."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

import pytest

from stepdown.domain.journal import Checkin, DoseEntry
from stepdown.domain.shell_undo import ShellRecord
from stepdown.store.undo_record import forget_record, load_record, record_path, save_record

NOBODY = 65534
DAY = date(2026, 12, 3)
TAKEN = DoseEntry(
    DAY,
    "taken",
    slot=time(14),
    taken_at=datetime(2026, 12, 3, 14, 5),
    amount=17.5,
    note="with food",
    extra={"xfrom": "a newer Stepdown"},
)
BEFORE = Checkin(DAY, datetime(2026, 12, 3, 9), anxiety=3, notes="tense\nstill")
AFTER = Checkin(DAY, datetime(2026, 12, 3, 21), anxiety=3, sleep=6, notes="tense\nstill")


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "journal.toml"
    path.write_text("schema = 1\n")
    return path


def saved(journal: Path, record: ShellRecord) -> dict:
    save_record(journal, record)
    return json.loads(record_path(journal).read_bytes())


@pytest.mark.parametrize(
    "record",
    [
        ShellRecord("take", TAKEN),
        ShellRecord("skip", DoseEntry(DAY, "skipped", slot=time(8), note="sick")),
        ShellRecord("extra", DoseEntry(DAY, "taken", taken_at=datetime(2026, 12, 3, 13), amount=5)),
        ShellRecord("checkin", AFTER, BEFORE),
        ShellRecord("checkin", AFTER),
    ],
    ids=["take", "skip", "extra", "checkin changed", "checkin added"],
)
def test_what_is_saved_is_loaded(journal: Path, record: ShellRecord) -> None:
    assert load_record(journal) is None
    save_record(journal, record)
    assert load_record(journal) == record
    path = record_path(journal)
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600
    forget_record(journal)
    assert load_record(journal) is None
    forget_record(journal)  # nothing there: nothing to do


def test_any_path_to_the_journal_finds_its_record(journal: Path, tmp_path: Path) -> None:
    save_record(journal, ShellRecord("take", TAKEN))
    link = tmp_path / "link.toml"
    link.symlink_to(journal)
    assert load_record(link) == ShellRecord("take", TAKEN)
    assert load_record(tmp_path / "other.toml") is None


def _toml(doc: dict, key: str, old: str, new: str) -> bytes:
    return json.dumps({**doc, key: doc[key].replace(old, new)}).encode()


@pytest.mark.parametrize(
    "damage",
    [
        lambda doc: b"",
        lambda doc: json.dumps(doc).encode()[:-20],
        lambda doc: b"\xff\xfe not json",
        lambda doc: b"[]",
        lambda doc: json.dumps({**doc, "format": 2}).encode(),
        lambda doc: json.dumps({**doc, "format": True}).encode(),
        lambda doc: json.dumps({**doc, "journal": "/elsewhere/journal.toml"}).encode(),
        lambda doc: json.dumps({**doc, "more": 1}).encode(),
        lambda doc: json.dumps({**doc, "command": "rm"}).encode(),
        lambda doc: json.dumps({**doc, "command": "skip"}).encode(),  # a taken entry
        lambda doc: json.dumps({**doc, "command": "extra"}).encode(),  # it has a slot
        lambda doc: json.dumps({**doc, "command": "checkin"}).encode(),
        lambda doc: json.dumps({**doc, "before": doc["after"]}).encode(),
        lambda doc: json.dumps({**doc, "after": 1}).encode(),
        lambda doc: _toml(doc, "after", "amount = 17.5", "amount = -1.0"),
        lambda doc: _toml(doc, "after", "schema = 1", "schema = 1\n[plan]\nprescriber = 'x'"),
        lambda doc: _toml(doc, "after", "[[doses]]", "[[breathing]]"),
        lambda doc: json.dumps(
            {**doc, "after": doc["after"] + doc["after"][doc["after"].index("[[doses]]") :]}
        ).encode(),
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
        "an unknown command",
        "skip of a taken dose",
        "extra with a slot",
        "checkin of a dose",
        "a dose command with a before",
        "after not text",
        "a value the file may not hold",
        "a plan beside the record",
        "another kind of record",
        "two doses",
    ],
)
def test_a_damaged_or_foreign_record_is_ignored(
    journal: Path, damage: Callable[[dict], bytes]
) -> None:
    document = saved(journal, ShellRecord("take", TAKEN))
    record_path(journal).write_bytes(damage(document))
    assert load_record(journal) is None


def test_a_checkin_record_with_another_days_before_is_ignored(journal: Path) -> None:
    document = saved(journal, ShellRecord("checkin", AFTER, BEFORE))
    document["before"] = document["before"].replace("2026-12-03", "2026-12-02")
    record_path(journal).write_text(json.dumps(document))
    assert load_record(journal) is None


def test_a_symlink_to_a_valid_record_is_not_followed(journal: Path, tmp_path: Path) -> None:
    save_record(journal, ShellRecord("take", TAKEN))
    path = record_path(journal)
    elsewhere = tmp_path / "planted.json"
    os.replace(path, elsewhere)
    path.symlink_to(elsewhere)
    assert load_record(journal) is None
    before = elsewhere.read_bytes()
    save_record(journal, ShellRecord("checkin", AFTER))
    assert elsewhere.read_bytes() == before
    assert not path.is_symlink()


def test_a_fifo_is_never_waited_on(journal: Path) -> None:
    save_record(journal, ShellRecord("take", TAKEN))
    path = record_path(journal)
    path.unlink()
    os.mkfifo(path, 0o600)
    assert load_record(journal) is None


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_another_users_record_is_ignored(journal: Path) -> None:
    save_record(journal, ShellRecord("take", TAKEN))
    os.chown(record_path(journal), NOBODY, NOBODY)
    assert load_record(journal) is None


def test_a_state_folder_others_can_write_is_not_trusted(journal: Path) -> None:
    save_record(journal, ShellRecord("take", TAKEN))
    record_path(journal).parent.chmod(0o777)
    assert load_record(journal) is None
    with pytest.raises(OSError, match="can be written by other users"):
        save_record(journal, ShellRecord("take", TAKEN))


def test_a_record_too_large_is_not_read(journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stepdown.store import undo_record

    save_record(journal, ShellRecord("take", TAKEN))
    monkeypatch.setattr(undo_record.KIND, "max_size", record_path(journal).stat().st_size - 1)
    assert load_record(journal) is None
