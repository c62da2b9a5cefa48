"""The data file's limits: nesting (refused before tomllib, with its line), and what
check accepts always saves, NaN and infinity in unknown keys included."""

from __future__ import annotations

import math
import tomllib
from dataclasses import fields, is_dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from stepdown.clock import FixedClock
from stepdown.domain.journal import DoseEntry
from stepdown.store.codec import InvalidJournal, decode, encode
from stepdown.store.journal_store import JournalStore
from stepdown.store.nesting import LIMIT, _bound, _Walk, too_deep

NAN_FILE = """\
schema = 1
future_field = nan
x_list = [nan, inf, { y = -inf }]

[settings]
emergency_number = "911"
x_scale = inf

[[doses]]
date = 2026-11-24
status = "taken"
amount = 15.0
x_rate = -nan
"""


def test_a_file_with_nan_and_inf_in_unknown_keys_saves_and_keeps_them(
    tmp_path: Path, clock: FixedClock
) -> None:
    path = tmp_path / "journal.toml"
    path.write_text(NAN_FILE, encoding="utf-8")
    store = JournalStore.open(path, clock)
    assert store.status == "ready", store.errors
    new = DoseEntry(date(2026, 11, 25), "taken", amount=10.0)

    outcome = store.update(lambda journal: replace(journal, doses=(*journal.doses, new)))
    store.close()

    assert outcome.saved, outcome.message
    written = tomllib.loads(path.read_text(encoding="utf-8"))
    assert math.isnan(written["future_field"])
    assert math.isnan(written["x_list"][0]) and written["x_list"][1:] == [
        math.inf,
        {"y": -math.inf},
    ]
    assert written["settings"]["x_scale"] == math.inf
    assert math.isnan(written["doses"][0]["x_rate"])
    assert written["doses"][1]["amount"] == 10.0


_NAN = object()


def comparable(value: Any) -> Any:
    """`value` with NaN as one marker, records as tuples: equal when the journals are."""
    if isinstance(value, float) and math.isnan(value):
        return _NAN
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value), *(comparable(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(comparable(item) for item in value)
    return value


_keys = st.text(max_size=8).map(lambda key: "x" + key)
_scalars = st.one_of(
    st.sampled_from([math.nan, -math.nan, math.inf, -math.inf]),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=10),
    st.integers(-(10**40), 10**40),
    st.floats(),  # NaN and both infinities among them
    st.booleans(),
    st.dates(),
    st.times(),
    st.datetimes(),
    st.builds(
        lambda at, minutes: at.replace(tzinfo=timezone(timedelta(minutes=minutes))),
        st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
        st.integers(-23 * 60, 23 * 60),
    ),
)
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(_keys, inner, max_size=3)
        | st.lists(st.dictionaries(_keys, inner, max_size=2), min_size=1, max_size=2)
    ),
    max_leaves=8,
)
"""Any value a TOML file can hold: every type, NaN and infinity, tables, arrays of tables."""

BASE = tomllib.loads(
    """\
schema = 1
[settings]
emergency_number = "911"
[[settings.patterns]]
name = "slow"
inhale = 4.0
hold_in = 0.0
exhale = 6.0
hold_out = 0.0
[plan]
prescriber = "Dr. Ana Rivera"
[[plan.steps]]
start = 2026-11-18
times = [08:00:00]
doses = [20.0]
[[doses]]
date = 2026-11-25
status = "taken"
[[checkins]]
date = 2026-11-25
recorded_at = 2026-11-25T21:10:00
[[breathing]]
started_at = 2026-11-25T09:00:00
pattern = "box"
planned_seconds = 300
seconds = 120
completed = false
[[contacts]]
name = "Kim"
[[plan_history]]
replaced_at = 2026-11-18T10:00:00
prescriber = "Dr. Lee"
"""
)


