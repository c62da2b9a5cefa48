"""Fixtures for the store's tests: a fixed clock, a small journal, and that journal on disk."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.journal import Contact, DoseEntry, Journal, Settings
from stepdown.store.codec import encode


@pytest.fixture
def clock() -> FixedClock:
    """Wednesday 25 November 2026, 09:00."""
    return FixedClock(datetime(2026, 11, 25, 9, 0))


@pytest.fixture
def sample() -> Journal:
    """A journal with a little of everything a first week holds."""
    return Journal(
        settings=Settings(emergency_number="911"),
        doses=(
            DoseEntry(
                date=date(2026, 11, 24),
                status="taken",
                slot=time(8),
                taken_at=datetime(2026, 11, 24, 8, 5),
                amount=15.0,
            ),
        ),
        contacts=(Contact(name="Dr. Ana Rivera", role="provider", phone="+1 555 0100"),),
    )


@pytest.fixture
def journal_file(tmp_path: Path, sample: Journal) -> Path:
    """`sample` saved as data/journal.toml, as an earlier run of Stepdown would leave it."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    path = folder / "journal.toml"
    path.write_text(encode(sample), encoding="utf-8")
    path.chmod(0o600)
    return path
