"""The file's text for a Journal, each record's TOML proved once and then reused.

The rule of every save: each byte written has been parsed back by tomllib and
compared with what was meant. Doing that for the whole file at every save costs a
full TOML parse, which grows with the years of use, so the Encoder does it per
record: records are frozen and shared between successive journals, and a save that
changes one dose writes and proves one chunk.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

import tomli_w

from stepdown.domain.journal import Journal
from stepdown.store.tables import TABLES, journal_keys, journal_records, record_table

HEADER = (
    "# Stepdown journal (schema {schema}). Stepdown rewrites this file when you use it and "
    "does not keep comments; after editing by hand, run `stepdown check`.\n"
)

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR_ARRAY = re.compile(r"\[\n((?:    (?! )[^\n]*,\n)+)\]$", re.MULTILINE)
_SECTION_HEADER = re.compile(r"^\[s\d+\]\n", re.MULTILINE)


@dataclass(frozen=True)
class _Chunk:
    """One record's TOML text, proved to read back as the record's table."""

    record: object
    """Held, so that no other object can take its id while the chunk is cached."""
    text: str


class Encoder:
    """Writes journals as file text, proving each record's TOML once and reusing it.

    Each record's chunk (a `[[doses]]` entry, the `[settings]`, ...) is written by
    tomli_w, parsed back on its own by tomllib, compared with the record's table, and
    cached by the record's identity. The text is the comment line with the journal's
    own keys, then the chunks in file order, then the journal's unknown tables, each
    part proved the same way. Together they read back as the whole document, because
    every part after the first starts with a table header (so no key lands in the
    table before it), a record's chunk reads back as exactly one record (so each of
    its headers names that record, and an entry's sub-tables belong to the entry its
    own `[[...]]` header opened), and the journal's own keys never take a record's
    name.

    The cache holds the chunks of the last journal encoded and nothing else. Not
    thread-safe: one Encoder serves one store, under its lock.
    """

    def __init__(self) -> None:
        self._chunks: dict[tuple[str, int], _Chunk] = {}
        self._primed: tuple[Journal, bytes, tuple[int, ...]] | None = None
        self.spans: tuple[int, ...] = ()
        """The length of each part of the last text, in order: the comment line with the
        journal's own keys, each record's chunk, then the unknown tables if any."""

    def encode(self, journal: Journal) -> str:
        """The file text for `journal`: a comment line saying what the file is, then TOML.

        Raises:
            ValueError: the journal holds a value TOML cannot hold (NaN, a time zone on
                a local time, text that is not Unicode...): the text would not read
                back as the same journal.
        """
        if self._primed is not None:
            self._chunks = self._take_primed() | self._chunks
        cached = self._chunks
        chunks: dict[tuple[str, int], _Chunk] = {}
        texts: list[str] = []
        counts: dict[str, int] = {}
        for name, record in journal_records(journal):
            index = counts[name] = counts.get(name, -1) + 1
            key = (name, id(record))
            chunk = chunks.get(key) or cached.get(key)
            if chunk is None or chunk.record is not record:
                chunk = self._chunk(name, record, index)
            chunks[key] = chunk
            texts.append(chunk.text)
        own = journal_keys(journal)
        tables = {key: value for key, value in own.items() if _is_table(value)}
        plain = {key: value for key, value in own.items() if key not in tables}
        pieces = [_prove([("", plain)], plain, prefix=HEADER.format(schema=journal.schema))]
        pieces += texts
        if tables:
            # Every section of the unknown tables has a header: the first one that
            # `_sections` gives, the plain keys of `tables`, is empty and left out.
            pieces.append(_prove(list(_sections(tables, "", ""))[1:], tables))
        self._chunks = chunks
        self.spans = tuple(len(piece) for piece in pieces)
        return "\n".join(pieces)

    def prime(self, journal: Journal, data: bytes, spans: Sequence[int]) -> None:
        """Reuse the chunks of `data`, the file an Encoder wrote for `journal`.

        `spans` were the writing Encoder's. The next encode cuts `data` into its
        chunks, one per record of `journal`, each proved when it was written; if the
        spans do not fit `data` and `journal`, every chunk is written afresh.
        The caller vouches that `data` is what an Encoder wrote for `journal` (the
        cache does: it holds both under the digest of `data`'s exact bytes).
        """
        self._primed = (journal, data, tuple(spans))

    def _take_primed(self) -> dict[tuple[str, int], _Chunk]:
        """The chunks of the primed file, by record; none if the spans do not fit it."""
        assert self._primed is not None
        journal, data, spans = self._primed
        self._primed = None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return {}
        records = list(journal_records(journal))
        if len(spans) - len(records) not in (1, 2) or sum(spans) + len(spans) - 1 != len(text):
            return {}
        chunks: dict[tuple[str, int], _Chunk] = {}
        start = spans[0] + 1
        for (name, record), length in zip(records, spans[1:], strict=False):
            chunk_text = text[start : start + length]
            start += length + 1
            if not chunk_text.startswith(_header(name)):
                return {}
            chunks[(name, id(record))] = _Chunk(record, chunk_text)
        return chunks

    def _chunk(self, name: str, record: object, index: int) -> _Chunk:
        """`record`'s chunk, written and proved; it is the `index`-th under `name`."""
        try:
            table = record_table(name, record)
        except ValueError as error:
            where = name if name in TABLES else f"{name}[{index}]"
            raise ValueError(f"{error} (in {where})") from error
        text = _prove(list(_sections(table, _header(name), name)), table, name, index)
        return _Chunk(record, text)


def _header(name: str) -> str:
    return f"[{name}]\n" if name in TABLES else f"[[{name}]]\n"


def _prove(
    sections: list[tuple[str, dict[str, Any]]],
    meant: dict[str, Any],
    name: str = "",
    index: int = 0,
    prefix: str = "",
) -> str:
    """`prefix` and the text of `sections`, proved to read back as `meant`.

    With a `name`, the text must read back as that one record and nothing else:
    `{name: meant}` for a table of TABLES, `{name: [meant]}` for an entry of an array
    of tables (the `index`-th in the file, for messages).

    Raises:
        ValueError: the text does not read back as `meant`.
    """
    # Imported here, not at the top: a store is made at every start, which must not wait
    # for the parser that only a save needs.
    import tomllib

    where = "" if not name else name if name in TABLES else f"{name}[{index}]"
    try:
        text = prefix + _toml(sections)
        text.encode("utf-8")
        read = _entry(tomllib.loads(text), name)
    except (TypeError, UnicodeError, tomllib.TOMLDecodeError) as error:
        raise ValueError(f"the journal cannot be written as TOML: {error}") from error
    if read is None:
        raise ValueError(f"the journal cannot be written as TOML: {where} reads back as more")
    # == is enough once the document has made amounts floats and refused time zones,
    # but for NaN: TOML holds it (an unknown key may), yet it is never equal to itself.
    if read != meant and _without_nan(read) != _without_nan(meant):
        difference = _difference(read, meant, where) or "it does not read back the same"
        raise ValueError(f"the journal cannot be written as TOML: {difference}")
    return text


def _entry(document: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The record `document` holds under `name`, if it holds that and nothing else.

    Without a name, the whole document.
    """
    if not name:
        return document
    if document.keys() != {name}:
        return None
    if name in TABLES:
        table: dict[str, Any] = document[name]
        return table
    entries = document[name]
    if not isinstance(entries, list) or len(entries) != 1:
        return None
    entry: dict[str, Any] = entries[0]
    return entry


def _toml(sections: list[tuple[str, dict[str, Any]]]) -> str:
    """The TOML text of `sections` (each a header and its plain keys), by tomli_w.dumps.

    tomli_w would write a short array of tables as one inline array, moved before
    every table; the file keeps each entry as its own `[[doses]]` section instead, in
    order. So tomli_w writes every section's plain keys in one call (as tables named
    `s0`, `s1`... whose headers are then replaced by the real ones), and arrays of
    plain values are put on one line. Sections are parted by a blank line.
    """
    bodies = {f"s{i}": literals for i, (_, literals) in enumerate(sections)}
    written = _SCALAR_ARRAY.sub(_one_line, tomli_w.dumps(bodies))
    chunks = _SECTION_HEADER.split(written)[1:]
    return "\n".join(
        (header + chunk).rstrip("\n") + "\n"
        for (header, _), chunk in zip(sections, chunks, strict=True)
    )


def _sections(
    table: dict[str, Any], header: str, name: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each table in `table` (itself included) in file order: its header and plain keys."""
    yield header, {key: value for key, value in table.items() if not _is_table(value)}
    for key, value in table.items():
        if isinstance(value, dict):
            inner = f"{name}.{_key(key)}" if name else _key(key)
            yield from _sections(value, f"[{inner}]\n", inner)
        elif _is_tables(value):
            inner = f"{name}.{_key(key)}" if name else _key(key)
            for item in value:
                yield from _sections(item, f"[[{inner}]]\n", inner)


def _is_table(value: object) -> bool:
    """Whether `value` is written as a section of its own rather than as a plain key."""
    return isinstance(value, dict) or _is_tables(value)


def _is_tables(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _key(key: str) -> str:
    if _BARE_KEY.fullmatch(key):
        return key
    return tomli_w.dumps({key: 0}).removesuffix(" = 0\n")


def _one_line(match: re.Match[str]) -> str:
    items = match[1].removesuffix("\n").split("\n")
    return "[" + ", ".join(item[4:-1] for item in items) + "]"


_NAN = math.nan
"""The one NaN that `_without_nan` puts in place of every NaN: containers compare their
items by identity first, so two structures holding it compare equal."""


def _without_nan(value: Any) -> Any:
    """`value` with every NaN in it replaced by `_NAN`, containers of the same types."""
    if isinstance(value, float):
        return _NAN if math.isnan(value) else value
    if isinstance(value, dict):
        return {key: _without_nan(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_without_nan(item) for item in value)
    return value


def _difference(read: Any, meant: Any, path: str) -> str | None:
    """The first place where `read` (parsed back) differs from `meant`, for a message."""
    if isinstance(meant, Mapping):
        if not isinstance(read, Mapping) or read.keys() != meant.keys():
            return f"{path or 'the document'} does not read back with the same keys"
        for key, value in meant.items():
            inner = f"{path}.{key}" if path else key
            if (found := _difference(read[key], value, inner)) is not None:
                return found
        return None
    if isinstance(meant, list | tuple):
        if not isinstance(read, list) or len(read) != len(meant):
            return f"{path} does not read back as the same array"
        for i, (read_item, meant_item) in enumerate(zip(read, meant, strict=True)):
            if (found := _difference(read_item, meant_item, f"{path}[{i}]")) is not None:
                return found
        return None
    same = type(read) is type(meant) and (
        read == meant or _without_nan(read) is _NAN is _without_nan(meant)
    )
    if same and isinstance(meant, datetime | time):
        same = read.utcoffset() == meant.utcoffset()
    return None if same else f"{path} = {meant!r} reads back as {read!r}"
