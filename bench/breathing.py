"""Breathing in true time: phase drift over 10 minutes, and the app's CPU while a session runs.

Run from the repository root: `python bench/breathing.py`. No assertions; it prints:

1. Drift, simulated: 10 minutes of each preset on a simulated clock, frames asked
   for as the screen asks for them (`next_frame_delay`), each woken 0-4 ms late,
   with a 200 ms hiccup every 30 s, a 2 s stall of the event loop at minute 4 and a
   60 s pause at minute 7. For each phase: how long after its ideal start it was
   first on screen; and when the session ended against its ideal end. Beside it, a
   timer that counts its ticks (each tick taken as 50 ms of breath), as a naive
   timer would: how far its phases have drifted by the end.
   "last min" is the worst lateness of the phases of the final minute: the drift
   after 10 minutes.
2. CPU and real timing: Stepdown in a child process at 80x24 with a session of box
   breathing running, for DURATION seconds after a short warm-up, headless (all of
   Textual's work but the terminal writes) and in a pseudo-terminal (everything,
   the terminal's output read and thrown away); against a bare Textual app idling
   for the same time in the same way. The four children run at once (each idles
   most of the time), so a long session costs its length once. Each measures its
   own CPU time (all threads) over wall time. The Stepdown child also records how
   late each phase was on screen by the real monotonic clock, and how many frames it
   drew.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import pty
import random
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from timing import CHILD_ENV, machine

from stepdown.domain.breathing import PRESETS, BreathingPattern
from stepdown.domain.breathing_clock import FRAME_SECONDS, Timing, moment_at, next_frame_delay
from stepdown.domain.breathing_session import session_seconds
from stepdown.domain.journal import Journal, Settings
from stepdown.store.codec import encode

MINUTES = 10
DURATION = 15.0
"""Seconds each child is measured for, after WARMUP."""
WARMUP = 2.0
SIZE = (80, 24)


# 1. Drift, simulated


def simulate(pattern: BreathingPattern, rng: random.Random) -> dict[str, float]:
    """One simulated 10-minute session: the lateness of each phase on screen, in seconds."""
    length = session_seconds(pattern, MINUTES)
    timing = Timing(started=0.0)
    now, last_hiccup, stalled, paused = 0.0, 0.0, False, False
    first_seen: dict[tuple[int, int], tuple[float, float]] = {}
    while True:
        if not paused and now >= 7 * 60:
            timing, paused = timing.pause(now), True
            now += 60.0
            timing = timing.resume(now)
        elapsed = timing.elapsed(now)
        if elapsed >= length:
            end_late = elapsed - length
            break
        moment = moment_at(pattern, elapsed)
        late = moment.phase.seconds - moment.left
        first_seen.setdefault((moment.cycle, moment.index), (elapsed - late, late))
        delay = next_frame_delay(elapsed) + rng.uniform(0, 0.004)
        if now - last_hiccup >= 30:
            delay, last_hiccup = delay + 0.2, now
        if not stalled and now >= 4 * 60:
            delay, stalled = delay + 2.0, True
        now += delay
    # The phases a stall or hiccup skipped were never on screen; the rest were late by:
    lateness = [late for _, late in first_seen.values()]
    on_time = [late for late in lateness if late < 0.1]
    return {
        "phases": len(lateness),
        "median_ms": statistics.median(on_time) * 1000,
        "p99_ms": sorted(on_time)[int(len(on_time) * 0.99)] * 1000,
        "worst_ms": max(lateness) * 1000,
        "last_minute_ms": last_minute_worst(list(first_seen.values())) * 1000,
        "end_ms": end_late * 1000,
    }


def last_minute_worst(phases: list[tuple[float, float]]) -> float:
    """The worst lateness of the (ideal start, lateness) phases of the final minute."""
    end = max(start for start, _ in phases)
    return max(late for start, late in phases if start >= end - 60)


def counted_ticks(rng: random.Random) -> float:
    """How far a tick-counting timer's breath is behind true time after 10 minutes, in s.

    Each tick re-arms a 50 ms timer and adds 50 ms of breath, as a naive one would; the
    same late wake-ups, hiccups and stall as above, and no pause.
    """
    now, ticks, last_hiccup, stalled = 0.0, 0, 0.0, False
    while now < MINUTES * 60:
        delay = FRAME_SECONDS + rng.uniform(0, 0.004)
        if now - last_hiccup >= 30:
            delay, last_hiccup = delay + 0.2, now
        if not stalled and now >= 4 * 60:
            delay, stalled = delay + 2.0, True
        now += delay
        ticks += 1
    return now - ticks * FRAME_SECONDS


def drift_figures() -> tuple[dict[str, dict[str, float]], float]:
    """simulate() of each preset by its title, and how far behind counted_ticks() ends, in s."""
    figures = {pattern.title: simulate(pattern, random.Random(2026)) for pattern in PRESETS}
    return figures, counted_ticks(random.Random(2026))


def drift() -> None:
    print(f"1. Drift over {MINUTES} simulated minutes (frames 0-4 ms late, hiccups, a stall)\n")
    print(
        f"{'pattern':<20} {'phases':>6} {'median':>8} {'p99':>8} {'worst':>8} {'last min':>8}"
        f" {'end':>8}"
    )
    figures, behind = drift_figures()
    for title, f in figures.items():
        print(
            f"{title:<20} {f['phases']:>6.0f} {f['median_ms']:>6.1f}ms {f['p99_ms']:>6.1f}ms"
            f" {f['worst_ms']:>6.0f}ms {f['last_minute_ms']:>6.1f}ms {f['end_ms']:>6.1f}ms"
        )
    print(
        "\nmedian, p99: how late each phase was on screen after its ideal start (leaving "
        "out\nthose a hiccup or the stall hit); worst: all phases; last min: all phases of "
        "the final\nminute; end: the last frame after the session's ideal end. A timer that "
        f"counted its\nticks instead would be {behind:.1f} s behind true time by the end.\n"
    )


# 2. CPU and real timing, in child processes

MEASURE = """
import json, sys, time
from pathlib import Path

