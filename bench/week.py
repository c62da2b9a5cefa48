"""How long the week review takes: the week screen on 1 year, the taper view and a year's report
on 10 years of daily use.

Run from the repository root: `python bench/week.py`. Prints medians in milliseconds,
each beside a baseline measured in the same run, and the target from issue 8. No
assertions.

- baseline: one plain pass over the journal's doses, check-ins and breathing sessions,
  grouping them by date: what any review of the journal costs at least.
- week summary: Review(journal, now).period() of the 7 days ending today, the figures
  the week screen draws (target: 100 ms or less on 1 year).
- week screen: switching to the Week section in the app, headless, until the screen has
  been drawn (Textual's own work included: the first visit composes the screen and
  parses its styles); its baseline is the Support section, opened the same way.
- taper view: Review(journal, now).taper(), every plan step with its figures.
- year's report: the Report of the past 365 days (its taper view too) written as
  Markdown, CSV or HTML, from a fresh Review. Target for these: under a second on 10
  years.
"""

from __future__ import annotations

import asyncio
import platform
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from journals import journal_of_years

from stepdown.clock import FixedClock
from stepdown.domain.journal import Journal
from stepdown.domain.report import FORMATS, render
from stepdown.domain.report.contents import build_report
from stepdown.domain.week import Review, week_ending
from stepdown.store.codec import encode
from stepdown.store.journal_store import JournalStore

RUNS = 7
SCREEN_RUNS = 3
TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 15, 0)


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    """The median wall time of `runs` calls of `action`, in milliseconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


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


async def open_section(path: Path, mode: str) -> tuple[float, float]:
    """Milliseconds from switching to `mode` until its screen has been drawn: the first
    time in a fresh app (cold), and the median of later visits (warm)."""
    from stepdown.ui.app import StepdownApp  # Textual only for this part

    clock = FixedClock(NOW)
    store = JournalStore.open(path, clock)
    times = []
    try:
        app = StepdownApp(store, clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for _ in range(1 + SCREEN_RUNS):
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


def row(label: str, ms: float, baseline: float, target: str) -> str:
    ratio = ms / baseline if baseline else float("nan")
    return f"| {label} | {ms:8.1f} | {baseline:8.1f} | {ratio:7.1f} | {target} |"


def main() -> None:
    print(f"Python {sys.version.split()[0]} on {platform.system()} {platform.machine()}")
    print(f"medians of {RUNS} runs ({SCREEN_RUNS} later visits of a screen), in ms\n")
    print("| what | time | baseline | ratio | target |")
    print("| --- | ---: | ---: | ---: | --- |")
    one = journal_of_years(1, TODAY)
    ten = journal_of_years(10, TODAY)
    one_base = median_ms(lambda: plain_pass(one))
    ten_base = median_ms(lambda: plain_pass(ten))
    print(row("week summary, 1 year", median_ms(lambda: week_summary(one)), one_base, "<= 100"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "journal.toml"
        path.write_text(encode(one), encoding="utf-8")
        week = asyncio.run(open_section(path, "week"))
        support = asyncio.run(open_section(path, "support"))
    print(row("week screen, first visit, 1 year (baseline: Support)", week[0], support[0], ""))
    print(row("week screen, later visits, 1 year (baseline: Support)", week[1], support[1], ""))
    print(row("week summary, 10 years", median_ms(lambda: week_summary(ten)), ten_base, ""))
    print(row("taper view, 10 years", median_ms(lambda: taper_view(ten)), ten_base, "< 1000"))
    for form in FORMATS:
        report = median_ms(lambda form=form: year_report(ten, form))
        print(row(f"a year's report ({form}), 10 years", report, ten_base, "< 1000"))


if __name__ == "__main__":
    main()
