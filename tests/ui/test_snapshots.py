"""Pictures of each screen in its main states at 80x24, on a fixed date.

Each test's docstring says what the picture must show. Paths are relative to a
temporary working folder so the pictures are the same on every machine.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from stepdown.clock import FixedClock
from stepdown.store.journal_store import JournalStore
from stepdown.ui.app import StepdownApp
from tests.ui.helpers import NOW, steady, write_journal

SIZE = (80, 24)
RELATIVE = Path("stepdown") / "journal.toml"


@pytest.fixture
def relative_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], StepdownApp]:
    monkeypatch.chdir(tmp_path)
    clock = FixedClock(NOW)
    return lambda: StepdownApp(JournalStore.open(RELATIVE, clock), clock)


def test_welcome(snap_compare, relative_app) -> None:
    """First run: what Stepdown is for, medication baclofen, unit mg, an empty
    emergency number field with the cursor in it, and where the file will be kept."""
    assert snap_compare(relative_app(), terminal_size=SIZE, run_before=steady)


def test_welcome_with_an_error(snap_compare, relative_app) -> None:
    """Start pressed with no emergency number: "Enter a phone number." under it."""

    async def run_before(pilot) -> None:
        await pilot.press("ctrl+s")
        await steady(pilot)

    assert snap_compare(relative_app(), terminal_size=SIZE, run_before=run_before)


def test_invalid_file(snap_compare, relative_app) -> None:
    """A hand-edited file with two mistakes: the path, both errors with their line and
    key, that the file was not changed, and how to fix it; r "Try again" in the Footer."""
    RELATIVE.parent.mkdir()
    RELATIVE.write_text(
        "schema = 1\n\n[[checkins]]\ndate = 2026-11-25\nrecorded_at = 2026-11-25T21:10:00\n"
        "spasticity = 12\nanxiety = 3\nsleep = 6\nmood = 'ok'\n",
        encoding="utf-8",
    )
    assert snap_compare(relative_app(), terminal_size=SIZE)


def test_today_part_done(snap_compare, relative_app) -> None:
    """Wednesday 25 Nov 2026 at 15:00: 08:00 taken at 08:05, 14:00 and 20:00 due;
    15 of 50 mg taken; step 3 of 6 from Dr. Ana Rivera, next change on 28 Nov."""
    write_journal(RELATIVE)
    assert snap_compare(relative_app(), terminal_size=SIZE)


def test_help(snap_compare, relative_app) -> None:
    """`?` on Today: a table of keys (Today, Help, Quit, palette) and where each works."""
    write_journal(RELATIVE)
    assert snap_compare(relative_app(), terminal_size=SIZE, press=["question_mark"])
