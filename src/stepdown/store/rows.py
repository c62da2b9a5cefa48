"""The journal as plain values that `marshal` keeps, and back: the cache's form of it.

A record's row is a tuple of its fields in their dataclass's order, each as marshal
can hold it: dates and times as ISO text, nested records as rows, and the keys a
record did not know (`extra`) with their dates tagged (records/unknown.py). How each
field goes in and comes out follows from the record's description
(store/records/description.py) and the kind of its values (records/kinds.py).

Rows are input: the cache file that holds them could have been crafted or damaged by
anyone who could write it, and its digests only prove that its bytes are whole. So
reading a row back checks it as strictly as the TOML path (store/document.py) checks
a file: every value's exact type (a bool is no int, an int no float, a list no tuple),
floats finite, dates and times in the ISO form this module writes and without an
offset, strings cleaned of control characters with the same `clean_text`, and the
journal then held to the domain's rules (`journal_problems`). Anything else raises
BadRow (or whatever the reading itself raised), and the caller parses the file instead.

Building a journal from rows is still several times faster than from the TOML document
(no key-by-key reading, no key paths, no messages), which is most of a large
journal's open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from stepdown.domain.journal import BreathingSession, Checkin, DoseEntry, Journal
from stepdown.domain.rules import journal_problems
from stepdown.store.records.description import JOURNAL, Field, Record, describe
from stepdown.store.records.kinds import BadRow as BadRow
from stepdown.store.records.kinds import bad as _bad
from stepdown.store.records.unknown import put_extra, take_extra

Row = tuple[Any, ...]
Put = Callable[[Any], Any]
Take = Callable[[Any], Any]


def _optional(take: Take) -> Take:
    return lambda value: None if value is None else take(value)


def _many(take: Take) -> Take:
    def take_all(values: Any) -> tuple[Any, ...]:
        if type(values) is not tuple:
            _bad("not a tuple")
        return tuple(map(take, values))

    return take_all


_WRITTEN_OUT = (DoseEntry, Checkin, BreathingSession)
"""The records a journal holds one or more of a day: each is read by code written for it."""


class _RecordCodec:
    """Rows of one record type, from its description: per field, how it goes in (None:
    as it is) and comes out, checked.

    `take` reads a row back: for the records a journal holds thousands of
    (`_WRITTEN_OUT`), with code written from the description when the codec is made
    (as dataclasses writes an __init__), the checks of `take_fields` field for field
    at a third of its time, which is most of a large journal's open from its cache;
    for the others, `take_fields`, the same reading as a plain loop (writing code
    costs a quarter of a millisecond a record type, before the first frame). Tests
    prove the two equal.
    """

    def __init__(self, record: Record) -> None:
        self.kind = record.type
        self.fields: list[tuple[str, Put | None, Take]] = []
        for field in record.fields:
            put, take = _codec(field)
            self.fields.append((field.name, put, take))
        self.take: Callable[[Row], Any] = (
            _written_take(record, self.fields) if record.type in _WRITTEN_OUT else self.take_fields
        )

    def put(self, record: Any) -> Row:
        return tuple(
            getattr(record, name) if put is None else put(getattr(record, name))
            for name, put, _ in self.fields
        )

    def take_fields(self, row: Row) -> Any:
        if type(row) is not tuple or len(row) != len(self.fields):
            _bad(f"not a row of {self.kind.__name__}")
        return self.kind(
            *(take(value) for (_, _, take), value in zip(self.fields, row, strict=True))
        )


def _codec(field: Field) -> tuple[Put | None, Take]:
    """How `field`'s value goes into a row (None: as it is), and back out of it."""
    put: Put | None
    if field.shape == "extra":
        return put_extra, take_extra
    if field.record is not None:
        codec = _codec_of(field.record)
        put, take = codec.put, codec.take
    else:
        assert field.kind is not None
        put, take = field.kind.put, field.kind.take
    if field.shape in ("array", "tables"):
        one = put
        put = None if one is None else lambda values: tuple(map(one, values))
        take = _many(take)
    if field.optional:
        put = None if put is None else _optional(put)
        take = _optional(take)
    return put, take


