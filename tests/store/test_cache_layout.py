"""A cache made with other record fields is never read as this Stepdown's records.

A field renamed or moved keeps a row's width and kinds, so the rows' own checks could
pass with values in the wrong fields; the cache's header names the records' layout.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from pathlib import Path

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.journal import DoseEntry
from stepdown.store import cache, rows
from stepdown.store.cache import read_cache
from stepdown.store.journal_store import JournalStore
from tests.store.test_cache import cache_under_another_header, digest, saved_once


def test_the_cache_header_names_the_records_layout() -> None:
    layout = hashlib.sha256(rows.LAYOUT.encode()).hexdigest()[:16]
    assert f" layout {layout} ".encode() in cache._MAGIC
    dose_fields = ",".join(field.name for field in fields(DoseEntry))
    assert f"DoseEntry({dose_fields})" in rows.LAYOUT


def test_a_cache_of_records_laid_out_otherwise_is_not_believed(
    journal_file: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = saved_once(journal_file, clock)
    other = hashlib.sha256(rows.LAYOUT.replace("slot", "time").encode()).hexdigest()[:16]
    layout = hashlib.sha256(rows.LAYOUT.encode()).hexdigest()[:16]
    older = cache._MAGIC.replace(layout.encode(), other.encode())
    cache_under_another_header(journal_file, journal, older, monkeypatch)

    assert read_cache(journal_file, digest(journal_file)) is None
    store = JournalStore.open(journal_file, clock)
    assert store.journal == journal
    store.close()
