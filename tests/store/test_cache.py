"""The parse cache: a fast open when it holds the file's exact bytes, else ignored."""

from __future__ import annotations

import hashlib
import itertools
import os
import stat
import tomllib
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from stepdown import __version__
from stepdown.clock import FixedClock
from stepdown.domain.journal import Checkin, Contact, Journal
from stepdown.store import cache
from stepdown.store.cache import cache_path, read_cache, write_cache
from stepdown.store.codec import decode, encode
from stepdown.store.journal_store import JournalStore
from stepdown.store.paths import cache_folder, private_folder, state_folder
from stepdown.store.rows import JournalRows, journal_from_row
from tests.strategies import journals

CASES = itertools.count()
"""A fresh folder name for each example hypothesis draws."""


def add_contact(name: str):
    """A change that adds a contact called `name`."""
    return lambda journal: replace(journal, contacts=(*journal.contacts, Contact(name=name)))


def digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def saved_once(path: Path, clock: FixedClock) -> Journal:
    """Open `path`, save one change, close; the journal saved."""
    store = JournalStore.open(path, clock)
    assert store.update(add_contact("Sam")).saved
    store.close()
    return store.journal


def cache_under_another_header(
    journal_file: Path, journal: Journal, header: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Write a cache for `journal_file` whose rows disagree with `journal` (a contact not
    in the file), under `header` instead of this Stepdown's."""
    assert header != cache._MAGIC
    wrong = replace(journal, contacts=(Contact("not in the file"),))
    with monkeypatch.context() as patch:
        patch.setattr(cache, "_MAGIC", header)
        write_cache(journal_file, digest(journal_file), JournalRows().row(wrong), None)


@pytest.fixture
def parsed_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each text tomllib is asked to parse, in order."""
    parsed: list[str] = []
    real = tomllib.loads

    def loads(text: str, **kwargs: Any) -> dict[str, Any]:
        parsed.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(tomllib, "loads", loads)
    return parsed


def test_a_save_leaves_a_private_cache_that_holds_what_the_file_reads_as(
    journal_file: Path, clock: FixedClock
) -> None:
    journal = saved_once(journal_file, clock)

    cache = cache_path(journal_file)
    assert cache.parent == cache_folder(), "in the user's cache folder"
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(cache.parent).st_mode) == 0o700
    assert sorted(os.listdir(journal_file.parent)) == ["backups", "journal.toml"]
    cached = read_cache(journal_file, digest(journal_file))
    assert cached is not None
    assert journal_from_row(cached.row) == journal == decode(journal_file.read_bytes())


def test_the_next_open_takes_the_journal_from_the_cache_without_parsing(
    journal_file: Path, clock: FixedClock, parsed_texts: list[str]
) -> None:
    journal = saved_once(journal_file, clock)
    parsed_texts.clear()

    store = JournalStore.open(journal_file, clock)

    assert parsed_texts == []
    assert store.status == "ready"
    assert store.journal == journal == decode(journal_file.read_bytes())
    store.close()


def test_a_slow_open_leaves_a_cache_for_the_next(
    journal_file: Path, clock: FixedClock, parsed_texts: list[str]
) -> None:
    JournalStore.open(journal_file, clock).close()
    assert len(parsed_texts) == 1, "no cache yet: the file was parsed"
    parsed_texts.clear()

    store = JournalStore.open(journal_file, clock)

    assert parsed_texts == []
    assert store.journal == decode(journal_file.read_bytes())
    store.close()


def test_an_edit_by_another_program_is_read_from_the_file_not_the_cache(
    journal_file: Path, clock: FixedClock
) -> None:
    saved_once(journal_file, clock)
    text = journal_file.read_text(encoding="utf-8")
    edited = text.replace('name = "Sam"', 'name = "Pat"')  # same size, so only bytes differ
    journal_file.write_text(edited, encoding="utf-8")

    store = JournalStore.open(journal_file, clock)

    assert [c.name for c in store.journal.contacts] == ["Dr. Ana Rivera", "Pat"]
    assert store.update(add_contact("Lee")).saved
    assert [c.name for c in decode(journal_file.read_bytes()).contacts] == [
        "Dr. Ana Rivera",
        "Pat",
        "Lee",
    ]
    store.close()


def flip_last_byte(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 1])


def another_files_digest(data: bytes) -> bytes:
    """The cache as it would be for another file: the digest after the first line replaced."""
    start = data.index(b"\n") + 1
    return data[:start] + hashlib.sha256(b"another file").digest() + data[start + 32 :]


SPOILERS: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda data: b"",
    "truncated": lambda data: data[: len(data) // 2],
    "one byte flipped": flip_last_byte,
    "garbage": lambda data: os.urandom(len(data)),
    "another format": lambda data: data.replace(f"cache {cache.FORMAT} ".encode(), b"cache 9 ", 1),
    "another file's digest": another_files_digest,
}


@pytest.mark.parametrize("spoil", SPOILERS.values(), ids=SPOILERS.keys())
def test_a_spoilt_cache_is_ignored_and_made_good_again(
    journal_file: Path, clock: FixedClock, spoil: Callable[[bytes], bytes]
) -> None:
    journal = saved_once(journal_file, clock)
    cache = cache_path(journal_file)
    cache.write_bytes(spoil(cache.read_bytes()))

    store = JournalStore.open(journal_file, clock)

    assert store.status == "ready"
    assert store.journal == journal
    store.close()
    assert read_cache(journal_file, digest(journal_file)) is not None


def test_a_cache_that_cannot_be_read_or_written_is_no_obstacle(
    journal_file: Path, clock: FixedClock
) -> None:
    journal = saved_once(journal_file, clock)
    cache = cache_path(journal_file)
    cache.unlink()
    cache.mkdir()  # a folder where the cache should be: neither readable nor writable

    store = JournalStore.open(journal_file, clock)

    assert store.status == "ready"
    assert store.journal == journal
    assert store.update(add_contact("Kim")).saved
    assert [c.name for c in decode(journal_file.read_bytes()).contacts][-1] == "Kim"
    store.close()


def test_a_cache_written_by_another_stepdown_is_not_believed(
    journal_file: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another version's rules, rows or Encoder may differ: its cache is ignored."""
    journal = saved_once(journal_file, clock)
    older = cache._MAGIC.replace(f"stepdown {__version__} ".encode(), b"stepdown 0.0.1 ")
    cache_under_another_header(journal_file, journal, older, monkeypatch)

    store = JournalStore.open(journal_file, clock)

    assert store.status == "ready"
    assert store.journal == journal
    store.close()


def test_a_cache_of_format_3_from_before_rows_were_checked_is_not_believed(
    journal_file: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Format 4 rows are checked as they are read: a Stepdown that reads format 3 would
    trust them unchecked, and this one must not read format 3's. Each ignores the other's."""
    journal = saved_once(journal_file, clock)
    assert cache.FORMAT == 4
    cache_under_another_header(
        journal_file, journal, cache._MAGIC.replace(b"cache 4 ", b"cache 3 ", 1), monkeypatch
    )

    assert read_cache(journal_file, digest(journal_file)) is None
    store = JournalStore.open(journal_file, clock)
    assert store.journal == journal
    store.close()


def test_a_check_in_without_scores_comes_back_without_them_through_the_cache(
    journal_file: Path, clock: FixedClock, parsed_texts: list[str]
) -> None:
    flagged = Checkin(date(2026, 11, 25), datetime(2026, 11, 25, 21, 10), seizure=True)
    store = JournalStore.open(journal_file, clock)
    assert store.update(lambda journal: replace(journal, checkins=(flagged,))).saved
    store.close()
    parsed_texts.clear()

    again = JournalStore.open(journal_file, clock)  # from the cache, not the file

    assert parsed_texts == []
    [checkin] = again.journal.checkins
    assert checkin == flagged
    assert (checkin.spasticity, checkin.anxiety, checkin.sleep, checkin.mood) == (None,) * 4
    again.close()


def test_a_read_only_store_writes_no_cache(journal_file: Path, clock: FixedClock) -> None:
    private_folder(state_folder()).chmod(0o777)  # its lock cannot be trusted: read-only

    store = JournalStore.open(journal_file, clock)

    assert store.status == "read_only"
    assert not cache_path(journal_file).exists()
    store.close()


def test_a_symlinked_journal_has_the_cache_of_the_real_file(
    tmp_path: Path, clock: FixedClock
) -> None:
    target = tmp_path / "synced" / "journal.toml"
    target.parent.mkdir()
    link = tmp_path / "journal.toml"
    link.symlink_to(target)

    saved_once(link, clock)

    assert cache_path(link) == cache_path(target)
    assert read_cache(target, digest(target)) is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.toml", "synced"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["journal.toml"]


def test_the_first_save_after_a_fast_open_writes_exactly_the_journal(
    journal_file: Path, clock: FixedClock
) -> None:
    saved_once(journal_file, clock)
    store = JournalStore.open(journal_file, clock)

    assert store.update(add_contact("Kim")).saved

    assert journal_file.read_text(encoding="utf-8") == encode(store.journal)
    assert decode(journal_file.read_bytes()) == store.journal
    store.close()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(journals())
def test_any_journal_comes_back_the_same_through_the_cache(
    tmp_path: Path, clock: FixedClock, journal: Journal
) -> None:
    path = tmp_path / f"case-{next(CASES)}" / "journal.toml"
    path.parent.mkdir()
    path.write_text(encode(journal), encoding="utf-8")
    store = JournalStore.open(path, clock)  # parses, then caches
    assert store.update(add_contact("Sam")).saved  # writes and caches with its parts
    saved = store.journal
    store.close()

    cached = read_cache(path, digest(path))
    assert cached is not None
    assert journal_from_row(cached.row) == saved == decode(path.read_bytes())
    again = JournalStore.open(path, clock)
    assert again.journal == saved
    assert again.update(add_contact("Kim")).saved  # the first save after a fast open
    assert path.read_text(encoding="utf-8") == encode(again.journal)
    again.close()
