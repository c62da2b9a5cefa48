"""The journal as the file holds it now, for the commands that only read it.

`stepdown report` and `stepdown check` never lock, write or repair the file, and
never write the cache either: the app keeps the cache (cache.py), and a command
rewriting it while the app saves would only cost the app its next quick open. They
read through it, though: when the cache holds the journal of the file's exact bytes
(the SHA-256 of the bytes read here, not of what the file held a moment before),
its rows are read back instead of parsing the TOML, at about a tenth of the cost.
The cache was written by this same Stepdown from a file with those bytes that
passed every check, and its rows are checked again as they are read back; anything
wrong with it, and the file is parsed as if there were no cache.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from stepdown.domain.journal import Journal
from stepdown.store.cache import read_cache
from stepdown.store.codec import decode
from stepdown.store.load import cycle_collector_paused, read_bytes
from stepdown.store.log import log_swallowed

NOT_REGULAR = "it is not a regular file (a folder, a FIFO or a device)"


def read_journal(path: Path) -> Journal:
    """The journal in the file at `path`, from the cache when it holds these bytes.

    Raises FileNotFoundError when there is no file, OSError when it cannot be read or
    is not a regular file (a folder, FIFO or device: never waited on), and
    InvalidJournal, with every error and its line, when the file is not a valid journal.
    """
    if not stat.S_ISREG(os.stat(path).st_mode):  # FileNotFoundError when there is none
        raise OSError(errno.EINVAL, NOT_REGULAR, str(path))
    data = read_bytes(path)
    if data is None:
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    with cycle_collector_paused():
        cached = read_cache(path, hashlib.sha256(data).digest())
        if cached is not None:
            try:
                return cached.journal()
            except Exception:  # a cache is never a reason to fail: parse the file
                log_swallowed("The cache of %s could not be read; parsing the file", path)
        return decode(data)
