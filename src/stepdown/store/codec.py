"""The data file's text and the Journal: decode with every error located, encode checked.

`decode` turns the file's bytes into a Journal or raises InvalidJournal listing every
problem, each with its key path and, where it can be found, its line. `encode` writes
the text and proves it reads back as meant before anyone saves it.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

import tomli_w

from stepdown.domain.journal import SCHEMA, Journal
from stepdown.store.document import read_document, to_document
from stepdown.store.locate import key_lines, line_of

__all__ = [
    "FileError",
    "InvalidJournal",
    "decode",
    "encode",
    "from_document",
    "to_document",
]

HEADER = (
    "# Stepdown journal (schema {schema}). Stepdown rewrites this file when you use it and "
    "does not keep comments; after editing by hand, run `stepdown check`.\n"
)

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR_ARRAY = re.compile(r"\[\n((?:    (?! )[^\n]*,\n)+)\]$", re.MULTILINE)
_SECTION_HEADER = re.compile(r"^\[s\d+\]\n", re.MULTILINE)
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")


@dataclass(frozen=True)
class FileError:
    """One thing wrong with a data file."""

    message: str
    path: str | None = None
    """The key path, e.g. `doses[3].amount`."""
    line: int | None = None
    """1-based, where it can be found."""
    column: int | None = None
    """1-based, for syntax and encoding errors."""

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
            if self.column is not None:
                where.append(f"column {self.column}")
        if self.path:
            where.append(self.path)
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InvalidJournal(Exception):
    """The file does not parse or does not validate; `errors` lists every problem."""

    def __init__(self, errors: Iterable[FileError]) -> None:
        self.errors: tuple[FileError, ...] = tuple(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def decode(data: bytes) -> Journal:
    """The journal in `data` (the file's bytes), or InvalidJournal with ALL errors."""
    text = _text(data)
    if not text.strip():
        raise InvalidJournal(
            [FileError(f"the file is empty; a Stepdown journal starts with `schema = {SCHEMA}`")]
        )
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidJournal([_syntax_error(error, text)]) from None
    except RecursionError:
        raise InvalidJournal([FileError("not valid TOML: nested too deeply")]) from None
    journal, problems = read_document(document)
    if problems:
        lines = key_lines(text)
        errors = [FileError(p.message, p.path, line_of(lines, p.path)) for p in problems]
        errors.sort(key=lambda error: error.line if error.line is not None else float("inf"))
        if journal.schema > SCHEMA:
            errors.append(_newer_schema(journal.schema))
        raise InvalidJournal(errors)
    return journal


def encode(journal: Journal) -> str:
    """The file text for `journal`: a comment line saying what the file is, then TOML.

    Raises:
        ValueError: the journal holds a value TOML cannot hold (NaN, a time zone on a
            local time, text that is not Unicode...): the text would not read back as
            the same journal.
    """
    document = to_document(journal)
    try:
        text = HEADER.format(schema=journal.schema) + _toml(document)
        text.encode("utf-8")
        read = tomllib.loads(text)
    except (TypeError, UnicodeError, tomllib.TOMLDecodeError) as error:
        raise ValueError(f"the journal cannot be written as TOML: {error}") from error
    # == is enough once to_document has made amounts floats and refused time zones;
    # NaN, the value TOML holds but cannot compare, makes it false.
    if read != document:
        difference = _difference(read, document, "") or "it does not read back the same"
        raise ValueError(f"the journal cannot be written as TOML: {difference}")
    return text


def _toml(document: dict[str, Any]) -> str:
    """The TOML text of `document`, written by tomli_w.dumps in DESIGN.md's layout.

    tomli_w would write a short array of tables as one inline array, moved before
    every table; the file keeps each entry as its own `[[doses]]` section instead, in
    order. So the document is cut into sections, tomli_w writes each section's plain
    keys in one call (as tables named `s0`, `s1`... whose headers are then replaced by
    the real ones), and arrays of plain values are put on one line.
    """
    headers: list[str] = []
    bodies: dict[str, dict[str, Any]] = {}
    for header, literals in _sections(document, "", ""):
        headers.append(header)
        bodies[f"s{len(bodies)}"] = literals
    written = _SCALAR_ARRAY.sub(_one_line, tomli_w.dumps(bodies))
    chunks = _SECTION_HEADER.split(written)[1:]
    return "\n".join(
        (header + chunk).rstrip("\n") + "\n" for header, chunk in zip(headers, chunks, strict=True)
    )


def _sections(
    table: dict[str, Any], header: str, name: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each table in `table` (itself included) in file order: its header and plain keys."""
    yield (
        header,
        {
            key: value
            for key, value in table.items()
            if not isinstance(value, dict) and not _is_tables(value)
        },
    )
    for key, value in table.items():
        if isinstance(value, dict):
            inner = f"{name}.{_key(key)}" if name else _key(key)
            yield from _sections(value, f"[{inner}]\n", inner)
        elif _is_tables(value):
            inner = f"{name}.{_key(key)}" if name else _key(key)
            for item in value:
                yield from _sections(item, f"[[{inner}]]\n", inner)


def _is_tables(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _key(key: str) -> str:
    if _BARE_KEY.fullmatch(key):
        return key
    return tomli_w.dumps({key: 0}).removesuffix(" = 0\n")


def _one_line(match: re.Match[str]) -> str:
    items = match[1].removesuffix("\n").split("\n")
    return "[" + ", ".join(item[4:-1] for item in items) + "]"


def from_document(document: Mapping[str, Any]) -> Journal:
    """The journal a parsed TOML document describes; InvalidJournal (without lines) if wrong."""
    journal, problems = read_document(document)
    if problems:
        raise InvalidJournal(FileError(problem.message, problem.path) for problem in problems)
    return journal


def _text(data: bytes) -> str:
    """`data` as text, without a byte-order mark; InvalidJournal where it is not UTF-8."""
    skipped = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skipped:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = skipped + error.start
        line_start = data.rfind(b"\n", 0, offset) + 1
        column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
        raise InvalidJournal(
            [
                FileError(
                    f"the file is not UTF-8 text: byte 0x{data[offset]:02x} at byte offset "
                    f"{offset} cannot be read; is this the journal? Save it as UTF-8.",
                    line=data.count(b"\n", 0, offset) + 1,
                    column=column,
                )
            ]
        ) from None
    if (nul := text.find("\x00")) >= 0:
        line_start = text.rfind("\n", 0, nul) + 1
        raise InvalidJournal(
            [
                FileError(
                    "the file holds a NUL character, so it is not a text file; "
                    "is this the journal?",
                    line=text.count("\n", 0, nul) + 1,
                    column=nul - line_start + 1,
                )
            ]
        )
    return text


def _syntax_error(error: tomllib.TOMLDecodeError, text: str) -> FileError:
    """The FileError for a TOML syntax error, with tomllib's line and column."""
    message = str(error.args[0]) if error.args else str(error)
    line: int | None = getattr(error, "lineno", None)
    column: int | None = getattr(error, "colno", None)
    message = getattr(error, "msg", message)
    if match := _TOML_POSITION.search(message):
        line, column = int(match[1]), int(match[2])
        message = message[: match.start()]
    elif _TOML_END.search(message):
        message = _TOML_END.sub("", message)
        line = text.count("\n") + 1
    return FileError(f"not valid TOML: {message}", line=line, column=column)


def _newer_schema(schema: int) -> FileError:
    return FileError(
        f"the file is schema {schema}, newer than this Stepdown knows ({SCHEMA}); "
        "update Stepdown to open it",
        path="schema",
    )


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
    same = type(read) is type(meant) and read == meant
    if same and isinstance(meant, datetime | time):
        same = read.utcoffset() == meant.utcoffset()
    return None if same else f"{path} = {meant!r} reads back as {read!r}"
