"""Kill a saving Stepdown and judge what it left; shared by test_crash.py and bench/soak.py.

A round starts a child saving in a loop (crash_child.py) on a journal, lets it save
for a random moment, kills it with SIGKILL, and checks what the next start of
Stepdown finds: a file that parses, validates and holds the last state the child
acknowledged or the one it was saving (k or k+1), a lock taken at once, and no
temporary file left behind.
"""

from __future__ import annotations

import multiprocessing
import random
import signal
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from stepdown.clock import FixedClock
from stepdown.store.codec import InvalidJournal, decode
from stepdown.store.journal_store import JournalStore
from tests.store.crash_child import save_forever, state

STARTUP_LIMIT = 30.0
"""Seconds a child may take to start saving before the round counts as broken."""
MOST_SAVES = 4
LONGEST_DELAY = 0.01
"""A kill comes after 0 to MOST_SAVES acknowledged saves and 0 to LONGEST_DELAY seconds
more: inside the first save of the day (which makes the backup) or a later one, at
any point of it (a save takes 1 to 15 ms, most of it in fsync)."""
FIRST_DAY = date(2026, 3, 1)
"""The day of round 0; each round is a day later, so its first save makes a backup."""


@dataclass(frozen=True)
class Kill:
    """What the parent knows of one child it killed."""

    started_at: int
    """Doses the file held when the child began saving."""
    acknowledged: int
    """Doses in the last state the child reported saved (`started_at` if none)."""
    exit_code: int | None
    """-SIGKILL when the kill ended it; anything else means it stopped by itself."""
    stopped_because: str
    """Why the child stopped, when it stopped by itself."""
    temps: tuple[str, ...]
    """Temporary files beside the journal (or its backups) right after the kill."""


@dataclass(frozen=True)
class Verdict:
    """What a restart found after a kill: the file's state and everything wrong."""

    on_disk: int | None
    """Doses in the file, or None when there is no file or it does not read as a state."""
    problems: tuple[str, ...]
    """Each promise broken, in words; empty when the round went right."""
    damaged: bool
    """The file was missing, did not parse or validate, or held a state not written."""
    leftover_temps: int
    """Temporary files still there after the restart opened the journal."""


def temp_files(path: Path) -> tuple[str, ...]:
    """Temporary files in the journal's folder and its backups folder."""
    return tuple(sorted(p.name for p in path.parent.rglob("*.tmp")))


class Saver:
    """A child saving to `path` in a loop, and what it has acknowledged so far."""

    def __init__(self, process: BaseProcess, acks: Connection, path: Path) -> None:
        self.process = process
        self.path = path
        self._acks = acks
        self.started_at = -1
        """Doses the file held when the child began saving (-1 until it says)."""
        self.acknowledged = -1
        """Doses in the last state the child reported saved."""
        self._stopped_because: list[str] = []

    def read(self, count: int, limit: float = STARTUP_LIMIT) -> None:
        """Read the child's next `count` messages, waiting up to `limit` s for each."""
        try:
            for _ in range(count):
                if not self._acks.poll(limit):
                    return
                self._take(self._acks.recv_bytes().decode())
        except EOFError:
            pass  # it has stopped; kill() says why

    def _take(self, message: str) -> None:
        if message.startswith("saving "):
            self.started_at = self.acknowledged = int(message.split()[1])
        elif message.isdigit():
            self.acknowledged = int(message)
        else:
            self._stopped_because.append(message)

    def kill(self) -> Kill:
        """SIGKILL the child now; what it acknowledged and left."""
        self.process.kill()
        self.process.join()
        temps = temp_files(self.path)
        self.read(sys.maxsize, limit=0)
        self._acks.close()
        return Kill(
            started_at=self.started_at,
            acknowledged=self.acknowledged,
            exit_code=self.process.exitcode,
            stopped_because=" ".join(self._stopped_because),
            temps=temps,
        )


