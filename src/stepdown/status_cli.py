"""The `status` command: one line on today for a prompt or a tmux status bar.

Skeleton: the arguments are final; the work is being written (issue 19).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stepdown.clock import Clock

COMMANDS = ("status",)


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `status` to the command line's commands."""
    status = commands.add_parser("status", help="one line on today, for a prompt or tmux")
    status.add_argument("--format", choices=("plain", "json", "tmux"), default="plain")


def run(args: argparse.Namespace, data_path: Path, clock: Clock) -> int:
    """Print the status line of the data file at `data_path`."""
    print("stepdown: status is not written yet", file=sys.stderr)
    return 1
