"""Backups are ordered by what they hold, not by the date in their names.

A backup made while the computer's clock said 2056 is named journal-2056-01-01.toml;
ordered by name it would be the newest forever, offered first and never pruned. Ordered
by its newest record (then its modification time), it takes its true place, and one
dated after today is never offered without saying so.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from stepdown.domain.journal import BreathingSession, DoseEntry, Journal, Plan, Step
from stepdown.store import files
from stepdown.store.codec import encode
from stepdown.store.restore import find_backup

TODAY = date(2026, 11, 25)
BROKEN = b"schema = 1\n[[doses]]\ndate = 2026-11-25\nstatus = 'lost'\n"


def holding(sample: Journal, day: date) -> bytes:
    """`sample` with one dose, taken at noon on `day`: its newest record."""
    dose = DoseEntry(date=day, status="taken", taken_at=datetime.combine(day, time(12)))
    return encode(replace(sample, doses=(dose,))).encode()


def write_backup(journal: Path, name_day: date, data: bytes, mtime: float | None = None) -> Path:
    folder = journal.parent / "backups"
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"journal-{name_day.isoformat()}.toml"
    path.write_bytes(data)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def names(journal: Path) -> list[str]:
    return sorted(os.listdir(journal.parent / "backups"))


def test_a_backup_from_a_wrong_clock_is_pruned_by_what_it_holds(
    journal_file: Path, sample: Journal
) -> None:
    first = TODAY - timedelta(days=files.BACKUPS_KEPT)
    for offset in range(files.BACKUPS_KEPT):  # 11 Nov .. 24 Nov, each holding its day
        day = first + timedelta(days=offset)
        write_backup(journal_file, day, holding(sample, day))
    future = write_backup(journal_file, date(2056, 1, 1), holding(sample, date(2026, 10, 1)))

    files.daily_backup(journal_file, holding(sample, TODAY), TODAY)

    kept = names(journal_file)
    assert len(kept) == files.BACKUPS_KEPT
    assert future.name not in kept, "the oldest by what it holds goes first"
    assert "journal-2026-11-11.toml" not in kept
    assert kept[0] == "journal-2026-11-12.toml"
    assert "journal-2026-11-25.toml" in kept


def test_todays_backup_is_kept_even_when_it_holds_older_records(
    journal_file: Path, sample: Journal
) -> None:
    """After restoring an old backup, the next day's first save backs up old records."""
    for offset in range(files.BACKUPS_KEPT):
        day = TODAY - timedelta(days=offset + 1)
        write_backup(journal_file, day, holding(sample, day))

    files.daily_backup(journal_file, holding(sample, date(2026, 1, 1)), TODAY)

    assert "journal-2026-11-25.toml" in names(journal_file)
    assert len(names(journal_file)) == files.BACKUPS_KEPT


def test_equal_contents_are_ordered_by_modification_time(
    journal_file: Path, sample: Journal
) -> None:
    same = holding(sample, date(2026, 11, 1))
    for offset in range(files.BACKUPS_KEPT):
        day = date(2026, 11, 1) + timedelta(days=offset)
        # The later the name, the older the file: only the mtime can tell them apart.
        write_backup(journal_file, day, same, mtime=1_800_000_000 - offset * 86_400)

    files.daily_backup(journal_file, same, TODAY)

    assert f"journal-2026-11-{files.BACKUPS_KEPT:02d}.toml" not in names(journal_file)
    assert "journal-2026-11-01.toml" in names(journal_file)


def test_the_backup_offered_is_the_newest_by_what_it_holds(
    journal_file: Path, sample: Journal
) -> None:
    write_backup(journal_file, date(2056, 1, 1), holding(sample, date(2026, 10, 1)))
    expected = write_backup(journal_file, date(2026, 11, 24), holding(sample, date(2026, 11, 24)))
    journal_file.write_bytes(BROKEN)

    search = find_backup(journal_file, today=TODAY)

    assert search.newest is not None
    assert search.newest.path == expected
    assert search.newest.newest_record == datetime(2026, 11, 24, 12)
    assert search.newest.wrong_clock is None
    assert search.skipped == ()


def test_a_backup_named_after_today_is_offered_only_with_words_saying_so(
    journal_file: Path, sample: Journal
) -> None:
    write_backup(journal_file, date(2056, 1, 1), holding(sample, date(2026, 11, 20)))
    journal_file.write_bytes(BROKEN)

    search = find_backup(journal_file, today=TODAY)

    assert search.newest is not None
    assert search.newest.day == date(2056, 1, 1)
    assert search.newest.wrong_clock == ("made under a wrong clock: dated 2056-01-01, after today")


def test_a_backup_holding_a_record_after_today_says_so(journal_file: Path, sample: Journal) -> None:
    write_backup(journal_file, date(2026, 11, 24), holding(sample, date(2056, 3, 4)))
    write_backup(journal_file, date(2026, 11, 23), holding(sample, date(2026, 11, 23)))
    journal_file.write_bytes(BROKEN)

    search = find_backup(journal_file, today=TODAY)

    assert search.newest is not None
    assert search.newest.day == date(2026, 11, 24)
    assert search.newest.wrong_clock == (
        "made under a wrong clock: it holds a record dated 2056-03-04, after today"
    )


def test_the_newest_record_is_read_from_the_records_not_the_plan(sample: Journal) -> None:
    journal = replace(
        sample,
        plan=Plan(
            prescriber="Dr. Ana Rivera",
            steps=(Step(start=date(2027, 6, 1), times=(), doses=()),),
        ),
        breathing=(
            BreathingSession(
                started_at=datetime(2026, 11, 24, 21, 30),
                pattern="box",
                planned_seconds=60,
                seconds=60,
                completed=True,
            ),
        ),
    )

    assert files.newest_record(encode(journal).encode()) == datetime(2026, 11, 24, 21, 30)
    assert files.newest_record(b"schema = 1\n") is None
    assert files.newest_record(b"[[doses]]\ndate = 2026-13-40\n") is None
