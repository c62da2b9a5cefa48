"""Pictures of the week section at 80x24 on Wednesday 25 Nov 2026, 15:00 (one without colour).

The data is the crafted week of tests/domain/test_week.py, whose figures are worked
out by hand there. Each test's docstring says what the picture must show.
"""

from __future__ import annotations

from textual.pilot import Pilot

from stepdown.domain.journal import Journal
from tests.domain.test_week import JOURNAL, PARTLY_SCORED, PLAN
from tests.ui.helpers import SIZE, steady
from tests.ui.test_week import BEFORE_THE_PLAN


async def open_week(pilot: Pilot[None]) -> None:
    await pilot.press("w")
    await steady(pilot)


def test_week_mixed(snap_compare, snap_app) -> None:
    """`w`: "Thu 19 Nov to Wed 25 Nov 2026 · the 7 days ending today"; a row a day with
    Fri "20 ▼" and Tue "30 ▼" below plan, Sat "▶35" (step 2 starts) with "15 ▼" and a
    missed dose, no check-in on Sat and Wed ("—"), Sun and Mon with ⚠, Sun "40 ▲" above
    plan, "✓2 +1" and 11 min of breathing, Wed "✓1 ·1" selected ("›" before it). Trends:
    dose 15-40 mg, spasticity avg 5.4, anxiety 4.4, sleep 5.0, mood 5.4, breathing 16
    min. Totals: adherence 82% (195 of 235 mg), 11 taken · 1 skipped · 1 missed · 1
    extra, 3 days below plan, 1 day above, 5 of 7 check-ins, 2 red-flag days ⚠. The
    legend of the symbols in two lines below; Footer with enter, [, v, r and i Calendar
    (] and t hidden on this week), then Help now, Help and Quit."""  # noqa: RUF002
    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=open_week)


def test_week_empty(snap_compare, snap_app) -> None:
    """A plan entered but nothing recorded yet: each day's plan (40, then ▶35 from Sat
    21, when step 2 starts), "—" taken and "not logged"; every score "—"; "›" before Wed;
    the trends say "not recorded" and "no check-ins" with no sparklines; the totals say
    nothing was recorded and how to record doses, a check-in and breathing."""  # noqa: RUF002
    journal = Journal(settings=JOURNAL.settings, plan=PLAN)
    assert snap_compare(snap_app(journal), terminal_size=SIZE, run_before=open_week)


def test_week_day_detail(snap_compare, snap_app) -> None:
    """`enter` on Sun 22 Nov: "Sunday 22 November 2026 · plan step 2: 35 mg a day"; the
    doses 08:00 and 20:00 taken and an extra 5 mg at 16:00 with its note; "Taken 40 of
    35 mg planned"; a red bar "⚠ Red flags: spasticity at 9 of 10" with the guidance;
    scores 9, 6, 3, 3, no hallucinations or seizure, deep breathing helped, the notes
    shown literally as "<b>Bad night</b> & spasms"; breathing at 10:00 and 22:00. The
    Footer shows c Check-in and esc Back."""

    async def run_before(pilot: Pilot[None]) -> None:
        await open_week(pilot)
        await pilot.press("up", "up", "up", "enter")
        await steady(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_week_taper_view(snap_compare, snap_app) -> None:
    """`v`: "From Dr. Ana Rivera, approved on 10 Nov 2026."; step 1 16 Nov-20 Nov at 40
    mg/day with averages 4.5, 3.5, 5.5, 6.5, kept 83%, 0 red-flag days; step 2 21 Nov-4
    Dec at 35 with 6.0, 5.0, 4.7, 4.7, kept 87%, "⚠ 2" (selected: the step in force);
    step 3 from 5 Dec at 0, not begun, all "—"; a "›" before step 2. The legend explains
    the averages (over the days that recorded them), Kept and ⚠ days."""  # noqa: RUF002

    async def run_before(pilot: Pilot[None]) -> None:
        await open_week(pilot)
        await pilot.press("v")
        await steady(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_week_without_colour(snap_compare, snap_app, monkeypatch) -> None:
    """NO_COLOR set, Sun 22 selected (up three times): the picture is in greys only, and
    the selected row still stands out by its "›" in the first column; every other row
    has a blank there. Below plan, new step and red flags keep their symbols ("20 ▼",
    "▶35", "⚠"), and the legend explains them."""  # noqa: RUF002 (the mark drawn)
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot: Pilot[None]) -> None:
        await open_week(pilot)
        await pilot.press("up", "up", "up")
        await steady(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_week_scores_not_recorded(snap_compare, snap_app) -> None:
    """Thu 19's check-in left sleep blank and Mon 23's every score (it has fever): their
    cells say "—" (Mon still ⚠). Trends: spasticity avg 5.5 with no bar on Sat, Mon or
    Wed; sleep avg 4.7 with bars only on Fri, Sun and Tue. Totals still count 5 of 7
    check-ins."""
    assert snap_compare(snap_app(PARTLY_SCORED), terminal_size=SIZE, run_before=open_week)


def test_week_before_the_plan(snap_compare, snap_app) -> None:
    """Steady 30 + 30 mg from Thu 19 to Sun 22, before the plan's first step (50 mg from
    Mon 23): those days show "—" in Plan, "60" taken and "✓2", no ▼ or ▲; Mon "▶50";
    Tue "60 ▲" above plan. Totals: adherence 108% (135 of 125 mg), 5 taken, "No plan:
    8 doses, 240 mg", 0 days below plan, 1 day above."""
    assert snap_compare(snap_app(BEFORE_THE_PLAN), terminal_size=SIZE, run_before=open_week)
