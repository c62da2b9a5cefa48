"""The computer reminders are installed on, and the outside commands run there.

Everything the installer learns from or does to the computer goes through a System:
its platform, home folder and environment, the interpreter the reminders will run,
and one runner for outside commands (`systemctl`, `launchctl`, `crontab`). Tests pass
a System of their own, so no real systemd, launchd or crontab is ever touched.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

TIMEOUT = 60
"""Seconds an outside command may take; `systemctl` waits on a manager that may hang."""


class Ran(NamedTuple):
    """What an outside command did: its exit status and what it printed."""

    returncode: int
    stdout: str
    stderr: str


Runner = Callable[[Sequence[str], str | None], Ran]
"""Runs a command: its arguments, and the text for its standard input (or None)."""


def run(argv: Sequence[str], stdin: str | None) -> Ran:
    """Run `argv` for real; a missing program exits 127 and a hung one 124, as in a shell."""
    # Bytes in and out, not text mode: its newline translation would turn a crontab's
    # "\r\n" into "\n"; surrogateescape gives back any byte that is not UTF-8 as it came.
    try:
        done = subprocess.run(
            list(argv),
            input=None if stdin is None else stdin.encode("utf-8", "surrogateescape"),
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        return Ran(127, "", f"{argv[0]}: command not found")
    except subprocess.TimeoutExpired:
        return Ran(124, "", f"{argv[0]} did not finish within {TIMEOUT} seconds")
    return Ran(done.returncode, _text(done.stdout), _text(done.stderr))


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


@dataclass(frozen=True)
class System:
    """The computer the reminders are installed on."""

    platform: str
    """`sys.platform`: "darwin" gets launchd; Linux and the other Unixes systemd or cron."""
    home: Path
    environ: Mapping[str, str]
    python: str
    """The interpreter the reminders run Stepdown with (`sys.executable`)."""
    uid: int
    run: Runner

    @classmethod
    def current(cls) -> System:
        """This computer, running commands for real."""
        return cls(sys.platform, Path.home(), os.environ, sys.executable, os.getuid(), run)


class CommandFailed(Exception):
    """An outside command that had to succeed did not; str() names it and says what it said."""

    def __init__(self, argv: Sequence[str], ran: Ran) -> None:
        said = (ran.stderr or ran.stdout).strip() or f"exit status {ran.returncode}"
        super().__init__(f"`{shlex.join(argv)}` failed: {said}")


@dataclass
class Session:
    """One install or uninstall on `system`: the commands that changed something, in order,
    and notes on what did not go as planned but did not stop it."""

    system: System
    ran: list[tuple[str, ...]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def change(self, argv: Sequence[str], stdin: str | None = None) -> None:
        """Run a command that changes the computer; CommandFailed unless it succeeds."""
        ran = self.attempt(argv, stdin)
        if ran.returncode != 0:
            raise CommandFailed(argv, ran)

    def attempt(self, argv: Sequence[str], stdin: str | None = None) -> Ran:
        """Run a command that changes the computer, whatever comes of it."""
        self.ran.append(tuple(argv))
        return self.system.run(argv, stdin)

    def ask(self, argv: Sequence[str]) -> Ran:
        """Run a command that only reads (not listed among the changes)."""
        return self.system.run(argv, None)
