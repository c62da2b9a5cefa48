"""Saves racing another program or another Stepdown: nothing either side wrote may be lost.

Run from the repository root: `python bench/save_race.py [--seconds 60]`. A child
process appends a `[[doses]]` block to the journal every 0.3 to 1 s, each with its own
note, while a JournalStore saves a change (a new contact) in a tight loop. At the end
the file must hold every note the child appended and every contact the store saved.
Prints the saves, the appends, and how many of each the final file lost. POSIX has no
rename that fails when its target changed, so a small loss rate can remain: an append
into the file a rename just replaced, by a program that opened it before, after the
store's check that follows the rename (see Draft.save).

With `--stepdowns N` (1,000 in docs/reliability.md), the other writer is a Stepdown
instead: a child process saves dose after dose as fast as it can while this process
makes N saves, opening the journal anew every tenth; both hold the writers' lock only
while saving, so each builds on the other's saves (tests/store/test_writers_together.py's
race, which CI runs with 250). Prints the saves on each side and every change lost.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from stepdown.clock import FixedClock
from stepdown.domain.journal import Contact, Journal
from stepdown.store.codec import decode, encode
from stepdown.store.journal_store import JournalStore

CLOCK = FixedClock(datetime(2026, 11, 25, 9, 0))

APPENDER = r"""
import random, sys, time
path, seconds, log = sys.argv[1], float(sys.argv[2]), sys.argv[3]
end = time.monotonic() + seconds
n = 0
with open(log, "w") as out:
    while time.monotonic() < end:
        time.sleep(random.uniform(0.3, 1.0))
        n += 1
        block = ('\n[[doses]]\ndate = 2026-11-25\nstatus = "taken"\n'
                 f'taken_at = 2026-11-25T10:00:00\namount = 1.0\nnote = "w{n}"\n')
        with open(path, "a") as journal:
            journal.write(block)
        out.write(f"w{n}\n")
        out.flush()
"""


def race(seconds: float, folder: Path) -> str:
    """Race the store against the appender for `seconds`; the figures, in one line."""
    path = folder / "journal.toml"
    path.write_text(encode(Journal(contacts=(Contact(name="start"),))), encoding="utf-8")
    store = JournalStore.open(path, CLOCK)
    log = folder / "appended.log"
    appender = subprocess.Popen([sys.executable, "-c", APPENDER, str(path), str(seconds), str(log)])
    tried = 0
    while appender.poll() is None:
        name = f"s{tried}"
        store.update(lambda j, name=name: replace(j, contacts=(*j.contacts, Contact(name))))
        tried += 1
    deadline = time.monotonic() + 30
    while store.unsaved and not store.retry().saved and time.monotonic() < deadline:
        time.sleep(0.05)  # the appender has stopped: a retry can only be refused briefly
    store.close()
    final = decode(path.read_bytes())
    appended = log.read_text(encoding="utf-8").split()
    notes = {dose.note for dose in final.doses}
    contacts = {contact.name for contact in final.contacts}
    lost_appends = sum(note not in notes for note in appended)
    lost_saves = sum(f"s{i}" not in contacts for i in range(tried))
    return (
        f"{tried} saves, {len(appended)} appends in {seconds:g} s: "
        f"{lost_appends} appends lost, {lost_saves} of the store's changes lost"
    )


def race_stepdowns(saves: int, folder: Path) -> str:
    """Race `saves` saves against a child Stepdown saving in a loop; the figures, in one line."""
    # The checks live with the tests, which import as the `tests` package from the root.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.store.test_writers_together import race_a_saver

    start = time.monotonic()
    result = race_a_saver(folder / "data" / "journal.toml", CLOCK, saves)
    seconds = time.monotonic() - start
    lost = "; ".join(result.problems) or "nothing lost on either side, every read a whole state"
    return (
        f"{result.saves} saves here and {result.their_saves} by the other Stepdown "
        f"in {seconds:.0f} s: {lost}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--stepdowns", type=int, metavar="N", help="race N saves (see above)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stepdown-race-") as folder:
        # The parse caches and lock files in the temporary folder too, not the user's.
        os.environ.update(XDG_CACHE_HOME=f"{folder}/cache", XDG_STATE_HOME=f"{folder}/state")
        if args.stepdowns:
            print(race_stepdowns(args.stepdowns, Path(folder)))
        else:
            print(race(args.seconds, Path(folder)))


if __name__ == "__main__":
    main()
