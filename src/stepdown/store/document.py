"""Schema 1 documents (the dicts tomllib reads) to Journal; tables.py is the way back.

Reading checks the type of every key of schema 1 and collects every problem with its
key path, then applies the domain's value rules; keys this version does not know are
kept in each record's `extra`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from stepdown.domain.journal import (
    SCHEMA,
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
from stepdown.domain.rules import Problem, clean_text, journal_problems


def _is_number(value: object) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    # A TOML integer has no size limit, a float does.
    return abs(value) <= 2**1023


@dataclass(frozen=True)
class _Kind:
    """What a key must hold: a name for messages, a test, and the value it becomes.

    `fallback` stands in for a wrong value so that reading can go on and find the
    file's other problems; a journal holding one is never returned.
    """

    name: str
    accepts: Callable[[object], bool]
    fallback: Any
    convert: Callable[[Any], Any] | None = None
    """None: the value is kept as it is."""
    quoted_hint: bool = False
    plain: type | None = None
    """A value of exactly this type passes without calling `accepts`: a large load's
    quick test."""


STRING = _Kind("a string", lambda v: isinstance(v, str), "", clean_text, plain=str)
BOOL = _Kind("true or false", lambda v: isinstance(v, bool), False, plain=bool)
INT = _Kind(
    "a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool), 0, plain=int
)
NUMBER = _Kind("a number", _is_number, 0.0, float, plain=float)
DATE = _Kind(
    "a date (like 2026-11-25)",
    lambda v: isinstance(v, date) and not isinstance(v, datetime),
    date(1, 1, 1),
    quoted_hint=True,
    plain=date,
)
TIME = _Kind(
    "a time (like 08:00:00)",
    lambda v: isinstance(v, time) and v.tzinfo is None,
    time(0, 0),
    quoted_hint=True,
)
DATETIME = _Kind(
    "a local date-time (like 2026-11-25T08:05:00, no offset)",
    lambda v: isinstance(v, datetime) and v.tzinfo is None,
    datetime(1, 1, 1),
    quoted_hint=True,
)


def _describe(value: object) -> str:
    """`value` as a user would name it in a message: its TOML type and a short form."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, int):
        shown = str(value) if abs(value) < 10**30 else "so large"
        return f"the whole number {shown}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, datetime):
        return f"the date-time {value.isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, time):
        return f"the time {value.isoformat()}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


_ABSENT = object()
REQUIRED = object()
"""The default of a field that must be there."""

