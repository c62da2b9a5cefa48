"""`stepdown undo`: the last record a shell command made, and taking it back.

Only while the journal still holds that record exactly as the command wrote it: once the
app (or anything else) changed or removed it, undo would take back something the user
did not do from the shell, so it is refused with what the record is now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from stepdown.domain.day import checkin_on
from stepdown.domain.doses import remove_dose
from stepdown.domain.journal import Checkin, DoseEntry, Journal
from stepdown.domain.shell_checkin import checkin_name
from stepdown.domain.shell_records import Refused, dose_name, how_recorded, slot_entry

DOSE_COMMANDS = ("take", "skip", "extra")
CHECKIN_COMMAND = "checkin"


@dataclass(frozen=True)
class ShellRecord:
    """The last record made from the shell: what the command wrote, and what it replaced."""

    command: str
    """The command that made it: one of DOSE_COMMANDS, or CHECKIN_COMMAND."""
    after: DoseEntry | Checkin
    """The entry or check-in as the command wrote it."""
    before: Checkin | None = None
    """The day's check-in the command changed; None when it added the record (a dose
    command always adds one)."""

    def held_by(self, journal: Journal) -> bool:
        """Whether `journal` still holds the record exactly as the command wrote it."""
        if isinstance(self.after, DoseEntry):
            return self.after in journal.doses
        return checkin_on(journal.checkins, self.after.date) == self.after

    def undo(self, today: date) -> Callable[[Journal], Journal]:
        """The change taking the record back: the journal without it, or with the day's
        check-in as it was before. Refused when the journal no longer holds it as
        written, checked again each time the store applies the change; `today` names
        the day in those words."""

        def take_back(journal: Journal) -> Journal:
            after = self.after
            if not self.held_by(journal):
                raise Refused(self.not_held(journal, journal.settings.unit, today))
            if isinstance(after, DoseEntry):
                return remove_dose(journal, after)
            checkins = tuple(
                kept
                for checkin in journal.checkins
                if (kept := checkin if checkin.date != after.date else self.before) is not None
            )
            return replace(journal, checkins=checkins)

        return take_back

    def words(self, unit: str, today: date) -> str:
        """What undo took back, in a sentence (no full stop)."""
        after = self.after
        if isinstance(after, DoseEntry):
            what = f"{dose_name(after, today)}, {how_recorded(after, unit)}"
            return f"Took back {what} (recorded by `stepdown {self.command}`)"
        name = checkin_name(after.date, today)
        if self.before is None:
            return f"Took back {name}, saved by `stepdown checkin`: the day has no check-in now"
        return f"Took back the change to {name} by `stepdown checkin`: it is as it was before"

    def not_held(self, journal: Journal, unit: str, today: date) -> str:
        """Why the record cannot be taken back: what the journal holds in its place."""
        after = self.after
        by = f"`stepdown {self.command}`"
        if isinstance(after, DoseEntry):
            name = dose_name(after, today)
            now = slot_entry(journal, after.date, after.slot) if after.slot is not None else None
            if now is not None:
                state = f"it is now {how_recorded(now, unit)}"
            else:
                state = "it is no longer in the journal"
            return (
                f"Not undone: {name} was changed since {by} recorded it ({state}). "
                "Change it in the app instead (Today: e edits, u undoes)."
            )
        name = checkin_name(after.date, today)
        return (
            f"Not undone: {name} was changed since {by} saved it. "
            "Change it in the app instead (Check-in, c)."
        )
