"""The `remind` command: dose reminders that run while the app is closed.

Skeleton: the arguments are final; the work is being written (issue 19).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stepdown.clock import Clock

COMMANDS = ("remind",)


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `remind` to the command line's commands."""
    remind = commands.add_parser("remind", help="dose reminders while the app is closed")
    action = remind.add_mutually_exclusive_group(required=True)
    action.add_argument("--install", action="store_true")
    action.add_argument("--uninstall", action="store_true")
    action.add_argument("--status", action="store_true")
    action.add_argument("--test", action="store_true")
    action.add_argument("--run", action="store_true", help=argparse.SUPPRESS)


def run(args: argparse.Namespace, data_path: Path, clock: Clock) -> int:
    """Run `remind` with `args` for the data file at `data_path`."""
    print("stepdown: remind is not written yet", file=sys.stderr)
    return 1
