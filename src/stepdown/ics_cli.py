"""The `export ics` command: the plan's dose times as an iCalendar file.

Reading the journal and writing the file go as for the report (report_cli.py): the
journal is never locked or changed, the file is written whole or not at all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stepdown.clock import Clock
from stepdown.domain import format as fmt
from stepdown.domain.report.ics import OPEN_ENDED_DAYS, dose_calendar
from stepdown.report_cli import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_STATUS_HELP,
    add_output,
    read_journal,
    write_output,
)


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `export ics` to the command line's commands."""
    export = commands.add_parser("export", help="export the plan's dose times to a calendar")
    kinds = export.add_subparsers(dest="kind", required=True, metavar="KIND", title="kinds")
    ics = kinds.add_parser(
        "ics",
        help="an iCalendar file of the dose times, with alarms",
        description=(
            "Write the plan's dose times from today to the end of the plan as an iCalendar "
            "file: one event per dose with its amount and an alarm at its time. Import it "
            "into a phone or desktop calendar; after a plan change, export and import again "
            f"and the events are updated. A plan with no end step gets {OPEN_ENDED_DAYS} days. "
            f"Exit status: 0 written, 1 nothing written (the reason is on standard error), "
            "2 usage error, "
            f"{EXIT_STATUS_HELP}"
        ),
    )
    add_output(ics, "stepdown-doses.ics in this folder")


def export_ics(args: argparse.Namespace, data_path: Path, clock: Clock) -> int:
    journal = read_journal(data_path)
    if journal is None:
        return EXIT_FAILED
    exported = dose_calendar(journal, clock.today(), clock.now())
    if not exported.doses:
        print(
            "stepdown: the plan has no doses from today on, so there is nothing to export.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    status = write_output(exported.to_ical(), args.output or "stepdown-doses.ics", args.force)
    if status == EXIT_OK:
        span = f"{fmt.short_date(exported.first)} to {fmt.short_date(exported.last)}"
        print(f"{len(exported.doses)} doses, {span}.", file=sys.stderr)
        if exported.open_ended:
            print(
                f"The plan has no end step yet, so the events stop after {OPEN_ENDED_DAYS} "
                "days: export again before then.",
                file=sys.stderr,
            )
    return status
