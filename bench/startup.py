"""Time to first frame: Stepdown on 1 and 10 years of data against a bare Textual app.

Run from the repository root: `python bench/startup.py`. Each run is a fresh
process (so imports count) that runs its app headless and exits as soon as the
first screen has been painted: Textual sends the App a Ready event once the DOM is
ready and the first frame is displayed, and the app exits after the refresh that
follows. The time is from starting the process to its exit; the figure is the
median of several runs, interleaved so the machine's drift touches all alike.
No assertions.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from journals import journal_of_years

from stepdown.store.codec import encode

RUNS = 9
YEARS = (1, 10)

BARE_APP = """
from textual.app import App, ComposeResult
from textual.widgets import Static

class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Hello")

    def on_ready(self) -> None:
        self.call_after_refresh(self.exit)

Bare().run(headless=True)
"""

STEPDOWN_APP = """
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


CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
"""As an installed app runs: with compiled bytecode. Some machines turn it off, which
would make Stepdown's own modules compile at every start while Textual's do not."""


def run_once(script: str, *args: str) -> float:
    """Seconds from starting a Python process running `script` to its exit."""
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
    return elapsed


def main() -> None:
    """Write the journals, time every case in turn, print medians and ratios."""
    print(f"Python {platform.python_version()} on {platform.system()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="stepdown-bench-") as folder:
        cases: dict[str, tuple[str, ...]] = {"bare Textual app": (BARE_APP,)}
        for years in YEARS:
            path = Path(folder) / f"journal-{years}y.toml"
            path.write_text(encode(journal_of_years(years, date.today())), encoding="utf-8")
            size = path.stat().st_size / 1024
            cases[f"stepdown, {years} y ({size:,.0f} KB)"] = (STEPDOWN_APP, str(path))
        times: dict[str, list[float]] = {name: [] for name in cases}
        for script, *args in cases.values():  # warm caches and bytecode: no cold first run
            run_once(script, *args)
        for _ in range(RUNS):
            for name, (script, *args) in cases.items():
                times[name].append(run_once(script, *args))
    baseline = statistics.median(times["bare Textual app"])
    print(f"time to first frame, median of {RUNS} runs, process start to exit\n")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"{name:<28} {median * 1000:>7.0f} ms  x {median / baseline:.2f}")


if __name__ == "__main__":
    main()
