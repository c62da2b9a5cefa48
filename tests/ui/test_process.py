"""Stepdown in a real terminal that goes away: it saves what it holds and exits.

Each test runs the app as a child process on a pseudo-terminal (tests/ui/terminal.py)
and ends it as a user's system does: SIGHUP (a terminal window closed), SIGTERM (a
logout, `kill`), or the terminal closed under it (tmux kill-session, a dropped SSH
connection). The journal's lock must be free, and the process gone, within 2 seconds;
a breathing session under way must be in the file.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.terminal import Terminal, end

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Linux pseudo-terminals")

WITHIN = 2.0
"""Seconds the issue allows from the signal or hangup until the lock is free and the
process gone."""

DEADLINE = 10.0
"""How long a test waits to say how late the child was, rather than only that it was."""

BREATHE_FOR = 2.0
"""Real seconds a session runs before the end: 40 on the child's fast clock, past the
30 a session needs to be kept."""


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "journal.toml"
    path.parent.mkdir()
    path.write_text("schema = 1\n", encoding="utf-8")
    return path


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    """The children a test started; any still running at its end is killed."""
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.kill()


def breathing(path: Path) -> list[dict[str, object]]:
    return tomllib.loads(path.read_text(encoding="utf-8")).get("breathing", [])


@pytest.mark.parametrize("how", ["SIGHUP", "SIGTERM", "close"])
def test_a_breathing_session_is_saved_and_the_lock_freed(
    how: str, journal: Path, terminals: list[Terminal]
) -> None:
    """Whichever way the terminal session ends, the session so far is in the file and
    the next Stepdown can open the journal for writing at once."""
    terminal = Terminal.spawn(journal, fast_clock=True)
    terminals.append(terminal)
    terminal.start_breathing()
    terminal.keep_reading(BREATHE_FOR)

    ending = end(terminal, how, DEADLINE)

    assert ending.lock_free_seconds is not None, "the lock is still held"
    assert ending.lock_free_seconds < WITHIN
    assert ending.exit_seconds is not None, "the app is still running"
    assert ending.exit_seconds < WITHIN
    sessions = breathing(journal)
    assert len(sessions) == 1
    assert sessions[0]["pattern"] == "box"
    assert sessions[0]["completed"] is False
    assert 30 <= int(sessions[0]["seconds"]) < 300  # type: ignore[call-overload]


def test_closing_the_terminal_leaves_no_app_running(
    journal: Path, terminals: list[Terminal]
) -> None:
    """`python -m stepdown` as a user starts it, on Today, its terminal closed: before,
    it read end-of-file in a loop at most of a core, holding the lock, forever."""
    terminal = Terminal.spawn(journal)
    terminals.append(terminal)
    terminal.wait_for("Today")

    ending = end(terminal, "close", DEADLINE)

    assert ending.exit_seconds is not None, "the app is still running"
    assert ending.exit_seconds < WITHIN
    assert ending.lock_free_seconds is not None
    assert ending.lock_free_seconds < WITHIN
    assert breathing(journal) == []
