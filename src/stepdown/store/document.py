"""Schema 1 documents (the dicts tomllib reads) to Journal; tables.py is the way back.

Reading checks the type of every key of schema 1 and collects every problem with its
key path, then applies the domain's value rules; keys this version does not know are
kept in each record's `extra`. What each record holds, and in what order its keys are
read, comes from its description (store/records/description.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from stepdown.domain.journal import SCHEMA, Journal, Step
from stepdown.domain.rules import Problem, journal_problems
from stepdown.store.records.description import JOURNAL, REQUIRED, Field, Record
from stepdown.store.records.kinds import INT, Kind
from stepdown.store.records.kinds import describe_value as _describe

_ABSENT = object()

Fields = tuple[tuple[str, Kind, Any], ...]
"""Plain keys of a table: each key, what it must hold, and its default (or REQUIRED)."""


class _Reader:
    """The problems found while reading one document, and the key paths they cover."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._covered: set[str] = set()
        self._covered_exactly: set[str] = set()

    def error(self, path: str, message: str, covers: str | None = None) -> None:
        """Record a problem at `path`; value rules are then not run on `covers` (or `path`)."""
        self.problems.append(Problem(path, message))
        self.cover(covers or path)

    def cover(self, path: str, *, below: bool = True) -> None:
        """Run no value rule at `path` (nor, if `below`, under it): it holds stand-ins."""
        (self._covered if below else self._covered_exactly).add(path)

    def covers(self, path: str) -> bool:
        """True when `path` is at or under a key already reported as wrong.

        Such a key holds a stand-in value, so a value rule's complaint about it would
        be about the stand-in, not the file.
        """
        return path in self._covered_exactly or any(
            path == covered or path.startswith((covered + ".", covered + "["))
            for covered in self._covered
        )


