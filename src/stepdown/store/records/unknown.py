"""The keys a record did not know (`extra`), in a cache row and back, checked.

Unknown keys hold any TOML value; marshal keeps all of them but dates and times, which
go into a row as tagged tuples (TOML has no tuples: its arrays are lists, so a tuple
is always a tag). Coming back, they are checked to be what tomllib could have read.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from stepdown.store.records.kinds import bad as _bad
from stepdown.store.records.kinds import take_date as _date

MAX_DEPTH = 32
"""How deep the tables and arrays of an unknown key may nest (DESIGN.md's limit)."""

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


def take_extra(row: Any) -> Any:
    """The unknown keys a row holds (None: none), checked as `untag` does."""
    if row is None:
        return {}
    if type(row) is not dict:
        _bad("unknown keys are a table")
    return untag(row)


def put_extra(extra: Mapping[str, Any]) -> Any:
    """A record's unknown keys as a row holds them: None when there are none."""
    return tag(dict(extra)) if extra else None
