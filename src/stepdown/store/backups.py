"""Which daily backup of a journal can stand for the copy two journals share: the base
of `stepdown merge --into`.

A backup `backups/<stem>-YYYY-MM-DD<suffix>` holds the journal as it was before that
day's first save (files.daily_backup). The base is the newest backup older than both
files: its file's mtime no later than either file's, and of those the one with the
latest date in its name, then the latest mtime. A backup that does not parse or
validate is passed over for the next one. Without one, there is no base: a record
missing from one copy is then kept, never counted as deleted.
"""

from __future__ import annotations

import os
from pathlib import Path

from stepdown.domain.journal import SCHEMA, Journal
from stepdown.store import files
from stepdown.store.codec import InvalidJournal, decode


def base_backup(journal: Path, *others: Path) -> tuple[Path, Journal] | None:
    """The newest valid backup of `journal` older than `journal` and every one of
    `others` (by mtime), and what it holds; None when there is none."""
    real = files.real_path(journal)
    folder = files.backups_folder(real)
    pattern = files.backup_pattern(real)
    try:
        limit = min(os.stat(path).st_mtime for path in (journal, *others))
        names = [name for name in os.listdir(folder) if pattern.fullmatch(name)]
    except OSError:
        return None
    candidates = []
    for name in names:
        day = files.backup_day(real, name)
        try:
            mtime = os.stat(folder / name).st_mtime
        except OSError:
            continue
        if day is not None and mtime <= limit:
            candidates.append((day, mtime, folder / name))
    for _day, _mtime, path in sorted(candidates, reverse=True):
        try:
            held = decode(path.read_bytes())
        except (OSError, InvalidJournal):
            continue
        if held.schema <= SCHEMA:
            return path, held
    return None
