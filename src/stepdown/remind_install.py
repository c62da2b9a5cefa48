"""Installing the reminders that run while the app is closed (`stepdown remind --install`).

The API `remind_cli` calls, each raising InstallFailed with a plain message (a failed
install leaves the computer as it was, an earlier installation included):

    install(data_path: Path, system: System | None = None) -> Installed
    uninstall(system: System | None = None) -> Removed
    installed(system: System | None = None) -> InstallState | None

Each result's `lines()` says what was written, removed or found, and where, ready to
print. `system` (the platform, home, environment, interpreter and the runner of outside
commands, remind_system.py) defaults to this computer's; tests pass their own, or
patch `System.current`, so no real systemd, launchd or crontab is touched.
Uninstalling when nothing is installed is not an error: `Removed.nothing` is true and
its line says so, and the command exits 0, since what was asked for holds.

What is installed runs `python -m stepdown --data JOURNAL remind --run` every minute
(the interpreter that installed it, the journal's absolute path): on macOS a launchd
agent; elsewhere a systemd user timer when `systemctl --user` reaches a user manager,
else lines in the user's crontab (remind_kinds.py). There is one installation per
user: installing again replaces it, for whichever journal and of whichever kind.

The runner's environment: the XDG folder variables set at install time are passed on,
so it finds the same settings and state as the user's own commands. A systemd user
service and a launchd agent run inside the user's session and reach its D-Bus and
notification centre by themselves; cron runs outside any session, so its line also
carries this session's D-Bus address and display, which go stale when a new login
gets new ones (installing again from the new session refreshes them).
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from pathlib import Path

from stepdown import remind_units as units
from stepdown.remind_kinds import Cron, InstallState, Kind, Launchd, Systemd, crontab, kinds
from stepdown.remind_system import CommandFailed, Session, System
from stepdown.store.files import plain_reason

__all__ = ["InstallFailed", "InstallState", "Installed", "Removed", "System"]
__all__ += ["install", "installed", "uninstall"]

_FOLDERS = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")
_SESSION = ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR")
_EVERY = {
    "systemd": "every minute while you are logged in",
    "launchd": "every minute while you are logged in",
    "cron": "every minute",
}


class InstallFailed(Exception):
    """The reminders could not be installed, removed or read; the message says why."""


@dataclass(frozen=True)
class Installed:
    """What `install` did."""

    state: InstallState
    written: tuple[str, ...]
    """What it wrote and removed, and where, one line each."""
    ran: tuple[tuple[str, ...], ...]
    """The outside commands that changed something, in order."""
    replaced: tuple[InstallState, ...]
    """Reminders it replaced that were for another journal or of another kind."""
    notes: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """What was written and run, and where, to print."""
        state = self.state
        lines = [f"Reminders installed: {state.what} runs Stepdown {_EVERY[state.kind]}."]
        lines.append(f"  journal: {state.journal}")
        lines.append(f"  runs: {shlex.join(state.command)}")
        lines += self.written
        lines += [f"  ran: {shlex.join(argv)}" for argv in self.ran]
        lines += [f"  replaced {old.what} for {old.journal}" for old in self.replaced]
        lines += [f"  note: {note}" for note in self.notes]
        lines.append(f"  check: {units.CHECK[state.kind]}")
        return lines


@dataclass(frozen=True)
class Removed:
    """What `uninstall` did."""

    removed: tuple[InstallState, ...]
    """What was installed before; empty when nothing was."""
    written: tuple[str, ...]
    ran: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()

    @property
    def nothing(self) -> bool:
        """True when there was nothing to remove."""
        return not self.removed

    def lines(self) -> list[str]:
        """What was removed and run, to print."""
        if self.nothing:
            return ["No reminders are installed: nothing to remove."]
        kinds_removed = " and ".join(f"{state.what} for {state.journal}" for state in self.removed)
        lines = [f"Reminders removed: {kinds_removed}."]
        lines += self.written
        lines += [f"  ran: {shlex.join(argv)}" for argv in self.ran]
        lines += [f"  note: {note}" for note in self.notes]
        return lines


def install(data_path: Path, system: System | None = None) -> Installed:
    """Install reminders every minute for the journal at `data_path`, replacing any."""
    session = Session(system or System.current())
    journal = Path(os.path.abspath(data_path))
    argv = (session.system.python, "-m", "stepdown", "--data", str(journal), "remind", "--run")
    try:
        kind = _choose(session)
        environ = _environment(session, kind.name)
        units.check_values(argv, environ)
        before = _found(session)
        written = kind.put(session, argv, environ)
        state = kind.found(session)
    except (OSError, CommandFailed, units.UnitProblem) as error:
        raise InstallFailed(f"reminders not installed: {_why(error)}") from error
    if state is None:
        raise InstallFailed(f"reminders not installed: {kind.name} did not keep them")
    replaced = []
    for old_kind, old in before:
        if old.kind != kind.name:
            written += _remove_quietly(session, old_kind)
        if old.kind != kind.name or old.journal != journal:
            replaced.append(old)
    return Installed(
        state, tuple(written), tuple(session.ran), tuple(replaced), tuple(session.notes)
    )


def uninstall(system: System | None = None) -> Removed:
    """Stop and remove the installed reminders, whatever their kind."""
    session = Session(system or System.current())
    try:
        found = _found(session)
        written = [line for kind, _ in found for line in kind.remove(session)]
    except (OSError, CommandFailed, units.UnitProblem) as error:
        raise InstallFailed(f"reminders not removed: {_why(error)}") from error
    states = tuple(state for _, state in found)
    return Removed(states, tuple(written), tuple(session.ran), tuple(session.notes))


def installed(system: System | None = None) -> InstallState | None:
    """The reminders installed, or None."""
    session = Session(system or System.current())
    try:
        # The first found is enough: `crontab -l` runs only when no file is found.
        return next(filter(None, (kind.found(session) for kind in kinds(session.system))), None)
    except (OSError, units.UnitProblem) as error:
        raise InstallFailed(
            f"cannot tell whether reminders are installed: {_why(error)}"
        ) from error


def _found(session: Session) -> list[tuple[Kind, InstallState]]:
    return [(kind, state) for kind in kinds(session.system) if (state := kind.found(session))]


def _choose(session: Session) -> Kind:
    """The kind this computer runs: launchd on macOS, else systemd's user manager when it
    answers, else cron; InstallFailed when there is none."""
    system = session.system
    if system.platform == "darwin":
        return Launchd(system)
    if system.platform in ("win32", "cygwin"):
        raise InstallFailed(
            "reminders install on Linux (systemd or cron) and macOS (launchd) only; "
            "`stepdown export ics` gives a calendar with alarms instead"
        )
    manager = session.ask(["systemctl", "--user", "show-environment"])
    if manager.returncode == 0:
        return Systemd(system)
    try:
        crontab(session)
    except CommandFailed as error:
        said = (manager.stderr or manager.stdout).strip() or f"exit status {manager.returncode}"
        raise InstallFailed(
            f"reminders not installed: no systemd user manager (`systemctl --user`: {said}) "
            f"and no cron ({error})"
        ) from error
    return Cron()


def _environment(session: Session, kind: str) -> dict[str, str]:
    """The variables the runner gets: the XDG folders, and for cron the desktop session's."""
    names = _FOLDERS + (_SESSION if kind == "cron" else ())
    given = session.system.environ
    environ = {name: given[name] for name in names if given.get(name)}
    if kind == "cron":
        if "DBUS_SESSION_BUS_ADDRESS" in environ:
            session.notes.append(
                "cron runs outside your login session, so this session's D-Bus address "
                "and display are in its line; install again after a new login if "
                "notifications stop"
            )
        else:
            session.notes.append(
                "no D-Bus session here (DBUS_SESSION_BUS_ADDRESS is not set): "
                "cron's reminders cannot show desktop notifications"
            )
    return environ


def _remove_quietly(session: Session, kind: Kind) -> list[str]:
    """Remove an installation of another kind after the new one is in place; a failure
    leaves both running, which the user is told, rather than undoing the new one."""
    try:
        return kind.remove(session)
    except (OSError, CommandFailed, units.UnitProblem) as error:
        session.notes.append(f"the older {kind.name} reminders could not be removed: {_why(error)}")
        return []


def _why(error: Exception) -> str:
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return where + plain_reason(error)
    return str(error)
