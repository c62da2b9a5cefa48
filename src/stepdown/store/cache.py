"""The journal kept as plain values in the user's cache folder, so a large journal opens fast.

The TOML file stays the only source of truth. The cache holds the journal read from
(or last saved to) the file, under the SHA-256 of the file's exact bytes, and is used
only when the file's digest matches. Anything wrong with it (missing, truncated,
corrupt, too large, not a regular file of this user's, written by another Stepdown,
Python or format, for another journal, holding a value the file's checks would refuse)
means it is ignored, never an error: the file is then parsed as if there were no cache.

Where: `user_cache_dir("stepdown")/<key>.cache`, the key made from the journal's real
path (store/paths.py), in a folder made 0700 and checked to be this user's and
writable by no one else (else there is no cache: it is only an optimisation). Not
beside the journal: a journal's folder may be shared with other users or synced to
other computers, and what lies there is nobody's to trust. Caches of journals that no
longer exist (every `--demo` is a new one) are removed when a cache is written after a
parse, which happens once per journal opened without a cache, never on a plain save.

The cache is input, checked as strictly as the file is: opened only as a regular file
of this user's (O_NOFOLLOW, O_NONBLOCK: a FIFO or a symlink to a device is never read
from), read only up to a size cap set by the journal's size, and its rows checked
value by value as they are read back (store/rows.py).

The format: a first line naming the format, Stepdown's version, the Python version
and marshal's version; the 32-byte SHA-256 of the journal file; the 32-byte SHA-256
of the payload; the length (4 bytes, big-endian) and bytes of the journal's real path;
then the payload, `marshal` of the journal's row (store/rows.py) and the Encoder's
spans. No pickle: loading it runs no code and names none of our classes.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from stepdown import __version__
from stepdown.domain.journal import Journal
from stepdown.store.files import read_own_file
from stepdown.store.lock import prune_locks
from stepdown.store.log import log_swallowed
from stepdown.store.paths import (
    FolderNotPrivate,
    cache_folder,
    folder_problem,
    journal_key,
    private_folder,
)
from stepdown.store.rows import LAYOUT, Row, journal_from_row

FORMAT = 4
"""The version of this file's layout and of its rows' meaning; another one is simply
ignored. 3: a check-in's score may be None (not recorded), which a Stepdown reading
format 2 would take as a journal that passed its checks and then fail on. 4: kept in
the user's cache folder with the journal's path in its header, and its rows checked
as they are read (a Stepdown reading format 3 would trust this one's rows unchecked)."""

# Another Stepdown (its rules, its rows, its Encoder), records with other fields (a
# field renamed or moved keeps a row's width and kinds, so only the layout tells) or a
# new Python (tomllib's fixes, marshal's format) makes the cache one to ignore.
_LAYOUT_DIGEST = hashlib.sha256(LAYOUT.encode()).hexdigest()[:16]
_MAGIC = (
    f"stepdown journal cache {FORMAT} stepdown {__version__} layout {_LAYOUT_DIGEST}"
    f" python {'.'.join(map(str, sys.version_info[:3]))} marshal {marshal.version}\n"
).encode()
_DIGEST_SIZE = hashlib.sha256().digest_size
_LENGTH_SIZE = 4
_MAX_PATH = 65_536
"""No real path is longer (Linux allows 4,096 bytes): a longer one is a damaged header."""

SIZE_FACTOR = 16
SIZE_SLACK = 64 * 1024
"""A cache larger than SIZE_FACTOR times its journal file's size plus SIZE_SLACK is not
read: a journal's rows take about half its TOML text."""
ANY_SIZE_CAP = 64 * 1024 * 1024
"""The cap for `read_cache_any`, which has no journal file to measure (it was emptied):
twenty times a cache of ten years of daily use."""

_CACHE_NAME = re.compile(r"[0-9a-f]{32}\.cache")

_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


@dataclass(frozen=True)
class Cached:
    """What the cache holds for the file: its journal's row, and the Encoder's spans if any."""

    row: Row
    """The journal as rows.py keeps it: read it back with `journal()` or RowsJournal,
    both of which check it."""
    spans: tuple[int, ...] | None
    """Set when a save wrote the file: the length of each of its parts (Encoder.spans)."""
    written: datetime
    """When the cache was written (its modification time), local time."""

    def journal(self) -> Journal:
        """The whole journal the cache holds, checked as a file's is (rows.journal_from_row);
        raises when it could not have come from a file that passed its checks."""
        return journal_from_row(self.row)


def cache_path(journal: Path) -> Path:
    """Where the cache of `journal` (any path to it: it is resolved) is kept."""
    return cache_folder() / f"{journal_key(journal)}.cache"


def read_cache(journal: Path, digest: bytes) -> Cached | None:
    """The cache of `journal` if it holds the file whose SHA-256 is `digest`; else None.

    Its rows are checked when they are read back (RowsJournal, `Cached.journal`), not here:
    a large journal's older rows are read only after the first frame.
    """
    try:
        cap = os.stat(journal).st_size * SIZE_FACTOR + SIZE_SLACK
        return _read(journal, cap, digest)
    except Exception:
        # A cache is never a reason to fail: without it, the file is simply parsed.
        log_swallowed("The cache of %s could not be read; parsing the file", journal)
        return None


def read_cache_any(journal: Path) -> Cached | None:
    """The cache of `journal` whatever file it was made for: for a journal emptied or
    broken behind the app's back, the last journal this user's Stepdown read or saved
    there. Only a whole cache for this journal's path whose every row passes the file's
    checks (its journal is read back once here); else None."""
    try:
        cached = _read(journal, ANY_SIZE_CAP, None)
        if cached is not None:
            cached.journal()
        return cached
    except Exception:
        log_swallowed("The cache of %s could not be read", journal)
        return None


def _read(journal: Path, cap: int, digest: bytes | None) -> Cached | None:
    """The cache of `journal` if it is whole, for this path and (unless `digest` is None)
    for the file with `digest`; its rows are not checked here."""
    folder = cache_folder()
    if folder_problem(folder) is not None:
        return None
    read = read_own_file(folder / f"{journal_key(journal)}.cache", cap)
    if read is None:
        return None
    data, mtime = read
    header = _header(data)
    if header is None:
        return None
    file_digest, payload_digest, path, payload_start = header
    if digest is not None and file_digest != digest:
        return None
    if path != os.fsencode(os.path.realpath(journal)):
        return None
    payload = memoryview(data)[payload_start:]
    if hashlib.sha256(payload).digest() != payload_digest:
        return None
    row, spans = marshal.loads(payload)
    if type(row) is not tuple or not (spans is None or _are_lengths(spans)):
        return None
    return Cached(row, spans, datetime.fromtimestamp(mtime))


def _header(data: bytes) -> tuple[bytes, bytes, bytes, int] | None:
    """The file digest, payload digest and journal path in `data`'s header, and where its
    payload starts; None when it is not a header of this format."""
    start = len(_MAGIC)
    path_start = start + 2 * _DIGEST_SIZE + _LENGTH_SIZE
    if not data.startswith(_MAGIC) or len(data) < path_start:
        return None
    length = int.from_bytes(data[path_start - _LENGTH_SIZE : path_start], "big")
    if length > _MAX_PATH or len(data) < path_start + length:
        return None
    return (
        data[start : start + _DIGEST_SIZE],
        data[start + _DIGEST_SIZE : start + 2 * _DIGEST_SIZE],
        data[path_start : path_start + length],
        path_start + length,
    )


def write_cache(journal: Path, digest: bytes, row: Row, spans: Sequence[int] | None) -> None:
    """Keep the journal whose row is `row` as the cache of the file with `digest`.

    The cache is rewritten in place, 0600, and not synced: its two digests already
    make a torn, half-written or stale cache one that `read_cache` ignores, so it needs
    neither a temporary file and rename nor an fsync, and a save pays for neither.
    A cache written without spans is one written after the file was parsed (a save
    always has spans): only then are the caches of journals that are gone, the lock
    files no one holds and the cache an earlier Stepdown left beside this journal
    removed. Failures are ignored: the next open parses the file.
    """
    try:
        folder = private_folder(cache_folder())
        real = os.fsencode(os.path.realpath(journal))
        payload = marshal.dumps((row, None if spans is None else tuple(spans)))
        data = b"".join(
            (
                _MAGIC,
                digest,
                hashlib.sha256(payload).digest(),
                len(real).to_bytes(_LENGTH_SIZE, "big"),
                real,
                payload,
            )
        )
        path = folder / f"{journal_key(journal)}.cache"
        _write_regular(path, data)
    except (OSError, ValueError, FolderNotPrivate):
        log_swallowed("The cache of %s could not be written", journal)
        return
    if spans is None:
        _remove_old_cache(journal)
        prune_caches(keep=path)
        prune_locks()


def _write_regular(path: Path, data: bytes) -> None:
    """Write `data` over the regular file of this user's at `path` (made 0600 if missing)."""
    fd = os.open(path, _WRITE_FLAGS, 0o600)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            raise OSError(f"{path} is not a file of this user's")
        os.fchmod(fd, 0o600)
        os.ftruncate(fd, 0)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _remove_old_cache(journal: Path) -> None:
    """Remove the cache an earlier Stepdown kept beside `journal`: only a regular file of
    this user's with exactly that name (unlink removes a symlink, never its target)."""
    old = journal.with_name(f".{journal.name}.cache")  # as earlier Stepdowns named it
    try:
        info = os.lstat(old)
        if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid():
            os.unlink(old)
    except FileNotFoundError:
        pass  # there is none, as for any journal first opened by this Stepdown
    except OSError:
        log_swallowed("The old cache %s could not be removed", old)


def prune_caches(keep: Path | None = None) -> int:
    """Remove the caches whose journal no longer exists, and those this Stepdown cannot
    read (another format, damaged); never `keep`. The number removed.

    A journal on a drive not mounted now loses its cache too: it is parsed once more
    when it is back, which costs less than caches piling up from every `--demo`.
    """
    folder = cache_folder()
    if folder_problem(folder) is not None:
        return 0
    removed = 0
    try:
        names = [name for name in os.listdir(folder) if _CACHE_NAME.fullmatch(name)]
    except OSError:
        log_swallowed("The cache folder %s could not be listed", folder)
        return 0
    for name in names:
        path = folder / name
        if path == keep:
            continue
        journal = _journal_of(path)
        if journal is None or not os.path.exists(journal):
            try:
                os.unlink(path)
                removed += 1
            except FileNotFoundError:
                pass  # another Stepdown removed it meanwhile
            except OSError:
                log_swallowed("The cache %s could not be removed", path)
    return removed


def _journal_of(path: Path) -> bytes | None:
    """The journal path in the header of the cache at `path`; None if it has none."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return None  # another Stepdown removed it meanwhile
    except OSError:
        log_swallowed("The cache %s could not be opened", path)
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        start = len(_MAGIC) + 2 * _DIGEST_SIZE + _LENGTH_SIZE
        head = os.read(fd, start)
        length = int.from_bytes(head[start - _LENGTH_SIZE :], "big")
        if not head.startswith(_MAGIC) or len(head) < start or length > _MAX_PATH:
            return None
        journal = os.read(fd, length)
        return journal if len(journal) == length else None
    except OSError:
        log_swallowed("The cache %s could not be read", path)
        return None
    finally:
        os.close(fd)


def _are_lengths(spans: object) -> bool:
    return type(spans) is tuple and all(type(n) is int and n >= 0 for n in spans)
