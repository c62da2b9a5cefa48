"""The record of the reminders sent and snoozed, kept between runs of `remind --run`.

Where: `user_state_dir("stepdown")/<key>.reminders.json`, the key made from the
journal's real path (store/paths.py), beside the lock files, in a folder made 0700 and
checked to be this user's. Not in the journal: a reminder sent is not something the
patient recorded, and a runner writing the journal every minute would race the app.

JSON: a format number, the journal's real path, and two lists of rows:
`sent`: `[date, slot, at]`, `snoozes`: `[date, slot, until]`, each an ISO string.
Only yesterday's and today's rows are kept (domain/reminders.pruned).

Read as untrusted input and written atomically, as state_record.py says; every row is
checked too. A record that fails any check is ignored as a whole, and logged: the
runner then starts afresh, which at worst sends again a reminder of the last CATCH_UP.

`runner_lock` keeps two runners of one journal apart (cron may start the next while
one still waits for an answer): an flock on `<key>.reminders.lock`, taken without
waiting; the kernel drops it when the runner ends, however it ends.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from stepdown.domain.reminders import ReminderState, Snooze
from stepdown.store.paths import FolderNotPrivate, journal_key, private_folder, state_folder
from stepdown.store.state_record import StateRecordKind

MAX_SIZE = 256 * 1024
"""Far above a record's size: two days of a plan of many doses take a few KB."""
MAX_ROWS = 2_000
KIND = StateRecordKind("reminders", 1, ("sent", "snoozes"), MAX_SIZE)

_LOCK_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def record_path(journal: Path) -> Path:
    """Where the record of `journal` (any path to it: it is resolved) is kept."""
    return KIND.path(journal)


def load_state(journal: Path) -> ReminderState:
    """What was sent and snoozed for `journal`; an empty state when there is no record
    or it cannot be trusted (see the module's docstring): the runner then starts
    afresh. Never raises."""
    state = KIND.load(journal, _parse)
    return ReminderState() if state is None else state


def save_state(journal: Path, state: ReminderState) -> None:
    """Keep `state` as the record of `journal`'s reminders, atomically.

    Raises OSError (its message says why) when it cannot be written; the old record is
    then untouched.
    """
    sent = sorted(
        [day.isoformat(), slot.isoformat(), at.isoformat()] for day, slot, at in state.sent
    )
    snoozes = [
        [snooze.day.isoformat(), snooze.slot.isoformat(), snooze.until.isoformat()]
        for snooze in state.snoozes
    ]
    KIND.save(journal, {"sent": sent, "snoozes": snoozes})


class RunnerBusy(Exception):
    """Another runner of the same journal is running."""


@contextmanager
def runner_lock(journal: Path) -> Iterator[None]:
    """Hold the runner's lock of `journal` for the block; RunnerBusy when another runner
    holds it, OSError (its message says why) when it cannot be taken."""
    try:
        folder = private_folder(state_folder())
    except FolderNotPrivate as error:
        raise OSError(str(error)) from error
    fd = os.open(folder / f"{journal_key(journal)}.reminders.lock", _LOCK_FLAGS, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise RunnerBusy() from error
        yield
    finally:
        os.close(fd)  # lets the lock go


def _parse(document: dict[str, Any]) -> ReminderState | None:
    """The state in a record's checked JSON object (state_record.py), if its rows pass
    their checks; None otherwise."""
    sent_rows, snooze_rows = document["sent"], document["snoozes"]
    if type(sent_rows) is not list or type(snooze_rows) is not list:
        return None
    if len(sent_rows) + len(snooze_rows) > MAX_ROWS:
        return None
    sent: set[tuple[date, time, datetime]] = set()
    for row in sent_rows:
        values = _row(row)
        if values is None:
            return None
        sent.add(values)
    snoozes: dict[tuple[date, time], Snooze] = {}
    for row in snooze_rows:
        values = _row(row)
        if values is None or values[:2] in snoozes:
            return None
        snoozes[values[:2]] = Snooze(*values)
    return ReminderState(frozenset(sent), tuple(snoozes.values()))


def _row(row: Any) -> tuple[date, time, datetime] | None:
    """`[date, slot, moment]` as ISO strings, checked: naive, the moment within a day
    of the slot's (a grace or snooze runs past midnight, never further)."""
    if type(row) is not list or len(row) != 3 or any(type(value) is not str for value in row):
        return None
    day, slot, moment = (
        date.fromisoformat(row[0]),
        time.fromisoformat(row[1]),
        datetime.fromisoformat(row[2]),
    )  # ValueError: the caller ignores the record
    if slot.tzinfo is not None or moment.tzinfo is not None:
        return None
    if not 0 <= (moment.date() - day).days <= 1:
        return None
    return day, slot, moment
