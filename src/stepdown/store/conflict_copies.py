"""The conflict copies sync tools leave beside a journal, found by name and read.

When two machines change one file before the sync tool has carried either change over,
the tool keeps both: the journal, and a second copy beside it named by the tool's own
pattern (for `journal.toml`):

- Syncthing: `journal.sync-conflict-20261203-081500-ABCDEF1.toml`
- Nextcloud, and ownCloud since 2.5 (the same client's code):
  `journal (conflicted copy 2026-12-03 081500).toml`, with the user's name before the
  date in later versions: `journal (conflicted copy ana 2026-12-03 081500).toml`
- ownCloud before 2.5: `journal_conflict-20261203-081500.toml`,
  `journal_conflict-ana-20261203-081500.toml`
- Dropbox: `journal (Ana's conflicted copy 2026-12-03).toml`
- OneDrive: `journal-HOSTNAME.toml`, `journal-HOSTNAME-1.toml`
- Google Drive: `journal (1).toml`

Each copy is read as the store reads its own files (a regular file of this user's,
never through a symlink, never a FIFO) and decoded by the codec: one that does not
decode or validate carries its error and is never merged; one of a newer schema is left
alone. Moving a merged copy into `backups/` never deletes and never replaces a file.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from stepdown.domain.journal import SCHEMA, Journal
from stepdown.store import files
from stepdown.store.cache import ANY_SIZE_CAP
from stepdown.store.codec import InvalidJournal, decode
from stepdown.store.outcome import newer_schema_message

_HOST = r"[A-Za-z0-9][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*?"
"""A OneDrive machine name."""


class ConflictCopy(NamedTuple):
    """A sync tool's conflict copy of the journal, and what it holds."""

    path: Path
    tool: str
    """The sync tool whose pattern the name has."""
    when: datetime
    """The time in its name, else its modification time (local, naive)."""
    journal: Journal | None
    """What it holds; None when it cannot be merged (see `error`)."""
    error: str | None
    """Why it is not merged: it does not open or validate, or is a newer Stepdown's."""


def _patterns(journal: Path) -> list[tuple[str, re.Pattern[str]]]:
    stem, suffix = re.escape(journal.stem), re.escape(journal.suffix)
    return [
        (
            "Syncthing",
            re.compile(stem + r"\.sync-conflict-(?P<d>\d{8})-(?P<t>\d{6})-[A-Z0-9]{7}" + suffix),
        ),
        (
            "Nextcloud",
            re.compile(
                stem
                + r" \(conflicted copy (?:[^()/]+ )?(?P<d>\d{4}-\d{2}-\d{2}) (?P<t>\d{6})\)"
                + r"(?: \(\d+\))?"
                + suffix
            ),
        ),
        (
            "ownCloud",
            re.compile(stem + r"_conflict-(?:[^/]+-)?(?P<d>\d{8})-(?P<t>\d{6})" + suffix),
        ),
        (
            "Dropbox",
            re.compile(
                stem
                + r" \([^()/]+'s conflicted copy (?P<d>\d{4}-\d{2}-\d{2})(?: \(\d+\))?\)"
                + suffix
            ),
        ),
        ("OneDrive", re.compile(stem + "-" + _HOST + r"(?:-\d+)?" + suffix)),
        ("Google Drive", re.compile(stem + r" \(\d+\)" + suffix)),
    ]


def copy_tool(journal: Path, name: str) -> tuple[str, datetime | None] | None:
    """The sync tool whose conflict-copy pattern `name` has, for the journal at
    `journal`, and the time in the name if any; None when it is no conflict copy (a
    daily backup's name, which OneDrive's pattern would take for a machine's, is not)."""
    if files.backup_pattern(journal).fullmatch(name):
        return None
    for tool, pattern in _patterns(journal):
        found = pattern.fullmatch(name)
        if found is None:
            continue
        groups = found.groupdict()
        day = (groups.get("d") or "").replace("-", "")
        stamp = day + (groups.get("t") or "000000")
        try:
            when = datetime.strptime(stamp, "%Y%m%d%H%M%S") if day else None
        except ValueError:
            when = None
        return tool, when
    return None


def folder_stamp(journal: Path) -> tuple[int, int] | None:
    """What changes when a file is added to or removed from the journal's folder: one
    stat, cheap enough for the app's one-second look."""
    try:
        info = os.stat(files.real_path(journal).parent)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_ino


def find_copies(journal: Path) -> list[ConflictCopy]:
    """The conflict copies beside `journal`, in name order, each read and checked."""
    real = files.real_path(journal)
    try:
        names = sorted(os.listdir(real.parent))
    except OSError:
        return []
    found = []
    for name in names:
        if name == real.name:
            continue
        match = copy_tool(real, name)
        if match is not None:
            copy = read_copy(real.parent / name, *match)
            if copy is not None:
                found.append(copy)
    return found


def read_copy(path: Path, tool: str, named: datetime | None) -> ConflictCopy | None:
    """The copy at `path`, read and decoded; None when it is no regular file of this
    user's (a symlink, a FIFO, another user's) or is too large to be a journal."""
    read = files.read_own_file(path, ANY_SIZE_CAP)
    if read is None:
        return None
    data, mtime = read
    when = named or datetime.fromtimestamp(mtime)
    try:
        journal = decode(data)
    except InvalidJournal as invalid:
        first = str(invalid.errors[0]) if invalid.errors else "it does not validate"
        return ConflictCopy(path, tool, when, None, first)
    if journal.schema > SCHEMA:
        return ConflictCopy(path, tool, when, None, newer_schema_message(journal.schema))
    return ConflictCopy(path, tool, when, journal, None)


def move_to_backups(journal: Path, copy: Path) -> Path:
    """Move `copy` into the backups folder of `journal`, under its own name or, when
    that is taken, the name with `-2`, `-3`... before its suffix; never replaces a
    file. Returns where it went; OSError when it could not be moved (it stays)."""
    folder = files.backups_folder(files.real_path(journal))
    folder.mkdir(mode=0o700, exist_ok=True)
    for number in range(1, 1000):
        name = copy.name if number == 1 else f"{copy.stem}-{number}{copy.suffix}"
        target = folder / name
        try:
            # A hard link fails when the name is taken, where a rename would replace.
            os.link(copy, target, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:
            if os.path.lexists(target):
                continue
            os.rename(copy, target)
            return target
        os.unlink(copy)
        return target
    raise FileExistsError(f"no free name for {copy.name} in {folder}")
