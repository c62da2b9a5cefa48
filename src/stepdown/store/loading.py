"""Loading the journal file for the store: from its cache, recent part first, or parsed.

The cache (cache.py) spares the TOML parse when it holds the file's exact bytes. From
it, only the records Today shows are read at open (`Loaded.journal`, see
domain/recent.py); the rest (`Rest.whole`) is read when the whole journal is first
asked for, often by a worker thread after the first frame. A cache that cannot be read
is never a reason to fail: the failure goes to the log (store/log.py) and the file is
parsed instead.

What the store does with what was loaded is draft.py's (the journal, completed when
the whole of it is asked for, and saving) and journal_store.py's (its status, its lock).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import NamedTuple

from stepdown.clock import Clock
from stepdown.domain.journal import Journal
from stepdown.domain.recent import recent_since
from stepdown.store.cache import read_cache
from stepdown.store.codec import decode
from stepdown.store.load import cycle_collector_paused, read_seen
from stepdown.store.log import log_swallowed
from stepdown.store.rows import RowsJournal


def digest(data: bytes | None) -> bytes | None:
    """The SHA-256 of a file's bytes, or None when there was no file."""
    return None if data is None else hashlib.sha256(data).digest()


class Rest(NamedTuple):
    """What completes a journal opened from its cache recent-first."""

    rows: RowsJournal
    data: bytes
    """The file's bytes: the Encoder is primed with them, and they are parsed if the
    cache's older rows cannot be read after all."""
    spans: tuple[int, ...] | None

    def whole(self) -> tuple[Journal, tuple[int, ...] | None]:
        """The whole journal, and the Encoder's spans for the file's bytes (None when
        the file had to be parsed: the Encoder then writes and proves it all once).
        Raises InvalidJournal only if the file does not open either."""
        with cycle_collector_paused():
            try:
                return self.rows.whole(), self.spans
            except Exception:  # the cache's older rows: the file has it all
                log_swallowed("The cache's older records could not be read; parsing the file")
                return decode(self.data), None


class Loaded(NamedTuple):
    """The journal file as it was read at open (a NamedTuple: a dataclass would cost
    the first frame a millisecond to define)."""

    data: bytes | None
    """The file's bytes; None when there is no file."""
    digest: bytes | None
    journal: Journal
    """The whole journal, or, when `rest` is set, its recent part (see the module's
    docstring): only for drawing Today, never for a change (the store hands it out as a
    RecentPart, and completes it before a change)."""
    rest: Rest | None
    """Set when the journal came from the cache and has older records still to read."""
    parsed: bool
    """Whether the file was parsed (the cache did not have it): the cache is then
    written, so the next open is quick."""


def load_journal(real_path: Path, clock: Clock) -> Loaded:
    """The journal in the file at `real_path` (an empty one when there is no file).

    Raises OSError when the file cannot be read, InvalidJournal (with every error and
    its line) when it is not a valid journal.
    """
    with read_seen(real_path) as seen:
        data = seen.data
    if data is None:
        return Loaded(None, None, Journal(), None, parsed=False)
    file_digest = hashlib.sha256(data).digest()
    with cycle_collector_paused():
        cached = read_cache(real_path, file_digest)
        if cached is not None:
            try:
                opened = RowsJournal(cached.row, recent_since(clock.today()))
                rest = Rest(opened, data, cached.spans)
                return Loaded(data, file_digest, opened.recent, rest, parsed=False)
            except Exception:  # a cache is never a reason to fail
                log_swallowed("The cache of %s could not be read; parsing the file", real_path)
        return Loaded(data, file_digest, decode(data), None, parsed=True)
