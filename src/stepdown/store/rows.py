"""The journal as plain values that `marshal` keeps, and back: the cache's form of it.

A record's row is a tuple of its fields in their order, each as marshal can hold it:
dates and times as ISO text, nested records as rows, and the keys a record did not
know (`extra`) with their dates tagged. Rows are read back into records directly,
without the checks a file gets: rows are only made from a journal that passed them,
and the cache that holds them proves its bytes with two digests.

Building a journal from rows is several times faster than from the TOML document
(no key-by-key reading, no validation), which is most of a large journal's open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields, replace
from datetime import date, datetime, time
from typing import Any

from stepdown.domain.journal import (
    BreathingSession,
    Checkin,
    Contact,
    DoseEntry,
    Journal,
    Pattern,
    Plan,
    PlanRecord,
    Settings,
    Step,
)

Row = tuple[Any, ...]
Codec = tuple[Callable[[Any], Any], Callable[[Any], Any]]
"""How one field goes into a row and comes back out."""

_TAGS: dict[type, str] = {date: "date", time: "time", datetime: "datetime"}
_FROM_TAG: dict[str, Callable[[str], Any]] = {
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "datetime": datetime.fromisoformat,
}


def tag(value: Any) -> Any:
    """A TOML value with each date, time and date-time as a tagged tuple (TOML has no
    tuples: its arrays are lists, so a tuple is always a tag)."""
    kind = type(value)
    if kind is dict:
        return {key: tag(item) for key, item in value.items()}
    if kind is list:
        return [tag(item) for item in value]
    if kind in _TAGS:
        return (_TAGS[kind], value.isoformat())
    return value


def untag(value: Any) -> Any:
    """`value` with its tagged tuples made dates and times again, in place (`value` is
    new from marshal, and nothing else holds it)."""
    items = value.items() if type(value) is dict else enumerate(value)
    for key, item in items:
        kind = type(item)
        if kind is tuple:
            name, text = item
            value[key] = _FROM_TAG[name](text)
        elif kind is dict or kind is list:
            untag(item)
    return value


def _optional(codec: Codec) -> Codec:
    put, take = codec
    return (
        lambda value: None if value is None else put(value),
        lambda value: None if value is None else take(value),
    )


def _many(codec: Codec) -> Codec:
    put, take = codec
    return (
        lambda values: tuple(put(value) for value in values),
        lambda values: tuple(take(value) for value in values),
    )


def _extra(row: Any) -> Any:
    return untag(row) if row else {}


_EXTRA: Codec = (lambda extra: tag(dict(extra)) if extra else None, _extra)
_CODECS: dict[str, Codec] = {
    "date": (date.isoformat, date.fromisoformat),
    "datetime": (datetime.isoformat, datetime.fromisoformat),
    "time": (time.isoformat, time.fromisoformat),
    "Extra": _EXTRA,
}
"""The codec of each field type that marshal cannot keep as it is, by its annotation."""

_PLAIN = {
    "str",
    "int",
    "float",
    "bool",
    "int | None",
    "float | None",
    "DoseStatus",
    "tuple[str, ...]",
    "tuple[float, ...]",
}
"""Field types marshal keeps exactly as they are (tuples stay tuples)."""


class _RecordCodec:
    """Rows of one record type: a codec per field, None where the value is kept as is.

    `take` reads a row back: field by field, unless a faster one written out for the
    type is given.
    """

    def __init__(self, kind: type, take: Callable[[Row], Any] | None = None) -> None:
        self.kind = kind
        self.fields = [(field.name, _codec(str(field.type))) for field in fields(kind)]
        self.take: Callable[[Row], Any] = take or self.take_fields

    def put(self, record: Any) -> Row:
        return tuple(
            getattr(record, name) if codec is None else codec[0](getattr(record, name))
            for name, codec in self.fields
        )

    def take_fields(self, row: Row) -> Any:
        return self.kind(
            *(
                value if codec is None else codec[1](value)
                for (_, codec), value in zip(self.fields, row, strict=True)
            )
        )


_RECORDS: dict[str, _RecordCodec] = {}


def _codec(annotation: str) -> Codec | None:
    """The codec of a field annotated `annotation`; None when marshal keeps it as is."""
    if annotation in _PLAIN:
        return None
    if annotation in _CODECS:
        return _CODECS[annotation]
    if annotation.endswith(" | None"):
        inner = _codec(annotation.removesuffix(" | None"))
        return None if inner is None else _optional(inner)
    if annotation.startswith("tuple[") and annotation.endswith(", ...]"):
        inner = _codec(annotation.removeprefix("tuple[").removesuffix(", ...]"))
        return None if inner is None else _many(inner)
    record = _RECORDS[annotation]
    return (record.put, record.take)


# The records a journal holds thousands of are read back by hand: the same as
# _RecordCodec.take, field for field, at a third of the time (tests prove them equal).
_date, _time, _datetime = date.fromisoformat, time.fromisoformat, datetime.fromisoformat


def _take_dose(row: Row) -> DoseEntry:
    day, status, slot, taken_at, amount, note, extra = row
    return DoseEntry(
        _date(day),
        status,
        None if slot is None else _time(slot),
        None if taken_at is None else _datetime(taken_at),
        amount,
        note,
        _extra(extra),
    )


def _take_checkin(row: Row) -> Checkin:
    day, at, spasticity, anxiety, sleep, mood, hallucinations, seizure, *rest = row
    symptoms, coping, notes, extra = rest
    return Checkin(
        _date(day),
        _datetime(at),
        spasticity,
        anxiety,
        sleep,
        mood,
        hallucinations,
        seizure,
        symptoms,
        coping,
        notes,
        _extra(extra),
    )


def _take_breathing(row: Row) -> BreathingSession:
    started_at, pattern, planned, seconds, completed, before, after, extra = row
    return BreathingSession(
        _datetime(started_at), pattern, planned, seconds, completed, before, after, _extra(extra)
    )


_FAST_TAKES: dict[type, Callable[[Row], Any]] = {
    DoseEntry: _take_dose,
    Checkin: _take_checkin,
    BreathingSession: _take_breathing,
}

# In an order where each record's inner records come first.
for _kind in (Pattern, Settings, Step, Plan, PlanRecord, DoseEntry, Checkin, BreathingSession):
    _RECORDS[_kind.__name__] = _RecordCodec(_kind, _FAST_TAKES.get(_kind))
_RECORDS[Contact.__name__] = _RecordCodec(Contact)
_JOURNAL = _RecordCodec(Journal)

_MANY_RECORDS = ("doses", "checkins", "breathing", "contacts", "plan_history")
"""The journal's fields that hold many records: their rows are remembered between saves."""


