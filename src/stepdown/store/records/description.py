"""Each record of the journal described once, from its domain dataclass.

The dataclasses of domain/journal.py are the description: a field's name is its key in
the file, its type says its kind (kinds.py) and its shape, and a field without a
default is required. What a dataclass cannot say is in the small table below
(`_FILE_ORDER`, `_INLINE`). From a Record, store/document.py reads a file's tables,
store/tables.py writes them, and store/rows.py makes and checks the cache's rows.

The shapes a field takes, from its type:
- `value`: one TOML value (`str`, `int`, `float`, `bool`, `date`, `time`, `datetime`,
  a `Literal` of strings), left out of the file when None;
- `array`: an inline array of values (`tuple[time, ...]`), written even when empty;
- `table`: a record as a table of its own (`Settings`, `Plan | None`);
- `tables`: records as an array of tables (`tuple[Step, ...]`), left out when empty;
- `inline`: a record whose keys sit in its holder's own table (see `_INLINE`);
- `extra`: the keys a record did not know, kept as read and written after its own.

Type hints are resolved once, at import; nothing here runs per record.
"""

from __future__ import annotations

import dataclasses
import sys
import types
from typing import Any, Literal, Union

from stepdown.domain.journal import DoseEntry, Journal, PlanRecord
from stepdown.store.records.kinds import KINDS, Kind, choice

Shape = Literal["value", "array", "table", "tables", "inline", "extra"]

REQUIRED: Any = object()
"""The default of a field that must be there."""

_FILE_ORDER: dict[type, tuple[str, ...]] = {
    DoseEntry: ("date", "slot", "status", "taken_at", "amount", "note"),
}
"""The first keys of a record in the file, where they are not in its fields' order (a
dose's slot was put beside its date in the file, and its row keeps the fields' order);
the fields not named here follow, in their order."""

_INLINE: frozenset[tuple[type, str]] = frozenset({(PlanRecord, "plan")})
"""Record fields whose keys sit in their holder's own table: a `[[plan_history]]`
entry is the plan's table with `replaced_at` before its keys."""


# Plain classes, not dataclasses: they are made at every start, before the first frame,
# and a dataclass costs most of a millisecond to define.
class Field:
    """One field of a record: its name (also its key in the file) and what it holds."""

    __slots__ = ("default", "kind", "name", "optional", "record", "shape")

    def __init__(
        self,
        name: str,
        shape: Shape,
        kind: Kind | None,
        record: Record | None,
        optional: bool,
        default: Any,
    ) -> None:
        self.name = name
        self.shape = shape
        self.kind = kind
        """What a value, or each item of an array, must be; None for the other shapes."""
        self.record = record
        """The record a table, tables or inline field holds; None for the other shapes."""
        self.optional = optional
        """Whether it may be None: absent from the file."""
        self.default = default
        """Its value when the file does not have it, or REQUIRED."""

    def __repr__(self) -> str:
        return f"Field({self.name!r}, {self.shape!r})"


class Record:
    """A record type: its fields in the dataclass's order (a cache row's) and in the
    file's."""

    __slots__ = ("fields", "file_order", "has_extra", "keys", "type")

    def __init__(
        self,
        cls: type,
        fields: tuple[Field, ...],
        file_order: tuple[Field, ...],
        has_extra: bool,
        keys: frozenset[str],
    ) -> None:
        self.type = cls
        self.fields = fields
        """Every field, in the dataclass's order: the order of a row."""
        self.file_order = file_order
        """Every field but `extra`, in the order of the keys in the file."""
        self.has_extra = has_extra
        self.keys = keys
        """The keys of the record's own table: an unknown key never takes one of them."""

    def field(self, name: str) -> Field:
        """The field called `name`."""
        return next(field for field in self.fields if field.name == name)

    def __repr__(self) -> str:
        return f"Record({self.type.__name__})"


_DESCRIBED: dict[type, Record] = {}


def describe(cls: type) -> Record:
    """The description of the record dataclass `cls`, made once."""
    record = _DESCRIBED.get(cls)
    if record is None:
        record = _DESCRIBED[cls] = _describe(cls)
    return record


def _describe(cls: type) -> Record:
    fields = tuple(_field(cls, each, _hint(cls, each)) for each in dataclasses.fields(cls))
    by_name = {field.name: field for field in fields}
    own = [name for name in by_name if name != "extra"]
    first = _FILE_ORDER.get(cls, ())
    if len(set(first)) != len(first) or not set(first) <= set(own):
        raise TypeError(f"the file order of {cls.__name__} names a field twice, or no field")
    order = (*first, *(name for name in own if name not in first))
    return Record(
        cls=cls,
        fields=fields,
        file_order=tuple(by_name[name] for name in order),
        has_extra="extra" in by_name,
        keys=frozenset(name for name in order if by_name[name].shape != "inline"),
    )


_HINTS: dict[tuple[str, str], Any] = {}


def _hint(cls: type, field: dataclasses.Field[Any]) -> Any:
    """The type `field` of `cls` is annotated with, resolved in its module.

    As typing.get_type_hints resolves it, but each annotation's text once for all the
    records, and all of a record's new ones in one eval (a fifth of the time, before
    the first frame).
    """
    if not isinstance(field.type, str):
        return field.type
    module = cls.__module__
    if (module, field.type) not in _HINTS:
        texts = {each.type for each in dataclasses.fields(cls) if isinstance(each.type, str)}
        new = [text for text in texts if (module, text) not in _HINTS]
        values = eval("(" + "".join(text + "," for text in new) + ")", vars(sys.modules[module]))
        _HINTS.update(zip(((module, text) for text in new), values, strict=True))
    return _HINTS[(module, field.type)]


def _field(cls: type, field: dataclasses.Field[Any], hint: Any) -> Field:
    """A field described from its dataclass field and its resolved type `hint`."""
    default = _default(field)
    if field.name == "extra":
        return Field(field.name, "extra", None, None, False, default)
    # Attribute and type tests rather than typing.get_origin, which is slow enough to
    # show before the first frame.
    union = type(hint) is types.UnionType or getattr(hint, "__origin__", None) is Union
    optional = union and type(None) in hint.__args__
    if optional:
        (hint,) = (arg for arg in hint.__args__ if arg is not type(None))
    origin = getattr(hint, "__origin__", None)
    if origin is tuple:
        item, more = hint.__args__
        if more is not Ellipsis:
            raise TypeError(f"{cls.__name__}.{field.name}: only tuple[X, ...] is described")
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            return Field(field.name, "tables", None, describe(item), optional, default)
        return Field(field.name, "array", _kind(cls, field, item), None, optional, default)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        shape: Shape = "inline" if (cls, field.name) in _INLINE else "table"
        return Field(field.name, shape, None, describe(hint), optional, default)
    return Field(field.name, "value", _kind(cls, field, hint), None, optional, default)


def _kind(cls: type, field: dataclasses.Field[Any], hint: Any) -> Kind:
    if getattr(hint, "__origin__", None) is Literal:
        return choice(hint.__args__)
    kind = KINDS.get(hint)
    if kind is None:
        raise TypeError(f"{cls.__name__}.{field.name}: no kind of value for {hint!r}")
    return kind


def _default(field: dataclasses.Field[Any]) -> Any:
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        # One value made at import serves every record read without the key: the
        # factories make frozen values, but for `extra`'s {}, which is never handed out
        # (a record's unknown keys are always read from its table).
        return field.default_factory()
    return REQUIRED


JOURNAL = describe(Journal)
"""The whole file: its own keys, then its tables and arrays of tables."""
