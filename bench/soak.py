"""The crash test's loop, for longer: a saving Stepdown SIGKILLed 1,000 times.

Run from the repository root: `python bench/soak.py [--rounds 1000] [--seed N]`. Each
round is tests/store/test_crash.py's (the same child and the same checks, imported
from tests/store/crashing.py): a child saves dose after dose into one journal, is
SIGKILLed after 0-4 acknowledged saves and a random 0-10 ms more, and the next start
of Stepdown must find the file whole and at the last save acknowledged or the one
under way, take the lock at once and leave no temporary file. Prints "N kills during
save, M damaged files, K leftover temp files", how often a kill provably caught a
save half-way, and the time taken. Exits 1 if any round broke a promise.

Then `--hangups N` rounds (default 20) end Stepdown as a lost terminal does, not by
kill -9: the app runs in a pseudo-terminal (tests/ui/terminal.py), on Today or with a
breathing session under way, and at a random moment 0-1.5 s after it drew its first
screen the terminal is closed or SIGHUP sent. Each round must leave no process running
(no orphan) and the journal's lock free within 2 s. Prints the rounds, the orphans,
and the worst times to the lock free and to the exit.

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
from tests.ui.terminal import Terminal, end

HANGUP_LIMIT = 2.0
"""Seconds a hangup round allows until the lock is free and the process gone."""
HANGUP_DEADLINE = 10.0
"""How long a hangup round waits before it counts the app as an orphan and kills it."""

SHOWN_PROBLEMS = 10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=1000, help="kills (default 1000)")
    parser.add_argument(
        "--hangups", type=int, default=20, help="rounds that close the terminal (default 20)"
    )
    parser.add_argument("--seed", type=int, help="for the random moments (default: random)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)

    kills = damaged = leftovers = half_written = unacknowledged = saves = doses = 0
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
            doses = verdict.on_disk or 0
            if verdict.damaged:  # start again from nothing, so the next rounds still count
                path.unlink(missing_ok=True)
        problems += backup_problems(path)
        size = path.stat().st_size if path.exists() else 0
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
    if args.hangups:
        problems += hangup_rounds(args.hangups, rng)
    return 1 if problems else 0


def hangup_rounds(rounds: int, rng: random.Random) -> list[str]:
    """Close the app's terminal or SIGHUP it `rounds` times; print the figures, return
    what went wrong."""
    problems: list[str] = []
    orphans = 0
    ways = {"close": 0, "SIGHUP": 0}
    worst_lock = worst_exit = 0.0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="stepdown-soak-hangup-") as folder:
        path = Path(folder) / "journal.toml"
        path.write_text("schema = 1\n", encoding="utf-8")
        for number in range(rounds):
            how = rng.choice(sorted(ways))
            ways[how] += 1
            terminal = Terminal.spawn(path)
            try:
                if rng.random() < 0.5:
                    terminal.start_breathing()
                else:
                    terminal.wait_for("Today")
                terminal.keep_reading(rng.uniform(0, 1.5))
                ending = end(terminal, how, HANGUP_DEADLINE)
            finally:
                running = terminal.process.poll() is None
                terminal.kill()
            orphans += running
            lock, gone = ending.lock_free_seconds, ending.exit_seconds
            worst_lock = max(worst_lock, lock if lock is not None else HANGUP_DEADLINE)
            worst_exit = max(worst_exit, gone if gone is not None else HANGUP_DEADLINE)
            if running or gone is None or gone > HANGUP_LIMIT:
                problems.append(f"hangup round {number} ({how}): still running after {gone} s")
            if lock is None or lock > HANGUP_LIMIT:
                problems.append(f"hangup round {number} ({how}): lock free after {lock} s")
    elapsed = time.perf_counter() - started
    print(
        f"Hangups: {rounds:,} rounds of the app in a pseudo-terminal, the terminal closed "
        f"({ways['close']}) or SIGHUP sent ({ways['SIGHUP']}) 0-1.5 s after its first screen"
    )
    print(
        f"{orphans:,} orphans; worst time to the lock free {worst_lock:.2f} s, "
        f"to the exit {worst_exit:.2f} s (limit {HANGUP_LIMIT:.0f} s); problems: {len(problems)}"
    )
    for problem in problems[:SHOWN_PROBLEMS]:
        print(f"  - {problem}")
    print(f"Time: {elapsed:.1f} s ({elapsed / max(rounds, 1):.1f} s a round)")
    return problems


if __name__ == "__main__":
    sys.exit(main())