def measured(app, before_measure=lambda: None):
    def begin():
        before_measure()
        app.bench_start = (time.process_time(), time.perf_counter())
        app.set_timer({duration}, end)

    def end():
        cpu, wall = app.bench_start
        app.bench_result = {{
            "cpu": time.process_time() - cpu,
            "wall": time.perf_counter() - wall,
        }}
        app.exit()

    app.set_timer({warmup}, begin)
"""

BARE_APP = (
    MEASURE
    + """
from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Hello")
        yield Footer()

    def on_ready(self) -> None:
        measured(self)

app = Bare()
app.run(headless=sys.argv[1] == "headless", size=(80, 24))
Path(sys.argv[2]).write_text(json.dumps(app.bench_result))
"""
)

STEPDOWN_APP = (
    MEASURE
    + """
from stepdown.clock import SystemClock
from stepdown.store.journal_store import JournalStore
from stepdown.ui.app import StepdownApp
from stepdown.ui.widgets.session_view import SessionView

late, frames, last = [], [0], [None]
draw = SessionView.show


def timed_show(view, moment, left, elapsed):
    # How far into its phase each phase was when first drawn: its lateness on screen.
    frames[0] += 1
    if last[0] != (moment.cycle, moment.index):
        last[0] = (moment.cycle, moment.index)
        lateness = moment.phase.seconds - moment.left
        late.append((elapsed - lateness, lateness))
    draw(view, moment, left, elapsed)


SessionView.show = timed_show


class Bench(StepdownApp):
    # Textual looks for CSS_PATH beside the module that defines the class.
    __module__ = StepdownApp.__module__

    async def on_ready(self) -> None:
        await self.switch_mode("breathe")
        screen = self.screen
        screen.begin(screen.chooser.selected, {minutes}, None)
        measured(self, before_measure=self.reset)

    def reset(self) -> None:
        late.clear()
        frames[0] = 0


clock = SystemClock()
store = JournalStore.open(Path(sys.argv[3]), clock)
try:
    app = Bench(store, clock)
    app.run(headless=sys.argv[1] == "headless", size=(80, 24))
finally:
    store.close()
