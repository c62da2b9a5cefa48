"""Shared set-up for screen tests: a journal file in tmp_path, a fixed clock, the app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.journal import Journal
from stepdown.store.journal_store import JournalStore
from stepdown.ui.app import StepdownApp
from stepdown.ui.themes import CONFIG_ENV_VAR
from tests.ui.helpers import NOW, RELATIVE, write_journal


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The configuration folder, empty and in tmp_path: no test reads the user's own themes."""
    path = tmp_path / "config"
    monkeypatch.setenv(CONFIG_ENV_VAR, str(path))
    return path


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


@pytest.fixture
def snap_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., StepdownApp]]:
    """For snapshots: builds the app on `journal` (if given) at `now`, in a temporary
    working folder with the data file at the relative path RELATIVE, so the path on
    screen is the same on every machine. Stores are closed afterwards."""
    monkeypatch.chdir(tmp_path)
    stores: list[JournalStore] = []

    def build(journal: Journal | None = None, now: datetime = NOW) -> StepdownApp:
        if journal is not None:
            write_journal(RELATIVE, journal)
        clock = FixedClock(now)
        stores.append(JournalStore.open(RELATIVE, clock))
        return StepdownApp(stores[-1], clock)

    yield build
    for store in stores:
        store.close()
