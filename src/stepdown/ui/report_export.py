"""Exports from the app: the provider report of some days, and the dose calendar.

Both go to a folder a person finds again: Stepdown/ in the user's documents folder,
or the folder the settings name (`reports_folder`); in the demo, a folder beside the
demo's data file, deleted with it on quit. What was written, and where, stays on screen
in a dialog with a key to copy the path (ExportedScreen).

Kept apart from the week screen, which offers the report: the report's and the
calendar's modules are imported only when one is written, not when the week is shown.

The reports folder is one Stepdown writes into on its own: it must be the user's and
closed to others (files.write_file), and a file replaces whatever name is in its place,
never writing through a symlink.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from stepdown.domain import format as fmt
from stepdown.store.files import plain_reason, write_file

if TYPE_CHECKING:
    from stepdown.ui.app import StepdownApp

DOCUMENTS_SUBFOLDER = "Stepdown"
"""The folder Stepdown makes in the user's documents folder for what it exports."""
DEMO_FOLDER = "reports"
"""In the demo, where exports go: beside the demo's data file, deleted on quit."""
CALENDAR_NAME = "stepdown-doses.ics"
"""The calendar's file name, as `stepdown export ics` writes it."""
DEMO_NOTE = "This is the demo: the folder is deleted when you quit."


def default_folder() -> Path:
    """Stepdown/ in the user's documents folder (platformdirs: XDG_DOCUMENTS_DIR or
    ~/Documents on Linux, the Documents folder on macOS and Windows)."""
    import platformdirs  # imported when an export is written, not when the app starts

    return Path(platformdirs.user_documents_dir()) / DOCUMENTS_SUBFOLDER


def default_reports_folder(app: StepdownApp) -> Path:
    """Where the app writes exports when the settings name no folder: the demo's own
    folder in the demo, the default one otherwise."""
    return app.store.path.parent / DEMO_FOLDER if app.demo else default_folder()


def reports_folder(app: StepdownApp) -> Path:
    """Where the app writes exports: the demo's own folder, the settings' folder (its
    `~` expanded), or the default one."""
    typed = app.journal.settings.reports_folder
    if typed and not app.demo:
        return Path(os.path.expanduser(typed))
    return default_reports_folder(app)


def _write(app: StepdownApp, name: str, data: bytes, what: str) -> Path | None:
    """Write `data` as `name` in the reports folder; the path, or None once the reason
    it could not be written was shown (with the path, as a notification)."""
    try:
        folder = reports_folder(app)
    except RuntimeError as error:  # platformdirs found no home to find Documents in
        app.notify(
            f"{error}. Choose a reports folder in the settings.",
            title=f"{what} not written",
            severity="error",
            markup=False,
        )
        return None
    path = folder / name
    try:
        # The folder as the system finds it: a documents folder that is a link the user
        # made (to another disk) is written into; the real folder is the one checked.
        real = path.parent.resolve() / name
        write_file(real, data, own_folder=True)
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop in resolve
        reason = plain_reason(error) if isinstance(error, OSError) else str(error)
        app.notify(f"{path}: {reason}", title=f"{what} not written", severity="error", markup=False)
        return None
    return path


def export_report(app: StepdownApp, first: date, last: date) -> Path | None:
    """Write the HTML report of `first` to `last` into the reports folder, and show where.

    The report of the same days made earlier is replaced: it is the same report, newer.
    A folder that another user made or can change is refused, and named.
    """
    from stepdown.domain.report import file_name, render
    from stepdown.domain.report.contents import build_report
    from stepdown.ui.dialogs.exported import ExportedScreen

    report = build_report(app.journal, first, last, app.clock.now())
    data = render(report, "html").encode("utf-8")
    path = _write(app, file_name(report.first, report.last, "html"), data, "Report")
    if path is not None:
        about = (
            f"The provider report of {fmt.short_date(report.first)} to "
            f"{fmt.short_date(report.last)}."
        )
        app.push_screen(ExportedScreen("Report written", path, _with_demo(app, about)))
    return path


def export_calendar(app: StepdownApp) -> Path | None:
    """Write the plan's doses from today on as an iCalendar file into the reports folder,
    and show where.

    The events an earlier export put in the calendar that the plan no longer has are
    cancelled in it, against the record of what the last export wrote
    (store/calendar_record.py), saved only once the file is written. Nothing from today
    on to send, confirmed or cancelled: it says so and writes nothing. The demo keeps no
    record: its journal is gone on quit, and a record of it would stay behind.
    """
    from stepdown.domain.report.ics import OPEN_ENDED_DAYS, dose_calendar, summary
    from stepdown.store.calendar_record import load_record, save_record
    from stepdown.ui.dialogs.exported import ExportedScreen

    journal_path = app.store.path
    earlier = None if app.demo else load_record(journal_path)
    exported = dose_calendar(app.journal, app.clock.today(), app.clock.now(), earlier)
    if exported.is_empty:
        app.notify(
            "The plan has no doses from today on, so there is nothing to export.",
            title="No calendar written",
            severity="warning",
            markup=False,
        )
        return None
    path = _write(app, CALENDAR_NAME, exported.to_ical(), "Calendar")
    if path is None:
        return None
    if not app.demo:
        try:
            save_record(journal_path, exported.record)
        except OSError as error:
            app.notify(
                f"The calendar was written, but not the record of it ({plain_reason(error)}):"
                " the next export cannot cancel what this one holds.",
                title="Calendar record not saved",
                severity="warning",
                markup=False,
            )
    about = summary(exported, remembered=not app.demo) + " Import the file into your calendar."
    if exported.open_ended:
        about += (
            f" The plan has no end step yet: the events stop after {OPEN_ENDED_DAYS} days,"
            " so export again before then."
        )
    app.push_screen(ExportedScreen("Calendar written", path, _with_demo(app, about)))
    return path


def _with_demo(app: StepdownApp, about: str) -> str:
    return f"{about}\n{DEMO_NOTE}" if app.demo else about
