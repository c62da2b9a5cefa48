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
    medication: str
    unit: str
    """The settings' medication and unit, control characters removed."""
    plan: Plan | None
    period: Figures
    taper: tuple[TaperRow, ...]
    """Every step of the plan with its figures so far, not only the period's."""
    made_at: datetime


def build_report(journal: Journal, first: date, last: date, now: datetime) -> Report:
    """The report of the days from `first` to `last` of `journal`, made at `now`."""
    review = Review(journal, now)
    settings = journal.settings
    return Report(
        first=first,
        last=last,
        medication=clean_text(settings.medication),
        unit=clean_text(settings.unit),
        plan=journal.plan,
        period=review.period(first, last),
        taper=review.taper(),
        made_at=now,
    )
