"""Pictures of the settings screen on Wednesday 25 Nov 2026, 15:00.

Each test's docstring says what the picture must show.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.helpers import JOURNAL, SIZE, steady
from tests.ui.test_themes_snapshots import SMALL


@pytest.fixture(autouse=True)
def documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's documents folder the same on every machine: the reports folder's
    field shows its default in it. Only named, never made."""
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", "/home/ana/Documents")


async def open_settings(pilot: Pilot[None]) -> None:
    await pilot.press("comma")
    await steady(pilot)


def test_settings(snap_compare, snap_app) -> None:
    """`,` from Today: no section tab marked; "Settings"; medication baclofen with the
    cursor after it, unit mg, emergency number 911 (each shaded as a field); two empty
    boxes for bell cues and reduced motion; Box breathing · 4-4-4-4, 5 min and
    stepdown-calm in their choices; "Reports folder" empty, its default
    /home/ana/Documents/Stepdown greyed in it; the hint that reports and the calendar go
    there and that each setting is saved at once; below it "Reminders" and the start of
    its hint, the rest of the screen scrolled out of view (a scrollbar at the right);
    esc Back."""
    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=open_settings)


def test_settings_with_an_error(snap_compare, snap_app) -> None:
    """The emergency number emptied and enter pressed: "Enter a phone number." in red
    under the empty field, which keeps the cursor; the bell box ticked with an X and
    "Saved: bell cues." just above the footer, below the scrolling part."""

    async def run_before(pilot: Pilot[None]) -> None:
        await open_settings(pilot)
        await pilot.click("#bell")
        field = pilot.app.screen.query_one("#emergency_number", Input)
        field.focus()
        field.value = ""
        await pilot.press("enter")
        await steady(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_settings_at_60x20(snap_compare, snap_app) -> None:
    """Settings at 60x20: every field and its label whole, the box labels unclipped,
    the three choices with their arrows, the reports folder's field with its default,
    the hint below them whole; the reminders part below, scrolled out of view."""
    assert snap_compare(snap_app(JOURNAL), terminal_size=SMALL, run_before=open_settings)


def test_settings_without_colour(snap_compare, snap_app, monkeypatch) -> None:
    """NO_COLOR set, the breathing length's list open and the cursor moved down one: in
    greys only, "● 5 min" marks the length chosen, the other lengths "○"; the closed
    choices show theirs marked the same ("● Box breathing · 4-4-4-4", "●
    stepdown-calm"); the two boxes empty."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot: Pilot[None]) -> None:
        await open_settings(pilot)
        pilot.app.screen.query_one("#breathing_minutes").focus()
        await pilot.press("enter", "down")
        await steady(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_settings_reminders(snap_compare, snap_app) -> None:
    """Scrolled down to the reminders part: "Reminders"; "Second reminder" with "● 15 min
    later if not recorded" chosen; "Push URL" holding ntfy://ana-doses, saved; the "Push
    details" box ticked with an X beside "name the medication and amount"; the hint that
    reminders run once installed with `stepdown remind --install` (see `stepdown remind
    --status`) and that a push leaves the computer, saying only "Dose time 14:00" without
    details; "Saved: push details." above the footer, whatever the scroll."""

    async def run_before(pilot: Pilot[None]) -> None:
        await open_settings(pilot)
        screen = pilot.app.screen
        screen.query_one("#reminder_grace_minutes").focus()
        await pilot.press("enter", "up", "enter")
        field = screen.query_one("#push_url", Input)
        field.focus()
        await pilot.press(*"ntfy://ana-doses", "enter")
        screen.query_one("#push_details").focus()
        await pilot.press("space")
        await steady(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)
