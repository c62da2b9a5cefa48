"""How long the week review takes: the week screen, the week's figures, the taper view and a
year's report, on 1 and 10 years of daily use.

Run from the repository root: `python bench/week.py`. Prints medians in milliseconds,
each beside a baseline measured in the same run, and the target from issue 8. No
assertions.

- baseline: one plain pass over the journal's doses, check-ins and breathing sessions,
  grouping them by date: what any review of the journal costs at least.
- week summary: Review(journal, now).period() of the 7 days ending today, the figures
  the week screen draws.
- week screen: switching to the Week section in the app, headless, until the screen has
  been drawn (Textual's own work included: the first visit imports the screen's
  module, composes the screen and parses its styles); its baseline is the Support
  section, opened the same way. Each app runs in a fresh process, as the first
  visit of a session is only first once in a process; medians over SCREEN_APPS of
  them, week and Support in turn. Target: 100 ms or less on 1 year.
- taper view: Review(journal, now).taper(), every plan step with its figures.
- year's report: the Report of the past 365 days (its taper view too) written as
  Markdown, CSV or HTML, from a fresh Review. Target for these: under a second on 10
  years.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from journals import journal_of_years
from timing import CHILD_ENV, machine, median_ms

from stepdown.clock import FixedClock
from stepdown.domain.journal import Journal
from stepdown.domain.report import FORMATS, render
from stepdown.domain.report.contents import build_report
from stepdown.domain.week import Review, week_ending
from stepdown.store.codec import encode
from stepdown.store.journal_store import JournalStore

RUNS = 7
SCREEN_RUNS = 3
"""Later visits of a screen in each app."""
SCREEN_APPS = 3
"""Fresh processes each screen is opened in."""
YEARS = (1, 10)
TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 15, 0)


def plain_pass(journal: Journal) -> None:
    """The baseline: every dated record once, grouped by its date."""
    grouped: defaultdict[date, list[object]] = defaultdict(list)
    for entry in journal.doses:
        grouped[entry.date].append(entry)
    for checkin in journal.checkins:
        grouped[checkin.date].append(checkin)
    for session in journal.breathing:
        grouped[session.started_at.date()].append(session)


def week_summary(journal: Journal) -> None:
    Review(journal, NOW).period(*week_ending(TODAY))


def taper_view(journal: Journal) -> None:
    Review(journal, NOW).taper()


def year_report(journal: Journal, form: str) -> None:
    """What `stepdown report --days 365 --format FORM` computes and writes out."""
    render(build_report(journal, TODAY - timedelta(days=364), TODAY, NOW), form)


async def open_section(path: Path, mode: str, visits: int) -> tuple[float, float]:
    """Milliseconds from switching to `mode` until its screen has been drawn: the first
    time in a fresh app (cold), and the median of `visits` later visits (warm)."""
    from stepdown.ui.app import StepdownApp  # Textual only for this part

    clock = FixedClock(NOW)
    store = JournalStore.open(path, clock)
    times = []
    try:
        app = StepdownApp(store, clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for _ in range(1 + visits):
                drawn = asyncio.get_running_loop().create_future()
                start = time.perf_counter()
                await app.switch_mode(mode)
                app.screen.call_after_refresh(
                    lambda drawn=drawn: drawn.set_result(time.perf_counter())
                )
                times.append(await drawn - start)
                await app.switch_mode("today")
                await pilot.pause()
    finally:
        store.close()
    return times[0] * 1000, statistics.median(times[1:]) * 1000


SECTION_CHILD = """
import asyncio, json, sys
from pathlib import Path

sys.path.insert(0, sys.argv[1])
from week import open_section

print(json.dumps(asyncio.run(open_section(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])))))
"""


def section_times(path: Path, mode: str, visits: int) -> tuple[float, float]:
    """open_section() in a fresh Python process (with compiled bytecode, as installed)."""
    bench = str(Path(__file__).resolve().parent)
    done = subprocess.run(
        [sys.executable, "-c", SECTION_CHILD, bench, str(path), mode, str(visits)],
        capture_output=True,
        text=True,
        check=False,
        env=CHILD_ENV,
    )
    if done.returncode != 0:
        sys.exit(f"benchmark child failed ({done.returncode}):\n{done.stderr}")
    first, later = json.loads(done.stdout.splitlines()[-1])
    return first, later


@dataclass(frozen=True)
class WeekFigures:
    """The week review's figures on one journal, in milliseconds, with their baselines."""

    years: int
    plain_pass: float
    """The baseline of the summary, the taper view and the reports."""
    summary: float
    screen_first: float
    support_first: float
    """The baseline of the week screen's first visit."""
    screen_later: float
    support_later: float
    """The baseline of the week screen's later visits."""
    taper: float
    reports: dict[str, float]
    """A year's report, by format."""


def measure(
    years: int,
    folder: Path,
    runs: int = RUNS,
    screen_runs: int = SCREEN_RUNS,
    screen_apps: int = SCREEN_APPS,
) -> WeekFigures:
    """The figures on a journal of `years`, its file written in `folder`; medians of `runs`
    (the screens: of `screen_apps` fresh apps, each with `screen_runs` later visits)."""
    journal = journal_of_years(years, TODAY)
    path = folder / f"journal-{years}y.toml"
    path.write_text(encode(journal), encoding="utf-8")
    screens: dict[str, list[tuple[float, float]]] = {"week": [], "support": []}
    for _ in range(screen_apps):
        for mode, times in screens.items():
            times.append(section_times(path, mode, screen_runs))
    week, support = (
        (statistics.median(t[0] for t in times), statistics.median(t[1] for t in times))
        for times in screens.values()
    )
    return WeekFigures(
        years=years,
        plain_pass=median_ms(lambda: plain_pass(journal), runs),
        summary=median_ms(lambda: week_summary(journal), runs),
        screen_first=week[0],
        support_first=support[0],
        screen_later=week[1],
        support_later=support[1],
        taper=median_ms(lambda: taper_view(journal), runs),
        reports={
            form: median_ms(lambda form=form: year_report(journal, form), runs) for form in FORMATS
        },
    )


def row(label: str, ms: float, baseline: float, target: str) -> str:
    ratio = ms / baseline if baseline else float("nan")
    return f"| {label} | {ms:8.1f} | {baseline:8.1f} | {ratio:7.1f} | {target} |"


def main() -> None:
    print(machine())
    print(
        f"medians of {RUNS} runs (screens: {SCREEN_APPS} fresh apps, {SCREEN_RUNS} later visits"
        " in each), in ms\n"
    )
    print("| what | time | baseline | ratio | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    for years in YEARS:
        with tempfile.TemporaryDirectory(prefix="stepdown-bench-") as folder:
            f = measure(years, Path(folder))
        span = f"{years} year" + ("s" if years > 1 else "")
        first, later = "<= 100" if years == 1 else "", ""
        slow = "< 1000" if years == 10 else ""
        print(row(f"week summary, {span}", f.summary, f.plain_pass, ""))
        print(
            row(
                f"week screen, first visit, {span} (baseline: Support)",
                f.screen_first,
                f.support_first,
                first,
            )
        )
        print(
            row(
                f"week screen, later visits, {span} (baseline: Support)",
                f.screen_later,
                f.support_later,
                later,
            )
        )
        print(row(f"taper view, {span}", f.taper, f.plain_pass, slow))
        for form, ms in f.reports.items():
            print(row(f"a year's report ({form}), {span}", ms, f.plain_pass, slow))


if __name__ == "__main__":
    main()
