"""How long the data file takes to load and save at 1, 3 and 10 years of daily use.

Run from the repository root: `python bench/store.py`. Prints a table in
milliseconds, each figure also as a ratio of plain `tomllib.loads` of the same text
measured in the same run (what a load without the cache costs at least). No
assertions.

- load cold: JournalStore.open with no cache beside the file: read, parse, validate,
  and write the cache for next time.
- load warm: JournalStore.open with the cache a save left: read, hash, read the
  cache, and build the records Today needs (what the first frame waits for).
- whole warm: the same, then the rest of the journal's records (which the app builds
  in a thread after the first frame).
- 1st save: the first JournalStore.update of one dose after a warm open (it proves the
  records the file already held against the journal, once).
- save: a later JournalStore.update of one dose (take the writers' lock, check for
  an outside edit, write, fsync, rename, fsync the folder, rewrite the cache).
- look: the open app's look at the file every second when nothing changed
  (JournalStore.refresh: one stat).
- refresh: the same look right after another Stepdown (a second store, as
  `stepdown take` is) saved a dose: the file read again through the cache that save
  wrote, recent part first, as the app then redraws it.
- merged save: a save that finds another Stepdown's save not taken in yet: the
  journal read from that save's cache, the change replayed on it, written.
"""

from __future__ import annotations

import itertools
import os
import statistics
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from journals import journal_of_years
from timing import machine, median_ms

from stepdown.clock import FixedClock
from stepdown.domain.journal import Journal
from stepdown.store.cache import cache_path
from stepdown.store.codec import encode
from stepdown.store.journal_store import JournalStore

YEARS = (1, 3, 10)
RUNS = 7
TODAY = date(2026, 11, 25)
CLOCK = FixedClock(at=datetime.combine(TODAY, datetime.min.time()))


def note_last_dose(run: int) -> Callable[[Journal], Journal]:
    """A change to one dose entry, as marking a dose in the app would make."""

    def change(journal: Journal) -> Journal:
        last = replace(journal.doses[-1], note=f"benchmark run {run}")
        return replace(journal, doses=(*journal.doses[:-1], last))

    return change


def open_store(path: Path) -> JournalStore:
    """The store of `path`, which must open ready to save."""
    store = JournalStore.open(path, CLOCK)
    assert store.status == "ready", store.errors
    return store


def whole_journal(store: JournalStore) -> None:
    """Ask `store` for its whole journal (built on the first asking), then close it."""
    assert store.journal.doses
    store.close()


def measure(years: int, folder: Path, runs: int = RUNS) -> dict[str, float]:
    """The figures for a journal of `years`, using a file in `folder`; medians of `runs`."""
    journal = journal_of_years(years, TODAY)
    path = folder / f"journal-{years}y.toml"
    start = time.perf_counter()
    path.write_text(encode(journal), encoding="utf-8")
    encode_ms = (time.perf_counter() - start) * 1000
    text = path.read_text(encoding="utf-8")
    changes = itertools.count()
    figures = {
        "entries": len(journal.doses) + len(journal.checkins) + len(journal.breathing),
        "kb": path.stat().st_size / 1024,
        "encode": encode_ms,
        "tomllib": median_ms(lambda: tomllib.loads(text), runs),
        "cold": median_ms(
            lambda: open_store(path).close(),
            runs,
            before=lambda: cache_path(path).unlink(missing_ok=True),
        ),
    }
    store = open_store(path)
    store.update(note_last_dose(next(changes)))  # the day's first save also makes the backup
    store.close()
    figures["warm"] = median_ms(lambda: open_store(path).close(), runs)
    figures["whole"] = median_ms(lambda: whole_journal(open_store(path)), runs)
    first_saves = []
    for _ in range(runs):
        store = open_store(path)
        start = time.perf_counter()
        store.update(note_last_dose(next(changes)))
        first_saves.append(time.perf_counter() - start)
        store.close()
    figures["first save"] = statistics.median(first_saves) * 1000
    store = open_store(path)
    other = open_store(path)
    try:
        store.update(note_last_dose(next(changes)))
        figures["save"] = median_ms(lambda: store.update(note_last_dose(next(changes))), runs)
        figures["look"] = median_ms(store.refresh, runs)

        def other_saves() -> None:
            assert other.update(note_last_dose(next(changes))).saved

        figures["refresh"] = median_ms(store.refresh, runs, before=other_saves)
        figures["merged save"] = median_ms(
            lambda: store.update(note_last_dose(next(changes))), runs, before=other_saves
        )
    finally:
        other.close()
        store.close()
    return figures


COLUMNS = ("cold", "warm", "whole", "first save", "save", "look", "refresh", "merged save")


def main() -> None:
    """Print the machine, then one row per journal size."""
    print(machine())
    print(f"median of {RUNS} runs, in ms; x = times plain tomllib.loads of the same text\n")
    print(
        f"{'years':>5} {'entries':>8} {'size KB':>8} {'encode':>8} {'tomllib':>8}"
        f" {'load cold':>9} {'x':>5} {'load warm':>9} {'x':>5} {'whole':>9} {'x':>5}"
        f" {'1st save':>9} {'x':>5} {'save':>9} {'x':>5} {'look':>9} {'x':>5}"
        f" {'refresh':>9} {'x':>5} {'merged':>9} {'x':>5}"
    )
    with tempfile.TemporaryDirectory(prefix="stepdown-bench-") as folder:
        # The parse caches and lock files in the temporary folder too, not the user's.
        os.environ.update(XDG_CACHE_HOME=f"{folder}/cache", XDG_STATE_HOME=f"{folder}/state")
        for years in YEARS:
            f = measure(years, Path(folder))
            cells = "".join(
                f" {f[column]:>9.1f} {f[column] / f['tomllib']:>5.2f}" for column in COLUMNS
            )
            print(
                f"{years:>5} {f['entries']:>8,.0f} {f['kb']:>8,.0f} {f['encode']:>8.1f}"
                f" {f['tomllib']:>8.1f}{cells}",
                flush=True,
            )
    print(
        "\nencode: the whole file from nothing (no record proved yet), as `stepdown --demo`"
        " or the first save after an outside edit writes it"
    )


if __name__ == "__main__":
    main()
