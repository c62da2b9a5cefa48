"""What each kind of value a record holds is, in the data file and in the cache's rows.

One Kind per Python type a record's field holds (str, bool, int, float, date, time,
datetime, and the choices of a Literal) says all three ways the value travels:
- reading the file (store/document.py): its name in messages, the test a TOML value
  must pass, the stand-in kept for a wrong one, and how it is converted (text cleaned);
- writing the file (store/tables.py): the check before it is written (times local,
  amounts finite);
- the cache (store/rows.py): how it goes into a row marshal keeps, and the strict check
  it passes coming back (a row is input: a crafted cache must not get past it).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any, NoReturn

from stepdown.domain.rules import clean_text


class BadRow(ValueError):
    """A row that no journal which passed the file's checks could have made."""


def bad(what: str) -> NoReturn:
    """Refuse a row: raise BadRow saying `what` is wrong with it."""
    raise BadRow(what)


class Kind:
    """What a field must hold, in the file and in a cache row.

    A plain class, not a dataclass: it is defined at every start, before the first
    frame, and a dataclass costs most of a millisecond to define.
    """

    __slots__ = (
        "accepts",
        "convert",
        "fallback",
        "name",
        "plain",
        "plural",
        "put",
        "quoted_hint",
        "take",
        "write",
    )

    def __init__(
        self,
        name: str,
        accepts: Callable[[object], bool],
        fallback: Any,
        take: Callable[[Any], Any],
        *,
        convert: Callable[[Any], Any] | None = None,
        plain: type | None = None,
        quoted_hint: bool = False,
        plural: str = "",
        write: Callable[[Any], Any] | None = None,
        put: Callable[[Any], Any] | None = None,
    ) -> None:
        self.name = name
        """How messages name it: "must be {name}"."""
        self.accepts = accepts
        """Whether a value tomllib read is one of this kind."""
        self.fallback = fallback
        """What stands in for a wrong value, so that reading a file can go on and find
        its other problems; a journal holding one is never returned."""
        self.take = take
        """A row's value back as the record holds it, checked; raises BadRow."""
        self.convert = convert
        """What a value read from the file becomes; None: kept as it is."""
        self.plain = plain
        """A value of exactly this type passes without calling `accepts`: a large
        load's quick test."""
        self.quoted_hint = quoted_hint
        """A string for it gets "write it without quotes" in its message."""
        self.plural = plural or name
        """How an array's message names its items."""
        self.write = write
        """The check (and conversion) before a value is written; None: as it is."""
        self.put = put
        """The value as a row holds it; None: as it is (marshal keeps it)."""

    def __repr__(self) -> str:
        return f"Kind({self.name!r})"


# Each checker takes a value as marshal gave it and returns what the record holds, or
# raises: `type(x) is` because marshal keeps types exactly, and a subclass (bool for
# int) is a value the file's checks would have refused.
def take_str(value: Any) -> str:
    """Text the user typed, without control characters, as the file's STRING."""
    if type(value) is not str:
        bad("not a string")
    # Most texts hold nothing clean_text strips; every character it strips (controls,
    # bidirectional formatting) is one isprintable() rejects, so the quick test is safe.
    return value if value.isprintable() else clean_text(value)


def _take_int(value: Any) -> int:
    if type(value) is not int:
        bad("not a whole number")
    return value


def _take_float(value: Any) -> float:
    if type(value) is not float or not math.isfinite(value):
        bad("not a finite number")
    return value


def _take_bool(value: Any) -> bool:
    if type(value) is not bool:
        bad("not true or false")
    return value


def take_date(text: Any) -> date:
    """The date a row holds as text, in the one form isoformat() writes."""
    # Only YYYY-MM-DD (date.fromisoformat also takes 20261125 and 2026-W48-3): rows
    # are compared as text (rows.RowsJournal), which sorts as dates do only in that
    # form. Tested by its shape: isoformat() again costs more.
    if type(text) is not str or len(text) != 10 or text[4] != "-" or text[7] != "-":
        bad(f"{text!r} is not a date as Stepdown writes it")
    return date.fromisoformat(text)


def _take_time(text: Any) -> time:
    if type(text) is not str:
        bad("a time is text")
    at = time.fromisoformat(text)
    if at.tzinfo is not None:
        bad(f"{text!r} has an offset")
    return at


def _take_datetime(text: Any) -> datetime:
    # Its date part as take_date's: it is compared as text too.
    if type(text) is not str or len(text) < 19 or text[4] != "-" or text[7] != "-":
        bad(f"{text!r} is not a date-time as Stepdown writes it")
    at = datetime.fromisoformat(text)
    if at.tzinfo is not None or text[10] != "T":
        bad(f"{text!r} is not a local date-time as Stepdown writes it")
    return at


def _local(value: Any) -> Any:
    """`value` (a datetime or time), refused if it carries a time zone."""
    if value.tzinfo is not None:
        raise ValueError(f"{value.isoformat()} has a time zone; the journal holds local times")
    return value


def _finite(value: float) -> float:
    """`value` as a float, refused if it is NaN or infinite.

    An unknown key may hold either (TOML has them), but an amount or a phase length that
    is not a number would be written only to be refused when the file is next opened.
    """
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(
            f"the journal cannot be written as TOML: {number} is not a real amount or length"
        )
    return number


def _is_number(value: object) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    # A TOML integer has no size limit, a float does.
    return abs(value) <= 2**1023


STRING = Kind(
    "a string",
    lambda v: isinstance(v, str),
    "",
    take_str,
    convert=clean_text,
    plain=str,
    plural="strings",
)
BOOL = Kind("true or false", lambda v: isinstance(v, bool), False, _take_bool, plain=bool)
INT = Kind(
    "a whole number",
    lambda v: isinstance(v, int) and not isinstance(v, bool),
    0,
    _take_int,
    plain=int,
)
NUMBER = Kind(
    "a number",
    _is_number,
    0.0,
    _take_float,
    convert=float,
    plain=float,
    plural="numbers",
    write=_finite,
)
DATE = Kind(
    "a date (like 2026-11-25)",
    lambda v: isinstance(v, date) and not isinstance(v, datetime),
    date(1, 1, 1),
    take_date,
    plain=date,
    quoted_hint=True,
    put=date.isoformat,
)
TIME = Kind(
    "a time (like 08:00:00)",
    lambda v: isinstance(v, time) and v.tzinfo is None,
    time(0, 0),
    _take_time,
    quoted_hint=True,
    plural="times (like 08:00:00)",
    write=_local,
    put=time.isoformat,
)
DATETIME = Kind(
    "a local date-time (like 2026-11-25T08:05:00, no offset)",
    lambda v: isinstance(v, datetime) and v.tzinfo is None,
    datetime(1, 1, 1),
    _take_datetime,
    quoted_hint=True,
    write=_local,
    put=datetime.isoformat,
)

KINDS: dict[object, Kind] = {
    str: STRING,
    bool: BOOL,
    int: INT,
    float: NUMBER,
    date: DATE,
    time: TIME,
    datetime: DATETIME,
}
"""The kind of each type a record's field may hold, but a Literal's (see `choice`)."""


def describe_value(value: object) -> str:
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


def choice(values: tuple[str, ...]) -> Kind:
    """The kind of a Literal of `values`: a string in the file, whose value the domain's
    rules check (with their message); in a row, one of `values` exactly."""

    def take(value: Any) -> str:
        if type(value) is not str or value not in values:
            bad(f"not one of {values}")
        return value

    return Kind(
        STRING.name,
        STRING.accepts,
        STRING.fallback,
        take,
        convert=STRING.convert,
        plain=str,
        plural=STRING.plural,
    )