def start_saving(path: Path, today: date) -> Saver:
    """Start a child saving to `path`, and return it once it is saving.

    The child is forked from this process, which has the store imported already: a
    round costs a fork, not a Python start. This process holds no journal open and
    runs no other thread when it forks, so the child inherits nothing that matters.
    """
    context = multiprocessing.get_context("fork")
    acks, sender = context.Pipe(duplex=False)
    child = context.Process(target=save_forever, args=(path, today, sender), daemon=True)
    child.start()
    sender.close()
    saver = Saver(child, acks, path)
    saver.read(1)
    if saver.started_at < 0:
        kill = saver.kill()
        raise RuntimeError(f"the child could not start saving: {kill.stopped_because}")
    return saver


def kill_while_saving(path: Path, today: date, saves: int, delay: float) -> Kill:
    """Start a child saving to `path` on `today`; SIGKILL it `delay` s after its `saves`-th
    acknowledged save (0: into its first)."""
    saver = start_saving(path, today)
    saver.read(saves)
    time.sleep(delay)  # not a wait for anything: the random moment of the kill
    return saver.kill()


def judge(path: Path, today: date, kill: Kill) -> Verdict:
    """Check the file the kill left, then open it as the next Stepdown would, and close it."""
    problems: list[str] = []
    if kill.exit_code != -signal.SIGKILL:
        problems.append(f"the child stopped by itself ({kill.exit_code}): {kill.stopped_because}")
    on_disk: int | None = None
    damaged = False
    if not path.exists():
        if kill.acknowledged:
            damaged = True
            problems.append(f"the file is gone; the child had saved {kill.acknowledged} doses")
    else:
        try:
            journal = decode(path.read_bytes())
        except InvalidJournal as error:
            damaged = True
            problems.append(f"the file does not read: {error}")
        else:
            if journal != state(len(journal.doses)):
                damaged = True
                problems.append("the file holds a journal the child never wrote")
            elif len(journal.doses) not in (kill.acknowledged, kill.acknowledged + 1):
                damaged = True
                problems.append(
                    f"the file holds {len(journal.doses)} doses; the last save acknowledged "
                    f"{kill.acknowledged}, so it must hold that or one more"
                )
            else:
                on_disk = len(journal.doses)

    store = JournalStore.open(path, FixedClock(datetime.combine(today, datetime.min.time())))
    try:
        expected_status = "missing" if not path.exists() else "ready"
        if store.status != expected_status:
            problems.append(
                f"the restart found the file {store.status}, not {expected_status}: "
                f"{store.read_only_reason or store.errors}"
            )
        elif on_disk is not None and store.journal != state(on_disk):
            problems.append("the restart read another journal than the file holds")
    finally:
        store.close()
    leftovers = temp_files(path)
    if leftovers:
        problems.append(f"the restart left temporary files: {', '.join(leftovers)}")
    return Verdict(on_disk, tuple(problems), damaged, len(leftovers))


def crash_round(path: Path, number: int, rng: random.Random) -> tuple[Kill, Verdict]:
    """Round `number`: a child saving to `path` on its own day, killed at a moment `rng`
    draws, and what the restart found."""
    today = FIRST_DAY + timedelta(days=number)
    saves, delay = rng.randrange(MOST_SAVES + 1), rng.uniform(0, LONGEST_DELAY)
    kill = kill_while_saving(path, today, saves, delay)
    return kill, judge(path, today, kill)


def backup_problems(path: Path) -> list[str]:
    """Each backup beside `path` that is not a state the child wrote."""
    problems = []
    for backup in sorted((path.parent / "backups").glob("*.toml")):
        try:
            journal = decode(backup.read_bytes())
        except InvalidJournal as error:
            problems.append(f"{backup.name} does not read: {error}")
            continue
        if journal != state(len(journal.doses)):
            problems.append(f"{backup.name} holds a journal the child never wrote")
    return problems
