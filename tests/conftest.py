"""Fixtures for every test: no test reads or writes the real home's cache, state or data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

_FOLDERS = (
    ("XDG_CACHE_HOME", "cache"),
    ("XDG_STATE_HOME", "state"),
    ("XDG_DATA_HOME", "data"),
    ("XDG_DOCUMENTS_DIR", "documents"),
)
"""The user's cache, state, data and documents folders as platformdirs finds them on Linux
(the app writes reports into Documents/Stepdown)."""


def _point_at(patch: pytest.MonkeyPatch, home: Path) -> None:
    for variable, name in _FOLDERS:
        patch.setenv(variable, str(home / name))


@pytest.fixture(autouse=True, scope="session")
def session_user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The user's folders for the whole session, set before any fixture of a wider scope
    than a test's (a module's saved journal) runs, so none reaches the real home."""
    with pytest.MonkeyPatch.context() as patch:
        _point_at(patch, tmp_path_factory.mktemp("session-home"))
        yield


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The user's cache, state and data folders are new folders for each test: the parse
    caches and lock files a test leaves never meet another test's, nor the user's. Its
    own MonkeyPatch, so a test's `monkeypatch.undo()` cannot point them back at the
    real home."""
    with pytest.MonkeyPatch.context() as patch:
        _point_at(patch, tmp_path_factory.mktemp("home"))
        yield
