"""A key press to the saved file: marking a dose taken on Today, until the file holds it.

Run from the repository root: `python bench/keypress.py`. No assertions.

The app runs headless (Pilot) on a journal of 1 year in a fresh folder, as on any
day: Stepdown saved the file in the night before (so the cache beside it is
there), and the first press of the day also makes the day's backup and proves the
records the file already held. On Today the selected dose row gets `enter`; the time
is from the key press until a read of the file on disk shows the new dose entry.
The store saves in the key's handler (written, fsynced, renamed, folder fsynced), so
the file changes before the event loop runs anything else. The press runs as a
task while the file is watched in the same loop; `pilot.press()` itself is not
timed, since it then waits for the app to be idle (two Textual idle checks of at
least 20 ms each), which is Pilot's time, not the app's. After each press `u`
undoes it and the selection moves one row (down, down, up, up, ...), untimed, so
the presses go to every row in turn.

Baseline: the same presses on a journal of one day, so the ratio is what a year of
data adds.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from journals import journal_of_years
from textual.pilot import Pilot
from timing import machine

from stepdown.clock import FixedClock
from stepdown.store.codec import encode
from stepdown.store.journal_store import JournalStore
from stepdown.ui.app import StepdownApp

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 21, 0)
"""The evening, after every dose's time: no press marks a dose hours early, which asks
first (domain/slips.py) and so would not save at the key press."""
DAYS = 5
"""Fresh journals: days, each with its first press of the day."""
LATER = 5
"""Later presses of each day."""
WAIT = 5.0
"""Seconds to wait for the file to change before giving up."""


@dataclass(frozen=True)
class Presses:
    """Milliseconds from a key press to the saved file, medians over the days."""

    first: float
    """The first press of the day."""
    later: float
    """The presses after it."""


TODAYS_DOSE = f"date = {TODAY.isoformat()}\nslot = ".encode()
"""How the file begins a dose entry of TODAY (a check-in's date is followed by recorded_at)."""

MOVES = ("down", "down", "up", "up")
"""The selection's moves between presses: over the three rows and back."""


def file_state(path: Path) -> tuple[int, int, int]:
    """What changes when a save replaces the file: its inode, size and time."""
    stat = os.stat(path)
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


async def timed_enter(pilot: Pilot[None], path: Path) -> float:
    """Seconds from pressing enter until the file holds one more dose of today."""
    before = file_state(path)
    doses = path.read_bytes().count(TODAYS_DOSE)
    start = time.perf_counter()
    press = asyncio.create_task(pilot.press("enter"))
    while True:
        await asyncio.sleep(0)  # lets the app run; the file is looked at between its steps
        if file_state(path) != before and path.read_bytes().count(TODAYS_DOSE) > doses:
            elapsed = time.perf_counter() - start
            break
        if time.perf_counter() - start > WAIT:
            raise RuntimeError("the press did not save a dose")
    await press
    return elapsed


async def day_of_presses(path: Path, later: int) -> list[float]:
    """The seconds of the day's first press on `path`, then of `later` more."""
    clock = FixedClock(NOW)
    store = JournalStore.open(path, clock)
    times = []
    try:
        app = StepdownApp(store, clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for n in range(1 + later):
                times.append(await timed_enter(pilot, path))
                await pilot.press("u", MOVES[n % len(MOVES)])
    finally:
        store.close()
    return times


def saved_yesterday(path: Path, text: str) -> None:
    """Write `text` to `path` and leave it as Stepdown's save of the evening before would."""
    path.write_text(text, encoding="utf-8")
    store = JournalStore.open(path, FixedClock(NOW - timedelta(hours=20)))
    try:
        assert store.update(lambda journal: journal).saved
    finally:
        store.close()


def measure(years: float, folder: Path, days: int = DAYS, later: int = LATER) -> Presses:
    """Presses on `days` fresh journals of `years`, written in `folder`."""
    text = encode(journal_of_years(years, TODAY))
    firsts: list[float] = []
    rest: list[float] = []
    for day in range(days):
        path = folder / f"day-{day}" / "journal.toml"
        path.parent.mkdir()
        saved_yesterday(path, text)
        first, *others = asyncio.run(day_of_presses(path, later))
        firsts.append(first)
        rest += others
    return Presses(first=statistics.median(firsts) * 1000, later=statistics.median(rest) * 1000)


def main() -> None:
    print(machine())
    print(
        f"a key press (enter: dose taken) to the saved file, in ms; medians of {DAYS} days,"
        f" {DAYS * LATER} later presses\n"
    )
    print(f"{'journal':<12} {'first of the day':>17} {'later':>8}")
    for years, name in ((1 / 365, "one day"), (1, "1 year")):
        with tempfile.TemporaryDirectory(prefix="stepdown-bench-") as folder:
            figures = measure(years, Path(folder))
        print(f"{name:<12} {figures.first:>17.1f} {figures.later:>8.1f}")
    print("\ntarget: 60 ms or less at 1 year")


if __name__ == "__main__":
    main()
