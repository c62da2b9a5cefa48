"""`stepdown merge`: git's merge driver (BASE OURS THEIRS) and `--into JOURNAL OTHER`.

Every exit status is checked with the files' bytes: on an error, nothing is written.
HOME and the XDG folders point into tmp_path, so no real journal is ever touched.
"""

from __future__ import annotations

import math
import os
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path

import pytest

from stepdown.cli import main
from stepdown.clock import FixedClock
from stepdown.domain.journal import Checkin, DoseEntry, Journal, Plan, Step
from stepdown.store.backups import base_backup
from stepdown.store.codec import decode, encode

DAY = date(2026, 11, 25)
CLOCK = FixedClock(datetime(2026, 11, 26, 12, 0))
PLAN = Plan(
    prescriber="Dr. Ana Rivera",
    approved_on=date(2026, 11, 18),
    steps=(Step(date(2026, 11, 18), (time(8), time(20)), (20.0, 20.0)),),
)


def dose(slot: int, day: date = DAY) -> DoseEntry:
    taken = datetime.combine(day, time(slot, 5))
    return DoseEntry(day, "taken", time(slot), taken, 20.0)


def checkin(day: date, anxiety: int, at: time = time(21)) -> Checkin:
    return Checkin(day, datetime.combine(day, at), anxiety=anxiety)


