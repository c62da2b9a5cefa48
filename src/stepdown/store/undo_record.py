"""The last record a shell command made, kept for `stepdown undo` (domain/shell_undo.py).

Where: `user_state_dir("stepdown")/<key>.undo.json`, the key made from the journal's
real path (store/paths.py), beside the lock files and the calendar record, in a folder
made 0700 and checked to be this user's. Not in the journal: it is the shell's memory
of its own last step, not part of the record of the taper.

JSON: a format number, the journal's real path, the command, and the record as the
command wrote it (`after`) and what it replaced (`before`, or null), each as the TOML
text of a journal holding that one record, so that it is read back by the same checks
as the data file (codec.decode).

Read as untrusted input and written atomically, as state_record.py says; every part
is checked too. One that fails any check is ignored as a whole, as if there were none:
undo then has nothing to take back, which never takes back the wrong record.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stepdown.domain.journal import Checkin, DoseEntry, Journal
from stepdown.domain.shell_undo import CHECKIN_COMMAND, DOSE_COMMANDS, ShellRecord
from stepdown.store.codec import decode, encode
from stepdown.store.state_record import StateRecordKind

MAX_SIZE = 1024 * 1024
"""Far above a record's size: a check-in with the longest note a terminal sends."""
KIND = StateRecordKind("undo", 1, ("command", "after", "before"), MAX_SIZE)


def record_path(journal: Path) -> Path:
    """Where the undo record of `journal` (any path to it: it is resolved) is kept."""
    return KIND.path(journal)


def load_record(journal: Path) -> ShellRecord | None:
    """The last record a shell command made in `journal`; None when there is none or
    it cannot be trusted (see the module's docstring): undo then has nothing to take
    back. Never raises."""
    return KIND.load(journal, _parse)


def save_record(journal: Path, record: ShellRecord) -> None:
    """Keep `record` as the last record made from the shell in `journal`, atomically.

    Raises OSError (its message says why) when it cannot be written; the old record
    is then untouched.
    """
    KIND.save(
        journal,
        {
            "command": record.command,
            "after": _text(record.after),
            "before": None if record.before is None else _text(record.before),
        },
    )


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


def _parse(document: dict[str, Any]) -> ShellRecord | None:
    """The record in a record's checked JSON object (state_record.py), if its parts
    pass their checks; None otherwise."""
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
