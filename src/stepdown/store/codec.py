"""The data file's text and the Journal: decode with every error located, encode checked.

`decode` turns the file's bytes into a Journal or raises InvalidJournal listing every
problem, each with its key path and, where it can be found, its line. `encode` writes
the text and proves it reads back as meant before anyone saves it (see encoder.py).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stepdown.domain.journal import SCHEMA, Journal

if TYPE_CHECKING:
    import tomllib

__all__ = [
    "FileError",
    "InvalidJournal",
    "decode",
    "encode",
]

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")
_LONG_NUMBER = re.compile(r"[0-9_]{4000,}")


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
    # Imported here, not at the top: opening Stepdown from the cache parses no TOML,
    # reads no document and locates no error, and the first frame waits for imports.
    import tomllib

    from stepdown.store.document import read_document
    from stepdown.store.locate import key_lines, line_of
    from stepdown.store.nesting import LIMIT, too_deep

    text = _text(data)
    if not text.strip():
        raise InvalidJournal(
            [FileError(f"the file is empty; a Stepdown journal starts with `schema = {SCHEMA}`")]
        )
    # Before tomllib, which reads nesting by recursion: deep enough, it takes minutes,
    # and whatever reads its result after it would crash.
    if (line := too_deep(data, text)) is not None:
        raise InvalidJournal([FileError(f"nested more than {LIMIT} deep", line=line)])
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidJournal([_syntax_error(error, text)]) from None
    except RecursionError:
        raise InvalidJournal([FileError("not valid TOML: nested too deeply")]) from None
    except ValueError:
        # Python refuses to read a whole number of more than 4,300 digits.
        raise InvalidJournal([_too_long_number(text)]) from None
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
    from stepdown.store.encoder import Encoder  # see decode

    return Encoder().encode(journal)


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


def _too_long_number(text: str) -> FileError:
    """The FileError for a number tomllib could not turn into a Python int."""
    match = _LONG_NUMBER.search(text)
    line = None if match is None else text.count("\n", 0, match.start()) + 1
    return FileError("not valid TOML: a number has more than 4,300 digits", line=line)


def _newer_schema(schema: int) -> FileError:
    return FileError(
        f"the file is schema {schema}, newer than this Stepdown knows ({SCHEMA}); "
        "update Stepdown to open it",
        path="schema",
    )
