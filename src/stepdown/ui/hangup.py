"""Leaving cleanly when the terminal goes away or the process is told to stop.

Textual's Linux driver (8.2) reads the terminal in a thread which, once the terminal
is gone (a closed tmux session, a dropped SSH connection), reads end-of-file in a
tight loop, forever; its writer thread dies at the first write that fails, and the
app's loop then blocks for good at its next frame, waiting for room in the writer's
queue. Stepdown went on running at most of a core, holding the journal's lock. A
SIGHUP or SIGTERM, on the other hand, ended it at once, losing a breathing session
under way.

Here the app learns of all three through public routes only: the asyncio loop's
signal handlers for SIGHUP and SIGTERM, and a thread that waits for the terminal to
hang up (poll reports POLLHUP or POLLERR for a terminal that is gone, without reading
from it, so it never takes a key from Textual). On a hangup the thread first points
the terminal's descriptors at /dev/null, so that no later write fails or blocks, then
asks the loop to save and exit. Should the loop not answer within HANDOVER_SECONDS (it
may already be blocked on the dead writer), the thread saves itself, through the
store's own lock, and ends the process: nothing is left to lose by then.
"""

from __future__ import annotations

import asyncio
import os
import select
import signal
import stat
import sys
import threading
from collections.abc import Callable
from contextlib import suppress
from typing import Protocol, runtime_checkable

from stepdown.store.journal_store import Change

STOP_SIGNALS = (signal.SIGHUP, signal.SIGTERM)
"""The signals that mean "this terminal session is over": save and exit."""

TERMINAL_LOST = 0
"""What the leave callback is given for a terminal that hung up (not a signal number)."""

HANDOVER_SECONDS = 0.5
"""How long the watch waits for the app's loop to save, before it saves itself."""

EXIT_DEADLINE = 1.0
"""Seconds after saving that a process still running is ended (the lock is free by then)."""

POLL_MS = 500
"""How long one wait for a hangup lasts before the watch looks whether it should stop."""

_GONE = select.POLLHUP | select.POLLERR | select.POLLNVAL
_TERMINAL_FDS = (0, 1, 2)


@runtime_checkable
class SavesAtExit(Protocol):
    """A screen that holds something worth saving when the app must exit at once, with
    no one there to answer a question: a breathing session under way."""

    def change_at_exit(self) -> Change | None:
        """End what is in progress, without drawing (this may run outside the app's
        loop), and give the change that records it, if any."""
        ...


def exit_status(reason: int) -> int:
    """The exit status for leaving because of `reason`: 128 + the signal, as a shell's."""
    return 128 + (reason or signal.SIGHUP)


def end_process_later(status: int, delay: float = EXIT_DEADLINE) -> None:
    """End the process with `status` after `delay` seconds, if it is still running.

    Only once everything is saved and the journal closed: no cleanup runs.
    """
    timer = threading.Timer(delay, os._exit, args=(status,))
    timer.daemon = True
    timer.start()


class TerminalWatch:
    """Calls `leave(reason)` on `loop` at SIGHUP or SIGTERM (the signal's number) or when
    the terminal on `fd` hangs up (TERMINAL_LOST). For a hangup, if `leave` has not run
    within HANDOVER_SECONDS, calls `save()` from its own thread and ends the process.

    `save` must be safe from any thread and do nothing the second time.
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        fd: int,
        leave: Callable[[int], None],
        save: Callable[[], object],
    ) -> None:
        self._loop = loop
        self._fd = fd
        self._leave = leave
        self._save = save
        self._stop = threading.Event()

    def start(self) -> None:
        """Install the signal handlers, and watch the terminal if `fd` is one."""
        for number in STOP_SIGNALS:
            self._loop.add_signal_handler(number, self._leave, int(number))
        if self._fd >= 0 and os.isatty(self._fd):
            threading.Thread(target=self._watch, name="stepdown-hangup", daemon=True).start()

    def stop(self) -> None:
        """Remove the signal handlers (back to the default) and end the watch."""
        self._stop.set()
        for number in STOP_SIGNALS:
            self._loop.remove_signal_handler(number)

    def _watch(self) -> None:
        poller = select.poll()
        poller.register(self._fd, 0)  # no events asked for: only hangup and errors report
        while not self._stop.wait(0):
            try:
                ready = poller.poll(POLL_MS)
            except OSError:
                ready = [(self._fd, select.POLLERR)]
            if any(mask & _GONE for _, mask in ready):
                break
        else:
            return
        _detach_terminal()
        self._loop.call_soon_threadsafe(self._leave, TERMINAL_LOST)
        if self._stop.wait(HANDOVER_SECONDS):
            return  # the app ended normally meanwhile
        self._save()
        end_process_later(exit_status(TERMINAL_LOST), EXIT_DEADLINE - HANDOVER_SECONDS)


def _detach_terminal() -> None:
    """Point standard input, output and error at /dev/null where they were on a
    terminal: it is gone, and a write to it would fail and stop Textual's writer."""
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in _TERMINAL_FDS:
            # A terminal that hung up fails isatty(), but is still a character device;
            # files and pipes (output redirected) keep working and are left alone.
            with suppress(OSError):
                if stat.S_ISCHR(os.fstat(fd).st_mode):
                    os.dup2(null, fd)
    finally:
        os.close(null)


def watch_terminal(leave: Callable[[int], None], save: Callable[[], object]) -> TerminalWatch:
    """Start watching the running loop's signals and the terminal Textual reads."""
    stdin = sys.__stdin__
    fd = stdin.fileno() if stdin is not None else -1
    watch = TerminalWatch(asyncio.get_running_loop(), fd, leave, save)
    watch.start()
    return watch
