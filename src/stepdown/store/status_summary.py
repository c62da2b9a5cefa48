"""Today's status lines kept for a journal's exact bytes: `stepdown status` before a prompt.

`stepdown status` runs before every line a prompt draws. Reading the journal, even
through the parse cache, costs it several times a bare Python's start; yet its answer
changes only when the file does, when the day does, and at a few moments of the day (a
dose falls due, or is missed: domain/status.changes_at). So the first `status` of a day,
or after a change, works the answer out (status_cli.py) and keeps it here: each of those
moments with the line it starts, in every format. Every later `status` reads the
journal's bytes, and when their SHA-256 and today's date are the ones kept, prints the
kept line for the moment it is. This module's reading half imports nothing heavy (no
hashlib, pathlib, dataclasses or platformdirs): a prompt pays only for json.

Like the parse cache (cache.py), it lives in the user's cache folder, named by the
journal's real path, in a folder made 0700 and checked, written 0600 through a
temporary file and a rename. It is only ever a shortcut: anything wrong with it
(missing, damaged, another format or Stepdown, another journal's or bytes', another
day's, not a regular file of this user's, a symlink) and it is ignored, and the journal
is read as if there were none. It is never a source of truth and never touches the
journal or its parse cache. When a journal's first summary is written, those of
journals no longer there are removed (`prune`).

The file is JSON: `format`, `stepdown` (the version), `journal` (the real path),
`digest` (the SHA-256 of the journal's bytes, hex), `date` (ISO) and `lines`: a list of
`[from, plain, tmux, json]`, `from` the moment (ISO, to the microsecond) that line
starts at, "" for the first.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import time
from collections.abc import Mapping, Sequence

from stepdown import __version__
from stepdown.store import quick_paths

TYPE_CHECKING = False  # typing itself is not imported: a prompt would pay for it
if TYPE_CHECKING:
    from datetime import date, datetime
    from typing import TypeGuard

FORMAT = 1
FORMS = ("plain", "tmux", "json")
"""The formats each kept line is written in, in the order `lines` holds them."""
SUFFIX = ".status"
MAX_SIZE = 1024 * 1024
"""A larger file is not read: a day's lines take a few kilobytes."""
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_JOURNAL_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC
"""O_NONBLOCK: a FIFO in the journal's place is never waited on (and is refused)."""

Line = tuple[str, str, str, str]
"""A kept line: the moment it starts at, then its words in each of FORMS."""


def moment_text(moment: datetime) -> str:
    """A moment as the file keeps it (text that sorts as time does)."""
    return moment.isoformat(timespec="microseconds")


def now_texts() -> tuple[str, str]:
    """Today's date and this moment as the system clock (clock.SystemClock) gives them,
    as text, from one reading of it, without importing datetime."""
    now = time.localtime()
    return time.strftime("%Y-%m-%d", now), time.strftime("%Y-%m-%dT%H:%M:%S.000000", now)


def summary_path(real_path: str, environ: Mapping[str, str]) -> str | None:
    """Where the summary of the journal at `real_path` is kept; None when only
    platformdirs can tell (see quick_paths)."""
    folder = quick_paths.cache_folder(environ)
    if folder is None:
        return None
    return f"{folder}/{quick_paths.journal_key(real_path)}{SUFFIX}"


def journal_bytes(real_path: str) -> bytes | None:
    """The bytes of the journal at `real_path` if it is a regular file that can be read
    now; None otherwise (no file, a folder, a FIFO, an error: the ordinary path says
    which)."""
    try:
        fd = os.open(real_path, _JOURNAL_FLAGS)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return _read_all(fd)
    except OSError:
        return None
    finally:
        os.close(fd)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def kept_line(
    real_path: str, data: bytes, today: str, now: str, form: str, environ: Mapping[str, str]
) -> str | None:
    """The kept line in `form` for the journal at `real_path` holding `data`, on `today`
    at `now` (both as text); None when there is no summary to trust."""
    path = summary_path(real_path, environ)
    if path is None:
        return None
    kept = _read_own(path)
    if kept is None:
        return None
    try:
        summary = json.loads(kept)
    except (ValueError, RecursionError):
        return None
    trusted = (
        type(summary) is dict
        and summary.get("format") == FORMAT
        and summary.get("stepdown") == __version__
        and summary.get("journal") == real_path
        and summary.get("date") == today
        and summary.get("digest") == quick_paths.sha256_hex(data)
    )
    lines = summary.get("lines") if trusted else None
    return line_at(lines, now, form) if _are_lines(lines) else None


def _read_own(path: str) -> bytes | None:
    """The bytes of `path` if it is a regular file of this user's, not a symlink, of at
    most MAX_SIZE bytes; else None."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            return None
        if info.st_size > MAX_SIZE:
            return None
        data = _read_all(fd)
        return data if len(data) <= MAX_SIZE else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _are_lines(lines: object) -> TypeGuard[list[list[str]]]:
    """Whether `lines` is a list of kept lines, the first starting at "", in order."""
    if type(lines) is not list or not lines:
        return False
    starts = []
    for line in lines:
        if type(line) is not list or len(line) != 1 + len(FORMS):
            return False
        if not all(type(part) is str for part in line):
            return False
        starts.append(line[0])
    return starts[0] == "" and starts == sorted(starts)


def line_at(lines: Sequence[Sequence[str]], now: str, form: str) -> str:
    """The line of `lines` in force at `now`, in `form`: the last one starting at or
    before it."""
    current = lines[0]
    for line in lines[1:]:
        if line[0] > now:
            break
        current = line
    return current[1 + FORMS.index(form)]


def keep(real_path: str, digest: bytes, today: date, lines: Sequence[Line]) -> None:
    """Keep `lines` as the summary of the journal at `real_path` whose bytes have the
    SHA-256 `digest`, for `today`. Failures are ignored, and not logged (a prompt would
    log one a line): the next `status` reads the journal again."""
    from pathlib import Path

    from stepdown.store.paths import FolderNotPrivate, cache_folder, journal_key, private_folder

    summary = {
        "format": FORMAT,
        "stepdown": __version__,
        "journal": real_path,
        "digest": digest.hex(),
        "date": today.isoformat(),
        "lines": [list(line) for line in lines],
    }
    with contextlib.suppress(OSError, FolderNotPrivate):
        folder = private_folder(cache_folder())
        path = folder / f"{journal_key(Path(real_path))}{SUFFIX}"
        first = not os.path.lexists(path)
        _replace(path, json.dumps(summary).encode())
        if first:
            prune(os.fspath(folder), keep=path.name)


def prune(folder: str, keep: str) -> None:
    """Remove the summaries in `folder` but `keep` whose journal no longer exists (a
    `--demo`'s, a file moved or deleted), or that cannot be read. Run when a journal's
    first summary is written, as the parse cache prunes its own (cache.prune_caches)."""
    for name in os.listdir(folder):
        if not name.endswith(SUFFIX) or name == keep:
            continue
        path = f"{folder}/{name}"
        kept = _read_own(path)
        try:
            journal = json.loads(kept)["journal"] if kept is not None else None
        except (ValueError, TypeError, KeyError, RecursionError):
            journal = None
        if type(journal) is not str or not os.path.exists(journal):
            with contextlib.suppress(OSError):
                os.unlink(path)


def _replace(path: os.PathLike[str], data: bytes) -> None:
    """Put `data` at `path`, 0600, through a new file renamed over whatever is there
    (a symlink at `path` is replaced, never followed). Not synced: a summary lost in a
    crash is worked out again."""
    temp = f"{os.fspath(path)}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(temp, flags, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
