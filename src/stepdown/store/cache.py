"""The journal kept beside its file as plain values, so a large journal opens fast.

The TOML file stays the only source of truth. The cache holds the journal read from
(or last saved to) the file, under the SHA-256 of the file's exact bytes, and is used
only when the file's digest matches. Anything wrong with it (missing, truncated,
corrupt, written by another Stepdown, Python or format, unreadable) means it is
ignored, never an error: the file is then parsed as if there were no cache.

It lives beside the journal as a hidden `.journal.toml.cache` rather than in the
user's cache folder: it is written under the journal's lock, in the journal's own
folder (0700), so it goes away with that folder (a `--demo` copy, a test's tmp_path)
and never touches another user's or another test's files, and one journal cannot
find another's cache.

The format: a first line naming the format, Stepdown's version, the Python version
and marshal's version; the 32-byte SHA-256 of the journal file; the 32-byte SHA-256
of the payload; then the payload, `marshal` of the journal's row (store/rows.py) and
the Encoder's spans. No pickle: loading it runs no code and names none of our classes.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from stepdown import __version__
from stepdown.store.rows import Row

FORMAT = 3
"""The version of this file's layout and of its rows' meaning; another one is simply
ignored. 3: a check-in's score may be None (not recorded), which a Stepdown reading
format 2 would take as a journal that passed its checks and then fail on."""

# Another Stepdown (its rules, its rows, its Encoder) or a new Python (tomllib's
# fixes, marshal's format) makes the cache one to ignore.
_MAGIC = (
    f"stepdown journal cache {FORMAT} stepdown {__version__}"
    f" python {'.'.join(map(str, sys.version_info[:3]))} marshal {marshal.version}\n"
).encode()
_DIGEST_SIZE = hashlib.sha256().digest_size


@dataclass(frozen=True)
class Cached:
    """What the cache holds for the file: its journal's row, and the Encoder's spans if any."""

    row: Row
    """The journal as rows.py keeps it: read it back with journal_from_row or RowsJournal."""
    spans: tuple[int, ...] | None
    """Set when a save wrote the file: the length of each of its parts (Encoder.spans)."""


def cache_path(journal: Path) -> Path:
    """Where the cache of `journal` (its real path) is kept."""
    return journal.with_name(f".{journal.name}.cache")


def read_cache(journal: Path, digest: bytes) -> Cached | None:
    """The cache of `journal` if it holds the file whose SHA-256 is `digest`; else None."""
    try:
        data = cache_path(journal).read_bytes()
        header_size = len(_MAGIC) + 2 * _DIGEST_SIZE
        if not data.startswith(_MAGIC) or len(data) < header_size:
            return None
        file_digest = data[len(_MAGIC) : len(_MAGIC) + _DIGEST_SIZE]
        payload_digest = data[len(_MAGIC) + _DIGEST_SIZE : header_size]
        payload = data[header_size:]
        if file_digest != digest or hashlib.sha256(payload).digest() != payload_digest:
            return None
        row, spans = marshal.loads(payload)
        if type(row) is not tuple or not (spans is None or _are_lengths(spans)):
            return None
        return Cached(row, spans)
    except Exception:
        # A cache is never a reason to fail: without it, the file is simply parsed.
        return None


def write_cache(journal: Path, digest: bytes, row: Row, spans: Sequence[int] | None) -> None:
    """Keep the journal whose row is `row` as the cache of the file with `digest`.

    The cache is rewritten in place, 0600, and not synced: its two digests already
    make a torn, half-written or stale cache one that `read_cache` ignores, so it needs
    neither a temporary file and rename nor an fsync, and a save pays for neither.
    Failures are ignored: the next open parses the file.
    """
    try:
        payload = marshal.dumps((row, None if spans is None else tuple(spans)))
        data = _MAGIC + digest + hashlib.sha256(payload).digest() + payload
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
        fd = os.open(cache_path(journal), flags, 0o600)
        try:
            os.fchmod(fd, 0o600)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    except (OSError, ValueError):
        pass


def _are_lengths(spans: object) -> bool:
    return type(spans) is tuple and all(type(n) is int and n >= 0 for n in spans)
