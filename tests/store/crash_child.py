"""Saves a journal in a loop until killed; crashing.py kills it at random moments.

`save_forever` runs in a child process forked from the test (or bench/soak.py), which
has the store imported already: a round costs a fork, not a Python start. Every save
adds the next dose entry, so the journal after k saves is exactly `state(k)` and
the parent can tell whether the file holds a state that was really written. Once it
holds the lock the child sends "saving K" (K: the doses the file held), then K+1,
K+2, ... each as soon as that save has returned: the last number the parent reads is
the last save acknowledged.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from multiprocessing.connection import Connection
from pathlib import Path

from stepdown.clock import FixedClock
from stepdown.domain.journal import DoseEntry, Journal
from stepdown.store.journal_store import JournalStore

FIRST_DAY = date(2026, 1, 1)


def dose(k: int) -> DoseEntry:
    """The k-th dose entry (from 0): one a day, each a little different."""
    day = FIRST_DAY + timedelta(days=k)
    return DoseEntry(
        date=day,
        status="taken",
        slot=time(8),
        taken_at=datetime.combine(day, time(8, k % 60)),
        amount=float(k % 40),
        note=f"dose number {k}",
    )


def add_next_dose(journal: Journal) -> Journal:
    """The next state: one more dose entry."""
    return replace(journal, doses=(*journal.doses, dose(len(journal.doses))))


def state(k: int) -> Journal:
    """The journal after k saves."""
    return Journal(doses=tuple(dose(i) for i in range(k)))


def save_forever(path: Path, today: date, acks: Connection) -> None:
    """Open `path` and save one more dose at a time until killed, acknowledging each save.

    Each message is one write to a pipe, so a kill cannot cut one in half. If a save
    fails, the child says why ("stopped: ...") and returns.
    """
    store = JournalStore.open(path, FixedClock(datetime.combine(today, time(9))))
    if not store.writable:
        reason = store.read_only_reason or "; ".join(map(str, store.errors))
        acks.send_bytes(f"stopped: the journal is {store.status}: {reason}".encode())
        return
    acks.send_bytes(f"saving {len(store.journal.doses)}".encode())
    while True:
        outcome = store.update(add_next_dose)
        if not outcome.saved:
            acks.send_bytes(f"stopped: {outcome.message}".encode())
            return
        acks.send_bytes(str(len(store.journal.doses)).encode())
