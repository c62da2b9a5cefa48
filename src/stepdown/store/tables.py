"""Journal to schema 1 tables (the dicts tomli_w writes), in the order of DESIGN.md.

The way back from document.py, derived from the same descriptions
(store/records/description.py): each record is one table, its keys in file order, with
the keys it did not know (`extra`) after its own; None values are left out, since TOML
has no null, and so are empty arrays of tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from stepdown.domain.journal import Journal
from stepdown.store.records.description import JOURNAL, Field, Record

TABLES = tuple(field.name for field in JOURNAL.file_order if field.shape == "table")
"""The top-level tables, each holding one record."""
ARRAYS = tuple(field.name for field in JOURNAL.file_order if field.shape == "tables")
"""The top-level arrays of tables, one record in each entry, in file order."""
_OWN_KEYS = tuple(field.name for field in JOURNAL.file_order if field.shape == "value")

Write = Callable[[Any], Any]
"""A field's value as the table holds it; None leaves the key out."""


def journal_records(journal: Journal) -> Iterator[tuple[str, Any]]:
    """Each record of `journal` in file order, with the top-level key it is written under.

    The settings and the plan are tables of their own (see TABLES); every other record
    is one entry of an array of tables (see ARRAYS).
    """
    for name in TABLES:
        record = getattr(journal, name)
        if record is not None:
            yield name, record
    for name in ARRAYS:
        for record in getattr(journal, name):
            yield name, record


def record_table(name: str, record: Any) -> dict[str, Any]:
    """The table that `record`, written under the top-level key `name`, is in the document.

    Raises:
        ValueError: a date-time or time carries a time zone, or an amount is not finite.
    """
    return _WRITERS[name](record)


def journal_keys(journal: Journal) -> dict[str, Any]:
    """The journal's own top-level keys: `schema`, then the unknown ones it kept.

    An unknown key is never written under a name schema 1 gives a meaning to.
    """
    own = {name: getattr(journal, name) for name in _OWN_KEYS}
    own.update((key, value) for key, value in journal.extra.items() if key not in JOURNAL.keys)
    return own


def _writer(record: Record) -> Callable[[Any], dict[str, Any]]:
    """How a record of `record`'s type is written as a table."""
    fields = [(field.name, field.shape == "inline", _write(field)) for field in record.file_order]
    keys, has_extra = record.keys, record.has_extra

    def write(held: Any) -> dict[str, Any]:
        table: dict[str, Any] = {}
        for name, inline, how in fields:
            value = getattr(held, name)
            if value is None:
                continue
            if how is not None:
                value = how(value)
                if inline:
                    table.update(value)
                    continue
                if value is None:
                    continue
            table[name] = value
        if has_extra and held.extra:
            table.update((key, value) for key, value in held.extra.items() if key not in keys)
        return table

    return write


def _write(field: Field) -> Write | None:
    """How `field`'s value is written; None: as it is."""
    if field.shape == "value":
        assert field.kind is not None
        return field.kind.write
    if field.shape == "array":
        assert field.kind is not None
        item = field.kind.write
        return list if item is None else lambda values: [item(value) for value in values]
    assert field.record is not None
    inner = _writer(field.record)
    if field.shape == "tables":
        return lambda records: [inner(each) for each in records] or None
    return inner


_WRITERS: dict[str, Callable[[Any], dict[str, Any]]] = {
    field.name: _writer(field.record) for field in JOURNAL.file_order if field.record is not None
}
