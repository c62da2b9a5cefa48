"""`stepdown report` and `stepdown export ics`: every flag, bad dates, files never overwritten.

The data file is the crafted week of tests/domain/test_week.py; the clock is fixed at
its "now" (Wed 25 Nov 2026, 15:00). Every test runs in its own tmp_path, with HOME
and the data folder pointed there too.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import stat
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from stepdown.cli import main
from stepdown.clock import FixedClock
from stepdown.domain.doses import taken
from stepdown.domain.journal import Journal
from stepdown.domain.report import render
from stepdown.domain.report.contents import build_report
from stepdown.store.cache import cache_path, read_cache, write_cache
from stepdown.store.codec import encode
from stepdown.store.journal_store import JournalStore
from stepdown.store.rows import JournalRows
from tests.domain.test_week import JOURNAL, NOW, d

Capture = pytest.CaptureFixture[str]
pytestmark = pytest.mark.usefixtures("folder")  # every test works in a folder of its own
WEEK_FILE = "stepdown-report-2026-11-19-to-2026-11-25"


def run(data: Path, *args: str) -> int:
    return main(["--data", str(data), *args], clock=FixedClock(NOW))


def csv_dates(path: Path) -> list[str]:
    return [row["date"] for row in csv.DictReader(io.StringIO(path.read_text(), newline=""))]


# The period


def test_the_default_is_the_past_week_in_markdown_beside_you(
    data: Path, folder: Path, capsys: Capture
) -> None:
    assert run(data, "report") == 0
    written = folder / f"{WEEK_FILE}.md"
    assert capsys.readouterr().out == f"{written}\n"
    expected = render(build_report(JOURNAL, d(19), d(25), NOW), "md")
    assert written.read_text(encoding="utf-8") == expected


def test_days(data: Path, folder: Path) -> None:
    assert run(data, "report", "--days", "3", "--format", "csv") == 0
    written = folder / "stepdown-report-2026-11-23-to-2026-11-25.csv"
    assert csv_dates(written) == ["2026-11-23", "2026-11-24", "2026-11-25"]


def test_from_and_to(data: Path, folder: Path) -> None:
    assert run(data, "report", "--from", "2026-11-20", "--to", "2026-11-21", "--format", "csv") == 0
    written = folder / "stepdown-report-2026-11-20-to-2026-11-21.csv"
    assert csv_dates(written) == ["2026-11-20", "2026-11-21"]


def test_a_period_past_today_is_named_and_cut_at_today(data: Path, folder: Path) -> None:
    assert run(data, "report", "--from", "2026-11-24", "--to", "2026-12-09", "--format", "csv") == 0
    assert csv_dates(folder / "stepdown-report-2026-11-24-to-2026-11-25.csv") == [
        "2026-11-24",
        "2026-11-25",
    ]
    assert (
        run(
            data,
            "report",
            "--from",
            "2026-11-24",
            "--to",
            "2026-12-09",
            "--doses",
            "--format",
            "csv",
        )
        == 0
    )
    assert (folder / "stepdown-doses-2026-11-24-to-2026-11-25.csv").exists()


def test_from_alone_runs_to_today(data: Path, folder: Path) -> None:
    assert run(data, "report", "--from", "2026-11-24", "--format", "csv") == 0
    assert csv_dates(folder / "stepdown-report-2026-11-24-to-2026-11-25.csv") == [
        "2026-11-24",
        "2026-11-25",
    ]


def test_to_with_days_ends_the_period_then(data: Path, folder: Path) -> None:
    assert run(data, "report", "--to", "2026-11-21", "--days", "2", "--format", "csv") == 0
    assert csv_dates(folder / "stepdown-report-2026-11-20-to-2026-11-21.csv") == [
        "2026-11-20",
        "2026-11-21",
    ]


def test_a_one_day_report(data: Path, folder: Path) -> None:
    assert run(data, "report", "--from", "2026-11-22", "--to", "2026-11-22") == 0
    assert (folder / "stepdown-report-2026-11-22-to-2026-11-22.md").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--from", "2026-02-30"], "argument --from: '2026-02-30' is not a date; write it like"),
        (["--to", "soon"], "argument --to: 'soon' is not a date; write it like 2026-11-25"),
        (["--days", "0"], "argument --days: '0': type 1 day or more"),
        (["--days", "a week"], "argument --days: 'a week': type a whole number of days"),
        (
            ["--days", "3", "--from", "2026-11-20"],
            "argument --from: not allowed with argument --days",
        ),
        (["--format", "pdf"], "argument --format: invalid choice: 'pdf'"),
        (
            ["--from", "2026-11-25", "--to", "2026-11-19"],
            "--from 2026-11-25 is after --to 2026-11-19",
        ),
        (["--from", "2026-11-26"], "--from 2026-11-26 is after today (2026-11-25)"),
        (
            ["--to", "2026-12-10", "--days", "3"],
            "the period's first day (2026-12-08) is after today (2026-11-25)",
        ),
        (["--doses"], "--doses is for --format csv (a row a dose); the md report lists"),
        (["--doses", "--format", "html"], "--doses is for --format csv"),
    ],
)
def test_usage_errors_say_what_is_wrong(
    data: Path, folder: Path, capsys: Capture, args: list[str], words: str
) -> None:
    assert run(data, "report", *args) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: stepdown report")
    assert words in err
    assert not list(folder.glob("stepdown-*"))


# Formats and output


def test_html(data: Path, folder: Path) -> None:
    assert run(data, "report", "--format", "html") == 0
    text = (folder / f"{WEEK_FILE}.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<svg" in text


def test_output_is_written_privately_where_asked(data: Path, folder: Path, capsys: Capture) -> None:
    target = folder / "for the clinic" / "week.md"
    assert run(data, "report", "--output", str(target)) == 0
    assert capsys.readouterr().out == f"{target}\n"
    assert target.read_text(encoding="utf-8").startswith("# Stepdown report: 19 Nov 2026")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_output_dash_is_standard_output(data: Path, folder: Path, capsys: Capture) -> None:
    assert run(data, "report", "--format", "csv", "--output", "-") == 0
    out = capsys.readouterr().out
    assert out.startswith("date,recorded,unit,planned,taken,")
    assert not list(folder.glob("stepdown-report-*"))


def test_an_existing_file_is_kept_without_force(data: Path, folder: Path, capsys: Capture) -> None:
    target = folder / "week.md"
    target.write_text("my own notes", encoding="utf-8")
    assert run(data, "report", "--output", "week.md") == 1
    captured = capsys.readouterr()
    assert f"{target} exists; add --force to replace it" in captured.err
    assert captured.out == ""
    assert target.read_text(encoding="utf-8") == "my own notes"
    assert run(data, "report", "--output", "week.md", "--force") == 0
    assert target.read_text(encoding="utf-8").startswith("# Stepdown report")


def test_a_failed_write_leaves_nothing_half_written(
    data: Path, folder: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = folder / "week.md"
    target.write_text("the old report", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    assert run(data, "report", "--output", "week.md", "--force") == 1
    assert "cannot write" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "the old report"
    assert [p.name for p in folder.iterdir() if p.name.startswith(".week")] == []


def test_a_missing_data_file(folder: Path, capsys: Capture) -> None:
    assert run(folder / "none.toml", "report") == 1
    assert "there is no data file at" in capsys.readouterr().err


def test_an_invalid_data_file(folder: Path, capsys: Capture) -> None:
    bad = folder / "bad.toml"
    bad.write_text("schema = 1\n[[doses]]\ndate = 2026-11-25\nstatus = 'lost'\n", encoding="utf-8")
    assert run(bad, "report") == 1
    assert "is not a valid Stepdown journal (1 problem); `stepdown check` lists them" in (
        capsys.readouterr().err
    )


def test_the_data_file_is_not_changed(data: Path) -> None:
    before = data.read_bytes()
    assert run(data, "report", "--format", "html") == 0
    assert data.read_bytes() == before


# export ics


def test_export_needs_a_kind(data: Path, capsys: Capture) -> None:
    assert run(data, "export") == 2
    assert "the following arguments are required: KIND" in capsys.readouterr().err


def test_help_lists_the_new_commands(capsys: Capture) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "report" in out and "export" in out


# Only regular files are replaced


def fifo(path: Path) -> Path:
    os.mkfifo(path, 0o600)
    return path


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
@pytest.mark.parametrize(
    ("command", "make", "words"),
    [
        (["report"], fifo, "is a FIFO (a named pipe)"),
        (["export", "ics"], fifo, "is a FIFO (a named pipe)"),
        (["report"], lambda path: path.mkdir() or path, "is a folder"),
    ],
    ids=["report onto a FIFO", "export onto a FIFO", "report onto a folder"],
)
def test_only_a_regular_file_is_ever_replaced(
    data: Path,
    folder: Path,
    capsys: Capture,
    command: list[str],
    make: Any,
    words: str,
    force: list[str],
) -> None:
    target = make(folder / "out")
    kind = stat.S_IFMT(target.lstat().st_mode)

    assert run(data, *command, "--output", str(target), *force) == 1

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"stepdown: {target} {words}; --force replaces only a regular file. "
        "Give a file's path, or - for standard output.\n"
    )
    assert stat.S_IFMT(target.lstat().st_mode) == kind
    assert [p.name for p in folder.iterdir() if p.name.startswith(".out")] == []


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can make a device node")
def test_a_device_like_dev_null_is_never_replaced(
    data: Path, folder: Path, capsys: Capture
) -> None:
    null = folder / "null"  # a twin of /dev/null, so the real one is never at stake
    real = os.stat("/dev/null")
    os.mknod(null, stat.S_IFCHR | 0o666, real.st_rdev)

    assert run(data, "report", "--output", str(null), "--force") == 1

    assert "is a device; --force replaces only a regular file" in capsys.readouterr().err
    assert stat.S_ISCHR(null.lstat().st_mode)
    assert null.lstat().st_rdev == real.st_rdev


def test_a_symlink_is_not_written_through_even_with_force(
    data: Path, folder: Path, capsys: Capture
) -> None:
    victim = folder / "important.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = folder / "week.md"
    link.symlink_to(victim)

    assert run(data, "report", "--output", str(link), "--force") == 1

    assert "is a symbolic link; Stepdown does not write through links" in capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert link.is_symlink()


def test_force_still_replaces_a_regular_file(data: Path, folder: Path, capsys: Capture) -> None:
    target = folder / "doses.ics"
    target.write_text("an old calendar", encoding="utf-8")

    assert run(data, "export", "ics", "--output", str(target), "--force") == 0

    assert capsys.readouterr().out == f"{target}\n"
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# Every dose: --format csv --doses

DOSE_COLUMNS = [
    "date",
    "planned_time",
    "planned",
    "status",
    "taken_at",
    "taken",
    "unit",
    "note",
    "step",
]
"""The doses CSV's columns as documented; a reader's scripts rely on them never changing."""


def dose_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    rows = list(reader)
    return list(reader.fieldnames or ()), rows


def test_the_doses_csv_has_a_row_a_dose(data: Path, folder: Path, capsys: Capture) -> None:
    assert run(data, "report", "--format", "csv", "--doses", "--from", "2026-11-20") == 0
    written = folder / "stepdown-doses-2026-11-20-to-2026-11-25.csv"
    assert capsys.readouterr().out == f"{written}\n"
    columns, rows = dose_rows(written)
    assert columns == DOSE_COLUMNS
    lines = [",".join(row[name] for name in DOSE_COLUMNS) for row in rows]
    assert lines == [
        "2026-11-20,08:00,20,taken,2026-11-20T08:00,20,mg,,1",
        "2026-11-20,20:00,20,skipped,,,mg,Felt *sick* | went to bed,1",
        "2026-11-21,08:00,15,taken,2026-11-21T08:00,15,mg,,2",
        "2026-11-21,20:00,20,missed,,,mg,,2",
        "2026-11-22,08:00,15,taken,2026-11-22T08:00,15,mg,,2",
        "2026-11-22,,,extra,2026-11-22T16:00,5,mg,spasms in the afternoon,2",
        "2026-11-22,20:00,20,taken,2026-11-22T20:00,20,mg,,2",
        "2026-11-23,08:00,15,taken,2026-11-23T08:00,15,mg,,2",
        "2026-11-23,20:00,20,taken,2026-11-23T20:00,20,mg,,2",
        "2026-11-24,08:00,15,taken,2026-11-24T08:30,10,mg,only had a 10 left,2",
        "2026-11-24,20:00,20,taken,2026-11-24T20:00,20,mg,,2",
        "2026-11-25,08:00,15,taken,2026-11-25T08:00,15,mg,,2",
        "2026-11-25,20:00,20,due,,,mg,,2",
    ]


def test_the_doses_csv_keeps_a_dose_taken_after_midnight_on_its_day(folder: Path) -> None:
    late = replace(JOURNAL.doses[-1], taken_at=datetime(2026, 11, 26, 0, 30))
    data = folder / "late.toml"
    data.write_text(encode(replace(JOURNAL, doses=(*JOURNAL.doses[:-1], late))), encoding="utf-8")
    clock = FixedClock(datetime(2026, 11, 26, 9))
    assert main(["--data", str(data), "report", "--format", "csv", "--doses"], clock=clock) == 0
    _, rows = dose_rows(folder / "stepdown-doses-2026-11-20-to-2026-11-26.csv")
    (row,) = [row for row in rows if row["date"] == "2026-11-25" and row["planned_time"] == "08:00"]
    assert (row["status"], row["taken_at"]) == ("taken", "2026-11-26T00:30")


FORMULAS = ("=1+1", "+1", "-2 tablets", "@SUM(A1)", "\tindent", '=HYPERLINK("x")')


def test_no_cell_of_the_doses_csv_starts_a_formula(folder: Path) -> None:
    typed = tuple(
        taken(d(24), None, 1.0, datetime(2026, 11, 24, 10 + n), note)
        for n, note in enumerate(FORMULAS)
    )
    journal = replace(
        JOURNAL, settings=replace(JOURNAL.settings, unit="=mg"), doses=(*JOURNAL.doses, *typed)
    )
    data = folder / "typed.toml"
    data.write_text(encode(journal), encoding="utf-8")
    assert run(data, "report", "--format", "csv", "--doses", "--output", "doses.csv") == 0
    _, rows = dose_rows(folder / "doses.csv")
    cells = [cell for row in rows for cell in row.values()]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    notes = {row["note"] for row in rows}
    assert {"'=1+1", "'+1", "'-2 tablets", "'@SUM(A1)", '\'=HYPERLINK("x")'} <= notes
    assert {row["unit"] for row in rows} == {"'=mg"}
    assert [row["taken"] for row in rows if row["note"] == "'-2 tablets"] == ["1"]


def test_the_doses_csv_to_standard_output(data: Path, folder: Path, capsys: Capture) -> None:
    assert run(data, "report", "--format", "csv", "--doses", "--output", "-") == 0
    assert capsys.readouterr().out.startswith(",".join(DOSE_COLUMNS) + "\r\n2026-11-19,")
    assert not list(folder.glob("stepdown-*"))


# Through the parse cache


def cache_of(data: Path, journal: Journal) -> None:
    """Leave in the user's cache `journal` as the cache of the file at `data`'s bytes."""
    write_cache(data, hashlib.sha256(data.read_bytes()).digest(), JournalRows().row(journal), None)


RENAMED = replace(JOURNAL, settings=replace(JOURNAL.settings, medication="from the cache"))


def report_of(data: Path, capsys: Capture, *args: str) -> str:
    assert run(data, "report", "--output", "-", *args) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("form", ["md", "csv", "html"])
def test_a_valid_cache_gives_the_report_a_parse_gives(
    data: Path, capsys: Capture, form: str
) -> None:
    parsed = report_of(data, capsys, "--format", form)
    store = JournalStore.open(data, FixedClock(NOW))  # the app leaves the cache
    store.close()
    assert read_cache(data, hashlib.sha256(data.read_bytes()).digest()) is not None
    assert report_of(data, capsys, "--format", form) == parsed


def test_the_cache_of_the_files_bytes_is_read(data: Path, capsys: Capture) -> None:
    # A cache holding another journal under this file's digest cannot happen but by
    # tampering; here it shows, by what the report says, that the report read the cache.
    cache_of(data, RENAMED)
    assert "From the cache taper" in report_of(data, capsys)


def test_a_cache_of_other_bytes_is_not_used(data: Path, capsys: Capture) -> None:
    cache_of(data, RENAMED)
    data.write_bytes(data.read_bytes() + b"\n# edited by hand\n")
    text = report_of(data, capsys)
    assert "Baclofen taper" in text
    assert "from the cache" not in text


def test_a_cache_that_fails_its_checks_is_not_used(data: Path, capsys: Capture) -> None:
    huge = replace(JOURNAL.doses[0], amount=1e6)  # more than any file may hold
    cache_of(data, replace(RENAMED, doses=(huge, *JOURNAL.doses[1:])))
    text = report_of(data, capsys)
    assert "Baclofen taper" in text
    assert "from the cache" not in text


def test_no_command_writes_the_cache(data: Path) -> None:
    assert run(data, "report") == 0
    assert main(["check", str(data)]) == 0
    assert not cache_path(data).exists()
