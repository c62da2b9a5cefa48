"""What the benchmarks share: medians of timed calls, the machine's name, and the
environment their child processes run in.

Each script in bench/ imports this, so a figure is timed the same way whichever
script prints it, alone or through run.py.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable

CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
"""As an installed app runs: with compiled bytecode. Some machines turn it off, which
would make Stepdown's own modules compile at every start while Textual's do not."""


def median_ms(
    action: Callable[[], object], runs: int, before: Callable[[], object] = lambda: None
) -> float:
    """The median wall time of `runs` calls of `action`, in milliseconds; `before` untimed."""
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def machine() -> str:
    """The Python, the system and the number of cores, for the head of a printout."""
    return f"Python {platform.python_version()} on {platform.system()}, {os.cpu_count()} cores"
