"""Saves a journal in a loop until killed; test_crash.py kills it at random moments.

Run as `python crash_child.py PATH YYYY-MM-DD`. Every save adds the next dose entry,
so the journal after k saves is exactly `state(k)` and the parent can tell whether
the file holds a state that was really written. Prints "saving" once it holds the
lock and starts saving.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date, datetime, time, timedelta
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


def main(path: Path, today: date) -> None:
    store = JournalStore.open(path, FixedClock(datetime.combine(today, time(9))))
    if not store.writable:
        sys.exit(f"cannot save: {store.status} {store.read_only_reason} {store.errors}")
    print("saving", flush=True)
    while True:
        outcome = store.update(add_next_dose)
        if not outcome.saved:
            sys.exit(outcome.message)


if __name__ == "__main__":
    main(Path(sys.argv[1]), date.fromisoformat(sys.argv[2]))
