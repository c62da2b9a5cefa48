"""Crash safety: a Stepdown killed with SIGKILL in the middle of saving never damages the file."""

from __future__ import annotations

import os
import random
from pathlib import Path

from tests.store.crashing import backup_problems, crash_round

ROUNDS = 50


def test_killing_a_saving_stepdown_leaves_the_last_or_the_next_state(tmp_path: Path) -> None:
    """Each round: the file reads as the last save acknowledged or the one under way,
    the restart gets the lock at once, and no temporary file is left."""
    path = tmp_path / "data" / "journal.toml"
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)

    for number in range(ROUNDS):
        kill, verdict = crash_round(path, number, rng)

        assert verdict.problems == (), f"round {number}, seed {seed}: {kill}"

    assert verdict.on_disk, "the child never saved: the test tested nothing"
    assert backup_problems(path) == []
    # A backup a day, 14 kept; a kill between a backup and the pruning after it leaves
    # one more until the next day's.
    assert len(list((path.parent / "backups").glob("*.toml"))) in (14, 15)
