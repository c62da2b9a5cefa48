"""A score's scale follows what is typed: a score 0..10 is marked in its place, and an
empty or wrong one marks nothing (the form says what is wrong when it is saved)."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Input

from stepdown.domain.checkin import Scale
from stepdown.ui.widgets.score import STEPS, ScoreField, ScoreScale

ANXIETY = Scale("anxiety", "Anxiety", "calm", "worst")


class OneScore(App[None]):
    def compose(self) -> ComposeResult:
        yield ScoreField(ANXIETY, "3")


def track(app: App[None]) -> str:
    """The scale's marks between its two ends."""
    words = str(app.query_one(ScoreScale).render())
    return words.split(" 0 ", 1)[1].rsplit(" 10 ", 1)[0]


@pytest.mark.parametrize(
    ("typed", "marks"),
    [
        ("3", "━━━●───────"),
        ("0", "●──────────"),
        ("10", "━━━━━━━━━━●"),
        ("", "·" * STEPS),
        ("11", "·" * STEPS),
        ("2.5", "·" * STEPS),
    ],
)
async def test_the_scale_marks_a_score_and_nothing_for_a_wrong_one(typed: str, marks: str) -> None:
    app = OneScore()
    async with app.run_test() as pilot:
        app.query_one(Input).value = typed
        await pilot.pause()
        assert track(app) == marks
