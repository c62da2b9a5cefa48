"""The `export ics` command: the plan's dose times as an iCalendar file.

Reading the journal and writing the file go as for the report (report_cli.py): the
journal is never locked or changed, the file is written whole or not at all. What the
file sends is recorded (store/calendar_record.py) only once it is written, so a failed
write leaves the record of the last file that reached the user.
"""

from __future__ import annotations

import sys

from stepdown.report_cli import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_STATUS_HELP,
    STDOUT,
    OutputFailed,
    add_output,
    read_journal,
    write_output,
)

TYPE_CHECKING = False  # typing itself is not imported: every command builds the parser
if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from stepdown.clock import Clock
    from stepdown.domain.report.ics import DoseCalendar


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `export ics` to the command line's commands."""
    from stepdown.domain.report.ics import OPEN_ENDED_DAYS

    export = commands.add_parser("export", help="export the plan's dose times to a calendar")
    kinds = export.add_subparsers(dest="kind", required=True, metavar="KIND", title="kinds")
    ics = kinds.add_parser(
        "ics",
        help="an iCalendar file of the dose times, with alarms",
        description=(
            "Write the plan's dose times from today to the end of the plan as an iCalendar "
            "file: one event per dose with its amount and an alarm at its time. Import it "
            "into a phone or desktop calendar; after a plan change, export and import again: "
            "changed doses are updated and those the plan no longer has are cancelled, "
            "against a record of what the last export wrote (kept in your state folder). "
            "Times are floating: 08:00 stays 08:00 wherever you are. "
            f"A plan with no end step gets {OPEN_ENDED_DAYS} days. "
            f"Exit status: 0 written, 1 nothing written (the reason is on standard error), "
            "2 usage error, "
            f"{EXIT_STATUS_HELP}"
        ),
    )
    add_output(ics, "stepdown-doses.ics in this folder")
    ics.add_argument(
        "--cancel-older",
        action="store_true",
        help="also cancel the events Stepdown 0.1.0 exported under its own names "
        "(once, if you imported its calendar before)",
    )


def export_ics(args: argparse.Namespace, data_path: Path, clock: Clock) -> int:
    from stepdown.domain.report.ics import OPEN_ENDED_DAYS, dose_calendar, summary
    from stepdown.store.calendar_record import load_record

    journal = read_journal(data_path)
    if journal is None:
        return EXIT_FAILED
    exported = dose_calendar(
        journal,
        clock.today(),
        clock.now(),
        load_record(data_path),
        cancel_older=args.cancel_older,
    )
    if exported.is_empty:
        print(
            "stepdown: the plan has no doses from today on, so there is nothing to export.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    output = args.output or "stepdown-doses.ics"
    try:
        status = write_output(exported.to_ical(), output, args.force)
    except OutputFailed:
        # A file was written before its path could not be printed; standard output's
        # data may have been cut short, so only a file counts as written.
        if output != STDOUT:
            _keep_record(data_path, exported)
        raise
    if status != EXIT_OK:
        return status  # nothing written: the old record still says what the calendar has
    _keep_record(data_path, exported)
    print(summary(exported), file=sys.stderr)
    if exported.open_ended:
        print(
            f"The plan has no end step yet, so the events stop after {OPEN_ENDED_DAYS} "
            "days: export again before then.",
            file=sys.stderr,
        )
    return status


def _keep_record(data_path: Path, exported: DoseCalendar) -> None:
    """Save what the file sent, for the next export; say so when it cannot be kept."""
    from stepdown.store.calendar_record import save_record
    from stepdown.store.files import plain_reason

    try:
        save_record(data_path, exported.record)
    except OSError as error:
        print(
            f"stepdown: the record of this export could not be kept ({plain_reason(error)}); "
            "the next export cannot cancel what this one added.",
            file=sys.stderr,
        )
