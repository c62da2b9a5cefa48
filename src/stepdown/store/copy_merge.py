"""Merging another copy of a journal into it: the base, the proof, and the change.

`stepdown merge --into` and the app's merge of a sync tool's conflict copy do the same
thing: find the base (backups.base_backup: the newest backup older than both files, or
none), prove that the merged journal reads back valid before the store is asked (a
refused merge leaves nothing pending), and hand the store a change that merges the
copy into whatever the journal holds when it saves (another writer may have saved
meanwhile). `stepdown merge BASE OURS THEIRS`, git's driver, proves its result with
`valid_text` too.
"""

from __future__ import annotations

from pathlib import Path

from stepdown.domain.journal import Journal
from stepdown.domain.journal_merge import MergeResult, merge_journals
from stepdown.store.backups import base_backup
from stepdown.store.codec import InvalidJournal, decode, encode


class MergeInvalid(Exception):
    """The merged journal would not be valid; str() says why. Nothing was written."""


def valid_text(journal: Journal) -> bytes:
    """The file text of the merged `journal`, proved to read back valid; MergeInvalid if not."""
    try:
        data = encode(journal).encode("utf-8")
        decode(data)
    except (ValueError, InvalidJournal) as error:
        raise MergeInvalid(f"the merged journal would not be valid ({error})") from error
    return data


class CopyMerge:
    """The merge of the copy `other` into the journal at `journal`, proved valid on what
    the journal holds now (`current`); `change` is what the store saves.

    Attributes:
        base: the backup used as the base, or None (nothing counts as deleted then).
        result: what the last run of `change` merged (added, changed, conflicts).
    """

    def __init__(self, journal: Path, other_path: Path, current: Journal, other: Journal) -> None:
        """Find the base and prove the merge on `current`; MergeInvalid if it fails."""
        found = base_backup(journal, other_path)
        self.base = found[0] if found is not None else None
        self._base_journal = found[1] if found is not None else None
        self._other = other
        self.result = merge_journals(self._base_journal, current, other)
        valid_text(self.result.journal)

    def change(self, current: Journal) -> Journal:
        """The journal the store saves: the copy merged into `current`."""
        self.result = merge_journals(self._base_journal, current, self._other)
        return self.result.journal


def counts(result: MergeResult) -> str:
    """What a merge did, in words: `2 entries added, 1 changed, 1 conflict listed`."""
    entries = "entry" if result.added == 1 else "entries"
    conflicts = "conflict" if result.conflicts == 1 else "conflicts"
    return (
        f"{result.added} {entries} added, {result.changed} changed, "
        f"{result.conflicts} {conflicts} listed"
    )
