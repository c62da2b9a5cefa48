"""Installing the reminders that run while the app is closed (`stepdown remind --install`).

The API `remind_cli` calls (each raises InstallFailed with a plain message):

    install(data_path: Path, system: System | None = None) -> Installed
    uninstall(system: System | None = None) -> Removed
    installed(system: System | None = None) -> InstallState | None

Each result's `lines()` says what was written, removed or found, and where, one line
each, ready to print. `system` (the platform, the home folder, the environment, the
interpreter and the runner of outside commands) defaults to this computer's
(`System.current()`); tests pass their own so no real systemd, launchd or crontab is
touched. Uninstalling when nothing is installed is not an error: `Removed.nothing` is
true and its line says so (the command exits 0: what was asked for holds).

Not written yet: every function raises InstallFailed (issue 19, helper I).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple


class InstallFailed(Exception):
    """The reminders could not be installed, removed or read; the message says why."""


class Ran(NamedTuple):
    """What an outside command did: its exit status and what it printed."""

    returncode: int
    stdout: str
    stderr: str


Runner = Callable[[Sequence[str], str | None], Ran]
"""Runs a command (its arguments, and the text for its standard input, or None)."""


@dataclass(frozen=True)
class System:
    """The computer the reminders are installed on."""

    platform: str
    """`sys.platform`: "linux" gets systemd or cron, "darwin" launchd."""
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


def run(argv: Sequence[str], stdin: str | None) -> Ran:
    """Run `argv` for real; a missing program exits 127, as in a shell."""
    try:
        done = subprocess.run(
            list(argv),
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            timeout=60,
            check=False,
        )
    except FileNotFoundError:
        return Ran(127, "", f"{argv[0]}: command not found")
    except subprocess.TimeoutExpired:
        return Ran(124, "", f"{argv[0]} did not finish within 60 seconds")
    return Ran(done.returncode, done.stdout, done.stderr)


@dataclass(frozen=True)
class InstallState:
    """Reminders found installed: which kind, its files, and the journal they remind for."""

    kind: str
    """"systemd", "launchd" or "cron"."""
    files: tuple[Path, ...]
    """The files it consists of (for cron, none: its lines are in the user's crontab)."""
    journal: Path

    def lines(self) -> list[str]:
        """What is installed and where, to print."""
        raise NotImplementedError


@dataclass(frozen=True)
class Installed:
    """What `install` did."""

    state: InstallState
    ran: tuple[tuple[str, ...], ...]
    """The outside commands it ran, in order."""
    replaced: InstallState | None
    """The reminders it replaced when they were for another journal or of another kind."""

    def lines(self) -> list[str]:
        """What was written and run, and where, to print."""
        raise NotImplementedError


@dataclass(frozen=True)
class Removed:
    """What `uninstall` did."""

    state: InstallState | None
    """What was removed; None when nothing was installed."""
    ran: tuple[tuple[str, ...], ...]

    @property
    def nothing(self) -> bool:
        """True when there was nothing to remove."""
        return self.state is None

    def lines(self) -> list[str]:
        """What was removed and run, to print."""
        raise NotImplementedError


def install(data_path: Path, system: System | None = None) -> Installed:
    """Install reminders every minute for the journal at `data_path`, replacing any."""
    raise InstallFailed("installing reminders is not written yet")


def uninstall(system: System | None = None) -> Removed:
    """Stop and remove the installed reminders, whatever their kind."""
    raise InstallFailed("removing reminders is not written yet")


def installed(system: System | None = None) -> InstallState | None:
    """The reminders installed, or None."""
    raise InstallFailed("reading the installed reminders is not written yet")