def _written_take(
    record: Record, fields: list[tuple[str, Put | None, Take]]
) -> Callable[[Row], Any]:
    """`take_fields` for `record` written out as code: no loop, no generator, and the
    None test of an optional value and the tuple test of an array in line."""
    names: dict[str, Any] = {"make": record.type, "_bad": _bad, "tuple": tuple, "map": map}
    reads = []
    for i, (field, (_, _, take)) in enumerate(zip(record.fields, fields, strict=True)):
        names[f"take{i}"] = take
        if field.shape in ("array", "tables") and not field.optional:
            names[f"take{i}"] = _item_take(field)
            reads.append(
                f"(tuple(map(take{i}, v{i})) if type(v{i}) is tuple else _bad('not a tuple'))"
            )
        elif field.shape == "value" and field.optional and field.kind is not None:
            names[f"take{i}"] = field.kind.take
            reads.append(f"(None if v{i} is None else take{i}(v{i}))")
        else:
            reads.append(f"take{i}(v{i})")
    values = ", ".join(f"v{i}" for i in range(len(fields)))
    source = (
        "def take(row):\n"
        f"    if type(row) is not tuple or len(row) != {len(fields)}:\n"
        f"        _bad('not a row of {record.type.__name__}')\n"
        f"    {values}, = row\n"
        f"    return make({', '.join(reads)})\n"
    )
    exec(compile(source, f"<rows of {record.type.__name__}>", "exec"), names)
    written: Callable[[Row], Any] = names["take"]
    return written


def _item_take(field: Field) -> Take:
    if field.record is not None:
        return _codec_of(field.record).take
    assert field.kind is not None
    return field.kind.take


_RECORDS: dict[str, _RecordCodec] = {}
"""The codec of each record type, by the type's name."""


def _codec_of(record: Record) -> _RecordCodec:
    codec = _RECORDS.get(record.type.__name__)
    if codec is None:
        codec = _RECORDS[record.type.__name__] = _RecordCodec(record)
    return codec


_JOURNAL = _codec_of(JOURNAL)

LAYOUT = ";".join(
    f"{codec.kind.__name__}({','.join(name for name, *_ in codec.fields)})"
    for codec in _RECORDS.values()
)
"""Each record's fields in the order of its row, as text: a cache's header may hold it,
so that rows made with other fields (renamed or reordered, which keep a row's width
and kinds) are never read as these."""
_MANY_RECORDS = {
    field.name: _codec_of(field.record)
    for field in JOURNAL.fields
    if field.shape == "tables" and field.record is not None
}
"""The journal's fields that hold many records, and their codecs: their rows are
remembered between saves."""


def check_journal(journal: Journal) -> Journal:
    """`journal`, if it keeps every rule a file's journal must keep; else BadRow.

    The same rules the TOML path applies after reading a file's values: the domain's
    (journal_problems) and a schema of 1 or more.
    """
    if journal.schema < 1:
        _bad("schema must be 1 or more")
    for problem in journal_problems(journal):
        _bad(f"{problem.path} {problem.message}")
    return journal


def journal_from_row(row: Row) -> Journal:
    """The journal whose row is `row` (as `JournalRows.row` made it), checked as a file's
    journal is; BadRow (or the error reading it raised) when it could not be one."""
    journal: Journal = _JOURNAL.take(row)
    return check_journal(journal)


# domain/recent.py's rules, on rows: dates and date-times are ISO text there, which
# sorts as they do, and a date-time's text begins with its date's (tests prove the two
# agree). Building every record to ask it would cost what RowsJournal saves.
def _index(cls: type, name: str) -> int:
    """Where the field `name` of `cls` sits in its row."""
    return describe(cls).fields.index(describe(cls).field(name))


_DOSE_DAY, _DOSE_TAKEN_AT = _index(DoseEntry, "date"), _index(DoseEntry, "taken_at")
_CHECKIN_DAY, _CHECKIN_AT = _index(Checkin, "date"), _index(Checkin, "recorded_at")
_SESSION_AT = _index(BreathingSession, "started_at")


def _dose_touches(row: Row, since: str) -> bool:
    day: str = row[_DOSE_DAY]
    taken_at: str | None = row[_DOSE_TAKEN_AT]
    return day >= since or (taken_at is not None and taken_at >= since)


