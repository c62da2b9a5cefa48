"""Bad data files: each is refused with an error that names its key path and its line."""

from __future__ import annotations

import codecs
import hashlib
import itertools
import os
import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stepdown.clock import FixedClock
from stepdown.domain.journal import Journal
from stepdown.store.cache import cache_path, write_cache
from stepdown.store.codec import FileError, InvalidJournal, decode
from stepdown.store.journal_store import JournalStore
from stepdown.store.rows import JournalRows
from tests.store.byte_edits import ByteEdit, apply_all, byte_edits

GOOD = """\
schema = 1

[settings]
emergency_number = "911"
breathing_minutes = 5

[[settings.patterns]]
name = "slow evening"
inhale = 4.0
hold_in = 2.0
exhale = 8.0
hold_out = 0.0

[plan]
prescriber = "Dr. Ana Rivera"
approved_on = 2026-11-18

[[plan.steps]]
start = 2026-11-18
times = [08:00:00, 20:00:00]
doses = [20.0, 20.0]

[[doses]]
date = 2026-11-25
slot = 08:00:00
status = "taken"
taken_at = 2026-11-25T08:05:00
amount = 15.0

[[checkins]]
date = 2026-11-25
recorded_at = 2026-11-25T21:10:00
spasticity = 4
anxiety = 3
sleep = 6
mood = 6
symptoms = ["sweating"]
coping = ["breathing"]

[[breathing]]
started_at = 2026-11-25T09:00:00
pattern = "box"
planned_seconds = 300
seconds = 300
completed = true

[[contacts]]
name = "Dr. Ana Rivera"
role = "provider"

[[plan_history]]
replaced_at = 2026-11-18T10:00:00
prescriber = "Dr. Lee"

[[plan_history.steps]]
start = 2026-10-01
times = [09:00:00]
doses = [25.0]
"""

MORE_DOSES = """
[[doses]]
date = 2026-11-25
slot = 20:00:00
status = "taken"
amount = 20.0

[[doses]]
date = 2026-11-26
status = "taken"
amount = -2.5  # the third
"""

SECOND_CHECKIN = """
[[checkins]]
date = 2026-11-25  # again
recorded_at = 2026-11-25T22:00:00
spasticity = 4
anxiety = 3
sleep = 6
mood = 6
"""


