"""Each record described once: what the description derives from a dataclass, and the
cache's readers written from it read every record as the plain loop does."""

from __future__ import annotations

import marshal
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from typing import Any, Literal

import pytest
from hypothesis import given, settings

from stepdown.domain.journal import DoseEntry, Journal, Plan, PlanRecord
from stepdown.store.records import description
from stepdown.store.records.description import JOURNAL, REQUIRED, describe
from stepdown.store.records.kinds import DATE, NUMBER, STRING, TIME, BadRow
from stepdown.store.rows import _RECORDS
from stepdown.store.tables import ARRAYS, TABLES, journal_records, record_table
from tests.strategies import journals


@dataclass(frozen=True)
class _Inner:
    label: str


@dataclass(frozen=True)
class _Toy:
    """Every shape a record's field may take, and the two kinds of default."""

    day: date
    status: Literal["on", "off"]
    at: time | None = None
    amount: float = 1.5
    times: tuple[time, ...] = ()
    inners: tuple[_Inner, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def test_a_dataclass_says_each_fields_shape_kind_and_default() -> None:
    toy = describe(_Toy)

    shapes = {f.name: (f.shape, f.kind, f.optional, f.default) for f in toy.fields}
    assert shapes["day"] == ("value", DATE, False, REQUIRED)
    assert shapes["at"] == ("value", TIME, True, None)
    assert shapes["amount"] == ("value", NUMBER, False, 1.5)
    assert shapes["times"] == ("array", TIME, False, ())
    assert shapes["inners"][0] == "tables"
    assert toy.field("inners").record is describe(_Inner)
    # A Literal is a string in the file: the domain's rules name the choices.
    assert toy.field("status").kind is not None
    assert toy.field("status").kind.name == STRING.name
    assert toy.has_extra
    assert [f.name for f in toy.file_order] == [f.name for f in fields(_Toy)][:-1]


def test_a_type_with_no_kind_is_refused_when_described() -> None:
    @dataclass(frozen=True)
    class Odd:
        when: complex

    with pytest.raises(TypeError, match=r"Odd\.when"):
        describe(Odd)


def test_the_file_order_is_the_designs_where_it_differs_from_the_fields() -> None:
    """A dose's slot sits beside its date in the file (DESIGN.md), its row keeps the
    dataclass's order (the cache's layout)."""
    dose = describe(DoseEntry)

    assert [f.name for f in dose.file_order][:6] == [
        "date",
        "slot",
        "status",
        "taken_at",
        "amount",
        "note",
    ]
    assert [f.name for f in dose.fields][:3] == ["date", "status", "slot"]


def test_the_journals_tables_and_arrays_come_from_its_description() -> None:
    assert TABLES == ("settings", "plan", "conflicts")
    assert ARRAYS == ("doses", "checkins", "breathing", "contacts", "plan_history")
    assert JOURNAL.keys == {"schema", *TABLES, *ARRAYS}


def test_an_earlier_plan_is_written_with_its_replaced_at_first_then_the_plans_keys() -> None:
    record = PlanRecord(datetime(2026, 11, 18, 10), Plan("Dr. Rivera", note="n"))

    assert list(record_table("plan_history", record)) == ["replaced_at", "prescriber", "note"]


@settings(max_examples=100, deadline=None)
@given(journals())
def test_the_readers_written_from_the_descriptions_read_every_record_as_the_loop_does(
    journal: Journal,
) -> None:
    records: list[object] = [journal]
    records += [record for _, record in journal_records(journal)]
    records += journal.settings.patterns
    for plan in [journal.plan, *(r.plan for r in journal.plan_history)]:
        if plan is not None:
            records += [plan, *plan.steps]
    for record in records:
        codec = _RECORDS[type(record).__name__]
        row = marshal.loads(marshal.dumps(codec.put(record)))
        assert codec.take(row) == codec.take_fields(row) == record


@pytest.mark.parametrize("name", sorted(_RECORDS))
def test_a_row_one_value_short_or_long_is_a_bad_row_for_every_record(name: str) -> None:
    codec = _RECORDS[name]
    width = len(codec.fields)

    for row in ((None,) * (width - 1), (None,) * (width + 1), [None] * width):
        with pytest.raises(BadRow):
            codec.take(row)  # type: ignore[arg-type]


def test_fields_the_file_order_does_not_name_follow_the_ones_it_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """So a field added to a dose needs no entry in the table: it comes after `note`."""

    @dataclass(frozen=True)
    class Later:
        a: int
        b: int
        c: int = 0

    monkeypatch.setitem(description._FILE_ORDER, Later, ("b",))

    assert [f.name for f in describe(Later).file_order] == ["b", "a", "c"]


def test_a_file_order_naming_no_field_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    @dataclass(frozen=True)
    class Renamed:
        a: int

    monkeypatch.setitem(description._FILE_ORDER, Renamed, ("old_name",))

    with pytest.raises(TypeError, match="Renamed"):
        describe(Renamed)


def test_an_unknown_key_never_takes_the_name_of_a_known_one_when_written() -> None:
    """Not even of one left out because it is None (an extra dose has no slot)."""
    dose = DoseEntry(
        date(2026, 11, 25),
        "taken",
        extra={"slot": "not a time", "steps": 1, "x_kept": True},
    )

    table = record_table("doses", dose)

    assert table == {
        "date": date(2026, 11, 25),
        "status": "taken",
        "note": "",
        "steps": 1,
        "x_kept": True,
    }


def test_the_rows_layout_names_each_records_fields_in_row_order() -> None:
    """For a cache's header: rows whose fields were renamed or reordered keep their
    width and kinds, and only the names tell them apart."""
    from stepdown.store.rows import LAYOUT

    assert "DoseEntry(date,status,slot,taken_at,amount,note,extra)" in LAYOUT.split(";")
    assert len(LAYOUT.split(";")) == len(_RECORDS)
