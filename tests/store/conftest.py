"""Fixtures for the store's tests: a fixed clock, a small journal, that journal on disk,
and a way to make its folder read-only."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
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


@contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    if os.geteuid() != 0:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)
        return
    # Modes do not stop root; the immutable attribute does, where the file system has it.
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", folder], capture_output=True).returncode:
        pytest.skip("root writes to any folder, and this one cannot be made immutable")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", folder], check=True)


@pytest.fixture
def read_only_folder() -> Callable[[Path], AbstractContextManager[None]]:
    """`with read_only_folder(folder):` nothing can be created in or removed from `folder`.

    Mode 0500, or for root the immutable attribute (chattr +i); the test is skipped
    where neither is possible.
    """
    return _read_only