@dataclass(frozen=True)
class Bad:
    """A bad file: how it differs from GOOD, and the error it must get."""

    old: str
    new: str
    path: str | None
    message: str
    at: str | None = None
    """Text on the line the error must name (the first line holding it), if any."""
    data: bytes | None = None
    """The whole file, for files that are not an edit of GOOD."""

    def content(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.old in GOOD, self.old
        return GOOD.replace(self.old, self.new, 1).encode()

    def line(self) -> int | None:
        if self.at is None:
            return None
        lines = self.content().decode("utf-8", "replace").split("\n")
        return next(number for number, line in enumerate(lines, 1) if self.at in line)


NEW_LINE = "the last line of the new text"


def edit(old: str, new: str, path: str | None, message: str, at: str | None = NEW_LINE) -> Bad:
    """GOOD with `old` replaced by `new`; the error is on the line holding `at`."""
    return Bad(old, new, path, message, new.strip().split("\n")[-1] if at == NEW_LINE else at)


def whole(data: bytes, path: str | None, message: str, at: str | None = None) -> Bad:
    return Bad("", "", path, message, at, data)


BAD_FILES = {
    # TOML syntax
    "value missing": edit("anxiety = 3\n", "anxiety =\n", None, "not valid TOML"),
    "string not closed": edit('role = "provider"', 'role = "provider', None, "not valid TOML"),
    "february 30th": edit("start = 2026-11-18", "start = 2026-02-30", None, "not valid TOML"),
    "key given twice": edit("sleep = 6\n", "sleep = 6\nsleep = 7\n", None, "not valid TOML"),
    # wrong types
    "score as a string": edit(
        "anxiety = 3", 'anxiety = "3"', "checkins[0].anxiety", "must be a whole number"
    ),
    "bool as a score": edit(
        "sleep = 6", "sleep = true", "checkins[0].sleep", "must be a whole number, not true"
    ),
    "fraction as a score": edit("mood = 6", "mood = 6.5", "checkins[0].mood", "whole number"),
    "date as a string": edit(
        "date = 2026-11-25\nslot",
        'date = "2026-11-25"\nslot',
        "doses[0].date",
        "without quotes",
        at='date = "2026-11-25"',
    ),
    "int as a date": edit(
        "date = 2026-11-25\nrecorded_at",
        "date = 20261125\nrecorded_at",
        "checkins[0].date",
        "must be a date",
        at="date = 20261125",
    ),
    "date-time as a date": edit(
        "approved_on = 2026-11-18",
        "approved_on = 2026-11-18T09:00:00",
        "plan.approved_on",
        "must be a date",
    ),
    "date as a date-time": edit(
        "recorded_at = 2026-11-25T21:10:00",
        "recorded_at = 2026-11-25",
        "checkins[0].recorded_at",
        "local date-time",
    ),
    "date-time with an offset": edit(
        "taken_at = 2026-11-25T08:05:00",
        "taken_at = 2026-11-25T08:05:00+01:00",
        "doses[0].taken_at",
        "no offset",
    ),
    "time as a string": edit(
        "times = [08:00:00, 20:00:00]",
        'times = ["08:00", 20:00:00]',
        "plan.steps[0].times[0]",
        "must be a time",
    ),
    "amount as a string": edit(
        "amount = 15.0", 'amount = "15 mg"', "doses[0].amount", "must be a number"
    ),
    "bool setting as a string": edit(
        "completed = true", 'completed = "yes"', "breathing[0].completed", "true or false"
    ),
    "settings not a table": edit(
        '[settings]\nemergency_number = "911"\nbreathing_minutes = 5\n\n[[settings.patterns]]\n'
        'name = "slow evening"\ninhale = 4.0\nhold_in = 2.0\nexhale = 8.0\nhold_out = 0.0\n',
        'settings = "calm"\n',
        "settings",
        "must be a table",
    ),
    "doses as a table": edit(
        "[[doses]]\ndate", "[doses]\ndate", "doses", "array of tables", at="[doses]"
    ),
    "doses as numbers": whole(
        GOOD.replace("schema = 1\n", "schema = 1\ndoses = [1, 2]\n")
        .replace("[[doses]]", "[x_doses]")
        .encode(),
        "doses",
        "not an array holding the whole number 1",
        at="doses =",
    ),
    # required keys
    "schema missing": edit("schema = 1\n", "# no schema\n", "schema", "missing", at=None),
    # (its scores may be left out: a score not recorded; see test_codec)
    "check-in without its time": edit(
        "recorded_at = 2026-11-25T21:10:00\n",
        "",
        "checkins[0].recorded_at",
        "is required",
        at="[[checkins]]",
    ),
    "plan without prescriber": edit(
        'prescriber = "Dr. Ana Rivera"\n', "", "plan.prescriber", "is required", at="[plan]"
    ),
    "old plan without its date": edit(
        "replaced_at = 2026-11-18T10:00:00\n",
        "",
        "plan_history[0].replaced_at",
        "is required",
        at="[[plan_history]]",
    ),
    "blank prescriber": edit(
        'prescriber = "Dr. Ana Rivera"',
        'prescriber = "  "',
        "plan.prescriber",
        "is required",
    ),
    "contact without a name": edit(
        'name = "Dr. Ana Rivera"', 'name = ""', "contacts[0].name", "is required"
    ),
    # schema
    'schema "one"': edit("schema = 1", 'schema = "one"', "schema", "must be a whole number"),
    "schema 0": edit("schema = 1", "schema = 0", "schema", "1 or more, not 0"),
    # values out of range or not allowed
    "score 11": edit("spasticity = 4", "spasticity = 11", "checkins[0].spasticity", "not 11"),
    "score -1": edit("mood = 6", "mood = -1", "checkins[0].mood", "not -1"),
    "unknown status": edit(
        'status = "taken"', 'status = "maybe"', "doses[0].status", "'maybe' is not one of"
    ),
    "unknown role": edit('role = "provider"', 'role = "doctor"', "contacts[0].role", "'doctor'"),
    "unknown symptom": edit(
        'symptoms = ["sweating"]',
        'symptoms = ["sweating", "sneezing"]',
        "checkins[0].symptoms[1]",
        "'sneezing' is not one of",
    ),
    "unknown coping": edit(
        'coping = ["breathing"]', 'coping = ["napping"]', "checkins[0].coping[0]", "'napping'"
    ),
    "negative amount": edit("amount = 15.0", "amount = -5.0", "doses[0].amount", "0 or more"),
    "NaN amount": edit("amount = 15.0", "amount = nan", "doses[0].amount", "finite"),
    "inf amount": edit("amount = 15.0", "amount = inf", "doses[0].amount", "10,000 or less"),
    # limits (DESIGN.md): amounts to 10,000, dates 1900..2200, names on one line
    "huge amount": edit(
        "amount = 15.0", "amount = 1e308", "doses[0].amount", "must be 10,000 or less"
    ),
    "huge amount in a step": edit(
        "doses = [20.0, 20.0]",
        "doses = [20.0, 10000.5]",
        "plan.steps[0].doses[1]",
        "must be 10,000 or less",
    ),
    "step on year 1": edit(
        "start = 2026-11-18",
        "start = 0001-01-01",
        "plan.steps[0].start",
        "must be between 1900-01-01 and 2200-12-31",
    ),
    "dose after 2200": edit(
        "date = 2026-11-25\nslot",
        "date = 2201-01-01\nslot",
        "doses[0].date",
        "must be between 1900-01-01 and 2200-12-31",
        at="date = 2201-01-01",
    ),
    "taken_at in 1899": edit(
        "taken_at = 2026-11-25T08:05:00",
        "taken_at = 1899-12-31T23:59:00",
        "doses[0].taken_at",
        "must be between 1900-01-01 and 2200-12-31",
    ),
    "check-in recorded in 9999": edit(
        "recorded_at = 2026-11-25T21:10:00",
        "recorded_at = 9999-12-31T21:10:00",
        "checkins[0].recorded_at",
        "must be between",
    ),
    "breathing started in year 1": edit(
        "started_at = 2026-11-25T09:00:00",
        "started_at = 0001-01-01T09:00:00",
        "breathing[0].started_at",
        "must be between",
    ),
    "plan approved in year 1": edit(
        "approved_on = 2026-11-18",
        "approved_on = 0001-01-01",
        "plan.approved_on",
        "must be between",
    ),
    "old plan replaced in 3000": edit(
        "replaced_at = 2026-11-18T10:00:00",
        "replaced_at = 3000-11-18T10:00:00",
        "plan_history[0].replaced_at",
        "must be between",
    ),
    "a breathing session of 10**30 seconds": edit(
        "seconds = 300\ncompleted",
        "seconds = 1000000000000000000000000000000\ncompleted",
        "breathing[0].seconds",
        "86,400 or less",
        at="seconds = 1000000000000000000000000000000",
    ),
    "breathing minutes past a day": edit(
        "breathing_minutes = 5",
        "breathing_minutes = 99999999999999999999",
        "settings.breathing_minutes",
        "1,440 or less",
    ),
    "medication on two lines": edit(
        'emergency_number = "911"',
        'emergency_number = "911"\nmedication = "baclofen\\nBEGIN:VEVENT"',
        "settings.medication",
        "one line",
    ),
    "unit on two lines": edit(
        'emergency_number = "911"',
        'emergency_number = "911"\nunit = """mg\nor ml"""',
        "settings.unit",
        "one line",
        at='unit = """mg',
    ),
    "prescriber on two lines": edit(
        'prescriber = "Dr. Ana Rivera"',
        'prescriber = "Dr. Ana\\u2028Rivera"',
        "plan.prescriber",
        "one line",
    ),
    "contact name on two lines": edit(
        'name = "Dr. Ana Rivera"', 'name = "Dr. Ana\\nRivera"', "contacts[0].name", "one line"
    ),
    "pattern name on two lines": edit(
        'name = "slow evening"',
        'name = "slow\\nevening"',
        "settings.patterns[0].name",
        "one line",
    ),
    # nesting: refused before the TOML parser reads it, with the line
    "header nested 500 deep": edit(
        "\n[[doses]]",
        "\n[" + ".".join(["x"] * 500) + "]\ny = 1\n\n[[doses]]",
        None,
        "nested more than 32 deep",
        at="[x.x.x",
    ),
    "array nested 300 deep": edit(
        "schema = 1\n", "schema = 1\nx = " + "[" * 300 + "]" * 300 + "\n", None, "nested more"
    ),
    "array nested 33 deep": edit(
        "schema = 1\n", "schema = 1\nx = " + "[" * 33 + "]" * 33 + "\n", None, "nested more"
    ),
    "inline tables nested 40 deep": edit(
        "schema = 1\n", "schema = 1\nx = " + "{a = " * 40 + "1" + "}" * 40 + "\n", None, "nested"
    ),
    "dotted key 40 deep": edit(
        "schema = 1\n", "schema = 1\n" + ".".join(["k"] * 40) + " = 1\n", None, "nested"
    ),
    "an unclosed array 2000 deep": edit(
        "schema = 1\n", "schema = 1\nx = " + "[" * 2000 + "\n", None, "nested more"
    ),
    "a number of 5,000 digits": edit(
        "schema = 1\n", "schema = 1\nx = " + "9" * 5000 + "\n", None, "4,300 digits"
    ),
    "negative amount in the third dose": edit(
        "\n[[checkins]]",
        MORE_DOSES + "\n[[checkins]]",
        "doses[2].amount",
        "0 or more",
        at="# the third",
    ),
    "negative amount in an old plan": edit(
        "doses = [25.0]", "doses = [-25.0]", "plan_history[0].steps[0].doses[0]", "0 or more"
    ),
    "negative minutes": edit(
        "breathing_minutes = 5", "breathing_minutes = -5", "settings.breathing_minutes", "0 or more"
    ),
    "reminder grace too long": edit(
        "breathing_minutes = 5",
        "breathing_minutes = 5\nreminder_grace_minutes = 500",
        "settings.reminder_grace_minutes",
        "0 to 120 minutes, not 500",
    ),
    "push URL that is not one": edit(
        "breathing_minutes = 5",
        'breathing_minutes = 5\npush_url = "my-topic"',
        "settings.push_url",
        "a URL such as ntfy://your-topic",
    ),
    "pattern phase too short": edit(
        "inhale = 4.0", "inhale = 0.3", "settings.patterns[0].inhale", "0.5 s steps"
    ),
    "more times than amounts": edit(
        "doses = [20.0, 20.0]", "doses = [20.0]", "plan.steps[0].doses", "1 amounts for 2 times"
    ),
    "repeated times": edit(
        "times = [08:00:00, 20:00:00]",
        "times = [08:00:00, 08:00:00]",
        "plan.steps[0].times[1]",
        "repeats 08:00",
    ),
    "times out of order": edit(
        "times = [08:00:00, 20:00:00]",
        "times = [20:00:00, 08:00:00]",
        "plan.steps[0].times[1]",
        "in order",
    ),
    "steps out of order": edit(
        "\n[[doses]]",
        "\n[[plan.steps]]\nstart = 2026-11-01\n\n[[doses]]",
        "plan.steps[1].start",
        "is not after the step before",
        at="start = 2026-11-01",
    ),
    "two check-ins on one date": edit(
        "\n[[breathing]]",
        SECOND_CHECKIN + "\n[[breathing]]",
        "checkins[1].date",
        "already has a check-in",
        at="# again",
    ),
    # not text, or nothing
    "invalid UTF-8": whole(
        GOOD.replace("Dr. Lee", "Dr. L\udcffe").encode("utf-8", "surrogateescape"),
        None,
        "not UTF-8",
        at="Dr. L",
    ),
    "binary garbage": whole(random.Random(3).randbytes(600), None, "not UTF-8"),
    "NUL bytes": whole(b"schema = 1\nnote = 'a\x00b'\n", None, "NUL", at="note"),
    "empty file": whole(b"", None, "empty"),
    "only blank lines": whole(b"\n  \n\t\n", None, "empty"),
    "only a comment": whole(b"# my journal\n", "schema", "missing"),
}


SNIPPETS = ['"', "'''", '"""', "[", "]", "[[doses]]\n", "\n", "=", "#", "x = 1\n", "-1", "\\"]
"""Pieces of text a hand edit might leave behind."""


def error_for(errors: tuple[FileError, ...], path: str | None) -> FileError:
    matching = [error for error in errors if error.path == path]
    assert matching, f"no error at {path}: {errors}"
    return matching[0]


@pytest.mark.parametrize("bad", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_is_refused_with_its_key_and_line(bad: Bad) -> None:
    with pytest.raises(InvalidJournal) as raised:
        decode(bad.content())

    errors = raised.value.errors
    assert len(errors) == 1, errors  # one fault, one error: no echo from stand-ins
    error = error_for(errors, bad.path)
    assert bad.message in error.message
    if bad.path is not None:
        assert bad.path in str(error)
    if (line := bad.line()) is not None:
        assert error.line == line
        assert str(error).startswith(f"line {line}")
    assert bad.message in str(raised.value)


def test_syntax_error_names_line_and_column() -> None:
    data = GOOD.replace("anxiety = 3\n", "anxiety = 3 3\n").encode()

    with pytest.raises(InvalidJournal) as raised:
        decode(data)

    (error,) = raised.value.errors
    assert (error.line, error.column) == (34, 13)
    assert str(error).startswith("line 34, column 13: not valid TOML")
    assert "(at line" not in error.message


def test_invalid_utf8_names_byte_offset_line_and_column() -> None:
    data = codecs.BOM_UTF8 + b"schema = 1\n# caf\xc3\xa9 \xff\n"

    with pytest.raises(InvalidJournal) as raised:
        decode(data)

    (error,) = raised.value.errors
    assert (error.line, error.column) == (2, 8)
    assert "byte 0xff at byte offset 22" in error.message


def test_every_error_is_reported_in_file_order() -> None:
    data = (
        GOOD.replace("breathing_minutes = 5", 'breathing_minutes = "5"')
        .replace("spasticity = 4", "spasticity = 12")
        .replace("anxiety = 3", 'anxiety = "high"')
        .replace('role = "provider"', 'role = "doctor"')
        .replace("doses = [25.0]", "doses = [25.0, 5.0]")
        .encode()
    )

    with pytest.raises(InvalidJournal) as raised:
        decode(data)

    assert [(error.line, error.path) for error in raised.value.errors] == [
        (5, "settings.breathing_minutes"),
        (33, "checkins[0].spasticity"),
        (34, "checkins[0].anxiety"),
        (49, "contacts[0].role"),
        (58, "plan_history[0].steps[0].doses"),
    ]


def test_a_wrong_type_hides_only_its_own_key() -> None:
    """A key of the wrong type is reported once; its neighbours are still checked."""
    data = (
        GOOD.replace("times = [08:00:00, 20:00:00]", 'times = "08:00 and 20:00"')
        .replace("doses = [20.0, 20.0]", "doses = [-20.0, 20.0]")
        .replace("amount = 15.0", "amount = false")
        .replace('status = "taken"', 'status = "took"')
        .encode()
    )

    with pytest.raises(InvalidJournal) as raised:
        decode(data)

    assert [str(error) for error in raised.value.errors] == [
        "line 20, plan.steps[0].times: must be an array of times (like 08:00:00), "
        "not the string '08:00 and 20:00'",
        "line 21, plan.steps[0].doses[0]: must be 0 or more, not -20.0",
        "line 26, doses[0].status: 'took' is not one of: taken, skipped",
        "line 28, doses[0].amount: must be a number, not false",
    ]


def test_lines_are_found_past_strings_that_look_like_tables() -> None:
    """Text inside strings and multi-line arrays is never taken for a header or key."""
    tricky = '''\
note = """
[[doses]]
amount = 1
"""
times = [
    08:00:00,  # [[doses]]
    20:00:00,
]
quote = '[[doses]]'
'''
    data = GOOD.replace("approved_on = 2026-11-18\n", "approved_on = 2026-11-18\n" + tricky)
    data = data.replace("amount = 15.0", "amount = -1.0").encode()

    with pytest.raises(InvalidJournal) as raised:
        decode(data)

    (error,) = raised.value.errors
    assert error.path == "doses[0].amount"
    assert error.line == data.decode().split("\n").index("amount = -1.0") + 1


def test_newer_schema_with_errors_says_to_update() -> None:
    data = GOOD.replace("schema = 1", "schema = 2").replace("mood = 6", "mood = 99").encode()

    with pytest.raises(InvalidJournal) as raised:
        decode(data)

    messages = [str(error) for error in raised.value.errors]
    assert messages[0] == "line 36, checkins[0].mood: must be from 0 to 10, not 99"
    assert "newer than this Stepdown knows" in messages[1]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_decode_or_are_refused_cleanly(data: bytes) -> None:
    try:
        decode(data)
    except InvalidJournal as invalid:
        assert invalid.errors
        assert all(error.message for error in invalid.errors)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(GOOD)), st.integers(0, 3), st.sampled_from(SNIPPETS)),
        min_size=1,
        max_size=4,
    )
)
def test_hand_edits_decode_or_are_refused_with_lines_in_the_file(
    edits: list[tuple[int, int, str]],
) -> None:
    """Whatever a clumsy hand edit does, decode answers with a journal or located errors."""
    text = GOOD
    for at, cut, snippet in edits:
        text = text[:at] + snippet + text[at + cut :]
    try:
        decode(text.encode())
    except InvalidJournal as invalid:
        line_count = text.count("\n") + 1
        for error in invalid.errors:
            assert error.line is None or 1 <= error.line <= line_count, error


