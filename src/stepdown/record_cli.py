"""The one-line record commands: `take`, `skip`, `extra`, `undo` and `checkin`.

Skeleton: the arguments are final; the work is being written (issue 19).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stepdown.clock import Clock

COMMANDS = ("take", "skip", "extra", "undo", "checkin")
EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
EXIT_RED_FLAG = 4
"""A check-in with a red flag was saved: seek medical attention now."""


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the record commands to the command line's commands."""
    take = commands.add_parser("take", help="mark today's dose at TIME (or the next one) taken")
    take.add_argument("time", nargs="?", default="next", metavar="TIME|next")
    take.add_argument("--amount", metavar="N")
    take.add_argument("--at", metavar="HH:MM")
    take.add_argument("--note", metavar="TEXT")
    take.add_argument("--yes", action="store_true")
    skip = commands.add_parser("skip", help="mark today's dose at TIME skipped")
    skip.add_argument("time", metavar="TIME")
    skip.add_argument("--reason", metavar="TEXT")
    extra = commands.add_parser("extra", help="record an extra dose, outside the plan")
    extra.add_argument("amount", metavar="AMOUNT")
    extra.add_argument("--at", metavar="HH:MM")
    extra.add_argument("--note", metavar="TEXT")
    extra.add_argument("--yes", action="store_true")
    commands.add_parser("undo", help="take back the last record made from the shell")
    checkin = commands.add_parser("checkin", help="save or change today's check-in")
    for score in ("spasticity", "anxiety", "sleep", "mood"):
        checkin.add_argument(f"--{score}", metavar="N")
    for flag in ("seizure", "hallucinations", "confusion", "fever"):
        checkin.add_argument(f"--{flag}", action="store_true")
    checkin.add_argument("--note", metavar="TEXT")


def run(args: argparse.Namespace, data_path: Path, clock: Clock) -> int:
    """Run the record command in `args` on the data file at `data_path`."""
    print(f"stepdown: {args.command} is not written yet", file=sys.stderr)
    return EXIT_REFUSED