BASE = Journal(plan=PLAN, doses=(dose(8),))
OURS = replace(BASE, doses=(dose(8), dose(20)))
THEIRS = replace(BASE, checkins=(checkin(DAY, 3),))


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fake home and XDG folders: nothing here reaches the user's own."""
    for name, sub in (
        ("HOME", "home"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_CONFIG_HOME", "config"),
    ):
        monkeypatch.setenv(name, str(tmp_path / "home" / sub))
    monkeypatch.delenv("STEPDOWN_DATA", raising=False)


def write(path: Path, journal: Journal | str) -> Path:
    path.write_text(journal if isinstance(journal, str) else encode(journal), encoding="utf-8")
    return path


@pytest.fixture
def three(tmp_path: Path) -> tuple[Path, Path, Path]:
    """git's three files: the base, ours (written into) and theirs."""
    return (
        write(tmp_path / "base.toml", BASE),
        write(tmp_path / "ours.toml", OURS),
        write(tmp_path / "theirs.toml", THEIRS),
    )


def doses(journal: Journal) -> list[DoseEntry]:
    """The journal's doses in the order they were taken (the merge may order them its way)."""
    return sorted(journal.doses, key=lambda entry: entry.taken_at or datetime.min)


def contents(*paths: Path) -> list[bytes]:
    return [path.read_bytes() for path in paths]


def test_driver_writes_both_sides_into_ours_and_says_nothing_on_stdout(
    three: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base, ours, theirs = three
    os.chmod(ours, 0o644)
    before = contents(base, theirs)
    assert main(["merge", *map(str, three)], CLOCK) == 0
    merged = decode(ours.read_bytes())
    assert doses(merged) == [dose(8), dose(20)]
    assert merged.checkins == (checkin(DAY, 3),)
    assert os.stat(ours).st_mode & 0o777 == 0o644
    assert contents(base, theirs) == before
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "stepdown merge: 1 entry added, 0 changed, 0 conflicts listed.\n"


def test_driver_with_an_empty_base_deletes_nothing(
    three: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    """git gives an empty BASE when the branches share no ancestor."""
    _base, ours, theirs = three
    empty = write(tmp_path / "empty.toml", "")
    write(theirs, replace(THEIRS, doses=()))
    assert main(["merge", str(empty), str(ours), str(theirs)], CLOCK) == 0
    merged = decode(ours.read_bytes())
    assert doses(merged) == [dose(8), dose(20)]
    assert merged.checkins == (checkin(DAY, 3),)


def test_driver_carries_a_deletion_over_from_the_base(three: tuple[Path, Path, Path]) -> None:
    base, ours, theirs = three
    write(theirs, replace(THEIRS, doses=()))
    assert main(["merge", str(base), str(ours), str(theirs)], CLOCK) == 0
    assert decode(ours.read_bytes()).doses == (dose(20),)


BROKEN = 'schema = 1\n[[doses]]\ndate = 2026-11-25\nstatus = "lost"\n'
NEWER = "schema = 99\n"


@pytest.mark.parametrize("role", ["BASE", "OURS", "THEIRS"])
@pytest.mark.parametrize(
    ("text", "why"),
    [(BROKEN, "is not a valid Stepdown journal"), (NEWER, "written by a newer Stepdown")],
)
def test_an_invalid_or_newer_file_is_named_and_nothing_is_written(
    three: tuple[Path, Path, Path],
    role: str,
    text: str,
    why: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = three[["BASE", "OURS", "THEIRS"].index(role)]
    write(bad, text)
    before = contents(*three)
    assert main(["merge", *map(str, three)], CLOCK) == 1
    assert contents(*three) == before
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{role} ({bad})" in err and why in err


def test_a_missing_file_is_named_and_nothing_is_written(
    three: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base, ours, theirs = three
    theirs.unlink()
    before = contents(base, ours)
    assert main(["merge", *map(str, three)], CLOCK) == 1
    assert contents(base, ours) == before
    assert f"cannot read THEIRS ({theirs})" in capsys.readouterr().err


def test_a_result_that_would_not_be_valid_leaves_ours_untouched(
    three: tuple[Path, Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from stepdown.domain import journal_merge

    real = journal_merge.merge_journals

    def broken(*journals: Journal | None) -> journal_merge.MergeResult:
        result = real(*journals)  # type: ignore[arg-type]
        nan = replace(dose(20), amount=math.nan)
        return result._replace(journal=replace(result.journal, doses=(nan,)))

    monkeypatch.setattr(journal_merge, "merge_journals", broken)
    before = contents(*three)
    assert main(["merge", *map(str, three)], CLOCK) == 1
    assert contents(*three) == before
    assert "the merged journal would not be valid" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [["merge", "a", "b"], ["merge", "a", "b", "c", "d"], ["merge", "--into", "j", "a", "b"]],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv, CLOCK) == 2
    assert capsys.readouterr().err.startswith("usage: stepdown merge")


def age(path: Path, seconds: float) -> None:
    """Set `path`'s mtime to `seconds` after a fixed moment."""
    moment = datetime(2026, 11, 26, 12).timestamp() + seconds
    os.utime(path, (moment, moment))


def test_into_without_a_backup_keeps_what_only_one_copy_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = write(tmp_path / "journal.toml", OURS)
    other = write(tmp_path / "other.toml", replace(THEIRS, doses=()))
    before, journal_before = other.read_bytes(), journal.read_bytes()
    assert main(["merge", "--into", str(journal), str(other)], CLOCK) == 0
    # Saved through the store: the journal as it was is today's backup.
    assert (tmp_path / "backups" / "journal-2026-11-26.toml").read_bytes() == journal_before
    merged = decode(journal.read_bytes())
    assert doses(merged) == [dose(8), dose(20)]  # not deleted: there was no base
    assert merged.checkins == (checkin(DAY, 3),)
    assert other.read_bytes() == before
    out = " ".join(capsys.readouterr().out.split())
    assert f"Merged {other} into {journal}: 1 entry added, 0 changed, 0 conflicts listed." in out
    assert "the merge had no base: an entry deleted in one copy is kept, not deleted." in out
    assert f"{other} was left as it was." in out


def test_into_takes_the_newest_backup_older_than_both_as_the_base(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = write(tmp_path / "journal.toml", OURS)
    other = write(tmp_path / "other.toml", replace(THEIRS, doses=()))
    backups = tmp_path / "backups"
    backups.mkdir()
    older = write(backups / "journal-2026-11-24.toml", Journal(plan=PLAN))
    base = write(backups / "journal-2026-11-25.toml", BASE)
    newer = write(backups / "journal-2026-11-26.toml", Journal(plan=PLAN))
    for path, seconds in ((older, 0), (base, 10), (newer, 100), (journal, 50), (other, 60)):
        age(path, seconds)
    assert base_backup(journal, other) == (base, BASE)
    assert main(["merge", "--into", str(journal), str(other)], CLOCK) == 0
    merged = decode(journal.read_bytes())
    assert merged.doses == (dose(20),)  # the 08:00 dose was deleted in the other copy
    assert merged.checkins == (checkin(DAY, 3),)
    assert f"Base: the backup {base}." in " ".join(capsys.readouterr().out.split())


def test_into_passes_over_a_broken_backup(tmp_path: Path) -> None:
    journal = write(tmp_path / "journal.toml", OURS)
    other = write(tmp_path / "other.toml", THEIRS)
    (tmp_path / "backups").mkdir()
    good = write(tmp_path / "backups" / "journal-2026-11-24.toml", BASE)
    broken = write(tmp_path / "backups" / "journal-2026-11-25.toml", BROKEN)
    for path, seconds in ((good, 0), (broken, 10), (journal, 50), (other, 60)):
        age(path, seconds)
    assert base_backup(journal, other) == (good, BASE)


def test_into_an_invalid_other_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = write(tmp_path / "journal.toml", OURS)
    other = write(tmp_path / "other.toml", BROKEN)
    before = contents(journal, other)
    assert main(["merge", "--into", str(journal), str(other)], CLOCK) == 1
    assert contents(journal, other) == before
    assert not (tmp_path / "backups").exists()
    assert f"OTHER ({other}) is not a valid Stepdown journal" in capsys.readouterr().err


def test_into_an_invalid_journal_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = write(tmp_path / "journal.toml", BROKEN)
    other = write(tmp_path / "other.toml", THEIRS)
    before = contents(journal, other)
    assert main(["merge", "--into", str(journal), str(other)], CLOCK) == 1
    assert contents(journal, other) == before
    assert f"{journal} is not a valid Stepdown journal" in capsys.readouterr().err


def test_into_a_missing_journal_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = write(tmp_path / "other.toml", THEIRS)
    assert main(["merge", "--into", str(tmp_path / "journal.toml"), str(other)], CLOCK) == 1
    assert not (tmp_path / "journal.toml").exists()
    assert f"there is no journal at {tmp_path / 'journal.toml'}" in capsys.readouterr().err


def test_into_a_journal_of_a_newer_schema_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = write(tmp_path / "journal.toml", NEWER)
    other = write(tmp_path / "other.toml", THEIRS)
    before = contents(journal, other)
    assert main(["merge", "--into", str(journal), str(other)], CLOCK) == 1
    assert contents(journal, other) == before
    assert "newer Stepdown (schema 99)" in capsys.readouterr().err
