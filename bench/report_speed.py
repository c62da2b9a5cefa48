"""How long `stepdown report` and `stepdown check` take on ten years of daily use, with and
without the parse cache, each beside one plain `tomllib.loads` of the same file.

Run from the repository root: `python bench/report_speed.py` (about a minute on 2
cores, unloaded). Prints one table in milliseconds; x is the figure over the tomllib
parse measured in the same run, just before the row (issue 17's target: a year's
report, warm, under 1). No assertions.

Each command is timed twice:
- in process: `stepdown.cli.main` called with the command line, after a first call
  has imported everything (what the command itself costs);
- as a command: `python -m stepdown ...` run as a child process, the interpreter's
  start and the imports included (what a person at a shell waits for).

- cold: no cache for the file (a file edited by hand, or never opened in the app):
  read, parse, validate.
- warm: the cache the app leaves when it opens or saves the file: read, hash, read the
  cache back and check its rows. Neither command ever writes the cache itself.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import tempfile
import tomllib
from datetime import date, datetime
from pathlib import Path

from journals import journal_of_years
from timing import CHILD_ENV, machine, median_ms

from stepdown.cli import main
from stepdown.clock import FixedClock
from stepdown.store.cache import cache_path
from stepdown.store.codec import encode
from stepdown.store.journal_store import JournalStore

YEARS = 10
RUNS = 3
TODAY = date.today()  # the child processes use the computer's clock
CLOCK = FixedClock(datetime.combine(TODAY, datetime.min.time()).replace(hour=12))

COMMANDS = {
    "report --days 365 --format html": ["report", "--days", "365", "--format", "html"],
    "report --days 365 --format csv --doses": [
        *("report", "--days", "365", "--format", "csv", "--doses")
    ],
    "check": ["check"],
}


def in_process(path: Path, out: Path, args: list[str]) -> None:
    argv = ["--data", str(path), *args]
    if args[0] == "report":
        argv += ["--output", str(out), "--force"]
    with contextlib.redirect_stdout(io.StringIO()):
        status = main(argv, clock=CLOCK)
    assert status == 0, (args, status)


def as_command(path: Path, out: Path, args: list[str]) -> None:
    argv = [sys.executable, "-m", "stepdown", "--data", str(path), *args]
    if args[0] == "report":
        argv += ["--output", str(out), "--force"]
    subprocess.run(argv, check=True, capture_output=True, env=CHILD_ENV)


def measure(path: Path, out: Path, args: list[str]) -> list[float]:
    """Cold and warm in process, then cold and warm as a command: medians in ms."""

    def drop_cache() -> None:
        cache_path(path).unlink(missing_ok=True)

    def leave_cache() -> None:
        JournalStore.open(path, CLOCK).close()  # as the app does when it opens the file
        assert cache_path(path).exists()

    in_process(path, out, args)  # the imports, and each writer's first use
    figures = [median_ms(lambda: in_process(path, out, args), RUNS, before=drop_cache)]
    leave_cache()
    figures.append(median_ms(lambda: in_process(path, out, args), RUNS))
    figures.append(median_ms(lambda: as_command(path, out, args), RUNS, before=drop_cache))
    leave_cache()
    figures.append(median_ms(lambda: as_command(path, out, args), RUNS))
    return figures


def main_bench() -> None:
    """Print the machine, the tomllib baseline, then a row per command, cold and warm."""
    print(machine())
    with tempfile.TemporaryDirectory(prefix="stepdown-bench-") as folder:
        # The parse caches and lock files in the temporary folder too, not the user's.
        os.environ.update(XDG_CACHE_HOME=f"{folder}/cache", XDG_STATE_HOME=f"{folder}/state")
        CHILD_ENV.update(XDG_CACHE_HOME=f"{folder}/cache", XDG_STATE_HOME=f"{folder}/state")
        path = Path(folder) / "journal.toml"
        path.write_text(encode(journal_of_years(YEARS, TODAY)), encoding="utf-8")
        out = Path(folder) / "out"
        text = path.read_text(encoding="utf-8")
        size = path.stat().st_size / 1024
        print(f"{YEARS} years, {size:,.0f} KB; median of {RUNS} runs, in ms\n")
        print(
            f"{'command':<40} {'tomllib':>8} {'cold':>8} {'x':>5} {'warm':>8} {'x':>5}"
            f" {'cold cmd':>9} {'x':>5} {'warm cmd':>9} {'x':>5}"
        )
        for name, args in COMMANDS.items():
            # The baseline again for each row, so a machine busy with other work for a
            # while skews a row's figures and its baseline alike.
            baseline = median_ms(lambda: tomllib.loads(text), RUNS)
            figures = measure(path, out, args)
            cells = "".join(f" {ms:>8.1f} {ms / baseline:>5.2f}" for ms in figures)
            print(f"{name:<40} {baseline:>8.1f}{cells}", flush=True)
    print(
        "\ntomllib: tomllib.loads of the file's text, measured before the row's figures;"
        " x = the figure over it"
    )
    print(
        "cold/warm: stepdown.cli.main in this process; cmd: `python -m stepdown` as a"
        " child process, start-up and imports included"
    )


if __name__ == "__main__":
    main_bench()
