"""Pictures of Breathe at 80x24, on a fixed date and a clock the test moves.

Each test's docstring says what the picture must show.
"""

from __future__ import annotations

from dataclasses import replace

from stepdown.domain.journal import Pattern, Settings
from stepdown.ui.screens.breathe import BreatheScreen
from tests.ui.helpers import JOURNAL, SIZE, steady

WITH_PATTERN = replace(
    JOURNAL,
    settings=Settings(
        emergency_number="911",
        breathing_pattern="coherent",
        breathing_minutes=10,
        patterns=(Pattern("slow evening", 4.0, 2.0, 8.0, 0.0),),
    ),
)


async def breathe_for(pilot, seconds: float, *, keys: tuple[str, ...] = ()) -> None:
    """Open Breathe, start a session with box breathing for 5 minutes, skip the
    question, breathe `seconds` by the clock, then press `keys`."""
    await pilot.press("b", "enter", "enter")
    screen = pilot.app.screen
    assert isinstance(screen, BreatheScreen)
    pilot.app.clock.advance(seconds=seconds)
    screen.frame()
    await pilot.press(*keys)
    await steady(pilot)


def test_breathe_chooser(snap_compare, snap_app) -> None:
    """The five presets, each with its timing and one line on what it is for, then
    "6 slow evening 4-2-8-0 Your own pattern", every line whole on one line;
    Coherent breathing highlighted (the last choice) and its line starting with "›",
    the others with a space; "● 10 min" marked among the "○" lengths; ↑↓ Pattern,
    ←→ Length, ⏎ Start and a New in the Footer."""  # noqa: RUF002 (the mark drawn)

    async def run_before(pilot) -> None:
        await pilot.press("b")
        await steady(pilot)

    assert snap_compare(snap_app(WITH_PATTERN), terminal_size=SIZE, run_before=run_before)


def test_breathe_mid_in_breath(snap_compare, snap_app) -> None:
    """Box breathing 2.5 s in: "BREATHE IN" in large letters with "Breathe in · 2" in
    plain bold text right under them, the round shape about two thirds grown, a large
    2 (seconds left), "Breath 1 · 5:02 left"; space Pause and esc End in the Footer."""

    async def run_before(pilot) -> None:
        await breathe_for(pilot, 2.5)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_breathe_paused(snap_compare, snap_app) -> None:
    """Paused 9.5 s in, during the out-breath: "PAUSED" in large letters and "Paused"
    in plain text under them, the shape half shrunk, the countdown stopped at 3,
    "Paused · space goes on, escape ends the session"; space Resume in the Footer."""

    async def run_before(pilot) -> None:
        await breathe_for(pilot, 9.5, keys=("space",))

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_breathe_reduced_motion(snap_compare, snap_app) -> None:
    """Reduced motion, 5 s in: "Hold · 3" alone in bold, centred in a tinted band of
    three lines with a blank line above and below it; no large letters, no shape, no
    large digits; the title above and "Breath 1 · 4:59 left" below."""
    journal = replace(JOURNAL, settings=Settings(emergency_number="911", reduced_motion=True))

    async def run_before(pilot) -> None:
        await breathe_for(pilot, 5)

    assert snap_compare(snap_app(journal), terminal_size=SIZE, run_before=run_before)


def test_breathe_chooser_without_colour(snap_compare, snap_app, monkeypatch) -> None:
    """NO_COLOR set: the chooser in greys only, and still the choices show: the
    highlighted Coherent breathing line starts with "›" (the others with a space,
    columns aligned), and the lengths read "○ 1 min ○ 3 min ○ 5 min ● 10 min ○ 20 min
    ○ until stopped"."""  # noqa: RUF002 (the mark drawn)
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot) -> None:
        await pilot.press("b")
        await steady(pilot)

    assert snap_compare(snap_app(WITH_PATTERN), terminal_size=SIZE, run_before=run_before)


def test_breathe_mid_breath_without_colour(snap_compare, snap_app, monkeypatch) -> None:
    """NO_COLOR set, box breathing 9 s in: "BREATHE OUT" in large letters and
    "Breathe out · 3" in plain bold text under them, the shape (light grey) about
    three quarters full, a large 3, "Breath 1 · 4:55 left"."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot) -> None:
        await breathe_for(pilot, 9)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_breathe_chooser_at_60x20(snap_compare, snap_app) -> None:
    """At 60x20 the whole chooser shows: one line per pattern (number, title, timing,
    no purpose), "› 3 Coherent breathing" marked, its purpose "Slow and even, about 5
    breaths a minute" in the list's bottom border; the lengths on two lines ("○ until
    stopped" on the second, whole), "● 10 min" marked; the hint's two lines above the
    Footer."""  # noqa: RUF002 (the mark drawn)

    async def run_before(pilot) -> None:
        await pilot.press("b")
        await steady(pilot)

    assert snap_compare(snap_app(WITH_PATTERN), terminal_size=(60, 20), run_before=run_before)


def test_breathe_summary(snap_compare, snap_app) -> None:
    """Ended after 2 min 10 s with anxiety 6 before and 3 after: "Saved in your
    journal.", the pattern, "2 min 10 s of 5 min 4 s, ended early", "6 → 3 (3 lower)";
    ⏎ Done in the Footer."""

    async def run_before(pilot) -> None:
        await pilot.press("b", "enter", "6", "enter")
        screen = pilot.app.screen
        pilot.app.clock.advance(minutes=2, seconds=10)
        screen.frame()
        await pilot.press("escape", "3", "enter")
        await steady(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)
