"""The shell commands of issue 19, in one run: `stepdown status` against a bare
`python -c pass`, and `stepdown take` against the app's own save of the same dose, on
journals of 1 and 10 years.

Run from the repository root: `python bench/shell.py` (about two minutes on 2 cores), or
`python bench/shell.py --quick` (fewer runs). Prints a Markdown table in bench/run.py's
form. No assertions.

- status: `stepdown --data FILE status` as a prompt runs it, the `stepdown` script in a
  fresh process each time, with the journal's cache in place (the app, or the last
  command that saved, leaves it): warm, with the day's lines `status` keeps for the
  journal's bytes (store/status_summary.py), as before every prompt; and cold, without
  them, as the first after a change. Each round runs `python -c pass` too, interleaved,
  so all see the same load on the machine; the figures are medians over the rounds. The
  target is issue 19's, for the warm run: at most 4 times the bare interpreter.
- take: `stepdown --data FILE take 08:00 --yes` in a fresh process (start, read through
  the cache, lock, save, rewrite the cache), against the app's save of the same dose:
  JournalStore.update in a store already open, as a key press on Today makes it, both
  the first save of an open store (it proves the records the file held) and a later one.
  Before every run the file and its cache are put back as they were, so each run records
  the same dose on the same file; one untimed run of each comes first, so the day's
  backup is already made.

Every child runs with HOME and the XDG folders in a temporary folder, as does this
process: the user's own files are never read or written.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from datetime import time as clock_time
from pathlib import Path

from journals import journal_of_years
from run import Row, Target, span, table
from timing import CHILD_ENV, machine

from stepdown.clock import SystemClock
from stepdown.domain.doses import record_dose, taken
from stepdown.domain.journal import Journal
from stepdown.domain.plan import step_on
from stepdown.store.cache import cache_path
from stepdown.store.codec import encode
from stepdown.store.journal_store import JournalStore
from stepdown.store.paths import cache_folder, journal_key
from stepdown.store.status_summary import SUFFIX

YEARS = (1, 10)
RUNS, QUICK_RUNS = 21, 7
SLOT = clock_time(8)
STATUS_TARGET = 4.0
"""Issue 19: `status` takes at most this many times a bare `python -c pass`."""


def stepdown_command() -> list[str]:
    """The `stepdown` script beside this Python (what a prompt runs), else `-m stepdown`."""
    script = Path(sys.executable).with_name("stepdown")
    return [str(script)] if script.exists() else [sys.executable, "-m", "stepdown"]


def process_seconds(argv: list[str]) -> float:
    """The wall time of a fresh process running `argv`, which must succeed."""
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=CHILD_ENV)
    return time.perf_counter() - start


def isolate(folder: Path) -> None:
    """Point HOME and the XDG folders at `folder`, here and in every child."""
    for name in ("HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        value = str(folder / name.lower())
        os.environ[name] = CHILD_ENV[name] = value
    os.environ.pop("STEPDOWN_DATA", None)
    CHILD_ENV.pop("STEPDOWN_DATA", None)


def journal_file(years: int, folder: Path) -> Path:
    """A journal of `years` ending yesterday, saved once by the store, so the cache beside
    it is the one a save leaves (with the spans that spare the next save's proving), as
    on any day after the first."""
    path = folder / f"journal-{years}y.toml"
    path.write_text(encode(journal_of_years(years, SystemClock().today())), encoding="utf-8")
    store = JournalStore.open(path, SystemClock())
    try:
        store.update(note_first_dose)
    finally:
        store.close()
    assert cache_path(path).exists(), "the cache was not written"
    return path


def status_rows(paths: dict[int, Path], runs: int) -> list[Row]:
    """`stepdown status` on each journal against `python -c pass`, interleaved: warm (the
    day's lines kept for the journal's bytes, as before every prompt but the first after
    a change) and cold (none kept, as the first after a change: the parse cache holds
    the file, the kept lines do not)."""
    bare = [sys.executable, "-c", "pass"]
    commands = {
        years: [*stepdown_command(), "--data", str(path), "status"] for years, path in paths.items()
    }
    kept = {years: summary_path(path) for years, path in paths.items()}
    times: dict[object, list[float]] = {"bare": []}
    for years in paths:
        times[years, "warm"], times[years, "cold"] = [], []
    for argv in commands.values():  # the first run compiles nothing later runs pay for
        process_seconds(argv)
    for _ in range(runs):
        times["bare"].append(process_seconds(bare))
        for years, argv in commands.items():
            times[years, "warm"].append(process_seconds(argv))
            kept[years].unlink()
            times[years, "cold"].append(process_seconds(argv))
    baseline = statistics.median(times["bare"]) * 1000
    return [
        Row(
            f"`stepdown status`, {span(years)}, fresh process, {kind}"
            + (" (the first after a change)" if kind == "cold" else ""),
            statistics.median(times[years, kind]) * 1000,
            "ms",
            baseline,
            "python -c pass",
            Target(STATUS_TARGET, times_baseline=True) if kind == "warm" else None,
        )
        for years in paths
        for kind in ("warm", "cold")
    ]


def summary_path(journal: Path) -> Path:
    """Where `stepdown status` keeps the day's lines of `journal` (store/status_summary.py)."""
    return cache_folder() / f"{journal_key(journal)}{SUFFIX}"


def take_change(journal: Journal) -> Journal:
    """Today's 08:00 dose taken now at the plan's amount, as `stepdown take 08:00` records it."""
    now = SystemClock().now()
    plan = journal.plan
    step = step_on(plan, now.date()) if plan is not None else None
    assert step is not None, "the benchmark journal has a plan in force today"
    amount = step.doses[step.times.index(SLOT)]
    return record_dose(journal, taken(now.date(), SLOT, amount, now))


def restorer(path: Path) -> Callable[[], None]:
    """What puts the file and its cache back as they are now."""
    data, cache = path.read_bytes(), cache_path(path).read_bytes()

    def restore() -> None:
        path.write_bytes(data)
        cache_path(path).write_bytes(cache)

    return restore


def app_save(path: Path, later: bool) -> float:
    """Seconds for an open store's JournalStore.update of the take; `later`: after a first
    save of another change (an old dose's note), as the app's later key presses are."""
    store = JournalStore.open(path, SystemClock())
    try:
        assert store.status == "ready", store.errors
        if later:
            store.update(note_first_dose)  # the first save, untimed
        start = time.perf_counter()
        store.update(take_change)
        return time.perf_counter() - start
    finally:
        store.close()


def note_first_dose(journal: Journal) -> Journal:
    """Another change than the take: a note on the journal's first dose."""
    first = replace(journal.doses[0], note="benchmark")
    return replace(journal, doses=(first, *journal.doses[1:]))


def take_rows(paths: dict[int, Path], runs: int) -> list[Row]:
    """`stepdown take` in a fresh process against the app's save of the same dose."""
    rows = []
    for years, path in paths.items():
        restore = restorer(path)
        argv = [*stepdown_command(), "--data", str(path), "take", SLOT.strftime("%H:%M"), "--yes"]
        measures: dict[str, Callable[[], float]] = {
            "take": functools.partial(process_seconds, argv),
            "first": functools.partial(app_save, path, later=False),
            "later": functools.partial(app_save, path, later=True),
        }
        times: dict[str, list[float]] = {name: [] for name in measures}
        for measure in measures.values():  # untimed: the day's backup is made here
            restore()
            measure()
        for _ in range(runs):
            for name, measure in measures.items():
                restore()
                times[name].append(measure())
        restore()
        take, first, later = (statistics.median(times[name]) * 1000 for name in measures)
        figure = f"`stepdown take 08:00`, {span(years)}, fresh process"
        rows += [
            Row(figure, take, "ms", first, "the app's first save of it"),
            Row(figure, take, "ms", later, "the app's later save of it"),
        ]
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The shell commands' figures in one table.")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_RUNS} runs, not {RUNS}")
    runs = QUICK_RUNS if parser.parse_args(argv).quick else RUNS
    started = datetime.now()
    with tempfile.TemporaryDirectory(prefix="stepdown-bench-") as folder:
        isolate(Path(folder))
        paths = {years: journal_file(years, Path(folder)) for years in YEARS}
        rows = status_rows(paths, runs) + take_rows(paths, runs)
    print(f"{machine()}, {started:%Y-%m-%d}; medians of {runs} runs")
    print("Each baseline measured in the same run; ratio = value / baseline.\n")
    print(table(rows))


if __name__ == "__main__":
    main()