Fields = tuple[tuple[str, _Kind, Any], ...]
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

    def required(self, key: str, kind: _Kind) -> Any:
        """The value of `key`, which must be there."""
        self._taken.add(key)
        value = self._table.get(key, _ABSENT)
        if value is _ABSENT:
            self.reader.error(self.key_path(key), "is required")
            return kind.fallback
        return self._check(value, kind, key)

    def optional(self, key: str, kind: _Kind, default: Any) -> Any:
        """The value of `key`, or `default` when it is absent."""
        self._taken.add(key)
        value = self._table.get(key, _ABSENT)
        if value is _ABSENT:
            return default
        return self._check(value, kind, key)

    def values(self, fields: Fields) -> dict[str, Any]:
        """The value of each of `fields`, by key; a field without a default is required.

        The same as `required` and `optional` key by key, in one loop: most of a large
        journal's load is spent here.
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
        self._all_taken = present == len(table)
        return values

    def array(self, key: str, kind: _Kind) -> tuple[Any, ...]:
        """The inline array at `key` (empty when absent), each item of `kind`."""
        self._taken.add(key)
        if key not in self._table:
            return ()
        value = self._table[key]
        path = self.key_path(key)
        if not isinstance(value, list):
            self.reader.error(path, f"must be an array of {_plural(kind)}, not {_describe(value)}")
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

    def _check(self, value: Any, kind: _Kind, key: str) -> Any:
        # The hot path of every load: the key path is only made for a message.
        if kind.accepts(value):
            return value if kind.convert is None else kind.convert(value)
        return self._wrong(value, kind, self.key_path(key))

    def _wrong(self, value: Any, kind: _Kind, path: str, covers: str | None = None) -> Any:
        message = f"must be {kind.name}, not {_describe(value)}"
        if kind.quoted_hint and isinstance(value, str):
            message += "; write it without quotes"
        self.reader.error(path, message, covers)
        return kind.fallback


def _plural(kind: _Kind) -> str:
    return {STRING: "strings", NUMBER: "numbers", TIME: "times (like 08:00:00)"}.get(
        kind, kind.name
    )


def read_document(document: Mapping[str, Any]) -> tuple[Journal, list[Problem]]:
    """The journal `document` describes, and every problem with it (none when valid).

    With problems, the journal holds stand-ins for the wrong values and must not be
    used. A schema newer than SCHEMA is read as far as schema 1 goes.
    """
    reader = _Reader()
    top = _Table(reader, document, "")
    journal = Journal(
        schema=_schema(top),
        settings=_settings(top.table("settings")),
        plan=None if (plan := top.table("plan")) is None else _plan(plan),
        doses=tuple(_dose(t) for t in top.tables("doses")),
        checkins=tuple(_checkin(t) for t in top.tables("checkins")),
        breathing=tuple(_breathing(t) for t in top.tables("breathing")),
        contacts=tuple(_contact(t) for t in top.tables("contacts")),
        plan_history=tuple(_plan_record(t) for t in top.tables("plan_history")),
        extra=top.extra(),
    )
    problems = reader.problems + [
        problem for problem in journal_problems(journal) if not reader.covers(problem.path)
    ]
    return journal, problems


def _schema(top: _Table) -> int:
    if not top.has("schema"):
        top.reader.error("schema", f"is missing; a Stepdown journal says `schema = {SCHEMA}`")
        return SCHEMA
    schema = top.required("schema", INT)
    if top.reader.covers("schema"):
        return SCHEMA
    if schema < 1:
        top.reader.error("schema", f"must be 1 or more, not {schema}")
        return SCHEMA
    return schema


_DEFAULT_SETTINGS = Settings()
_SETTINGS: Fields = (
    ("medication", STRING, _DEFAULT_SETTINGS.medication),
    ("unit", STRING, _DEFAULT_SETTINGS.unit),
    ("emergency_number", STRING, _DEFAULT_SETTINGS.emergency_number),
    ("theme", STRING, _DEFAULT_SETTINGS.theme),
    ("bell", BOOL, _DEFAULT_SETTINGS.bell),
    ("reduced_motion", BOOL, _DEFAULT_SETTINGS.reduced_motion),
    ("breathing_pattern", STRING, _DEFAULT_SETTINGS.breathing_pattern),
    ("breathing_minutes", INT, _DEFAULT_SETTINGS.breathing_minutes),
    ("reports_folder", STRING, _DEFAULT_SETTINGS.reports_folder),
)
_PATTERN: Fields = (
    ("name", STRING, REQUIRED),
    ("inhale", NUMBER, REQUIRED),
    ("hold_in", NUMBER, REQUIRED),
    ("exhale", NUMBER, REQUIRED),
    ("hold_out", NUMBER, REQUIRED),
)
_PLAN: Fields = (
    ("prescriber", STRING, REQUIRED),
    ("approved_on", DATE, None),
    ("note", STRING, ""),
)
_DOSE: Fields = (
    ("date", DATE, REQUIRED),
    ("slot", TIME, None),
    ("status", STRING, REQUIRED),
    ("taken_at", DATETIME, None),
    ("amount", NUMBER, None),
    ("note", STRING, ""),
)
_CHECKIN_SCORES: Fields = (
    ("date", DATE, REQUIRED),
    ("recorded_at", DATETIME, REQUIRED),
    ("spasticity", INT, None),
    ("anxiety", INT, None),
    ("sleep", INT, None),
    ("mood", INT, None),
    ("hallucinations", BOOL, False),
    ("seizure", BOOL, False),
)
_BREATHING: Fields = (
    ("started_at", DATETIME, REQUIRED),
    ("pattern", STRING, REQUIRED),
    ("planned_seconds", INT, REQUIRED),
    ("seconds", INT, REQUIRED),
    ("completed", BOOL, REQUIRED),
    ("anxiety_before", INT, None),
    ("anxiety_after", INT, None),
)
_CONTACT: Fields = (
    ("name", STRING, REQUIRED),
    ("role", STRING, "other"),
    ("phone", STRING, ""),
    ("email", STRING, ""),
    ("notes", STRING, ""),
    ("emergency", BOOL, False),
)


def _settings(t: _Table | None) -> Settings:
    if t is None:
        return Settings()
    return Settings(
        **t.values(_SETTINGS),
        patterns=tuple(_pattern(p) for p in t.tables("patterns")),
        extra=t.extra(),
    )


def _pattern(t: _Table) -> Pattern:
    return Pattern(**t.values(_PATTERN), extra=t.extra())


def _plan(t: _Table) -> Plan:
    return Plan(
        **t.values(_PLAN),
        steps=tuple(_step(s) for s in t.tables("steps")),
        extra=t.extra(),
    )


def _step(t: _Table) -> Step:
    step = Step(
        start=t.required("start", DATE),
        times=t.array("times", TIME),
        doses=t.array("doses", NUMBER),
        extra=t.extra(),
    )
    times, doses = t.key_path("times"), t.key_path("doses")
    if t.reader.covers(times):
        # Wrong times were replaced by stand-ins: their count proves nothing, but
        # each amount can still be checked.
        t.reader.cover(doses, below=False)
    return step


def _plan_record(t: _Table) -> PlanRecord:
    replaced_at = t.required("replaced_at", DATETIME)
    return PlanRecord(replaced_at=replaced_at, plan=_plan(t))


def _dose(t: _Table) -> DoseEntry:
    return DoseEntry(**t.values(_DOSE), extra=t.extra())


def _checkin(t: _Table) -> Checkin:
    return Checkin(
        **t.values(_CHECKIN_SCORES),
        symptoms=t.array("symptoms", STRING),
        coping=t.array("coping", STRING),
        notes=t.optional("notes", STRING, ""),
        extra=t.extra(),
    )


def _breathing(t: _Table) -> BreathingSession:
    return BreathingSession(**t.values(_BREATHING), extra=t.extra())


def _contact(t: _Table) -> Contact:
    return Contact(**t.values(_CONTACT), extra=t.extra())
