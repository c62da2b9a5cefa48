"""Pictures of the "written" dialog on Wednesday 25 Nov 2026, 15:00.

Each test's docstring says what the picture must show.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from stepdown.ui.dialogs.exported import ExportedScreen
from tests.ui.helpers import JOURNAL, SIZE

LONG = Path(
    "/home/ana-maria.rivera-gonzalez/Documents/Documents from the old laptop/Stepdown"
    "/stepdown-report-2026-11-19-to-2026-11-25.html"
)
"""A path longer than the dialog is wide, as a real home and documents folder make."""


def test_report_written_with_a_long_path(snap_compare, snap_app) -> None:
    """Over Week at 80x24, a dialog "Report written": which days the report holds, the
    whole path (broken over lines, nothing cut, the spaces kept), the hint that c copies
    it if the terminal allows and that enter or escape closes, then "Close" (focused)
    and "Copy path" buttons; after c, "Path sent to the terminal's clipboard." in green."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("w")
        await pilot.pause()
        about = "The provider report of 19 Nov 2026 to 25 Nov 2026."
        await pilot.app.push_screen(ExportedScreen("Report written", LONG, about))
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)


def test_calendar_written(snap_compare, snap_app) -> None:
    """Over Today at 80x24, "Calendar written": how many doses from when to when, what
    changed since the last export, to import the file, that an open-ended plan stops
    after 60 days; the path whole; the copy hint; Close focused, then Copy path."""

    async def run_before(pilot: Pilot[None]) -> None:
        about = (
            "51 doses, 25 Nov 2026 to 11 Dec 2026; 36 cancelled, 3 changed since the last "
            "export. Import the file into your calendar. The plan has no end step yet: "
            "the events stop after 60 days, so export again before then."
        )
        path = Path("/home/ana/Documents/Stepdown/stepdown-doses.ics")
        await pilot.app.push_screen(ExportedScreen("Calendar written", path, about))
        await pilot.pause()

    assert snap_compare(snap_app(JOURNAL), terminal_size=SIZE, run_before=run_before)
