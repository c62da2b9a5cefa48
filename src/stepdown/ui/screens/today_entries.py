"""Today's dose form: opening it, and the dose entries made from what was typed into it.

The form's module is imported when it first opens: the first frame does not need it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from textual.app import App

from stepdown.domain.doses import taken
from stepdown.domain.journal import DoseEntry

if TYPE_CHECKING:
    from stepdown.ui.dialogs.dose_form import DoseDetails


def open_dose_form(
    app: App[object],
    keep: Callable[[DoseDetails], bool],
    title: str,
    *,
    question: Callable[[DoseDetails], str | None] | None = None,
    at: time | None = None,
    amount: float | None = None,
    note: str = "",
    note_label: str = "Note",
    ask_dose: bool = True,
) -> None:
    """Open the dose form; `keep` records what was entered and says if it was saved."""
    from stepdown.ui.dialogs.dose_form import DoseForm

    form = DoseForm(
        title,
        keep=keep,
        question=question,
        at=at,
        amount=amount,
        note=note,
        note_label=note_label,
        ask_dose=ask_dose,
    )
    app.push_screen(form)


def taken_entry(details: DoseDetails, day: date, slot: time | None) -> DoseEntry:
    """The dose taken on `day` at the form's time, for `slot` (None: an extra dose)."""
    # The form asks for both time and amount, so neither is None here.
    assert details.at is not None and details.amount is not None
    return taken(day, slot, details.amount, datetime.combine(day, details.at), details.note)


def edited_entry(
    details: DoseDetails, day: date, slot: time | None, old: DoseEntry | None
) -> DoseEntry:
    """`old` (None: no entry yet) as the form changed it: taken on `day` for `slot`."""
    new = taken_entry(details, day, slot)
    if old is None:
        return new
    at = new.taken_at
    if old.taken_at is not None and old.taken_at.replace(second=0, microsecond=0) == at:
        at = old.taken_at  # the form shows minutes: a time left as it was keeps its seconds
    # What the file held that Stepdown does not know stays with the entry.
    return replace(new, taken_at=at, extra=old.extra)
