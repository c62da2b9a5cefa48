"""Recording doses: each function is a change from one journal to the next.

Changes are pure and capture only their arguments, so the store can apply one again
on top of a file another program edited meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time

from stepdown.domain import format as fmt
from stepdown.domain.journal import DoseEntry, Journal


def record_dose(journal: Journal, entry: DoseEntry) -> Journal:
    """`journal` with `entry` added; an entry for the same planned slot is replaced."""
    kept = tuple(
        old
        for old in journal.doses
        if entry.slot is None or (old.date, old.slot) != (entry.date, entry.slot)
    )
    return replace(journal, doses=(*kept, entry))


def taken(day: date, slot: time | None, amount: float, at: datetime, note: str = "") -> DoseEntry:
    """A dose taken at `at`; `slot` is the planned time it answers, None for an extra."""
    return DoseEntry(day, "taken", slot=slot, taken_at=at, amount=amount, note=note)


def skipped(day: date, slot: time, reason: str = "") -> DoseEntry:
    """A planned dose not taken, with the reason if the user gave one."""
    return DoseEntry(day, "skipped", slot=slot, note=reason)


def replace_dose(journal: Journal, old: DoseEntry, new: DoseEntry) -> Journal:
    """`journal` with the entry equal to `old` changed to `new`, in its place.

    When `old` is no longer there (another program removed it), `new` is added.
    """
    doses = list(journal.doses)
    if old in doses:
        doses[doses.index(old)] = new
        return replace(journal, doses=tuple(doses))
    return record_dose(journal, new)


def latest_on(journal: Journal, day: date) -> DoseEntry | None:
    """The entry for `day` recorded last: what undo takes back when it knows no change
    made since the app started."""
    return next((entry for entry in reversed(journal.doses) if entry.date == day), None)


def remove_dose(journal: Journal, entry: DoseEntry) -> Journal:
    """`journal` without `entry` (its last occurrence); unchanged when it is not there."""
    doses = list(journal.doses)
    for i in range(len(doses) - 1, -1, -1):
        if doses[i] == entry:
            del doses[i]
            return replace(journal, doses=tuple(doses))
    return journal


def entry_time(entry: DoseEntry) -> str:
    """The time an entry is known by: its planned slot, else when it was taken."""
    at = entry.slot or (entry.taken_at.time() if entry.taken_at else None)
    return fmt.clock_time(at) if at is not None else "--:--"


def entry_words(entry: DoseEntry) -> str:
    """An entry in a few words: "17:00 skipped", "08:00 taken", "extra 16:30"."""
    if entry.slot is None:
        return f"extra {entry_time(entry)}"
    return f"{entry_time(entry)} {entry.status}"


@dataclass(frozen=True)
class DoseChange:
    """One change the user made to a day's doses, kept so that undo can take it back."""

    after: DoseEntry
    """The entry the change recorded."""
    before: DoseEntry | None = None
    """The entry it replaced (a skip then taken, an entry edited); None when it added one."""
    edit: bool = False
    """An edit of an entry through its form, rather than taking, skipping or an extra."""

    @property
    def words(self) -> str:
        """What the change was, in a few words: "17:00 skipped", "edit of 08:00"."""
        if self.edit and self.before is not None:
            return f"edit of {entry_time(self.before)}"
        return entry_words(self.after)

    def undo(self, journal: Journal) -> Journal:
        """`journal` with the change taken back: the entry as it was before, in the
        changed one's place, or the added entry removed."""
        if self.before is None:
            return remove_dose(journal, self.after)
        return replace_dose(journal, self.after, self.before)
