"""A breathing session in a short terminal (under 24 lines): every part of it shows.

The screen's rules for a short terminal take out the blank lines between the parts;
without them the lines at the bottom (the breath and the time left) fall off screen.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from textual.widget import Widget

from stepdown.ui.app import StepdownApp
from stepdown.ui.dialogs.breathe_anxiety import AnxietyPrompt
from stepdown.ui.screens.breathe import BreatheScreen
from stepdown.ui.widgets.session_view import SessionView
from tests.ui.helpers import write_journal

PARTS = ("#session-title", "BigWords", "#phase-words", "BreathShape", "Countdown", "#progress")


async def test_every_part_of_a_session_shows_in_20_lines(
    make_app: Callable[[], StepdownApp], data_path: Path
) -> None:
    write_journal(data_path)
    app = make_app()
    async with app.run_test(size=(80, 20)) as pilot:
        await pilot.press("b", "enter")
        assert isinstance(app.screen, AnxietyPrompt)
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, BreatheScreen) and screen.state == "running"
        await pilot.pause()
        view = screen.query_one(SessionView).region
        regions = [screen.query_one(part, Widget).region for part in PARTS]
        for part, region in zip(PARTS, regions, strict=True):
            assert region.height and view.contains_region(region), part
        # One under the other, in order, none drawn over another.
        assert all(a.bottom <= b.y for a, b in pairwise(regions))
