"""Fixtures for every test: no test reads or writes the real home's cache, state or data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The user's cache, state and data folders (platformdirs, through XDG on Linux) are
    new folders under the test's temporary folder: the parse caches and lock files a test
    leaves never meet another test's, nor the user's. Its own MonkeyPatch, so a test's
    `monkeypatch.undo()` cannot point them back at the real home."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        for variable, name in (
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_DATA_HOME", "data"),
        ):
            patch.setenv(variable, str(home / name))
        yield
