"""How long the data file takes to load and save at 1, 3 and 10 years of daily use.

Run from the repository root: `python bench/store.py`. Prints a table in
milliseconds, each load and save also as a ratio of plain `tomllib.loads` of the
same text measured in the same run (the least any load could cost). No assertions.
"""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from journals import journal_of_years

from stepdown.clock import FixedClock
from stepdown.domain.journal import Journal
from stepdown.store.codec import decode, encode
from stepdown.store.journal_store import JournalStore

YEARS = (1, 3, 10)
RUNS = 7
TODAY = date(2026, 11, 25)


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    """The median wall time of `runs` calls of `action`, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def note_last_dose(run: int) -> Callable[[Journal], Journal]:
    """A change to one dose entry, as marking a dose in the app would make."""

    def change(journal: Journal) -> Journal:
        last = replace(journal.doses[-1], note=f"benchmark run {run}")
        return replace(journal, doses=(*journal.doses[:-1], last))

    return change


def measure(years: int, folder: Path) -> dict[str, float]:
    """The figures for a journal of `years`, using a file in `folder`."""
    journal = journal_of_years(years, TODAY)
    start = time.perf_counter()
    text = encode(journal)
    encode_ms = (time.perf_counter() - start) * 1000
    path = folder / f"journal-{years}y.toml"
    path.write_text(text, encoding="utf-8")

    figures = {
        "entries": len(journal.doses) + len(journal.checkins) + len(journal.breathing),
        "kb": path.stat().st_size / 1024,
        "encode": encode_ms,
        "tomllib": median_ms(lambda: tomllib.loads(text)),
        "load": median_ms(lambda: decode(path.read_bytes())),
    }
    store = JournalStore.open(path, FixedClock(at=datetime.combine(TODAY, datetime.min.time())))
    try:
        store.update(note_last_dose(0))  # the day's first save also makes the daily backup
        runs = iter(range(1, RUNS + 1))
        figures["save"] = median_ms(lambda: store.update(note_last_dose(next(runs))))
    finally:
        store.close()
    return figures


def main() -> None:
    """Print the machine, then one row per journal size."""
    print(f"Python {platform.python_version()} on {platform.system()}, {os.cpu_count()} cores")
    print(f"median of {RUNS} runs; x = times plain tomllib.loads of the same text\n")
    header = (
        f"{'years':>5} {'entries':>8} {'size KB':>8} {'encode':>8} {'tomllib':>8}"
        f" {'load':>8} {'x':>5} {'save':>8} {'x':>5}"
    )
    print(header)
    with tempfile.TemporaryDirectory(prefix="stepdown-bench-") as folder:
        for years in YEARS:
            f = measure(years, Path(folder))
            print(
                f"{years:>5} {f['entries']:>8,.0f} {f['kb']:>8,.0f} {f['encode']:>8.1f}"
                f" {f['tomllib']:>8.1f} {f['load']:>8.1f} {f['load'] / f['tomllib']:>5.1f}"
                f" {f['save']:>8.1f} {f['save'] / f['tomllib']:>5.1f}",
                flush=True,
            )
    print("\nall times in ms; save = JournalStore.update of one dose (encode, check, fsync)")


if __name__ == "__main__":
    main()
