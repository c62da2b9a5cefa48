"""Pictures of Today's dialogs at 80x24, on Wednesday 25 Nov 2026 at 15:00.

Today's first frame parses none of the dialogs' styles: the first dialog opened loads
them. Each test's docstring says what the picture must show.
"""

from __future__ import annotations

from tests.ui.helpers import JOURNAL, SIZE, steady


def test_edit_dialog_first_over_today(snap_compare, snap_app) -> None:
    """e on the 08:00 dose, the session's first dialog: "The 08:00 dose" in bold at the
    top of a bordered dialog 72 columns wide in the middle of the screen, over Today
    dimmed; Time taken 08:05 (selected, with the cursor), Amount 15 and an empty Note,
    the fields in a column right of their labels; "enter or ctrl+s saves, escape
    cancels" muted below them."""

    async def run_before(pilot) -> None:
        await pilot.press("e")
        await steady(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_slip_question_over_today(snap_compare, snap_app) -> None:
    """e on the 08:00 dose, 16:30 and 200 typed, ctrl+s: over the dose form and Today
    dimmed, a dialog 72 columns wide asking in bold "200 mg is 13 times the planned
    15 mg. 16:30 is later than now (15:00). Record 200 mg taken at 16:30?", wrapped
    inside it, with "No, go back" (focused) and "Yes, record it" buttons below."""

    async def run_before(pilot) -> None:
        await pilot.press("e")
        pilot.app.screen.query_one("#at").value = "16:30"
        pilot.app.screen.query_one("#amount").value = "200"
        await pilot.press("ctrl+s")
        await steady(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_marking_early_question_over_today(snap_compare, snap_app) -> None:
    """enter on the 20:00 dose at 15:00: over Today dimmed, "The 20:00 dose is 5 hours
    away. Mark it taken now?" with "No" (focused) and "Yes, mark it taken" buttons."""

    async def run_before(pilot) -> None:
        await pilot.press("end", "enter")
        await steady(pilot)

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)
