"""A journal part-way through a taper, and small helpers for screen tests."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from stepdown.domain.doses import taken
from stepdown.domain.journal import DoseEntry, Journal, Plan, Settings, Step
from stepdown.domain.plan import step_on
from stepdown.store.codec import encode

SIZE = (80, 24)
"""Every snapshot is taken at 80x24."""

RELATIVE = Path("stepdown") / "journal.toml"
"""The data file's path in snapshots, relative to a temporary working folder."""

NOW = datetime(2026, 11, 25, 15, 0)
"""Wednesday afternoon: the 08:00 dose is recorded, the 14:00 one is due."""

TIMES = (time(8), time(14), time(20))

PLAN = Plan(
    prescriber="Dr. Ana Rivera",
    approved_on=date(2026, 11, 4),
    note="Reduce every 7 days; call if spasms return",
    steps=(
        Step(date(2026, 11, 4), TIMES, (20.0, 20.0, 20.0)),
        Step(date(2026, 11, 11), TIMES, (15.0, 20.0, 20.0)),
        Step(date(2026, 11, 18), TIMES, (15.0, 15.0, 20.0)),
        Step(date(2026, 11, 28), TIMES, (10.0, 15.0, 15.0)),
        Step(date(2026, 12, 12), (time(8), time(20)), (10.0, 10.0)),
        Step(date(2026, 12, 30)),
    ),
)


def kept_to_plan(first: date, last: date) -> tuple[DoseEntry, ...]:
    """Every planned dose from `first` to `last` taken on time."""
    entries = []
    day = first
    while day <= last:
        step = step_on(PLAN, day)
        for slot, amount in zip(step.times, step.doses, strict=True):
            entries.append(taken(day, slot, amount, datetime.combine(day, slot)))
        day += timedelta(days=1)
    return tuple(entries)


JOURNAL = Journal(
    settings=Settings(emergency_number="911"),
    plan=PLAN,
    doses=(
        *kept_to_plan(date(2026, 11, 4), date(2026, 11, 24)),
        taken(date(2026, 11, 25), time(8), 15.0, datetime(2026, 11, 25, 8, 5)),
    ),
)


def saved(path: Path) -> dict[str, Any]:
    """The data file at `path` as the TOML that was saved."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


def write_journal(path: Path, journal: Journal = JOURNAL) -> Path:
    """Write `journal` to `path` as Stepdown would, creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(encode(journal), encoding="utf-8")
    return path


async def steady(pilot: Pilot[None]) -> None:
    """Stop cursors blinking so pictures are the same every run."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()
