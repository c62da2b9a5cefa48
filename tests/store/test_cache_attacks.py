"""The parse cache is input: whatever lies where it should be, Stepdown opens promptly,
shows nothing the file could not have held, and parses the file when in doubt."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tomllib
from dataclasses import fields, is_dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest

from stepdown.clock import FixedClock
from stepdown.domain.journal import (
    BreathingSession,
    Checkin,
    Contact,
    DoseEntry,
    Journal,
    Plan,
    Settings,
    Step,
)
from stepdown.store import cache
from stepdown.store.cache import (
    cache_path,
    prune_caches,
    read_cache,
    read_cache_any,
    write_cache,
)
from stepdown.store.codec import decode, encode
from stepdown.store.journal_store import JournalStore
from stepdown.store.paths import cache_folder, private_folder
from stepdown.store.rows import JournalRows, Row

OPEN_DEADLINE = 20.0
"""Seconds a child has to open the journal: it takes well under one, and a hang never ends."""

OSC_52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
"""Sets the terminal's clipboard."""
OSC_8 = "\x1b]8;;https://example.invalid/\x1b\\click here\x1b]8;;\x1b\\"
"""A hyperlink whose text hides where it goes."""
CLEAR = "\x1b[2J\x1b[H"
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def journal() -> Journal:
    """A little of everything, with one dose older than the week Today reads first."""
    return Journal(
        settings=Settings(emergency_number="911"),
        plan=Plan(
            prescriber="Dr. Ana Rivera",
            approved_on=date(2026, 9, 1),
            steps=(
                Step(date(2026, 9, 1), (time(8), time(20)), (20.0, 20.0)),
                Step(date(2026, 11, 1), (time(8), time(20)), (15.0, 20.0)),
            ),
        ),
        doses=(
            DoseEntry(date(2026, 10, 1), "taken", time(8), datetime(2026, 10, 1, 8, 5), 20.0),
            DoseEntry(date(2026, 11, 24), "taken", time(8), datetime(2026, 11, 24, 8, 5), 15.0),
        ),
        checkins=(
            Checkin(date(2026, 11, 24), datetime(2026, 11, 24, 21), 4, 3, 6, 6, notes="Stiff."),
        ),
        breathing=(BreathingSession(datetime(2026, 11, 24, 9), "box", 300, 300, True, 6, 3),),
        contacts=(Contact("Dr. Ana Rivera", "provider", "+1 555 0100"),),
    )


@pytest.fixture
def journal_path(tmp_path: Path, journal: Journal) -> Path:
    """`journal` as a file, in a folder of its own."""
    path = tmp_path / "data" / "journal.toml"
    path.parent.mkdir(mode=0o700)
    path.write_text(encode(journal), encoding="utf-8")
    return path


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each text tomllib is asked to parse: empty when a journal came from the cache."""
    texts: list[str] = []
    real = tomllib.loads

    def loads(text: str, **kwargs: Any) -> dict[str, Any]:
        texts.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(tomllib, "loads", loads)
    return texts


def digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest()


def craft(path: Path, row: Row) -> None:
    """A cache for the file at `path` as an attacker would make it: right digests, any row."""
    write_cache(path, digest(path), row, None)


def with_value(row: Any, where: tuple[int, ...], value: Any) -> Any:
    """`row` with the item at index path `where` replaced by `value`."""
    if not where:
        return value
    first, rest = where[0], where[1:]
    return (*row[:first], with_value(row[first], rest, value), *row[first + 1 :])


def texts_in(value: Any) -> list[str]:
    """Every string a journal holds, in its records, lists and unknown keys."""
    if isinstance(value, str):
        return [value]
    if is_dataclass(value):
        return [text for f in fields(value) for text in texts_in(getattr(value, f.name))]
    if isinstance(value, dict):
        return [text for item in value.items() for text in texts_in(item)]
    if isinstance(value, tuple | list):
        return [text for item in value for text in texts_in(item)]
    return []


OPEN_IN_A_CHILD = """
import sys
from datetime import datetime
from pathlib import Path
from stepdown.clock import FixedClock
from stepdown.store.journal_store import JournalStore