CLOCK = FixedClock(datetime(2026, 11, 25, 9, 0))
CASES = itertools.count()
"""A fresh folder name for each example hypothesis draws."""


@pytest.fixture(scope="module")
def saved_good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GOOD as Stepdown saves it, with the cache the save left beside it."""
    path = tmp_path_factory.mktemp("good") / "journal.toml"
    store = JournalStore.open(path, CLOCK)
    assert store.update(lambda _: decode(GOOD.encode())).saved
    store.close()
    assert cache_path(path).exists()
    return path


def what_open_found(path: Path) -> tuple[str, Journal | None, tuple[FileError, ...]]:
    store = JournalStore.open(path, CLOCK)
    found = store.status, None if store.status == "invalid" else store.journal, store.errors
    store.close()
    return found


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=byte_edits)
def test_byte_edits_of_a_saved_file_are_read_or_refused_and_never_written(
    saved_good: Path, tmp_path: Path, edits: list[ByteEdit]
) -> None:
    """A flipped, inserted, deleted or cut byte: a journal or errors, the file untouched.

    The journal's cache holds the unedited file: opening must never take the edited
    file for the one the cache holds.
    """
    folder = tmp_path / f"case-{next(CASES)}"
    folder.mkdir()
    path = folder / "journal.toml"
    good = saved_good.read_bytes()
    write_cache(path, hashlib.sha256(good).digest(), JournalRows().row(decode(good)), None)
    assert cache_path(path).exists()
    data = apply_all(edits, good)
    path.write_bytes(data)
    written = os.stat(path).st_mtime_ns

    try:
        expected: tuple[str, Journal | None, tuple[FileError, ...]] = (
            "ready",
            decode(data),
            (),
        )
    except InvalidJournal as invalid:
        assert invalid.errors
        assert all(error.message for error in invalid.errors)
        expected = ("invalid", None, invalid.errors)
    else:
        assert expected[1] is not None
        if expected[1].schema > 1:  # a flipped digit: a newer Stepdown's file
            expected = ("read_only", expected[1], ())

    assert what_open_found(path) == expected
    assert what_open_found(path) == expected, "opening again finds the same"
    assert path.read_bytes() == data
    assert os.stat(path).st_mtime_ns == written
    assert [p.name for p in folder.iterdir()] == ["journal.toml"], "nothing is written beside it"
