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
