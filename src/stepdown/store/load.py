"""Reading the journal file for the store: its bytes with the identity they were read from.

A save must not overwrite an edit another program made after the store read the file,
so the store keeps, with the bytes, what the file was when they were read (device,
inode, size, modification time) and the open descriptor itself: right before the
rename it compares the path with that, and right after it asks the descriptor whether
the file it replaced was written to meanwhile (see `Seen`).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

_READ_FLAGS = os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK
"""O_NONBLOCK: a FIFO put in the journal's place must not hang the app on open."""
_STEADY_READS = 5
"""How often a file that changes while it is read is read again before its bytes are used
as they are: an edit by then is another program's, and the checks around the rename see it."""


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a journal is read.

    A read makes a great many objects and no reference cycles; the collector's passes
    over them, triggered by their number alone, cost a large journal a third of its
    load time and find nothing. They are collected as usual afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _same_file(one: os.stat_result, other: os.stat_result) -> bool:
    """Whether two stats are of one file with the same size and modification time."""
    return (
        one.st_dev == other.st_dev
        and one.st_ino == other.st_ino
        and one.st_size == other.st_size
        and one.st_mtime_ns == other.st_mtime_ns
    )


@dataclass
class Seen:
    """The journal file as it was read: its bytes, and what to notice a later write by.

    `data` and `stat` are None when there was no file. Close it (it is a context
    manager) once the save is done with it.
    """

    path: Path
    data: bytes | None
    stat: os.stat_result | None = field(default=None, repr=False)
    fd: int | None = field(default=None, repr=False)

    def __enter__(self) -> Seen:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Let the descriptor go; harmless when there is none."""
        if self.fd is not None:
            fd, self.fd = self.fd, None
            os.close(fd)

    def unchanged(self) -> bool:
        """Whether the path still names the file read, unwritten since (the check made
        right before the rename): the same device and inode, size and modification time,
        or still no file."""
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            return self.stat is None
        return self.stat is not None and _same_file(now, self.stat)

    def written_since(self) -> bytes | None:
        """What the file read holds now, if something wrote to it since it was read;
        else None. After the rename, the file is no longer at the path: this is how a
        write that landed in it between the last check and the rename is found."""
        if self.fd is None or self.stat is None:
            return None
        now = os.fstat(self.fd)
        if _same_file(now, self.stat):
            return None
        return _read_all(self.fd, now.st_size)


def _read_all(fd: int, size_hint: int) -> bytes:
    """The whole file behind `fd`, from its start, whatever its size is by now."""
    chunks: list[bytes] = []
    offset = 0
    while True:
        chunk = os.pread(fd, max(size_hint - offset, 0) + 65536, offset)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        offset += len(chunk)


def read_seen(path: Path) -> Seen:
    """The file at `path` (its real path) as it is now; a file that is changing while it is
    read is read again, so its bytes and its stat agree. Raises OSError when it cannot be read."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        return Seen(path, None)
    try:
        before = os.fstat(fd)
        for _ in range(_STEADY_READS):
            data = _read_all(fd, before.st_size)
            after = os.fstat(fd)
            if _same_file(before, after) and len(data) == after.st_size:
                break
            before = after
        return Seen(path, data, after, fd)
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when there is no file."""
    with read_seen(path) as seen:
        return seen.data
