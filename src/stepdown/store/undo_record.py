"""The last record a shell command made, kept for `stepdown undo` (domain/shell_undo.py).

Where: `user_state_dir("stepdown")/<key>.undo.json`, the key made from the journal's
real path (store/paths.py), beside the lock files and the calendar record, in a folder
made 0700 and checked to be this user's. Not in the journal: it is the shell's memory
of its own last step, not part of the record of the taper.

JSON: a format number, the journal's real path, the command, and the record as the
command wrote it (`after`) and what it replaced (`before`, or null), each as the TOML
text of a journal holding that one record, so that it is read back by the same checks
as the data file (codec.decode).

The record is input: read only as a regular file of this user's (no symlink, no FIFO),
up to MAX_SIZE, and every part checked. One that fails any check (damaged, another
format, another journal's, a symlink, another user's) is ignored as a whole, as if
there were none: undo then has nothing to take back, which never takes back the wrong
record. Written atomically (store/files.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from stepdown.domain.journal import Checkin, DoseEntry, Journal
from stepdown.domain.shell_undo import CHECKIN_COMMAND, DOSE_COMMANDS, ShellRecord
from stepdown.store.codec import decode, encode
from stepdown.store.files import read_own_file, write_file
from stepdown.store.log import log_swallowed
from stepdown.store.paths import (
    FolderNotPrivate,
    folder_problem,
    journal_key,
    private_folder,
    state_folder,
)

FORMAT = 1
MAX_SIZE = 1024 * 1024
"""Far above a record's size: a check-in with the longest note a terminal sends."""


def record_path(journal: Path) -> Path:
    """Where the undo record of `journal` (any path to it: it is resolved) is kept."""
    return state_folder() / f"{journal_key(journal)}.undo.json"


def load_record(journal: Path) -> ShellRecord | None:
    """The last record a shell command made in `journal`; None when there is none or
    it cannot be trusted (see the module's docstring). Never raises."""
    try:
        if folder_problem(state_folder()) is not None:
            return None
        read = read_own_file(record_path(journal), MAX_SIZE)
        if read is None:
            return None
        return _parse(json.loads(read[0]), os.fsdecode(os.path.realpath(journal)))
    except Exception:
        # A damaged record is no reason to fail: undo then has nothing to take back.
        log_swallowed("The undo record of %s could not be read", journal)
        return None


def save_record(journal: Path, record: ShellRecord) -> None:
    """Keep `record` as the last record made from the shell in `journal`, atomically.

    Raises OSError (its message says why) when it cannot be written; the old record
    is then untouched.
    """
    try:
        folder = private_folder(state_folder())
    except FolderNotPrivate as error:
        raise OSError(str(error)) from error  # no errno: plain_reason gives its words
    document = {
        "format": FORMAT,
        "journal": os.fsdecode(os.path.realpath(journal)),
        "command": record.command,
        "after": _text(record.after),
        "before": None if record.before is None else _text(record.before),
    }
    write_file(folder / record_path(journal).name, json.dumps(document).encode())


def forget_record(journal: Path) -> None:
    """Remove the undo record of `journal`, if there is one.

    Raises OSError when it is there and cannot be removed.
    """
    record_path(journal).unlink(missing_ok=True)


def _text(record: DoseEntry | Checkin) -> str:
    """`record` as the TOML text of a journal holding it alone."""
    if isinstance(record, DoseEntry):
        return encode(Journal(doses=(record,)))
    return encode(Journal(checkins=(record,)))


def _parse(document: Any, journal: str) -> ShellRecord | None:
    """The record in the decoded JSON `document` if it is whole, of this format and for
    `journal`; None otherwise."""
    if type(document) is not dict or set(document) != {
        "format",
        "journal",
        "command",
        "after",
        "before",
    }:
        return None
    if type(document["format"]) is not int or document["format"] != FORMAT:
        return None
    if document["journal"] != journal:
        return None
    command, after, before = document["command"], document["after"], document["before"]
    if command in DOSE_COMMANDS:
        entry = _one(after, "doses")
        if not isinstance(entry, DoseEntry) or before is not None:
            return None
        status = "skipped" if command == "skip" else "taken"
        if entry.status != status or (entry.slot is None) != (command == "extra"):
            return None
        return ShellRecord(command, entry)
    if command == CHECKIN_COMMAND:
        checkin = _one(after, "checkins")
        old = None if before is None else _one(before, "checkins")
        if not isinstance(checkin, Checkin) or (before is not None and old is None):
            return None
        if isinstance(old, Checkin) and old.date != checkin.date:
            return None
        return ShellRecord(command, checkin, old if isinstance(old, Checkin) else None)
    return None


def _one(text: Any, kind: str) -> DoseEntry | Checkin | None:
    """The one record of `kind` ("doses" or "checkins") in the journal TOML `text`, when
    it holds exactly that and passes every check a data file does; else None."""
    if type(text) is not str:
        return None
    held = decode(text.encode("utf-8"))  # InvalidJournal: the caller ignores the record
    doses, checkins = held.doses, held.checkins
    if held.plan is not None or held.breathing or held.contacts or held.plan_history:
        return None
    if kind == "doses" and len(doses) == 1 and not checkins:
        return doses[0]
    if kind == "checkins" and len(checkins) == 1 and not doses:
        return checkins[0]
    return None
