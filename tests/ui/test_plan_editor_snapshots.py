"""Pictures of the plan editor and its dialogs at 80x24, on Wednesday 25 Nov 2026, 15:00.

Each test's docstring says what the picture must show.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Button

from tests.ui.helpers import JOURNAL, SIZE, steady


async def still(pilot: Pilot[None]) -> None:
    """Steady cursors, in the dialog on top and in the editor under it."""
    for screen in pilot.app.screen_stack:
        for field in screen.query("Input"):
            field.cursor_blink = False
    await steady(pilot)


def test_plan_editor_leave_question(snap_compare, snap_app) -> None:
    """`p`, the 12 Dec step removed, then `q`: over the dimmed editor, with its caution
    "Stopping suddenly ..." across the top (40 mg a day now drops to 0), a dialog "The
    plan has changes that are not saved." with Save (focused), Discard and Keep editing."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("p", "up", "delete")
        await pilot.click("#yes")
        await pilot.press("q")
        await still(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_step_form_with_a_duplicate_start(snap_compare, snap_app) -> None:
    """`p`, `a`, then 2026-12-12 (the start of an existing step), 08:00 20:00 and
    10 15 typed: "Another step already starts on 12 Dec 2026." in red under the start,
    the line under the fields pointing to “Starts on” above, the hints below."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("p", "a", *"2026-12-12", "tab", *"08:00 20:00", "tab", *"10 15")
        await still(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_step_form_saying_what_the_step_means(snap_compare, snap_app) -> None:
    """`p`, `a`, then 2027-01-10, 08:00 20:00 and 10 15 typed: no error, and under the
    fields "From 10 Jan 2027: 08:00 10 mg, 20:00 15 mg · 25 mg a day"."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("p", "a", *"2027-01-10", "tab", *"08:00 20:00", "tab", *"10 15")
        await still(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_step_removal_question(snap_compare, snap_app) -> None:
    """`p`, up to the 12 Dec step, `delete`: a dialog "Remove the step of 12 Dec 2026:
    08:00 10 mg, 20:00 10 mg?" with Keep (focused) and Remove."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("p", "up", "delete")
        assert isinstance(pilot.app.screen.focused, Button)
        await still(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_plan_editor_at_60x20(snap_compare, snap_app) -> None:
    """The plan editor at 60x20: each step's doses as times with amounts, a step of
    three doses on two lines broken after a comma, "A day" in view on the right."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("p")
        await still(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=(60, 20), run_before=run_before)
