"""The small records Stepdown keeps about a journal in the user state folder.

Three commands remember something between runs that is not part of the journal: what
the last calendar export sent (calendar_record.py), the reminders sent and snoozed
(reminder_record.py), and the last record a shell command made, for `stepdown undo`
(undo_record.py). Each is one JSON object, `{"format": N, "journal": REAL PATH, ...}`,
at `user_state_dir("stepdown")/<key>.<kind>.json`, the key made from the journal's real
path (store/paths.py), beside the lock files, in a folder made 0700 and checked to be
this user's. Not beside the journal, whose folder may be shared or synced.

A record is input: opened only as a regular file of this user's (O_NOFOLLOW,
O_NONBLOCK: never a symlink's target, never a FIFO), up to the size its kind allows,
and every part checked: its keys exactly, its format, the journal it names, then the
kind's own fields (`parse`). One that fails any check (damaged, another format,
another journal's, a symlink, another user's) is ignored as a whole and logged. It is
written atomically (store/files.py), so a crash leaves the old record or the new one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from stepdown.store.files import read_own_file, write_file
from stepdown.store.log import log_swallowed
from stepdown.store.paths import (
    FolderNotPrivate,
    folder_problem,
    journal_key,
    private_folder,
    state_folder,
)

T = TypeVar("T")


class StateRecordKind:
    """One kind of record: its file's suffix, format number, keys and size limit."""

    def __init__(self, name: str, fmt: int, fields: tuple[str, ...], max_size: int) -> None:
        """`name` ends the file's name (`<key>.<name>.json`) and names the record in the
        log; `fields` are its keys beside "format" and "journal"."""
        self.name = name
        self.format = fmt
        self.keys = frozenset(("format", "journal", *fields))
        self.max_size = max_size

    def path(self, journal: Path) -> Path:
        """Where the record of `journal` (any path to it: it is resolved) is kept."""
        return state_folder() / f"{journal_key(journal)}.{self.name}.json"

    def load(self, journal: Path, parse: Callable[[dict[str, Any]], T | None]) -> T | None:
        """The record of `journal`, read by `parse` from its checked JSON object; None
        when there is none or it cannot be trusted (see the module's docstring). `parse`
        says None, or raises ValueError, for fields it does not accept. Never raises."""
        try:
            if folder_problem(state_folder()) is not None:
                return None
            read = read_own_file(self.path(journal), self.max_size)
            if read is None:
                return None
            document = json.loads(read[0])
            if not self._whole(document, journal):
                raise ValueError("the record is not one this Stepdown wrote for this journal")
            record = parse(document)
            if record is None:
                raise ValueError("the record's fields do not pass their checks")
            return record
        except Exception:
            # A record is never a reason to fail: its command does without it.
            log_swallowed("The %s record of %s could not be read", self.name, journal)
            return None

    def save(self, journal: Path, fields: Mapping[str, object]) -> None:
        """Keep `fields` as the record of `journal`, atomically.

        Raises OSError (its message says why) when it cannot be written; the old record
        is then untouched.
        """
        try:
            folder = private_folder(state_folder())
        except FolderNotPrivate as error:
            raise OSError(str(error)) from error  # no errno: plain_reason gives its words
        document = {"format": self.format, "journal": _real(journal), **fields}
        data = json.dumps(document, separators=(",", ":")).encode()
        write_file(folder / self.path(journal).name, data)

    def _whole(self, document: Any, journal: Path) -> bool:
        return (
            type(document) is dict
            and set(document) == self.keys
            and type(document["format"]) is int
            and document["format"] == self.format
            and document["journal"] == _real(journal)
        )


def _real(journal: Path) -> str:
    return os.fsdecode(os.path.realpath(journal))
