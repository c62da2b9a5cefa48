"""Shared set-up for screen tests: a journal file in tmp_path, a fixed clock, the app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from stepdown.clock import FixedClock
from stepdown.store.journal_store import JournalStore
from stepdown.ui.app import StepdownApp
from tests.ui.helpers import NOW


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def data_path(tmp_path: Path) -> Path:
    return tmp_path / "stepdown" / "journal.toml"


@pytest.fixture
def make_app(data_path: Path, clock: FixedClock) -> Iterator[Callable[[], StepdownApp]]:
    """Builds the app on `data_path`; every store it opened is closed afterwards."""
    stores: list[JournalStore] = []

    def build() -> StepdownApp:
        store = JournalStore.open(data_path, clock)
        stores.append(store)
        return StepdownApp(store, clock)

    yield build
    for store in stores:
        store.close()
