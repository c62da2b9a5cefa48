"""The crash test's loop, for longer: a saving Stepdown SIGKILLed 1,000 times.

Run from the repository root: `python bench/soak.py [--rounds 1000] [--seed N]`. Each
round is tests/store/test_crash.py's (the same child and the same checks, imported
from tests/store/crashing.py): a child saves dose after dose into one journal, is
SIGKILLed after 0-4 acknowledged saves and a random 0-10 ms more, and the next start
of Stepdown must find the file whole and at the last save acknowledged or the one
under way, take the lock at once and leave no temporary file. Prints "N kills during
save, M damaged files, K leftover temp files", how often a kill provably caught a
save half-way, and the time taken. Exits 1 if any round broke a promise.

A kill "during save": the child saves back to back, so a kill lands inside a save
but for the microseconds it takes to acknowledge one. The proof that kills hit the
dangerous moments is the next line: a temporary file caught half-written (the kill
fell between creating it and the rename), or a new file in place that the child had
not yet acknowledged (between the rename and the acknowledgement).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

# The checks live with the tests, which import as the `tests` package from the root.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.store.crashing import LONGEST_DELAY, MOST_SAVES, backup_problems, crash_round

SHOWN_PROBLEMS = 10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=1000, help="kills (default 1000)")
    parser.add_argument("--seed", type=int, help="for the random moments (default: random)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)

    kills = damaged = leftovers = half_written = unacknowledged = saves = 0
    problems: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="stepdown-soak-") as folder:
        path = Path(folder) / "data" / "journal.toml"
        for number in range(args.rounds):
            kill, verdict = crash_round(path, number, rng)
            kills += kill.exit_code is not None and kill.exit_code < 0
            damaged += verdict.damaged
            leftovers += verdict.leftover_temps
            half_written += bool(kill.temps)
            unacknowledged += verdict.on_disk == kill.acknowledged + 1
            saves += kill.acknowledged - kill.started_at
            problems += [f"round {number}: {problem}" for problem in verdict.problems]
            if verdict.damaged:  # start again from nothing, so the next rounds still count
                path.unlink(missing_ok=True)
        problems += backup_problems(path)
        size = path.stat().st_size if path.exists() else 0
        doses = verdict.on_disk or 0
    elapsed = time.perf_counter() - started

    print(
        f"Soak: {args.rounds:,} rounds of a child saving in a loop, SIGKILLed after 0-{MOST_SAVES} "
        f"saves and a random 0-{LONGEST_DELAY * 1000:.0f} ms more (seed {seed})"
    )
    print(
        f"{kills:,} kills during save, {damaged:,} damaged files, {leftovers:,} leftover temp files"
    )
    print(
        f"  a kill caught a temporary file half-written {half_written:,} times, "
        f"and a renamed file not yet acknowledged {unacknowledged:,} times"
    )
    print(
        f"  {saves:,} saves acknowledged; the journal ended at {doses:,} doses "
        f"({size / 1024:,.0f} KB); problems: {len(problems)}"
    )
    for problem in problems[:SHOWN_PROBLEMS]:
        print(f"  - {problem}")
    print(f"Time: {elapsed:.1f} s ({elapsed / max(args.rounds, 1) * 1000:.0f} ms a round)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