store = JournalStore.open(Path(sys.argv[1]), FixedClock(datetime(2026, 11, 25, 9, 0)))
print(store.status, len(store.journal.doses), flush=True)
with open("/proc/self/status") as status:
    print(next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmHWM:")))
"""


def open_in_a_child(path: Path) -> tuple[str, int]:
    """Open `path` in another Stepdown, at most 1 GB of address space and OPEN_DEADLINE
    seconds; what it printed (status and doses), and its peak memory in MB."""
    child = subprocess.run(
        [sys.executable, "-c", OPEN_IN_A_CHILD, str(path)],
        capture_output=True,
        text=True,
        timeout=OPEN_DEADLINE,
        preexec_fn=lambda: __import__("resource").setrlimit(
            __import__("resource").RLIMIT_AS, (2**30, 2**30)
        ),
        check=True,
    )
    opened, peak = child.stdout.splitlines()
    return opened, int(peak)


def test_a_fifo_in_place_of_the_cache_is_not_waited_on(
    journal_path: Path, clock: FixedClock
) -> None:
    """Reading a FIFO waits for a writer that never comes: the app hung at start."""
    JournalStore.open(journal_path, clock).close()  # leaves a cache, and its folder
    cache_path(journal_path).unlink()
    os.mkfifo(cache_path(journal_path), 0o600)

    opened, _ = open_in_a_child(journal_path)

    assert opened == "ready 2"


def test_a_symlink_to_dev_zero_in_place_of_the_cache_is_not_read(
    journal_path: Path, clock: FixedClock
) -> None:
    """Read to its end, /dev/zero fills the memory; it is not even opened."""
    JournalStore.open(journal_path, clock).close()
    cache_path(journal_path).unlink()
    cache_path(journal_path).symlink_to("/dev/zero")

    opened, peak_mb = open_in_a_child(journal_path)

    assert opened == "ready 2"
    assert peak_mb < 200


def test_a_cache_larger_than_its_journal_could_make_is_not_read(
    journal_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    JournalStore.open(journal_path, clock).close()
    size = cache_path(journal_path).stat().st_size
    assert read_cache(journal_path, digest(journal_path)) is not None

    monkeypatch.setattr(cache, "SIZE_SLACK", size - 1 - 16 * journal_path.stat().st_size)

    assert read_cache(journal_path, digest(journal_path)) is None


def test_escape_sequences_in_a_crafted_cache_never_reach_the_journal(
    journal_path: Path, journal: Journal, clock: FixedClock
) -> None:
    """A cache with the right digests and OSC 52, OSC 8 and other escapes in its notes,
    recent and older: the journal opened holds none of them, as a file's would not."""
    hostile = f"before{OSC_52}{OSC_8}{CLEAR}\x9b31m after"
    crafted = replace(
        journal,
        settings=replace(journal.settings, emergency_number=f"911{OSC_52}"),
        doses=tuple(replace(dose, note=hostile) for dose in journal.doses),
        checkins=tuple(replace(c, notes=hostile) for c in journal.checkins),
        contacts=(replace(journal.contacts[0], name=f"Dr. {OSC_8}Rivera"),),
    )
    craft(journal_path, JournalRows().row(crafted))

    store = JournalStore.open(journal_path, clock)
    shown = texts_in(store.recent)
    whole = texts_in(store.journal)

    assert [text for text in shown + whole if CONTROL.search(text)] == []
    # Taken from the cache, not parsed from the file, and cleaned as the file's text is.
    cleaned = r"before]52;c;cm0gLXJmIH4=]8;;https://example.invalid/\click here]8;;\[2J[H31m after"
    assert store.recent.doses[-1].note == cleaned
    assert store.journal.doses[0].note == store.recent.doses[-1].note
    store.close()


NESTED_40: list[Any] = [1]
for _ in range(39):
    NESTED_40 = [NESTED_40]


def row_of(journal: Journal) -> Row:
    return JournalRows().row(journal)


# Where each value sits in the journal fixture's row (fields in their dataclass order).
SCHEMA, SETTINGS, PLAN, DOSES, CHECKINS, BREATHING, CONTACTS = range(7)
OLD_DOSE, RECENT_DOSE = 0, 1
WRONG_VALUES: dict[str, tuple[tuple[int, ...], Any]] = {
    "text that is no date, for a recent dose's date": ((DOSES, RECENT_DOSE, 0), "yesterday"),
    "text that is no date, for an old dose's date": ((DOSES, OLD_DOSE, 0), "2026-13-01"),
    "a date in another ISO form": ((DOSES, OLD_DOSE, 0), "20261001"),
    "a date-time where a date is": ((CHECKINS, 0, 0), "2026-11-24T00:00:00"),
    "a date-time with an offset": ((CHECKINS, 0, 1), "2026-11-24T21:00:00+05:00"),
    "a date object, not text": ((PLAN, 1), 20261101),
    "bool for an int (a score)": ((CHECKINS, 0, 2), True),
    "bool for an int (seconds)": ((BREATHING, 0, 3), False),
    "bool for a float (an amount)": ((DOSES, RECENT_DOSE, 4), True),
    "int for a float (an amount)": ((DOSES, OLD_DOSE, 4), 20),
    "nan for an amount": ((DOSES, OLD_DOSE, 4), float("nan")),
    "inf for a plan amount": ((PLAN, 3, 1, 2), (15.0, float("inf"))),
    "a list for a tuple (a step's times)": ((PLAN, 3, 1, 1), ["08:00:00", "20:00:00"]),
    "a list for a tuple (a dose's row)": ((DOSES, OLD_DOSE), ["2026-10-01", "taken"]),
    "a list for a tuple (the doses)": ((DOSES,), []),
    "int for a str (a contact's name)": ((CONTACTS, 0, 0), 5),
    "bytes for a str (a note)": ((DOSES, RECENT_DOSE, 5), b"note"),
    "a status not in the list": ((DOSES, RECENT_DOSE, 1), "eaten"),
    "a score out of range": ((CHECKINS, 0, 3), 11),
    "a negative amount": ((DOSES, OLD_DOSE, 4), -5.0),
    "a row one field short": ((CONTACTS, 0), ("Dr. Ana Rivera", "provider")),
    "unknown keys that are no table": ((CONTACTS, 0, 6), ["x"]),
    "an unknown key of a type TOML has not": ((DOSES, OLD_DOSE, 6), {"x": {1, 2}}),
    "an unknown key nested 40 deep": (
        (DOSES, OLD_DOSE, 6),
        {"x": NESTED_40},
    ),
    "schema 0": ((SCHEMA,), 0),
    "a plan without prescriber": ((PLAN, 0), " "),
    "steps out of order": ((PLAN, 3, 1, 0), "2026-08-01"),
}


@pytest.mark.parametrize("where, value", WRONG_VALUES.values(), ids=WRONG_VALUES.keys())
def test_a_value_the_file_could_not_hold_makes_the_cache_ignored_and_the_file_parsed(
    journal_path: Path,
    journal: Journal,
    clock: FixedClock,
    parsed: list[str],
    where: tuple[int, ...],
    value: Any,
) -> None:
    """A wrong type, form or value anywhere in the rows, recent or older: the journal
    opened is the file's, never a crash, never the crafted value."""
    craft(journal_path, with_value(row_of(journal), where, value))
    parsed.clear()

    store = JournalStore.open(journal_path, clock)

    assert store.status == "ready"
    assert store.journal == journal == decode(journal_path.read_bytes())
    assert repr(store.journal) == repr(journal), "types too: 20 == 20.0 and True == 1"
    assert parsed, "the file was parsed"
    assert store.update(lambda j: replace(j, contacts=(*j.contacts, Contact("Sam")))).saved
    store.close()


def test_a_good_cache_is_still_believed(
    journal_path: Path, journal: Journal, clock: FixedClock, parsed: list[str]
) -> None:
    """The checks refuse no journal a file holds: the unchanged row is read, not parsed."""
    craft(journal_path, row_of(journal))
    parsed.clear()

    store = JournalStore.open(journal_path, clock)

    assert store.journal == journal
    assert parsed == []
    store.close()


def test_a_cache_folder_others_can_write_is_not_used(
    journal_path: Path, clock: FixedClock, parsed: list[str]
) -> None:
    JournalStore.open(journal_path, clock).close()
    cache_folder().chmod(0o777)
    parsed.clear()

    store = JournalStore.open(journal_path, clock)

    assert parsed, "the cache was not read: the file was parsed"
    assert store.status == "ready"
    store.close()
    assert read_cache(journal_path, digest(journal_path)) is None


def test_nothing_is_written_beside_the_journal_but_its_backups(
    journal_path: Path, clock: FixedClock
) -> None:
    store = JournalStore.open(journal_path, clock)
    assert store.update(lambda j: replace(j, contacts=(*j.contacts, Contact("Sam")))).saved
    assert store.update(lambda j: replace(j, contacts=(*j.contacts, Contact("Kim")))).saved
    store.close()

    assert sorted(os.listdir(journal_path.parent)) == ["backups", "journal.toml"]
    assert cache_path(journal_path).exists()


def test_an_earlier_stepdowns_cache_beside_the_journal_is_removed_its_lock_file_kept(
    journal_path: Path, clock: FixedClock
) -> None:
    old_cache = journal_path.with_name(".journal.toml.cache")
    old_cache.write_bytes(b"stepdown journal cache 3 ...")
    old_lock = journal_path.with_name("journal.toml.lock")
    old_lock.touch()

    JournalStore.open(journal_path, clock).close()

    assert sorted(os.listdir(journal_path.parent)) == ["journal.toml", "journal.toml.lock"]


def test_what_is_beside_the_journal_under_the_old_cache_name_but_no_file_of_ours_is_kept(
    journal_path: Path, tmp_path: Path, clock: FixedClock
) -> None:
    """A symlink or another user's file named like the old cache is not ours to remove."""
    target = tmp_path / "important.txt"
    target.write_text("keep me")
    old_cache = journal_path.with_name(".journal.toml.cache")
    old_cache.symlink_to(target)

    JournalStore.open(journal_path, clock).close()

    assert old_cache.is_symlink()
    assert target.read_text() == "keep me"
    if os.geteuid() != 0:
        return  # no other user's file can be made without root
    old_cache.unlink()
    old_cache.write_text("another user's")
    os.chown(old_cache, 65534, 65534)
    cache_path(journal_path).unlink()  # so the next open parses and writes a cache again

    JournalStore.open(journal_path, clock).close()

    assert old_cache.read_text() == "another user's"


def test_the_caches_of_journals_that_are_gone_are_pruned_when_a_cache_is_written(
    tmp_path: Path, journal: Journal, clock: FixedClock
) -> None:
    paths = {}
    for name in ("gone", "kept", "new"):
        paths[name] = tmp_path / name / "journal.toml"
        paths[name].parent.mkdir()
        paths[name].write_text(encode(journal), encoding="utf-8")
    for name in ("gone", "kept"):
        JournalStore.open(paths[name], clock).close()
    (paths["gone"]).unlink()
    junk = cache_folder() / ("0" * 32 + ".cache")
    junk.write_bytes(b"not a cache")
    other = cache_folder() / "notes.txt"
    other.write_text("not named like a cache: left alone")

    JournalStore.open(paths["new"], clock).close()  # parsed, so its cache is written

    assert sorted(os.listdir(cache_folder())) == sorted(
        [cache_path(paths["kept"]).name, cache_path(paths["new"]).name, "notes.txt"]
    )
    assert prune_caches() == 0


def test_a_plain_save_prunes_nothing(
    journal_path: Path, tmp_path: Path, journal: Journal, clock: FixedClock
) -> None:
    """Pruning lists the folder and reads headers: only after a parse, not at every save."""
    gone = tmp_path / "gone" / "journal.toml"
    gone.parent.mkdir()
    gone.write_text(encode(journal), encoding="utf-8")
    JournalStore.open(gone, clock).close()
    gone.unlink()
    store = JournalStore.open(journal_path, clock)  # parsed: prunes `gone`'s cache
    gone.write_text(encode(journal), encoding="utf-8")
    JournalStore.open(gone, clock).close()
    gone.unlink()

    assert store.update(lambda j: replace(j, contacts=(*j.contacts, Contact("Sam")))).saved

    assert cache_path(gone).exists()
    store.close()


def test_the_last_cached_journal_of_an_emptied_file_can_be_had(
    journal_path: Path, journal: Journal, clock: FixedClock
) -> None:
    """Another program emptied the journal: the app can offer the one it last cached."""
    store = JournalStore.open(journal_path, clock)
    assert store.update(lambda j: replace(j, contacts=(*j.contacts, Contact("Sam")))).saved
    saved = store.journal
    store.close()
    journal_path.write_bytes(b"")

    assert read_cache(journal_path, digest(journal_path)) is None, "not this file's"
    cached = read_cache_any(journal_path)

    assert cached is not None
    assert cached.journal() == saved
    written = datetime.fromtimestamp(cache_path(journal_path).stat().st_mtime)
    assert cached.written == written


def test_the_last_cached_journal_is_only_a_whole_and_valid_one(
    journal_path: Path, journal: Journal, clock: FixedClock
) -> None:
    craft(journal_path, with_value(row_of(journal), (DOSES, OLD_DOSE, 4), float("nan")))
    assert read_cache_any(journal_path) is None

    craft(journal_path, row_of(journal))
    data = cache_path(journal_path).read_bytes()
    cache_path(journal_path).write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    assert read_cache_any(journal_path) is None


def test_a_cache_copied_from_another_journal_is_not_this_ones(
    journal_path: Path, tmp_path: Path, journal: Journal, clock: FixedClock
) -> None:
    """The same bytes at another path (a copy, or a synced folder) have their own cache."""
    other = tmp_path / "other" / "journal.toml"
    other.parent.mkdir()
    other.write_bytes(journal_path.read_bytes())
    JournalStore.open(journal_path, clock).close()
    private_folder(cache_folder())
    cache_path(other).write_bytes(cache_path(journal_path).read_bytes())

    assert read_cache(other, digest(other)) is None
    assert read_cache_any(other) is None
