"""The record of what the last calendar export sent, kept for the next one to cancel against.

Where: `user_state_dir("stepdown")/<key>.calendar.json`, the key made from the journal's
real path (store/paths.py), beside the lock files, in a folder made 0700 and checked to
be this user's. Not in the journal, which an export never changes, and not beside it,
where a shared or synced folder would mix two computers' calendars.

JSON: a format number, the journal's real path, and one row per UID:
`[uid, DTSTART (floating, ISO), SEQUENCE, fingerprint, cancelled]`.

The record is input: opened only as a regular file of this user's (O_NOFOLLOW,
O_NONBLOCK: never a symlink's target, never a FIFO), up to MAX_SIZE, and every row
checked. A record that fails any check (damaged, another format, another journal's, a
symlink, another user's) is ignored as a whole: the export then does what it does with
no record, which never leaves a stale event behind a SEQUENCE that did not rise.
Written atomically (store/files.py), so a crash leaves the old record or the new one.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from stepdown.domain.report.ics import MAX_SEQUENCE, CalendarRecord, SentEvent, uid
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
MAX_SIZE = 16 * 1024 * 1024
"""Far above a record's size: a two-year plan of four doses a day, with the UIDs of
Stepdown 0.1.0 cancelled at its first export (--cancel-older), takes 560 KB."""
MAX_EVENTS = 100_000

_UID = re.compile(r"\d{8}T\d{4}(?:\d{2}(?:\d{6})?)?(?:-[a-z0-9-]+)?@stepdown")
_FINGERPRINT = re.compile(r"[0-9a-f]{32}")


def record_path(journal: Path) -> Path:
    """Where the record of `journal` (any path to it: it is resolved) is kept."""
    return state_folder() / f"{journal_key(journal)}.calendar.json"


def load_record(journal: Path) -> CalendarRecord | None:
    """The record of the last calendar export of `journal`; None when there is none or
    it cannot be trusted (see the module's docstring). Never raises."""
    try:
        if folder_problem(state_folder()) is not None:
            return None
        read = read_own_file(record_path(journal), MAX_SIZE)
        if read is None:
            return None
        return _parse(json.loads(read[0]), os.fsdecode(os.path.realpath(journal)))
    except Exception:
        # A record is never a reason to fail: without it the export cancels what it can.
        log_swallowed("The calendar record of %s could not be read", journal)
        return None


def save_record(journal: Path, record: CalendarRecord) -> None:
    """Keep `record` as the record of `journal`'s last calendar export, atomically.

    Raises OSError (its message says why) when it cannot be written; the old record
    is then untouched.
    """
    try:
        folder = private_folder(state_folder())
    except FolderNotPrivate as error:
        raise OSError(str(error)) from error  # no errno: plain_reason gives its words
    rows = [
        [key, sent.start.isoformat(), sent.sequence, sent.fingerprint, sent.cancelled]
        for key, sent in record.events.items()
    ]
    document = {
        "format": FORMAT,
        "journal": os.fsdecode(os.path.realpath(journal)),
        "events": rows,
    }
    data = json.dumps(document, separators=(",", ":")).encode()
    write_file(folder / f"{journal_key(journal)}.calendar.json", data)


def _parse(document: Any, journal: str) -> CalendarRecord | None:
    """The record in the decoded JSON `document` if it is whole, of this format and for
    `journal`; None otherwise."""
    if type(document) is not dict or set(document) != {"format", "journal", "events"}:
        return None
    if document["format"] != FORMAT or type(document["format"]) is not int:
        return None
    if document["journal"] != journal:
        return None
    rows = document["events"]
    if type(rows) is not list or len(rows) > MAX_EVENTS:
        return None
    events: dict[str, SentEvent] = {}
    for row in rows:
        sent = _event(row)
        if sent is None or row[0] in events:
            return None
        events[row[0]] = sent
    return CalendarRecord(events)


def _event(row: Any) -> SentEvent | None:
    """The event in a row `[uid, start, sequence, fingerprint, cancelled]`, checked."""
    if type(row) is not list or len(row) != 5:
        return None
    key, start, sequence, fingerprint, cancelled = row
    if type(key) is not str or not _UID.fullmatch(key):
        return None
    if type(start) is not str or type(fingerprint) is not str or type(cancelled) is not bool:
        return None
    if type(sequence) is not int or not 0 <= sequence <= MAX_SEQUENCE:
        return None
    if not _FINGERPRINT.fullmatch(fingerprint):
        return None
    when = datetime.fromisoformat(start)  # ValueError: the caller ignores the record
    # The UID is made of the event's date and time (ics.uid, or ics.legacy_uid with the
    # medication's name): a row whose start says otherwise is forged.
    if when.tzinfo is not None:
        return None
    if key != uid(when.date(), when.time()) and not key.startswith(f"{when:%Y%m%dT%H%M}-"):
        return None
    return SentEvent(when, sequence, fingerprint, cancelled)
