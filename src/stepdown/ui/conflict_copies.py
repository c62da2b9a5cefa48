"""Sync tools' conflict copies of the journal, on Today: a banner names each copy, from
when, and how many entries it holds that the journal does not; one key merges it in.

Today looks when it comes into view and, while in view, at each of the app's looks at
the file (file_watch) once the journal's folder changed (one stat). The merge is the
domain's three-way merge (journal_merge) on the newest backup older than both files, or
none; it is proved valid before the store is asked, then saved through the store, and
only once saved is the copy moved into `backups/` (never deleted).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from textual.screen import Screen

from stepdown.domain.journal_merge import entries_missing
from stepdown.store.conflict_copies import (
    ConflictCopy,
    find_copies,
    folder_stamp,
    move_to_backups,
)
from stepdown.store.copy_merge import CopyMerge, MergeInvalid, counts
from stepdown.store.files import plain_reason
from stepdown.ui.widgets.banner import show_banner

if TYPE_CHECKING:
    from stepdown.domain.journal import Journal
    from stepdown.ui.app import StepdownApp

BANNER_ID: Final = "conflict-copy"
MERGE_KEY = "m"
SHOWN_AT_MOST = 3
"""Copies named in the banner; more are counted."""


def _entries(count: int) -> str:
    return "1 entry" if count == 1 else f"{count} entries"


def copy_line(copy: ConflictCopy, journal: Journal) -> str:
    """One copy in the banner's words."""
    when = copy.when.strftime("%Y-%m-%d %H:%M")
    name = f"{copy.tool}'s conflict copy {copy.path.name} (from {when})"
    if copy.journal is None:
        return f"{name} cannot be merged: {copy.error}"
    missing = entries_missing(journal, copy.journal)
    return f"{name} holds {_entries(missing)} this journal does not."


class CopyLook:
    """What Today knows of the conflict copies beside the journal."""

    def __init__(self) -> None:
        self.stamp: tuple[int, int] | None = None
        self.copies: list[ConflictCopy] = []
        self.said: str | None = None
        """What the last merge did, shown until the next one."""

    @property
    def mergeable(self) -> ConflictCopy | None:
        """The copy the merge key takes in: the first that can be merged."""
        return next((copy for copy in self.copies if copy.journal is not None), None)

    def look(self, screen: Screen[Any], app: StepdownApp, *, again: bool = False) -> None:
        """Look for copies when the folder changed since the last look (or `again`)."""
        stamp = folder_stamp(app.store.path)
        if stamp == self.stamp and not again:
            return
        self.stamp = stamp
        self.copies = find_copies(app.store.path)
        # The whole journal is asked for only when there is something to say: with no
        # copy, the first frame never waits for a large journal's older part.
        if self.copies or self.said:
            self.show(screen, app.store.journal)
        else:
            self.show(screen, None)
        screen.refresh_bindings()

    def text(self, journal: Journal | None) -> str:
        """The banner's words: what the last merge did, then each copy found."""
        lines = [self.said] if self.said else []
        if journal is not None:
            lines += [copy_line(copy, journal) for copy in self.copies[:SHOWN_AT_MOST]]
        if len(self.copies) > SHOWN_AT_MOST:
            lines.append(f"And {len(self.copies) - SHOWN_AT_MOST} more conflict copies.")
        if self.mergeable is not None:
            which = "it" if len(self.copies) == 1 else self.mergeable.path.name
            lines.append(f"Press {MERGE_KEY} to merge {which} in.")
        return "\n".join(lines)

    def show(self, screen: Screen[Any], journal: Journal | None) -> None:
        """Say `text` in the banner, below the other banners."""
        show_banner(screen, BANNER_ID, self.text(journal))

    def merge(self, screen: Screen[Any], app: StepdownApp) -> None:
        """Merge the first mergeable copy into the journal, then move it to backups/."""
        copy = self.mergeable
        if copy is None or copy.journal is None:
            return
        try:
            merge = CopyMerge(app.store.path, copy.path, app.store.journal, copy.journal)
        except MergeInvalid as invalid:
            app.notify(
                f"{copy.path.name} was not merged: {invalid}. Nothing was written.",
                severity="error",
            )
            return
        if not app.record(merge.change):
            return  # the app said why; the copy stays where it is
        try:
            moved = f"it is now in backups/ as {move_to_backups(app.store.path, copy.path).name}"
        except OSError as error:
            moved = f"it could not be moved into backups/ ({plain_reason(error)}) and stays"
        self.said = f"Merged {copy.path.name}: {counts(merge.result)}; {moved}."
        self.look(screen, app, again=True)
