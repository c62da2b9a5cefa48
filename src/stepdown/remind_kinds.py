"""The three kinds of reminder installation: a systemd user timer, a launchd agent, cron.

Each kind finds its installation, puts a new one in place of its own, and removes it.
Putting is whole or nothing: when a file cannot be written or a command fails, the
files are put back as they were (and the manager told) before the error goes up.
Errors are OSError, CommandFailed or UnitProblem; `remind_install` turns them into words.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from stepdown import remind_units as units
from stepdown.remind_system import CommandFailed, Session, System
from stepdown.store.files import atomic_write


@dataclass(frozen=True)
class InstallState:
    """Reminders found installed: which kind, its files, what it runs, for which journal."""

    kind: str
    """"systemd", "launchd" or "cron"."""
    what: str
    """The kind in words ("a systemd user timer")."""
    files: tuple[Path, ...]
    """Its files; none for cron, whose lines are in the user's crontab."""
    command: tuple[str, ...]
    """The command it runs every minute."""

    @property
    def journal(self) -> Path | None:
        """The journal it reminds for; None when its command names none (edited by hand)."""
        named = units.journal_of(self.command)
        return Path(named) if named is not None else None

    def lines(self) -> list[str]:
        """What is installed and where, to print."""
        lines = [f"Reminders are installed: {self.what}, every minute."]
        lines.append(f"  journal: {self.journal or 'none named (the command was edited)'}")
        lines += [f"  file: {path}" for path in self.files]
        if self.kind == "cron":
            lines.append(f"  in your crontab (`crontab -l`), under {units.CRON_BEGIN!r}")
        lines.append(f"  runs: {shlex.join(self.command)}")
        lines.append(f"  check: {units.CHECK[self.kind]}")
        return lines


class Kind(Protocol):
    """One way of running the reminders every minute."""

    name: str

    def found(self, session: Session) -> InstallState | None:
        """Its installation on the computer, or None."""

    def put(self, session: Session, argv: Sequence[str], environ: Mapping[str, str]) -> list[str]:
        """Install `argv` to run every minute with `environ`, over its own installation;
        what was written, to print."""

    def remove(self, session: Session) -> list[str]:
        """Stop and remove its installation; what was removed, to print."""


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _write_all(files: Mapping[Path, bytes]) -> dict[Path, bytes | None]:
    """Write each file; what was there before, for `_put_back`. On failure, the files
    are as they were and the OSError goes up."""
    before = {path: _read(path) for path in files}
    try:
        for path, data in files.items():
            atomic_write(path, data)
    except OSError:
        _put_back(before)
        raise
    return before


def _put_back(before: Mapping[Path, bytes | None]) -> None:
    """Each file as it was: its old bytes, or gone. Best effort: the first error is the
    one the user hears about."""
    for path, data in before.items():
        try:
            if data is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write(path, data)
        except OSError:
            continue


def _config_home(system: System) -> Path:
    configured = system.environ.get("XDG_CONFIG_HOME", "")
    return Path(configured) if os.path.isabs(configured) else system.home / ".config"


class Systemd:
    """A user service and a timer that starts it every minute, in systemd's user folder."""

    name = "systemd"
    what = "a systemd user timer"

    def __init__(self, system: System) -> None:
        self.folder = _config_home(system) / "systemd" / "user"
        self.service = self.folder / units.SERVICE
        self.timer = self.folder / units.TIMER
        self.wants = self.folder / "timers.target.wants" / units.TIMER

    def found(self, session: Session) -> InstallState | None:
        if not (os.path.lexists(self.service) or os.path.lexists(self.timer)):
            return None
        command = units.service_command((_read(self.service) or b"").decode(errors="replace"))
        return InstallState(self.name, self.what, (self.service, self.timer), tuple(command))

    def put(self, session: Session, argv: Sequence[str], environ: Mapping[str, str]) -> list[str]:
        existed = os.path.lexists(self.timer)
        service = units.systemd_service(argv, environ).encode()
        before = _write_all({self.service: service, self.timer: units.systemd_timer().encode()})
        try:
            session.change(["systemctl", "--user", "daemon-reload"])
            session.change(["systemctl", "--user", "enable", "--now", units.TIMER])
        except CommandFailed:
            if not existed:
                session.attempt(["systemctl", "--user", "disable", "--now", units.TIMER])
            _put_back(before)
            session.attempt(["systemctl", "--user", "daemon-reload"])
            raise
        return [f"  wrote {self.service}", f"  wrote {self.timer}"]

    def remove(self, session: Session) -> list[str]:
        stopped = session.attempt(["systemctl", "--user", "disable", "--now", units.TIMER])
        if stopped.returncode != 0:
            said = (stopped.stderr or stopped.stdout).strip()
            session.notes.append(
                f"systemctl could not stop the timer ({said}); it stops at your next login"
            )
        removed = [path for path in (self.service, self.timer, self.wants) if _remove(path)]
        session.attempt(["systemctl", "--user", "daemon-reload"])
        return [f"  removed {path}" for path in removed]


