"""The record of what the last calendar export sent, kept for the next one to cancel against.

Where: `user_state_dir("stepdown")/<key>.calendar.json`, the key made from the journal's
real path (store/paths.py), beside the lock files, in a folder made 0700 and checked to
be this user's. Not in the journal, which an export never changes, and not beside it,
where a shared or synced folder would mix two computers' calendars.

JSON: a format number, the journal's real path, and one row per UID:
`[uid, DTSTART (floating, ISO), SEQUENCE, fingerprint, cancelled]`.

Read as untrusted input and written atomically, as state_record.py says; every row is
checked too. A record that fails any check is ignored as a whole: the export then does
what it does with no record, which never leaves a stale event behind a SEQUENCE that
did not rise.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from stepdown.domain.report.ics import MAX_SEQUENCE, CalendarRecord, SentEvent, uid
from stepdown.store.state_record import StateRecordKind

MAX_SIZE = 16 * 1024 * 1024
"""Far above a record's size: a two-year plan of four doses a day, with the UIDs of
Stepdown 0.1.0 cancelled at its first export (--cancel-older), takes 560 KB."""
MAX_EVENTS = 100_000
KIND = StateRecordKind("calendar", 1, ("events",), MAX_SIZE)

_UID = re.compile(r"\d{8}T\d{4}(?:\d{2}(?:\d{6})?)?(?:-[a-z0-9-]+)?@stepdown")
_FINGERPRINT = re.compile(r"[0-9a-f]{32}")


def record_path(journal: Path) -> Path:
    """Where the record of `journal` (any path to it: it is resolved) is kept."""
    return KIND.path(journal)


def load_record(journal: Path) -> CalendarRecord | None:
    """The record of the last calendar export of `journal`; None when there is none or
    it cannot be trusted (see the module's docstring): without it the export cancels
    what it can. Never raises."""
    return KIND.load(journal, _parse)


def save_record(journal: Path, record: CalendarRecord) -> None:
    """Keep `record` as the record of `journal`'s last calendar export, atomically.

    Raises OSError (its message says why) when it cannot be written; the old record
    is then untouched.
    """
    rows = [
        [key, sent.start.isoformat(), sent.sequence, sent.fingerprint, sent.cancelled]
        for key, sent in record.events.items()
    ]
    KIND.save(journal, {"events": rows})


def _parse(document: dict[str, Any]) -> CalendarRecord | None:
    """The record in a record's checked JSON object (state_record.py), if its events
    pass their checks; None otherwise."""
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
