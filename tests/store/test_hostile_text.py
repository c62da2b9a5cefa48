"""Hostile text through the data file: given back exactly, but for control characters.

Markup, escape sequences, emoji, right-to-left text, combining marks and 10 KB lines in
any text the user gives come back from the file as they went in. Control characters
other than tab and newline are stripped when the file is read, whether Stepdown wrote
them (escaped) or a hand edit did, so an escape sequence never reaches the terminal.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from stepdown.clock import FixedClock
from stepdown.domain.journal import Journal
from stepdown.domain.rules import clean_text, journal_problems
from stepdown.store.cache import cache_path
from stepdown.store.codec import InvalidJournal, decode, encode
from stepdown.store.journal_store import JournalStore
from tests.strategies import hostile_journals, with_texts

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters but tab and newline."""
C0_BUT_TAB_AND_NEWLINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def cleaned(journal: Journal) -> Journal:
    """`journal` as it reads back from the file: each text without control characters."""
    return with_texts(journal, lambda value, _: clean_text(value))


def texts(journal: Journal) -> list[str]:
    """Every text the user gave in `journal`."""
    found: list[str] = []
    with_texts(journal, lambda value, _: found.append(value) or value)
    return found


@settings(max_examples=50, deadline=None)
@given(hostile_journals())
def test_hostile_text_reads_back_as_given_without_control_characters(journal: Journal) -> None:
    expected = cleaned(journal)
    assert list(journal_problems(expected)) == []  # stripping leaves every name non-blank

    read_back = decode(encode(journal).encode("utf-8"))

    assert read_back == expected
    assert [text for text in texts(read_back) if CONTROL.search(text)] == []


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(hostile_journals())
def test_hostile_text_saved_by_the_store_opens_the_same_twice(
    tmp_path: Path, clock: FixedClock, journal: Journal
) -> None:
    """Saved, then opened from the file, and again from the parse cache that left."""
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "journal.toml"  # a new folder per example
    store = JournalStore.open(path, clock)
    assert store.update(lambda _: journal).saved
    store.close()
    # `cat journal.toml` writes no escape sequence: C0 controls are escaped in the file.
    assert not C0_BUT_TAB_AND_NEWLINE.search(path.read_text(encoding="utf-8"))

    cache_path(path).unlink()  # read the file itself first; that read leaves a cache
    for cached in (False, True):
        assert cache_path(path).exists() is cached
        store = JournalStore.open(path, clock)
        assert (store.status, store.journal) == ("ready", cleaned(journal))
        assert [text for text in texts(store.journal) if CONTROL.search(text)] == []
        store.close()


HAND_WRITTEN = r'''schema = 1

[settings]
medication = "bac\u001b[31mlofen\u001b[0m"
unit = "m\u0007g"
emergency_number = "9\u009b1\u00851"
theme = "stepdown-calm\u0000"
breathing_pattern = "slow\u001b]0;pwned\u0007"

[[settings.patterns]]
name = "slow\u001b]0;pwned\u0007"
inhale = 4.0
hold_in = 0.0
exhale = 6.0
hold_out = 0.0

[plan]
prescriber = "Dr. \u001b]8;;http://example.com\u001b\\Rivera\u001b]8;;\u001b\\"
note = "Reduce\tweekly\r\ncall [red]if[/] spasms\u007f"

[[doses]]
date = 2026-11-25
status = "skipped"
note = "a\u0000b\bc\fd\u000be\u001ff\u0080g\u009fh"

[[checkins]]
date = 2026-11-25
recorded_at = 2026-11-25T21:10:00
spasticity = 4
anxiety = 3
sleep = 6
mood = 6
notes = """Stiff\u001b[2J\u001b[H
all \u001b[1mday\u001b[0m"""

[[breathing]]
started_at = 2026-11-25T09:00:00
pattern = "box\u001b[8m"
planned_seconds = 300
seconds = 300
completed = true

[[contacts]]
name = "\u001b[2JMum \u202eevil\u202c"
role = "family"
phone = "555\u009b31m 0101"
email = "mum@example.com\u0007"
notes = "\u001bP+q\u001b\\ask"
emergency = true
'''


def test_escapes_written_by_hand_in_the_file_are_stripped_on_load() -> None:
    journal = decode(HAND_WRITTEN.encode("utf-8"))

    settings = journal.settings
    assert (settings.medication, settings.unit, settings.emergency_number) == (
        "bac[31mlofen[0m",
        "mg",
        "911",
    )
    assert settings.theme == "stepdown-calm"
    assert settings.breathing_pattern == settings.patterns[0].name == "slow]0;pwned"
    assert journal.plan is not None
    assert journal.plan.prescriber == "Dr. ]8;;http://example.com\\Rivera]8;;\\"
    assert journal.plan.note == "Reduce\tweekly\ncall [red]if[/] spasms"
    assert journal.doses[0].note == "abcdefgh"
    assert journal.checkins[0].notes == "Stiff[2J[H\nall [1mday[0m"
    assert journal.breathing[0].pattern == "box[8m"
    contact = journal.contacts[0]
    assert (contact.name, contact.phone, contact.email, contact.notes) == (
        "[2JMum evil",  # bidirectional controls are dropped too: nothing reorders text
        "55531m 0101",
        "mum@example.com",
        "P+q\\ask",
    )


def test_c1_controls_written_raw_in_the_file_are_stripped_on_load() -> None:
    """TOML lets C1 controls (CSI U+009B, NEL U+0085 ...) stand unescaped in a string."""
    text = HAND_WRITTEN.replace(r'"9\u009b1\u00851"', '"9\x9b1\x851"').replace(
        r'"a\u0000b\bc\fd\u000be\u001ff\u0080g\u009fh"', '"a\x80b\x9b2Jc\x9fd"'
    )

    journal = decode(text.encode("utf-8"))

    assert journal.settings.emergency_number == "911"
    assert journal.doses[0].note == "ab2Jcd"


@pytest.mark.parametrize("raw", ["\x1b", "\x07", "\x00", "\x7f"])
def test_a_raw_c0_control_in_a_string_is_an_error_on_its_line(raw: str) -> None:
    """TOML does not let C0 controls stand unescaped in a string: the file is not read."""
    text = HAND_WRITTEN.replace(r'unit = "m\u0007g"', f'unit = "m{raw}g"')

    with pytest.raises(InvalidJournal) as caught:
        decode(text.encode("utf-8"))

    (error,) = caught.value.errors
    assert error.line == 5


def test_hand_written_escapes_never_reach_the_journal_opened_by_the_store(
    tmp_path: Path, clock: FixedClock
) -> None:
    path = tmp_path / "journal.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")

    store = JournalStore.open(path, clock)
    try:
        assert store.status == "ready"
        assert store.journal == decode(HAND_WRITTEN.encode("utf-8"))
        assert [text for text in texts(store.journal) if CONTROL.search(text)] == []
    finally:
        store.close()
