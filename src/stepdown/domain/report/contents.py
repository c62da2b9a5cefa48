"""What a provider report holds, gathered once from the journal for every format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from stepdown.domain.journal import Journal, Plan
from stepdown.domain.rules import clean_text
from stepdown.domain.week import Figures, Review, TaperRow


@dataclass(frozen=True)
class Report:
    """The period's figures, the plan and its taper view, as of `made_at`."""

    first: date
    last: date
    """The last day reported: the day asked for, or today when that was later (nothing
    after today can have been recorded); before `first` when the whole period is."""
    asked_last: date
    """The last day asked for."""
    medication: str
    unit: str
    """The settings' medication and unit, control characters removed."""
    plan: Plan | None
    period: Figures
    taper: tuple[TaperRow, ...]
    """Every step of the plan with its figures so far, not only the period's."""
    made_at: datetime


def build_report(journal: Journal, first: date, last: date, now: datetime) -> Report:
    """The report of the days from `first` to `last` of `journal`, made at `now`.

    The period is cut at today: a day after it would count as a day without a check-in
    ("Check-ins 29 of 40 days"). A period wholly after today has no days.
    """
    review = Review(journal, now)
    settings = journal.settings
    cut = min(last, now.date())
    return Report(
        first=first,
        last=cut,
        asked_last=last,
        medication=clean_text(settings.medication),
        unit=clean_text(settings.unit),
        plan=journal.plan,
        period=review.period(first, cut),
        taper=review.taper(),
        made_at=now,
    )