def _remove(path: Path) -> bool:
    """Delete `path` (a symlink itself, never its target); whether there was one."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


class Launchd:
    """A launchd agent in ~/Library/LaunchAgents, run every 60 seconds in the user's session."""

    name = "launchd"
    what = "a launchd agent"

    def __init__(self, system: System) -> None:
        self.plist = system.home / "Library" / "LaunchAgents" / units.PLIST
        self.domain = f"gui/{system.uid}"

    def found(self, session: Session) -> InstallState | None:
        data = _read(self.plist)
        if data is None:
            return None
        return InstallState(self.name, self.what, (self.plist,), tuple(units.plist_command(data)))

    def put(self, session: Session, argv: Sequence[str], environ: Mapping[str, str]) -> list[str]:
        # Whatever runs under the label (this agent, or one whose file is gone) goes first:
        # bootstrap refuses a label that is loaded already.
        session.attempt(["launchctl", "bootout", f"{self.domain}/{units.LABEL}"])
        before = _write_all({self.plist: units.launchd_plist(argv, environ)})
        try:
            loaded = session.attempt(["launchctl", "bootstrap", self.domain, str(self.plist)])
            if loaded.returncode != 0:
                # macOS before 10.11 knows only the older verb.
                session.change(["launchctl", "load", "-w", str(self.plist)])
        except CommandFailed:
            _put_back(before)
            if before[self.plist] is not None:
                session.attempt(["launchctl", "bootstrap", self.domain, str(self.plist)])
            raise
        return [f"  wrote {self.plist}"]

    def remove(self, session: Session) -> list[str]:
        # Fails when the agent is not loaded, which is the state wanted.
        session.attempt(["launchctl", "bootout", f"{self.domain}/{units.LABEL}"])
        return [f"  removed {self.plist}"] if _remove(self.plist) else []


class Cron:
    """Lines in the user's crontab, between two marker comments; the others kept exactly."""

    name = "cron"
    what = "a cron job"

    def found(self, session: Session) -> InstallState | None:
        try:
            text = crontab(session)
        except CommandFailed:  # no cron here: nothing of ours in it either
            return None
        parts = units.split_crontab(text)
        if parts is None:
            return None
        return InstallState(self.name, self.what, (), tuple(units.cron_command(parts[1])))

    def put(self, session: Session, argv: Sequence[str], environ: Mapping[str, str]) -> list[str]:
        text = crontab(session)
        block = units.cron_block(argv, environ)
        parts = units.split_crontab(text)
        if parts is not None:
            new = parts[0] + block + parts[2]
        else:
            new = text + ("\n" if text and not text.endswith("\n") else "") + block
        session.change(["crontab", "-"], new)
        shown = [f"    {line}" for line in block.splitlines()]
        return ["  wrote these lines into your crontab (`crontab -l` shows them):", *shown]

    def remove(self, session: Session) -> list[str]:
        parts = units.split_crontab(crontab(session))
        if parts is None:
            return []
        session.change(["crontab", "-"], parts[0] + parts[2])
        return ["  removed these lines from your crontab:"] + [
            f"    {line}" for line in parts[1].splitlines()
        ]


def crontab(session: Session) -> str:
    """The user's crontab ("" when they have none); CommandFailed when cron cannot be used
    (no `crontab`, or not allowed), so that nothing is ever written over a crontab unread."""
    argv = ["crontab", "-l"]
    listed = session.ask(argv)
    if listed.returncode == 0:
        return listed.stdout
    if "no crontab" in listed.stderr.lower():
        return ""
    raise CommandFailed(argv, listed)


def kinds(system: System) -> list[Kind]:
    """Every kind, in the order an installation is looked for."""
    return [Systemd(system), Launchd(system), Cron()]
