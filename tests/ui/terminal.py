"""Stepdown in a real terminal: a child process on a pseudo-terminal, driven by keys.

For tests/ui/test_process.py and bench/soak.py. The child is `python -m stepdown
--data FILE`, or the same command line run through `stepdown.cli.main` with a clock
whose monotonic time runs FAST times faster, so a breathing session passes the 30
seconds it needs to be saved in a second or two of real time.

The terminal is not the child's controlling terminal (it starts a new session): a
closed master then reaches it only as a lost terminal, never as a SIGHUP from the
kernel, the case where Stepdown used to spin on forever.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from stepdown.clock import SystemClock
from stepdown.store.lock import LockBusy, OpenMark

ROOT = Path(__file__).resolve().parents[2]

FAST = 20.0
"""How much faster than real time a FastClock's monotonic time runs."""

START_DEADLINE = 30.0
"""Seconds a child on a busy machine may take to draw its first screen."""


class FastClock(SystemClock):
    """The computer's date and time, with intervals (monotonic) FAST times faster."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def monotonic(self) -> float:
        return self.started + (time.monotonic() - self.started) * FAST


FAST_CHILD = (
    "import sys; sys.path.insert(0, {root!r}); "
    "from stepdown.cli import main; from tests.ui.terminal import FastClock; "
    "sys.exit(main(['--data', {path!r}], clock=FastClock()))"
)


@dataclass
class Terminal:
    """A Stepdown child on a pseudo-terminal of 80x24; `screen` is all it wrote so far."""

    process: subprocess.Popen[bytes]
    master: int | None
    path: Path
    screen: bytearray = field(default_factory=bytearray)

    @classmethod
    def spawn(cls, path: Path, *, fast_clock: bool = False) -> Terminal:
        master, slave = os.openpty()
        os.set_blocking(master, False)
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
        env.pop("TEXTUAL", None)
        if fast_clock:
            command = [sys.executable, "-c", FAST_CHILD.format(root=str(ROOT), path=str(path))]
        else:
            command = [sys.executable, "-m", "stepdown", "--data", str(path)]
        try:
            process = subprocess.Popen(
                command,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                start_new_session=True,
                close_fds=True,
            )
        finally:
            os.close(slave)
        return cls(process, master, path)

    def read(self, timeout: float) -> None:
        """Add what the child wrote within `timeout` seconds to `screen`."""
        if self.master is None:
            return
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            with suppress(OSError):  # nothing more to read, or the child is gone
                self.screen += os.read(self.master, 65536)

    def wait_for(self, text: str, deadline: float = START_DEADLINE) -> None:
        """Wait until the child has written `text` since the last press; fail at the deadline."""
        wanted = text.encode()
        end = time.monotonic() + deadline
        while wanted not in self.screen:
            if time.monotonic() > end or self.process.poll() is not None:
                raise AssertionError(f"{text!r} not on screen; exit {self.process.poll()}")
            self.read(0.1)

    def keep_reading(self, seconds: float) -> None:
        """Let `seconds` of real time pass, reading what the child draws meanwhile (a
        terminal that is never read fills up, and the child would wait on it)."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self.read(min(left, 0.1))

    def press(self, keys: str) -> None:
        assert self.master is not None
        self.screen.clear()
        os.write(self.master, keys.encode())

    def start_breathing(self) -> None:
        """Open Breathe, start a session, skip the anxiety question; it runs on."""
        self.wait_for("Today")
        self.press("b")
        self.wait_for("Start")
        self.press("\r")
        self.wait_for("anxious")
        self.press("\r")
        self.wait_for("Pause")

    def hang_up(self) -> None:
        """Close the terminal, as closing its window or losing the connection does."""
        if self.master is not None:
            os.close(self.master)
            self.master = None

    def signal(self, number: int) -> None:
        self.process.send_signal(number)

    def kill(self) -> None:
        """End the child whatever it does (after a test that found it still running)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.hang_up()


@dataclass(frozen=True)
class Ending:
    """How a child ended after it was told to (None: not within the deadline)."""

    exit_seconds: float | None
    lock_free_seconds: float | None
    status: int | None


def end(terminal: Terminal, how: str, deadline: float) -> Ending:
    """Hang up or signal the child (`how`: "close", "SIGHUP", "SIGTERM"), then measure how
    long until it exits and until another process can take the journal's lock."""
    lock = OpenMark(Path(os.path.realpath(terminal.path)))  # free once no Stepdown has it open
    started = time.monotonic()
    if how == "close":
        terminal.hang_up()
    else:
        terminal.signal(SIGNALS[how])
    exited = lock_free = None
    while exited is None or lock_free is None:
        now = time.monotonic() - started
        if now > deadline:
            break
        if exited is None and terminal.process.poll() is not None:
            exited = now
        if lock_free is None:
            try:
                lock.acquire()
            except LockBusy:
                pass
            else:
                lock.release()
                lock_free = now
        if terminal.master is None:
            time.sleep(0.01)
        else:
            terminal.read(0.01)
    return Ending(exited, lock_free, terminal.process.poll())


SIGNALS = {"SIGHUP": signal.SIGHUP, "SIGTERM": signal.SIGTERM}
