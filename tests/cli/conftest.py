"""Fixtures the report and calendar commands' tests share: a working folder of their
own (each of those modules uses it for every test: `pytestmark`), and the crafted week
of tests/domain/test_week.py as the data file."""

from __future__ import annotations

from pathlib import Path

import pytest

from stepdown.store.codec import encode
from tests.domain.test_week import JOURNAL


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in tmp_path, with a fake home and data folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    monkeypatch.delenv("STEPDOWN_DATA", raising=False)
    return tmp_path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "journal.toml"
    path.write_text(encode(JOURNAL), encoding="utf-8")
    return path