def _tables(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every table of BASE a record lives in, the document itself first."""
    return [
        document,
        document["settings"],
        document["settings"]["patterns"][0],
        document["plan"],
        document["plan"]["steps"][0],
        *(document[name][0] for name in ("doses", "checkins", "breathing", "contacts")),
        document["plan_history"][0],
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 9), _keys, _values), max_size=4))
def test_any_document_that_decodes_also_encodes_and_reads_back_the_same(
    unknown: list[tuple[int, str, Any]],
) -> None:
    document = tomllib.loads(tomli_w.dumps(BASE))
    for where, key, value in unknown:
        _tables(document)[where][key] = value
    text = tomli_w.dumps(document)
    try:
        journal = decode(text.encode("utf-8"))
    except InvalidJournal:
        assume(False)  # what check refuses is not for the store to write

    again = decode(encode(journal).encode("utf-8"))

    assert comparable(again) == comparable(journal)


def nested(depth: int) -> str:
    """A file whose value nests `depth` deep in arrays."""
    return "schema = 1\nx = " + "[" * depth + "1" + "]" * depth + "\n"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param(nested(LIMIT), None, id="arrays at the limit"),
        pytest.param(nested(LIMIT + 1), 2, id="arrays one past it"),
        pytest.param("schema = 1\n\n[" + ".".join("t" * LIMIT) + "]\n", None, id="header"),
        pytest.param("schema = 1\n[" + ".".join("t" * (LIMIT + 1)) + "]\n", 2, id="header past"),
        pytest.param(
            "schema = 1\n" + "x = " + "{a = " * (LIMIT + 1) + "1" + "}" * (LIMIT + 1),
            2,
            id="inline",
        ),
        pytest.param(
            "schema = 1\nx = [\n" + "  {a.b.c.d.e.f.g.h.i.j = [\n" * 3 + "  ]},\n" * 3 + "]\n",
            5,
            id="dotted keys adding up across lines",
        ),
        pytest.param(
            'schema = 1\nnote = "' + "[" * 5000 + '"\n# ' + "{" * 5000 + "\n", None, id="in text"
        ),
        pytest.param(
            "schema = 1\nnote = '''\n" + "[" * 100 + "\n'''\nx = \"\\\"[[[[\"\n", None, id="strings"
        ),
    ],
)
def test_nesting_past_the_limit_is_found_with_its_line(text: str, line: int | None) -> None:
    assert too_deep(text.encode(), text) == line


def test_a_deep_file_is_refused_with_its_line_and_never_a_recursion_error() -> None:
    text = nested(450)

    with pytest.raises(InvalidJournal) as raised:
        decode(text.encode())

    assert [str(error) for error in raised.value.errors] == ["line 2: nested more than 32 deep"]


_PIECES = ["[", "]", "{", "}", "[[", "]]", "a", ".", " = ", "=", ",", "\n", '"', "'"]
_PIECES += ['"""', "'''", "#", "\\", '\\"', "\\\\", "1.5", "x.y", '"k".', "[a.b]\n", "[[a]]\n"]
_pieces = st.sampled_from(_PIECES)


@settings(max_examples=400, deadline=None)
@given(st.lists(_pieces, max_size=60).map("".join))
def test_the_quick_bound_never_hides_what_the_walk_finds(text: str) -> None:
    """The quick check lets a file pass only when the walk token by token would too."""
    walk = _Walk(text).first_too_deep()
    if _bound(text.encode()) <= LIMIT:
        assert walk is None
    assert too_deep(text.encode(), text) == walk


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 60), st.sampled_from(["[", "{a = ", "{a.b = [", "[{c = "]))
def test_repeated_nesting_is_refused_exactly_when_the_walk_says(depth: int, opener: str) -> None:
    closer = {"[": "]", "{a = ": "}", "{a.b = [": "]}", "[{c = ": "}]"}[opener]
    text = "schema = 1\nx = " + opener * depth + "1" + closer * depth + "\n"
    found = too_deep(text.encode(), text)
    if found is None:
        assert tomllib.loads(text)  # within the limit: tomllib reads it
    else:
        assert found == 2


def test_the_journal_itself_is_well_within_the_limit() -> None:
    text = encode(decode(NAN_FILE.encode()))
    assert _bound(text.encode()) < 8
    assert too_deep(text.encode(), text) is None


def test_times_and_dates_outside_a_life_in_unknown_keys_are_kept() -> None:
    """The date limits are for the journal's own dates; an unknown key keeps its own."""
    journal = decode(b"schema = 1\nx_old = 0001-01-01\nx_at = 00:00:00.5\n")
    assert journal.extra == {"x_old": date(1, 1, 1), "x_at": time(0, 0, 0, 500000)}
    assert decode(encode(journal).encode()) == journal
