"""Building the changes not saved yet on what another program wrote to the journal file.

A save that finds the file changed since the store read it replays its pending changes
(store/outcome.py's `Change`) on what the file holds now (`merge_edit`): read from the
cache when another Stepdown saved it (its save writes the cache of the exact bytes, with
the Encoder's spans, so the save after it proves only what it changes), else parsed. One
that finds
the file it just replaced written to meanwhile does the same with those late bytes
(`merge_late`). These functions only compute: each returns the merged journals or why
there are none, and the save (draft.py) takes them in.
"""

from __future__ import annotations

import hashlib
from functools import reduce
from pathlib import Path
from typing import NamedTuple

from stepdown.domain.journal import SCHEMA, Journal
from stepdown.store.cache import read_cache
from stepdown.store.codec import InvalidJournal, decode
from stepdown.store.load import read_seen
from stepdown.store.log import log_swallowed
from stepdown.store.outcome import Change, SaveOutcome, newer_schema_message


class Merged(NamedTuple):
    """The changes built on another program's edit."""

    edited: Journal
    """What the file holds: what the store now knows to be on disk."""
    journal: Journal
    """The edit with the changes replayed on it: the journal to write."""
    spans: tuple[int, ...] | None = None
    """The Encoder's spans of the edit's bytes, when they came from the cache."""


class Refused(NamedTuple):
    """Why the changes cannot be built on another program's edit."""

    outcome: SaveOutcome
    read_only: str | None = None
    """Set when the edit is a newer Stepdown's: why the store becomes read-only."""


def replay(changes: list[Change], journal: Journal) -> Journal:
    """`journal` with `changes` applied in order."""
    return reduce(lambda journal, change: change(journal), changes, journal)


def opens(data: bytes) -> bool:
    """Whether `data` is a journal that decodes and validates."""
    try:
        decode(data)
    except InvalidJournal:
        return False
    return True


def _read_edit(real_path: Path, on_disk: bytes) -> tuple[Journal, tuple[int, ...] | None]:
    """The journal `on_disk` holds, and the Encoder's spans of it when the cache holds
    these exact bytes; raises InvalidJournal when it is parsed and does not validate."""
    cached = read_cache(real_path, hashlib.sha256(on_disk).digest())
    if cached is not None:
        try:
            return cached.journal(), cached.spans
        except Exception:  # a cache is never a reason to fail: the file has it all
            log_swallowed("The cache of %s could not be read; parsing the file", real_path)
    return decode(on_disk), None


def merge_edit(
    path: Path, real_path: Path, on_disk: bytes, pending: list[Change], *, can_write_back: bool
) -> Merged | Refused:
    """Replay the pending changes on the file another program wrote to `path` (the file
    at `real_path`).

    `can_write_back` says whether the store holds a journal whole enough to put back in
    the place of a file left with errors (one loaded from the file, or saved to it).
    """
    try:
        edited, spans = _read_edit(real_path, on_disk)
    except InvalidJournal as error:
        first = error.errors[0] if error.errors else "it does not validate"
        back = ", or write Stepdown's copy back" if can_write_back else ""
        return Refused(
            SaveOutcome(
                False,
                f"{path} was changed by another program and now has errors "
                f"({first}). Nothing was saved. Your change is kept; fix the file "
                "(`stepdown check` lists every error) and Stepdown will try again "
                f"at the next change{back}.",
                can_write_back=can_write_back,
            )
        )
    if edited.schema > SCHEMA:
        reason = newer_schema_message(edited.schema)
        return Refused(SaveOutcome(False, f"{reason} Your change was not saved."), reason)
    try:
        merged = replay(pending, edited)
    except Exception as error:
        log_swallowed("The changes do not fit another program's edit of %s", path)
        return Refused(
            SaveOutcome(
                False,
                f"{path} was changed by another program, and your change does not fit "
                f"on top of that edit ({error}). Nothing was saved; your change is kept "
                "in this window only.",
            )
        )
    return Merged(edited, merged, spans)


def merge_late(
    path: Path, real_path: Path, late: bytes, written: bytes, changes: list[Change]
) -> Merged | None:
    """Another program wrote `late` into the file a save just replaced with `written`:
    the saved changes built on it instead, to be written once more. None when there is
    nothing to build on (it does not open, or the file at `real_path` was replaced again
    since): that edit is lost, the race that remains."""
    try:
        edited = decode(late)
        if edited.schema > SCHEMA:
            return None
        merged = replay(changes, edited)
        with read_seen(real_path) as now:
            if now.data != written:
                return None
    except (InvalidJournal, OSError):
        log_swallowed("Another program's late write to %s is lost", path)
        return None
    except Exception:  # the changes do not fit that edit
        log_swallowed("The changes do not fit another program's late write to %s", path)
        return None
    return Merged(edited, merged)
