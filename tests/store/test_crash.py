"""Crash safety: a Stepdown killed with SIGKILL in the middle of saving never damages the file."""

from __future__ import annotations

import importlib.util
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType

from stepdown.clock import FixedClock
from stepdown.store.codec import decode
from stepdown.store.journal_store import JournalStore

CHILD = Path(__file__).with_name("crash_child.py")
ROUNDS = 25


def load_child() -> ModuleType:
    """crash_child.py as a module, for its `state(k)`."""
    spec = importlib.util.spec_from_file_location("crash_child", CHILD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def kill_while_saving(path: Path, today: date, delay: float) -> None:
    """Start a child saving to `path` and SIGKILL it `delay` seconds after it starts."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(path), today.isoformat()],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    try:
        assert child.stdout.readline().strip() == "saving", "the child could not start saving"
        time.sleep(delay)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()


def test_killing_a_saving_stepdown_leaves_a_state_it_wrote(tmp_path: Path) -> None:
    crash_child = load_child()
    path = tmp_path / "data" / "journal.toml"
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    saves = 0

    for round_ in range(ROUNDS):
        today = date(2026, 3, 1) + timedelta(days=round_)
        kill_while_saving(path, today, rng.uniform(0, 0.05))
        where = f"round {round_}, seed {seed}"

        if path.exists():
            journal = decode(path.read_bytes())
            assert journal == crash_child.state(len(journal.doses)), where
            assert len(journal.doses) >= saves, f"{where}: a saved state was lost"
            saves = len(journal.doses)
        else:
            assert saves == 0, f"{where}: the file vanished"

        store = JournalStore.open(path, FixedClock(datetime.combine(today, datetime.min.time())))
        assert store.status == ("ready" if saves else "missing"), where
        leftovers = [p.name for p in path.parent.rglob("*.tmp")]
        assert leftovers == [], f"{where}: open left {leftovers}"
        store.close()

    assert saves > 0, "the child never saved: the test tested nothing"
    for backup in (path.parent / "backups").iterdir():
        journal = decode(backup.read_bytes())
        assert journal == crash_child.state(len(journal.doses)), backup.name