class _Table:
    """One table of the document: its known keys are taken one by one; the rest is extra."""

    def __init__(self, reader: _Reader, table: Mapping[str, Any], path: str) -> None:
        self.reader = reader
        self.path = path
        self._table = table
        self._taken: set[str] = set()
        self._all_taken = False

    def key_path(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self._table

    def value(self, key: str, kind: Kind, default: Any = REQUIRED) -> Any:
        """The value of `key`, or `default` when it is absent (unless REQUIRED)."""
        self._taken.add(key)
        value = self._table.get(key, _ABSENT)
        if value is _ABSENT:
            if default is not REQUIRED:
                return default
            self.reader.error(self.key_path(key), "is required")
            return kind.fallback
        return self._check(value, kind, key)

    def values(self, fields: Fields) -> dict[str, Any]:
        """The value of each of `fields`, by key; a field without a default is required.

        The same as `value` key by key, in one loop: most of a large journal's load is
        spent here.
        """
        table = self._table
        values: dict[str, Any] = {}
        present = 0
        for key, kind, default in fields:
            value = table.get(key, _ABSENT)
            if value is _ABSENT:
                if default is REQUIRED:
                    self.reader.error(self.key_path(key), "is required")
                    value = kind.fallback
                else:
                    value = default
            else:
                present += 1
                if type(value) is kind.plain or kind.accepts(value):
                    if kind.convert is not None:
                        value = kind.convert(value)
                else:
                    value = self._wrong(value, kind, self.key_path(key))
            values[key] = value
        self._taken.update(values)
        # The keys of `fields` are distinct: when all the table's keys were among them,
        # nothing is left over for `extra` to look for.
        self._all_taken = self._all_taken or present == len(table)
        return values

    def array(self, key: str, kind: Kind) -> tuple[Any, ...]:
        """The inline array at `key` (empty when absent), each item of `kind`."""
        self._taken.add(key)
        if key not in self._table:
            return ()
        value = self._table[key]
        path = self.key_path(key)
        if not isinstance(value, list):
            self.reader.error(path, f"must be an array of {kind.plural}, not {_describe(value)}")
            return ()
        return tuple(
            (item if kind.convert is None else kind.convert(item))
            if kind.accepts(item)
            else self._wrong(item, kind, f"{path}[{i}]", covers=path)
            for i, item in enumerate(value)
        )

    def table(self, key: str) -> _Table | None:
        """The table at `key`, or None when it is absent (or wrong, which is reported)."""
        self._taken.add(key)
        if key not in self._table:
            return None
        value = self._table[key]
        path = self.key_path(key)
        if not isinstance(value, dict):
            self.reader.error(path, f"must be a table ([{path}]), not {_describe(value)}")
            return None
        return _Table(self.reader, value, path)

    def tables(self, key: str) -> list[_Table]:
        """The array of tables at `key` (empty when absent, or wrong, which is reported)."""
        self._taken.add(key)
        value = self._table.get(key, [])
        path = self.key_path(key)
        header = re.sub(r"\[\d+\]", "", path)
        if not isinstance(value, list):
            self.reader.error(
                path, f"must be an array of tables ([[{header}]] sections), not {_describe(value)}"
            )
            return []
        for item in value:
            if not isinstance(item, dict):
                self.reader.error(
                    path,
                    f"must be an array of tables ([[{header}]] sections), "
                    f"not an array holding {_describe(item)}",
                )
                return []
        return [_Table(self.reader, item, f"{path}[{i}]") for i, item in enumerate(value)]

    def extra(self) -> dict[str, Any]:
        """The keys not taken: kept as read, to be written back."""
        if self._all_taken or self._table.keys() <= self._taken:
            return {}
        return {key: value for key, value in self._table.items() if key not in self._taken}

    def _check(self, value: Any, kind: Kind, key: str) -> Any:
        # The hot path of every load: the key path is only made for a message.
        if kind.accepts(value):
            return value if kind.convert is None else kind.convert(value)
        return self._wrong(value, kind, self.key_path(key))

    def _wrong(self, value: Any, kind: Kind, path: str, covers: str | None = None) -> Any:
        message = f"must be {kind.name}, not {_describe(value)}"
        if kind.quoted_hint and isinstance(value, str):
            message += "; write it without quotes"
        self.reader.error(path, message, covers)
        return kind.fallback


def read_document(document: Mapping[str, Any]) -> tuple[Journal, list[Problem]]:
    """The journal `document` describes, and every problem with it (none when valid).

    With problems, the journal holds stand-ins for the wrong values and must not be
    used. A schema newer than SCHEMA is read as far as schema 1 goes.
    """
    reader = _Reader()
    journal: Journal = _READERS[Journal](_Table(reader, document, ""))
    problems = reader.problems + [
        problem for problem in journal_problems(journal) if not reader.covers(problem.path)
    ]
    return journal, problems


def _schema(top: _Table) -> int:
    if not top.has("schema"):
        top.reader.error("schema", f"is missing; a Stepdown journal says `schema = {SCHEMA}`")
        return SCHEMA
    schema: int = top.value("schema", INT)
    if top.reader.covers("schema"):
        return SCHEMA
    if schema < 1:
        top.reader.error("schema", f"must be 1 or more, not {schema}")
        return SCHEMA
    return schema


def _cover_step(t: _Table) -> None:
    if t.reader.covers(t.key_path("times")):
        # Wrong times were replaced by stand-ins: their count proves nothing, but
        # each amount can still be checked.
        t.reader.cover(t.key_path("doses"), below=False)


# The special cases the description does not say: the journal's schema has messages of
# its own, and a step's doses are counted against its times.
_FIELD_READERS: dict[tuple[type, str], Callable[[_Table], Any]] = {
    (Journal, "schema"): _schema,
}
_AFTER: dict[type, Callable[[_Table], None]] = {Step: _cover_step}

Read = Callable[[_Table, dict[str, Any]], None]
"""One step of reading a record: puts the values it read into the dict, by field name."""


def _reader(record: Record) -> Callable[[_Table], Any]:
    """How a table is read as `record`: its keys in file order, consecutive plain values
    in one `_Table.values` call, then its unknown keys."""
    steps: list[Read] = []
    values: list[tuple[str, Kind, Any]] = []
    for field in record.file_order:
        special = _FIELD_READERS.get((record.type, field.name))
        if field.shape == "value" and special is None:
            assert field.kind is not None
            values.append((field.name, field.kind, field.default))
            continue
        if values:
            steps.append(_values_step(tuple(values)))
            values = []
        steps.append(_special_step(field.name, special) if special else _step(field))
    make, after = record.type, _AFTER.get(record.type)
    if values and not steps and after is None:
        # Most records (every dose) are plain values and unknown keys: one call each.
        fields = tuple(values)
        if record.has_extra:
            return lambda t: make(**t.values(fields), extra=t.extra())
        return lambda t: make(**t.values(fields))
    if values:
        steps.append(_values_step(tuple(values)))

    def read(t: _Table) -> Any:
        read_values: dict[str, Any] = {}
        for step in steps:
            step(t, read_values)
        if record.has_extra:
            read_values["extra"] = t.extra()
        made = make(**read_values)
        if after is not None:
            after(t)
        return made

    return read


def _values_step(fields: Fields) -> Read:
    if len(fields) == 1:
        # One key alone (a check-in's notes, after its arrays): no dict to make.
        ((name, kind, default),) = fields

        def one(t: _Table, values: dict[str, Any]) -> None:
            values[name] = t.value(name, kind, default)

        return one
    return lambda t, values: values.update(t.values(fields))


def _special_step(name: str, special: Callable[[_Table], Any]) -> Read:
    def step(t: _Table, values: dict[str, Any]) -> None:
        values[name] = special(t)

    return step


def _step(field: Field) -> Read:
    """How a field that is not a plain value is read."""
    name, kind = field.name, field.kind
    # Records are read by readers made before their holder's (see _add_readers).
    inner = None if field.record is None else _READERS[field.record.type]

    def array(t: _Table, values: dict[str, Any]) -> None:
        assert kind is not None
        values[name] = t.array(name, kind)

    def table(t: _Table, values: dict[str, Any]) -> None:
        assert inner is not None
        held = t.table(name)
        values[name] = field.default if held is None else inner(held)

    def tables(t: _Table, values: dict[str, Any]) -> None:
        assert inner is not None
        values[name] = tuple(map(inner, t.tables(name)))

    def inline(t: _Table, values: dict[str, Any]) -> None:
        assert inner is not None
        values[name] = inner(t)

    steps: dict[str, Read] = {"array": array, "table": table, "tables": tables, "inline": inline}
    return steps[field.shape]


_READERS: dict[type, Callable[[_Table], Any]] = {}


def _add_readers(record: Record) -> None:
    """A reader for `record`, after one for each record it holds."""
    for field in record.fields:
        if field.record is not None and field.record.type not in _READERS:
            _add_readers(field.record)
    _READERS[record.type] = _reader(record)


_add_readers(JOURNAL)
