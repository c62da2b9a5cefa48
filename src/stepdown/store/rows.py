"""The journal as plain values that `marshal` keeps, and back: the cache's form of it.

A record's row is a tuple of its fields in their order, each as marshal can hold it:
dates and times as ISO text, nested records as rows, and the keys a record did not
know (`extra`) with their dates tagged.

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

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields, replace
from datetime import date, datetime, time
from typing import Any, NoReturn

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
from stepdown.domain.rules import DOSE_STATUSES, clean_text, journal_problems

Row = tuple[Any, ...]
Put = Callable[[Any], Any]
Take = Callable[[Any], Any]

MAX_DEPTH = 32
"""How deep the tables and arrays of an unknown key may nest (DESIGN.md's limit)."""


class BadRow(ValueError):
    """A row that no journal which passed the file's checks could have made."""


def _bad(what: str) -> NoReturn:
    raise BadRow(what)


_TAGS: dict[type, str] = {date: "date", time: "time", datetime: "datetime"}


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


def _from_tag(value: tuple[Any, ...]) -> Any:
    # An unknown key's date-time may carry an offset (TOML allows one): only the type
    # and the ISO form are checked, as tomllib would have read it.
    if len(value) != 2 or type(value[1]) is not str:
        _bad("a tag is a name and its text")
    name, text = value
    if name == "date":
        return _date(text)
    if name == "time":
        parsed: Any = time.fromisoformat(text)
    elif name == "datetime":
        parsed = datetime.fromisoformat(text)
    else:
        _bad(f"no tag {name!r}")
    if parsed.isoformat() != text:
        _bad(f"{text!r} is not as Stepdown writes it")
    return parsed


def untag(value: Any, depth: int = 0) -> Any:
    """A copy of the unknown keys' value `value` with its tagged tuples made dates and
    times again, checked to be what tomllib could have read: strings, whole numbers,
    numbers (no NaN, which no save could prove), booleans, dates and times, arrays and
    tables of them with string keys, nested at most MAX_DEPTH deep. Their strings are
    kept as they are, as the TOML path keeps them: unknown keys are written back,
    never shown."""
    kind = type(value)
    if kind is str or kind is int or kind is bool:
        return value
    if kind is float:
        if value != value:
            _bad("NaN")
        return value
    if kind is tuple:
        return _from_tag(value)
    if depth >= MAX_DEPTH:
        _bad("nested too deep")
    if kind is list:
        return [untag(item, depth + 1) for item in value]
    if kind is dict:
        if not all(type(key) is str for key in value):
            _bad("a key that is not a string")
        return {key: untag(item, depth + 1) for key, item in value.items()}
    _bad(f"{kind.__name__} in an unknown key")


# Each checker takes a value as marshal gave it and returns what the record holds, or
# raises: `type(x) is` because marshal keeps types exactly, and a subclass (bool for
# int) is a value the file's checks would have refused.
def _str(value: Any) -> str:
    """Text the user typed, without control characters, as document.py's STRING."""
    if type(value) is not str:
        _bad("not a string")
    # Most texts hold nothing clean_text strips; every character it strips (controls,
    # bidirectional formatting) is one isprintable() rejects, so the quick test is safe.
    return value if value.isprintable() else clean_text(value)


def _int(value: Any) -> int:
    if type(value) is not int:
        _bad("not a whole number")
    return value


def _float(value: Any) -> float:
    if type(value) is not float or not math.isfinite(value):
        _bad("not a finite number")
    return value


def _bool(value: Any) -> bool:
    if type(value) is not bool:
        _bad("not true or false")
    return value


def _status(value: Any) -> Any:
    if type(value) is not str or value not in DOSE_STATUSES:
        _bad("not a dose status")
    return value


def _date(text: Any) -> date:
    # Only the form isoformat() writes, YYYY-MM-DD (date.fromisoformat also takes
    # 20261125 and 2026-W48-3): rows are compared as text (RowsJournal), which sorts as
    # dates do only in that form. Tested by its shape: isoformat() again costs more.
    if type(text) is not str or len(text) != 10 or text[4] != "-" or text[7] != "-":
        _bad(f"{text!r} is not a date as Stepdown writes it")
    return date.fromisoformat(text)


def _time(text: Any) -> time:
    if type(text) is not str:
        _bad("a time is text")
    at = time.fromisoformat(text)
    if at.tzinfo is not None:
        _bad(f"{text!r} has an offset")
    return at


def _datetime(text: Any) -> datetime:
    # Its date part as _date's: it is compared as text too.
    if type(text) is not str or len(text) < 19 or text[4] != "-" or text[7] != "-":
        _bad(f"{text!r} is not a date-time as Stepdown writes it")
    at = datetime.fromisoformat(text)
    if at.tzinfo is not None or text[10] != "T":
        _bad(f"{text!r} is not a local date-time as Stepdown writes it")
    return at


def _extra(row: Any) -> Any:
    if row is None:
        return {}
    if type(row) is not dict:
        _bad("unknown keys are a table")
    return untag(row)


def _optional(take: Take) -> Take:
    return lambda value: None if value is None else take(value)


def _many(take: Take) -> Take:
    def take_all(values: Any) -> tuple[Any, ...]:
        if type(values) is not tuple:
            _bad("not a tuple")
        return tuple(map(take, values))

    return take_all


_PUTS: dict[str, Put] = {
    "date": date.isoformat,
    "datetime": datetime.isoformat,
    "time": time.isoformat,
    "Extra": lambda extra: tag(dict(extra)) if extra else None,
}
"""How each field type that marshal cannot keep as it is goes into a row."""

_TAKES: dict[str, Take] = {
    "str": _str,
    "int": _int,
    "float": _float,
    "bool": _bool,
    "DoseStatus": _status,
    "date": _date,
    "datetime": _datetime,
    "time": _time,
    "Extra": _extra,
}
"""How each field type comes back out of a row, checked."""


class _RecordCodec:
    """Rows of one record type: per field, how it goes in (None: as it is) and comes out.

    `take` reads a row back: field by field, unless a faster one written out for the
    type is given.
    """

    def __init__(self, kind: type, take: Callable[[Row], Any] | None = None) -> None:
        self.kind = kind
        self.fields = [(field.name, *_codec(str(field.type))) for field in fields(kind)]
        self.take: Callable[[Row], Any] = take or self.take_fields

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


_RECORDS: dict[str, _RecordCodec] = {}


def _codec(annotation: str) -> tuple[Put | None, Take]:
    """How a field annotated `annotation` goes into a row (None: as it is), and back."""
    if annotation in _TAKES:
        return _PUTS.get(annotation), _TAKES[annotation]
    if annotation.endswith(" | None"):
        put, take = _codec(annotation.removesuffix(" | None"))
        return (None if put is None else _optional(put)), _optional(take)
    if annotation.startswith("tuple[") and annotation.endswith(", ...]"):
        put, take = _codec(annotation.removeprefix("tuple[").removesuffix(", ...]"))
        return (None if put is None else lambda values: tuple(map(put, values))), _many(take)
    record = _RECORDS[annotation]
    return record.put, record.take


# The records a journal holds thousands of are read back by hand: the same as
# _RecordCodec.take, field for field and check for check, at a third of the time
# (tests prove them equal).
def _take_dose(row: Row) -> DoseEntry:
    if type(row) is not tuple:
        _bad("not a row of DoseEntry")
    day, status, slot, taken_at, amount, note, extra = row
    return DoseEntry(
        _date(day),
        _status(status),
        None if slot is None else _time(slot),
        None if taken_at is None else _datetime(taken_at),
        None if amount is None else _float(amount),
        _str(note),
        _extra(extra),
    )


def _score(value: Any) -> int | None:
    if value is not None and type(value) is not int:
        _bad("a score is a whole number")
    return value


def _take_checkin(row: Row) -> Checkin:
    if type(row) is not tuple:
        _bad("not a row of Checkin")
    day, at, spasticity, anxiety, sleep, mood, hallucinations, seizure, *rest = row
    symptoms, coping, notes, extra = rest
    if type(symptoms) is not tuple or type(coping) is not tuple:
        _bad("symptoms and coping are tuples")
    return Checkin(
        _date(day),
        _datetime(at),
        _score(spasticity),
        _score(anxiety),
        _score(sleep),
        _score(mood),
        _bool(hallucinations),
        _bool(seizure),
        tuple(map(_str, symptoms)),
        tuple(map(_str, coping)),
        _str(notes),
        _extra(extra),
    )


def _take_breathing(row: Row) -> BreathingSession:
    if type(row) is not tuple:
        _bad("not a row of BreathingSession")
    started_at, pattern, planned, seconds, completed, before, after, extra = row
    return BreathingSession(
        _datetime(started_at),
        _str(pattern),
        _int(planned),
        _int(seconds),
        _bool(completed),
        _score(before),
        _score(after),
        _extra(extra),
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
def _dose_touches(row: Row, since: str) -> bool:
    day: str = row[0]
    taken_at: str | None = row[3]
    return day >= since or (taken_at is not None and taken_at >= since)


def _checkin_touches(row: Row, since: str) -> bool:
    day: str = row[0]
    recorded_at: str = row[1]
    return day >= since or recorded_at >= since


def _session_touches(row: Row, since: str) -> bool:
    started_at: str = row[0]
    return started_at >= since


_RECENT_PARTS: dict[str, tuple[Callable[[Row, str], bool], Callable[[Row], Any]]] = {
    "doses": (_dose_touches, _take_dose),
    "checkins": (_checkin_touches, _take_checkin),
    "breathing": (_session_touches, _take_breathing),
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
            first = min(range(len(doses)), key=lambda i: doses[i][0])
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
            if name in _MANY_RECORDS:
                record_codec = _RECORDS[type(value[0]).__name__] if value else None
                parts.append(tuple(self._record_row(record_codec, value, known, seen)))
            else:
                parts.append(value if put is None else put(value))
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
