"""Every benchmark figure of issue 10 in one table, each beside a baseline measured in the
same run, with its target and whether it is met.

Run from the repository root: `python bench/run.py` (about 12 minutes: the breathing
session runs for 10 real minutes), or `python bench/run.py --quick` (under 2 minutes
on 2 cores: fewer runs, a 20-second breathing session; the table says so). The
figures come from the other scripts here, which also run alone and print more
detail: startup.py (first frame and peak memory), store.py (load and save),
keypress.py (a key press to the saved file), week.py (the week screen, the taper
view, the report) and breathing.py (phase timing and CPU share). Prints the table
in Markdown, ready for docs/performance.md. No assertions.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import breathing
import keypress
import startup
import week
from timing import machine

import store


@dataclass(frozen=True)
class Effort:
    """How many runs each figure is the median of, and how long the breathing session is."""

    name: str
    first_frame_runs: int
    store_runs: int
    week_runs: int
    screen_apps: int
    screen_visits: int
    press_days: int
    presses_a_day: int
    session_seconds: float


FULL = Effort("full", 9, 7, 7, 5, 3, 5, 5, 600.0)
QUICK = Effort("quick", 5, 3, 3, 3, 2, 3, 5, 20.0)


@dataclass(frozen=True)
class Target:
    """The most a figure may be: `limit` in its own unit, or `limit` times its baseline."""

    limit: float
    times_baseline: bool = False

    def met(self, value: float, baseline: float | None) -> bool:
        if self.times_baseline:
            return baseline is not None and value <= self.limit * baseline
        return value <= self.limit


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    figure: str
    value: float
    unit: str
    """"ms", "MB", "%" (of one core) or "/s"."""
    baseline: float | None = None
    baseline_name: str = ""
    target: Target | None = None


def shown(value: float, unit: str, digits: str = "") -> str:
    """`value` in `unit`, as precise as it needs to be, or in the format `digits`."""
    if unit == "ms" and value >= 10_000 and not digits:
        return f"{value / 1000:.1f} s"
    if not digits and unit == "%" and 0 < value < 0.1:
        digits = ".1g"  # an idle app's share: 0.003%, not 0.0%
    if not digits:
        digits = ".1f" if value < 10 or unit in ("%", "/s") else ",.0f"
    number = format(value, digits)
    return {"%": f"{number}%", "/s": f"{number} a second"}.get(unit, f"{number} {unit}")


def cells(row: Row) -> tuple[str, ...]:
    """The row's cells: figure, value, baseline, ratio, target, met?"""
    baseline = ratio = target = met = ""
    if row.baseline is not None:
        baseline = f"{shown(row.baseline, row.unit)} ({row.baseline_name})"
        if row.baseline > 0:
            quotient = row.value / row.baseline
            digits = ".1g" if quotient < 0.01 else ".2f" if quotient < 10 else ",.0f"
            ratio = format(quotient, digits)
    if row.target is not None:
        limit = row.target.limit
        if row.target.times_baseline:
            target = f"≤ {limit:g}x"
        else:
            target = "≤ " + shown(limit, row.unit, ",g")
        met = "yes" if row.target.met(row.value, row.baseline) else "no"
    return (row.figure, shown(row.value, row.unit), baseline, ratio, target, met)


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table."""
    lines = [
        "| figure | value | baseline | ratio | target | met? |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    lines += ["| " + " | ".join(cells(row)) + " |" for row in rows]
    return "\n".join(lines)


def span(years: float) -> str:
    return f"{years:g} year" + ("" if years == 1 else "s")


def size(kb: float) -> str:
    return f"{kb:,.0f} KB" if kb < 1024 else f"{kb / 1024:.1f} MB"


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Say on stderr what is being measured and how long it took, so a long run shows life."""
    print(f"{name} ...", end="", file=sys.stderr, flush=True)
    start = time.perf_counter()
    yield
    print(f" {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)


FIRST_FRAME_TARGETS = {1: 1.25, 10: 1.5}
"""Years of data: the most a first frame may take, times the bare Textual app's."""
MEMORY_TARGETS = {1: 1.5}
"""Years of data: the most peak memory may be, times the bare Textual app's."""


def times_baseline(limit: float | None) -> Target | None:
    return None if limit is None else Target(limit, times_baseline=True)


def first_frame_rows(effort: Effort, folder: Path) -> list[Row]:
    bare, *apps = startup.first_frames(folder, effort.first_frame_runs)
    frames = [
        Row(
            f"first frame, {span(app.years or 0)} ({size(app.kb)})",
            app.ms,
            "ms",
            bare.ms,
            "bare Textual",
            times_baseline(FIRST_FRAME_TARGETS.get(app.years or 0)),
        )
        for app in apps
    ]
    memory = [
        Row(
            f"peak memory at first frame, {span(app.years or 0)}",
            app.peak_mb,
            "MB",
            bare.peak_mb,
            "bare Textual",
            times_baseline(MEMORY_TARGETS.get(app.years or 0)),
        )
        for app in apps
    ]
    return frames + memory


def store_rows(effort: Effort, folder: Path) -> list[Row]:
    labels = {
        "cold": "load, cold (no cache)",
        "warm": "load, warm (cache): what Today needs",
        "whole": "load, warm (cache): the whole journal",
        "first save": "first save after opening",
        "save": "save",
    }
    rows = []
    for years in store.YEARS:
        figures = store.measure(years, folder, effort.store_runs)
        for key, label in labels.items():
            save_target = years == 1 and "save" in key
            rows.append(
                Row(
                    f"{label}, {span(years)} ({size(figures['kb'])})",
                    figures[key],
                    "ms",
                    figures["tomllib"],
                    "tomllib.loads",
                    Target(50) if save_target else None,
                )
            )
    return rows


def keypress_rows(effort: Effort, folder: Path) -> list[Row]:
    def measure(years: float, name: str) -> keypress.Presses:
        (folder / name).mkdir()
        return keypress.measure(years, folder / name, effort.press_days, effort.presses_a_day)

    tiny = measure(1 / 365, "tiny")
    year = measure(1, "year")
    figure = "key press to saved file (enter: dose taken), 1 year"
    baseline = "a day's journal"
    return [
        Row(f"{figure}, first of the day", year.first, "ms", tiny.first, baseline, Target(60)),
        Row(f"{figure}, later presses", year.later, "ms", tiny.later, baseline, Target(60)),
    ]


def week_rows(effort: Effort, folder: Path) -> list[Row]:
    rows = []
    for years in week.YEARS:
        f = week.measure(years, folder, effort.week_runs, effort.screen_visits, effort.screen_apps)
        form, report = max(f.reports.items(), key=lambda item: item[1])
        rows += [
            Row(
                f"week screen, first visit, {span(years)}",
                f.screen_first,
                "ms",
                f.support_first,
                "Support, the same way",
                Target(100) if years == 1 else None,
            ),
            Row(
                f"week screen, later visits, {span(years)}",
                f.screen_later,
                "ms",
                f.support_later,
                "Support, the same way",
            ),
            Row(f"the week's figures, {span(years)}", f.summary, "ms", f.plain_pass, "one pass"),
            Row(
                f"a year's report, slowest format ({form}), {span(years)}",
                report,
                "ms",
                f.plain_pass,
                "one pass",
                Target(1000) if years == 10 else None,
            ),
        ]
        if years == 10:
            rows.append(
                Row("taper view, 10 years", f.taper, "ms", f.plain_pass, "one pass", Target(1000))
            )
    return rows


def breathing_rows(effort: Effort) -> list[Row]:
    figures, behind = breathing.drift_figures()
    box = next(pattern.title for pattern in breathing.PRESETS if pattern.name == "box")
    sessions = breathing.sessions(effort.session_seconds)
    ours = [sessions["stepdown", mode] for mode in breathing.MODES]
    seconds = effort.session_seconds
    length = f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s ({effort.name} run)"
    return [
        Row(
            f"breathing, {breathing.MINUTES} simulated minutes with stalls: worst phase"
            " lateness in the last minute",
            figures[box]["last_minute_ms"],
            "ms",
            behind * 1000,
            "a tick-counting timer's drift",
            Target(50),
        ),
        Row(
            f"breathing, a real {length} session: worst phase lateness in its last minute",
            max(breathing.last_minute_worst(session.phases) for session in ours) * 1000,
            "ms",
            target=Target(50),
        ),
        Row(
            "breathing: frames drawn",
            max(session.frames_per_second for session in ours),
            "/s",
            target=Target(20),
        ),
        # In a terminal only: headless, the bare app's share is so near nought that the
        # ratio says nothing (breathing.py prints both).
        Row(
            f"CPU share of one core during a {length} session at 80x24, in a terminal",
            sessions["stepdown", "terminal"].cpu_share * 100,
            "%",
            sessions["bare", "terminal"].cpu_share * 100,
            "bare Textual idling",
            Target(10),
        ),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Every benchmark figure in one table.")
    parser.add_argument(
        "--quick", action="store_true", help="fewer runs and a 20-second breathing session"
    )
    effort = QUICK if parser.parse_args(argv).quick else FULL
    started = datetime.now()
    rows: list[Row] = []
    parts: dict[str, Callable[[Path], list[Row]]] = {
        "first frame and peak memory": lambda folder: first_frame_rows(effort, folder),
        "load and save": lambda folder: store_rows(effort, folder),
        "key press to saved file": lambda folder: keypress_rows(effort, folder),
        "week screen and report": lambda folder: week_rows(effort, folder),
        f"breathing ({effort.session_seconds:g} s session)": lambda _: breathing_rows(effort),
    }
    for name, part in parts.items():
        with stage(name), tempfile.TemporaryDirectory(prefix="stepdown-bench-") as folder:
            rows += part(Path(folder))
    quick = (
        f"; a quick run (medians of fewer runs, a {effort.session_seconds:g} s breathing session)"
        if effort is QUICK
        else ""
    )
    print(f"{machine()}, {started:%Y-%m-%d}{quick}")
    print("Medians; each baseline measured in the same run; ratio = value / baseline.\n")
    print(table(rows))


if __name__ == "__main__":
    main()