def journal_from_row(row: Row) -> Journal:
    """The journal whose row is `row` (as `JournalRows.row` made it)."""
    journal: Journal = _JOURNAL.take(row)
    return journal


# domain/recent.py's rules, on rows: dates and date-times are ISO text there, which
# sorts as they do, and a date-time's text begins with its date's (tests prove the two
# agree). Building every record to ask it would cost what RowsJournal saves.
def _dose_touches(row: Row, since: str) -> bool:
    return row[0] >= since or (row[3] is not None and row[3] >= since)


def _checkin_touches(row: Row, since: str) -> bool:
    return row[0] >= since or row[1] >= since


def _session_touches(row: Row, since: str) -> bool:
    return row[0] >= since


_RECENT_PARTS: dict[str, tuple[Callable[[Row, str], bool], Callable[[Row], Any]]] = {
    "doses": (_dose_touches, _take_dose),
    "checkins": (_checkin_touches, _take_checkin),
    "breathing": (_session_touches, _take_breathing),
}
"""The journal's lists cut to their recent part: which rows touch a day, and how to
read one back."""
_FIELD_INDEX = {name: index for index, (name, _) in enumerate(_JOURNAL.fields)}


class RowsJournal:
    """A journal read back from its row in two goes: `recent` at once, holding only
    the records Today needs (`recent_part` of domain/recent.py), and `whole()`, whose
    other records are built the first time it is asked for. The recent records are
    the same objects in both."""

    def __init__(self, row: Row, since: date) -> None:
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
        self.recent = journal_from_row(tuple(recent_row))
        doses = row[_FIELD_INDEX["doses"]]
        if doses:
            first = min(range(len(doses)), key=lambda i: doses[i][0])
            if first < self._starts["doses"]:
                self._first_dose = _take_dose(doses[first])
                self.recent = replace(self.recent, doses=(self._first_dose, *self.recent.doses))
        self._whole: Journal | None = None

    def whole(self) -> Journal:
        """The whole journal."""
        if self._whole is None:
            recent, parts = self.recent, {}
            for name, (_, take) in _RECENT_PARTS.items():
                older = self._row[_FIELD_INDEX[name]][: self._starts[name]]
                kept = getattr(recent, name)
                if name == "doses" and self._first_dose is not None:
                    kept = kept[1:]
                parts[name] = (*map(take, older), *kept)
            self._whole = replace(recent, **parts)
        return self._whole


class JournalRows:
    """Makes a journal's row, remembering each record's row by the record's identity:
    records are frozen and shared between successive journals, so after a change
    only the new records are converted."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[object, Row]] = {}

    def row(self, journal: Journal) -> Row:
        """`journal` as a row of plain values."""
        known, seen = self._known, {}
        parts = []
        for name, codec in _JOURNAL.fields:
            value = getattr(journal, name)
            if name in _MANY_RECORDS:
                record_codec = _RECORDS[type(value[0]).__name__] if value else None
                parts.append(tuple(self._record_row(record_codec, value, known, seen)))
            else:
                parts.append(value if codec is None else codec[0](value))
        self._known = seen
        return tuple(parts)

    @staticmethod
    def _record_row(
        codec: _RecordCodec | None,
        records: Iterable[object],
        known: Mapping[int, tuple[object, Row]],
        seen: dict[int, tuple[object, Row]],
    ) -> Iterable[Row]:
        for record in records:
            entry = known.get(id(record))
            if entry is None or entry[0] is not record:
                assert codec is not None
                entry = (record, codec.put(record))
            seen[id(record)] = entry
            yield entry[1]
