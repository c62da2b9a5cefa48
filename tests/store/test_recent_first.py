"""A journal opened from its cache reads Today's records first and the rest when asked;
nothing it saves ever leaves the older records out."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.journal import Contact, DoseEntry, Journal
from stepdown.domain.recent import recent_part, recent_since
from stepdown.store import cache
from stepdown.store.cache import cache_path
from stepdown.store.codec import decode, encode
from stepdown.store.journal_store import JournalStore

TODAY = date(2026, 11, 25)


def a_dose(day: date) -> DoseEntry:
    return DoseEntry(day, "taken", time(8), datetime.combine(day, time(8, 5)), 10.0)


@pytest.fixture
def long_journal() -> Journal:
    """Ninety days of morning doses, up to today."""
    days = [TODAY - timedelta(days=n) for n in range(89, -1, -1)]
    return Journal(doses=tuple(a_dose(day) for day in days), contacts=(Contact("Kim"),))


@pytest.fixture
def cached_file(tmp_path: Path, long_journal: Journal, clock: FixedClock) -> Path:
    """`long_journal` on disk with its cache, as a first run leaves them."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    path = folder / "journal.toml"
    path.write_text(encode(long_journal), encoding="utf-8")
    JournalStore.open(path, clock).close()  # parses the file and writes the cache
    assert cache_path(path).exists()
    return path


def test_the_recent_records_come_first_and_the_whole_journal_when_asked(
    cached_file: Path, long_journal: Journal, clock: FixedClock
) -> None:
    store = JournalStore.open(cached_file, clock)

    assert store.recent.records == recent_part(long_journal, recent_since(TODAY))
    assert len(store.recent.doses) < len(long_journal.doses)
    assert store.journal == long_journal
    assert store.recent.records is store.journal


def test_a_change_saved_after_a_recent_first_open_keeps_every_older_record(
    cached_file: Path, long_journal: Journal, clock: FixedClock
) -> None:
    store = JournalStore.open(cached_file, clock)
    new = a_dose(TODAY + timedelta(days=1))

    assert store.update(lambda journal: replace(journal, doses=(*journal.doses, new))).saved

    assert decode(cached_file.read_bytes()).doses == (*long_journal.doses, new)


def test_preparing_the_save_completes_the_journal(
    cached_file: Path, long_journal: Journal, clock: FixedClock
) -> None:
    store = JournalStore.open(cached_file, clock)

    store.prepare_save()

    assert store.recent.records == long_journal


def test_unreadable_older_rows_in_the_cache_fall_back_to_the_file(
    cached_file: Path, long_journal: Journal, clock: FixedClock
) -> None:
    # A cache whose digests hold but whose oldest dose row cannot be read back (as a
    # bug in an older row's reader would leave it): the file still has everything.
    digest = hashlib.sha256(cached_file.read_bytes()).digest()
    cached = cache.read_cache(cached_file, digest)
    assert cached is not None
    row, spans = cached.row, cached.spans
    doses = row[3]
    assert doses[0][0] == long_journal.doses[0].date.isoformat()
    broken = (*row[:3], (("not a date", *doses[0][1:]), *doses[1:]), *row[4:])
    cache.write_cache(cached_file, digest, broken, spans)
    store = JournalStore.open(cached_file, clock)

    assert store.recent.doses[-1] == long_journal.doses[-1]
    assert store.journal == long_journal