def _checkin_touches(row: Row, since: str) -> bool:
    day: str = row[_CHECKIN_DAY]
    recorded_at: str = row[_CHECKIN_AT]
    return day >= since or recorded_at >= since


def _session_touches(row: Row, since: str) -> bool:
    started_at: str = row[_SESSION_AT]
    return started_at >= since


_take_dose = _MANY_RECORDS["doses"].take
_RECENT_PARTS: dict[str, tuple[Callable[[Row, str], bool], Callable[[Row], Any]]] = {
    "doses": (_dose_touches, _take_dose),
    "checkins": (_checkin_touches, _MANY_RECORDS["checkins"].take),
    "breathing": (_session_touches, _MANY_RECORDS["breathing"].take),
}
"""The journal's lists cut to their recent part: which rows touch a day, and how to
read one back."""
_FIELD_INDEX = {name: index for index, (name, *_) in enumerate(_JOURNAL.fields)}


class RowsJournal:
    """A journal read back from its row in two goes: `recent` at once, holding only
    the records Today needs (`recent_part` of domain/recent.py), and `whole()`, whose
    other records are built the first time it is asked for. The recent records are
    the same objects in both.

    Each is checked as it is built (see the module's docstring): the constructor
    raises for a bad recent part, `whole()` for a bad older one, before either is
    handed out, so a caller that catches the error can parse the file instead.
    """

    def __init__(self, row: Row, since: date) -> None:
        if type(row) is not tuple or len(row) != len(_JOURNAL.fields):
            _bad("not a row of Journal")
        self._row = row
        self._starts: dict[str, int] = {}
        """Where each list's recent records start in its rows."""
        self._first_dose: DoseEntry | None = None
        """The earliest dose, when it is older than the recent ones and added to them."""
        key = since.isoformat()
        recent_row = list(row)
        for name, (touches, _) in _RECENT_PARTS.items():
            rows = row[_FIELD_INDEX[name]]
            start = next((i for i, each in enumerate(rows) if touches(each, key)), len(rows))
            self._starts[name] = start
            recent_row[_FIELD_INDEX[name]] = rows[start:]
        recent: Journal = _JOURNAL.take(tuple(recent_row))
        doses = row[_FIELD_INDEX["doses"]]
        if doses:
            first = min(range(len(doses)), key=lambda i: doses[i][_DOSE_DAY])
            if first < self._starts["doses"]:
                self._first_dose = _take_dose(doses[first])
                recent = replace(recent, doses=(self._first_dose, *recent.doses))
        self.recent = check_journal(recent)
        self._whole: Journal | None = None

    def whole(self) -> Journal:
        """The whole journal."""
        if self._whole is None:
            recent = self.recent
            parts: dict[str, Any] = {}
            for name, (_, take) in _RECENT_PARTS.items():
                older = self._row[_FIELD_INDEX[name]][: self._starts[name]]
                kept = getattr(recent, name)
                if name == "doses" and self._first_dose is not None:
                    kept = kept[1:]
                parts[name] = (*map(take, older), *kept)
            self._whole = check_journal(replace(recent, **parts))
        return self._whole


class JournalRows:
    """Makes a journal's row, remembering each record's row by the record's identity:
    records are frozen and shared between successive journals, so after a change
    only the new records are converted."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[object, Row]] = {}

    def row(self, journal: Journal) -> Row:
        """`journal` as a row of plain values."""
        known = self._known
        seen: dict[int, tuple[object, Row]] = {}
        parts = []
        for name, put, _ in _JOURNAL.fields:
            value = getattr(journal, name)
            record_codec = _MANY_RECORDS.get(name)
            if record_codec is not None:
                parts.append(tuple(self._record_row(record_codec, value, known, seen)))
            else:
                parts.append(value if put is None else put(value))
        self._known = seen
        return tuple(parts)

    @staticmethod
    def _record_row(
        codec: _RecordCodec,
        records: Iterable[object],
        known: Mapping[int, tuple[object, Row]],
        seen: dict[int, tuple[object, Row]],
    ) -> Iterable[Row]:
        for record in records:
            entry = known.get(id(record))
            if entry is None or entry[0] is not record:
                entry = (record, codec.put(record))
            seen[id(record)] = entry
            yield entry[1]
