"""The store's recent part of a journal cannot be saved by mistake: mypy refuses a change
built on it, and accepts the same change built on the whole journal."""

from __future__ import annotations

from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api", reason="mypy is in the test extra")

SRC = Path(__file__).parents[2] / "src"

CHANGES = """\
from dataclasses import replace

from stepdown.domain.journal import Journal
from stepdown.store.journal_store import JournalStore


def save_from_the_whole(store: JournalStore) -> None:
    store.update(lambda journal: replace(journal, doses=()))


def save_from_the_recent_part(store: JournalStore) -> None:
    store.update(lambda journal: store.recent)


def first_dose_dropped(journal: Journal) -> Journal:
    return replace(journal, doses=journal.doses[1:])


def drop_from_the_recent_part(store: JournalStore) -> None:
    first_dose_dropped(store.recent)
"""


def test_mypy_refuses_a_change_built_on_the_recent_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snippet = tmp_path / "changes.py"
    snippet.write_text(CHANGES, encoding="utf-8")
    monkeypatch.setenv("MYPYPATH", str(SRC))

    out, err, status = mypy_api.run(
        ["--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(snippet)]
    )

    errors = [line.split(":", 2)[1:] for line in out.splitlines() if ": error:" in line]
    assert status == 1, out + err
    # The change on the recent part and the call with it; none for the whole journal.
    assert sorted({int(line) for line, _ in errors}) == [12, 20], out
    assert all("RecentPart" in text for _, text in errors), out
