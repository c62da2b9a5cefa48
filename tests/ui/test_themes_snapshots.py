"""Pictures of Today in each bundled theme, and of the screens at 60x20 (and without
colour), on Wednesday 25 Nov 2026 at 15:00.

Each test's docstring says what the picture must show.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from tests.ui.helpers import JOURNAL, SIZE, steady

SMALL = (60, 20)
"""The smallest terminal Stepdown promises to be usable in."""


@pytest.mark.parametrize("theme", ["stepdown-calm", "stepdown-daylight", "stepdown-contrast"])
def test_today_in_each_bundled_theme(snap_compare, snap_app, theme: str) -> None:
    """Today in the theme: calm is dark slate with sage titles; daylight is dark ink on
    warm paper with a teal cursor row; contrast is white on black with yellow titles,
    borders and cursor. The 08:00 row says "✓ taken at 08:05", the others "· due"."""
    app = snap_app(JOURNAL.with_settings(theme=theme))
    assert snap_compare(app, terminal_size=SIZE)


def test_today_at_60x20(snap_compare, snap_app) -> None:
    """Today at 60x20: every section's tab in the bar (no date: no room), both panels
    whole with their bottom borders, the Footer from "space Taken" to "? Help"."""
    assert snap_compare(snap_app(JOURNAL), terminal_size=SMALL)


def test_today_without_colour(snap_compare, snap_app, monkeypatch) -> None:
    """NO_COLOR set: the picture is in greys only, and each dose still says its state
    in words and a symbol: "✓ taken at 08:05", "· due", "· due"."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE)


async def open_checkin(pilot: Pilot[None]) -> None:
    await pilot.press("c")
    for notes in pilot.app.screen.query(TextArea):
        notes.cursor_blink = False
    await steady(pilot)


def test_checkin_at_60x20(snap_compare, snap_app) -> None:
    """The check-in at 60x20: each score's scale whole ("none 0 ··· 10 worst"), the two
    yes/no boxes on one line under the scores, the symptom and "What helped" lists side
    by side, and a scroll bar on the right (the notes are further down)."""
    assert snap_compare(snap_app(JOURNAL), terminal_size=SMALL, run_before=open_checkin)


def test_help_at_60x20(snap_compare, snap_app) -> None:
    """`?` on Today at 60x20: the keys table in a box that scrolls, Today's keys first,
    every line readable."""
    assert snap_compare(snap_app(JOURNAL), terminal_size=SMALL, press=["question_mark"])