result = dict(app.bench_result, late=late, frames=frames[0])
Path(sys.argv[2]).write_text(json.dumps(result))
"""
)


def run_child(script: str, mode: str, duration: float, *args: str) -> dict[str, Any]:
    """Run `script` headless or in a pseudo-terminal of SIZE, measuring for `duration` s;
    return what it measured."""
    minutes = math.ceil((WARMUP + duration) / 60) + 1  # a session that outlasts the measure
    code = script.format(duration=duration, warmup=WARMUP, minutes=minutes)
    with tempfile.TemporaryDirectory(prefix="stepdown-bench-") as folder:
        result = Path(folder) / "result.json"
        command = [sys.executable, "-c", code, mode, str(result), *args]
        if mode == "headless":
            done = subprocess.run(
                command, capture_output=True, text=True, check=False, env=CHILD_ENV
            )
            failure = done.stderr
        else:
            failure = in_terminal(command)
        if not result.exists():
            sys.exit(f"benchmark child failed:\n{failure}")
        return json.loads(result.read_text())


def in_terminal(command: list[str]) -> str:
    """Run `command` on a pseudo-terminal of SIZE, reading and dropping what it draws.

    Returns the last of its output, to show when it failed.
    """
    leader, follower = pty.openpty()
    columns, rows = SIZE
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = dict(CHILD_ENV, TERM="xterm-256color", COLORTERM="truecolor")
    child = subprocess.Popen(
        command, stdin=follower, stdout=follower, stderr=follower, env=env, start_new_session=True
    )
    os.close(follower)
    tail = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                data = os.read(leader, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            tail = (tail + data)[-4000:]
        elif child.poll() is not None:
            break
    child.wait()
    os.close(leader)
    return tail.decode(errors="replace")


MODES = ("headless", "terminal")


@dataclass(frozen=True)
class Session:
    """What one child measured over the session."""

    cpu_share: float
    """CPU time over wall time: 1.0 is one core busy."""
    frames_per_second: float
    phases: list[tuple[float, float]]
    """Each phase drawn: its ideal start in the session and how late it was on screen, in s."""


def sessions(duration: float = DURATION) -> dict[tuple[str, str], Session]:
    """The bare app idling and Stepdown breathing, each headless and in a terminal, for
    `duration` seconds, all four at once; by ("bare" or "stepdown", mode)."""
    with tempfile.TemporaryDirectory(prefix="stepdown-bench-") as folder:
        path = Path(folder) / "journal.toml"
        journal = Journal(settings=Settings(emergency_number="911"))
        path.write_text(encode(journal), encoding="utf-8")
        children = {
            **{("bare", mode): (BARE_APP, mode, duration) for mode in MODES},
            **{("stepdown", mode): (STEPDOWN_APP, mode, duration, str(path)) for mode in MODES},
        }
        with ThreadPoolExecutor(len(children)) as pool:
            running = {key: pool.submit(run_child, *child) for key, child in children.items()}
            results = {key: future.result() for key, future in running.items()}
    return {
        key: Session(
            cpu_share=result["cpu"] / result["wall"],
            frames_per_second=result.get("frames", 0) / result["wall"],
            phases=[(start, late) for start, late in result.get("late", [])],
        )
        for key, result in results.items()
    }


def cpu(duration: float = DURATION) -> None:
    print(f"2. A session of box breathing at {SIZE[0]}x{SIZE[1]}, {duration:.0f} s measured\n")
    print(f"{'':<22} {'CPU share of one core':>22}")
    measured = sessions(duration)
    for mode in MODES:
        for app, name in (("bare", "bare Textual"), ("stepdown", "Stepdown")):
            share = measured[app, mode].cpu_share
            print(f"{name + ', ' + mode:<22} {share * 100:>21.1f}%")
    ours = [measured["stepdown", mode] for mode in MODES]
    late_ms = sorted(late * 1000 for session in ours for _, late in session.phases)
    frames = max(session.frames_per_second for session in ours)
    print(
        f"\nframes drawn: {frames:.1f} a second at most; phases on screen after their ideal "
        f"start\n(real clock, {len(late_ms)} phases): median {statistics.median(late_ms):.1f} "
        f"ms, worst {late_ms[-1]:.1f} ms"
    )


def main() -> None:
    print(f"{machine()}, {datetime.now():%Y-%m-%d}\n")
    drift()
    cpu()


if __name__ == "__main__":
    main()
