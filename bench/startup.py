"""Time to first frame and peak memory: Stepdown on 1 and 10 years of data against a bare
Textual app.

Run from the repository root: `python bench/startup.py`. Each run is a fresh
process (so imports count) that runs its app headless and exits as soon as the
first screen has been painted: Textual sends the App a Ready event once the DOM is
ready and the first frame is displayed, and the app exits after the refresh that
follows. The time is from starting the process to its exit; the peak memory is the
process's largest resident set, which it prints as it exits. Each
figure is the median of several runs, interleaved so the machine's drift touches
all alike. No assertions.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from journals import journal_of_years
from timing import CHILD_ENV, machine

from stepdown.store.codec import encode

RUNS = 9
YEARS = (1, 10)

PEAK_MEMORY = """
import sys
try:
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
except OSError:
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak *= 1 if sys.platform == "darwin" else 1024
print("peak-rss", peak)
"""
"""The end of every child: its peak resident set in bytes. Linux's VmHWM where there is
one: ru_maxrss there keeps the peak of the process it was started from (the benchmark,
holding ten years of journal) across the exec."""

BARE_APP = (
    """
from textual.app import App, ComposeResult
from textual.widgets import Static

class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Hello")

    def on_ready(self) -> None:
        self.call_after_refresh(self.exit)

Bare().run(headless=True)
"""
    + PEAK_MEMORY
)

STEPDOWN_APP = (
    """
import sys
from pathlib import Path

from stepdown.clock import SystemClock
from stepdown.store.journal_store import JournalStore
from stepdown.ui.app import StepdownApp

class FirstFrame(StepdownApp):
    # Textual looks for CSS_PATH beside the module that defines the class.
    __module__ = StepdownApp.__module__

    def on_ready(self) -> None:
        self.call_after_refresh(self.exit)

clock = SystemClock()
store = JournalStore.open(Path(sys.argv[1]), clock)
try:
    FirstFrame(store, clock).run(headless=True)
finally:
    store.close()
"""
    + PEAK_MEMORY
)


@dataclass(frozen=True)
class FirstFrame:
    """One app's figures: medians over the runs."""

    name: str
    years: int | None
    """The journal's years of daily use; None for the bare Textual app."""
    kb: float
    """The journal file's size."""
    ms: float
    """Process start to exit after the first frame."""
    peak_mb: float
    """The process's peak resident set."""


def run_once(script: str, *args: str) -> tuple[float, float]:
    """Seconds from starting a Python process running `script` to its exit, and its peak MB."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=False,
        env=CHILD_ENV,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"benchmark child failed ({result.returncode}):\n{result.stderr}")
    peak = next(line for line in result.stdout.splitlines() if line.startswith("peak-rss "))
    return elapsed, int(peak.split()[1]) / 2**20


def first_frames(
    folder: Path, runs: int = RUNS, years: tuple[int, ...] = YEARS
) -> list[FirstFrame]:
    """The bare Textual app, then Stepdown on a journal of each of `years` written in `folder`."""
    cases: list[tuple[str, int | None, float, tuple[str, ...]]] = [
        ("bare Textual app", None, 0.0, (BARE_APP,))
    ]
    for span in years:
        path = folder / f"journal-{span}y.toml"
        path.write_text(encode(journal_of_years(span, date.today())), encoding="utf-8")
        kb = path.stat().st_size / 1024
        cases.append((f"stepdown, {span} y ({kb:,.0f} KB)", span, kb, (STEPDOWN_APP, str(path))))
    for *_, command in cases:  # warm caches and bytecode: no cold first run
        run_once(*command)
    samples: list[list[tuple[float, float]]] = [[] for _ in cases]
    for _ in range(runs):
        for case, taken in zip(cases, samples, strict=True):
            taken.append(run_once(*case[3]))
    return [
        FirstFrame(
            name,
            span,
            kb,
            statistics.median(seconds for seconds, _ in taken) * 1000,
            statistics.median(peak for _, peak in taken),
        )
        for (name, span, kb, _), taken in zip(cases, samples, strict=True)
    ]


def main() -> None:
    """Write the journals, time every case in turn, print medians and ratios."""
    print(machine())
    with tempfile.TemporaryDirectory(prefix="stepdown-bench-") as folder:
        figures = first_frames(Path(folder))
    bare = figures[0]
    print(f"time to first frame and peak memory, median of {RUNS} runs, process start to exit\n")
    for app in figures:
        print(
            f"{app.name:<28} {app.ms:>7.0f} ms  x {app.ms / bare.ms:.2f}"
            f"  {app.peak_mb:>6.1f} MB  x {app.peak_mb / bare.peak_mb:.2f}"
        )


if __name__ == "__main__":
    main()
