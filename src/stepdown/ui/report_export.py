"""Export report: the provider report of some days, written beside the data file.

Kept apart from the week screen, which offers it: the report's modules are imported
only when a report is written, not when the week is first shown.

The reports folder is one Stepdown writes into on its own, beside a journal that may sit
in a shared folder: it must be the user's and closed to others (files.write_file), and a
report replaces whatever name is in its place, never writing through a symlink.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from stepdown.domain.report import file_name, render
from stepdown.domain.report.contents import build_report
from stepdown.store.files import plain_reason, write_file

if TYPE_CHECKING:
    from stepdown.ui.app import StepdownApp

REPORTS_FOLDER = "reports"
"""Where "Export report" writes, beside the data file."""


def export_report(app: StepdownApp, first: date, last: date) -> Path | None:
    """Write the HTML report of `first` to `last` into the data folder's reports folder.

    The report of the same days made earlier is replaced: it is the same report, newer.
    Says where it went, or why it could not be written (a reports folder that another
    user made or can change is refused, and named).
    """
    report = build_report(app.journal, first, last, app.clock.now())
    path = app.store.path.parent / REPORTS_FOLDER / file_name(first, last, "html")
    try:
        write_file(path, render(report, "html").encode("utf-8"), own_folder=True)
    except OSError as error:
        reason = f"{path}: {plain_reason(error)}"
        app.notify(reason, title="Report not written", severity="error", markup=False)
        return None
    demo = "\nThis is the demo: the folder is deleted when you quit." if app.demo else ""
    app.notify(f"{path}{demo}", title="Report written", timeout=15, markup=False)
    return path
