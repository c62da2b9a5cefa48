"""What the Today screen shows of the journal, worked out in one place.

The screen draws a TodayView and nothing else from the journal's records, so the
records it depends on are known: those of the past few days (see recent.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from stepdown.domain.cautions import BELOW_PLAN, below_plan_streak, provider_contact
from stepdown.domain.checkin import red_flag_banner
from stepdown.domain.day import DaySummary, breathing_minutes_on, checkin_on, day_summary
from stepdown.domain.doses import latest_on
from stepdown.domain.journal import DoseEntry, Journal
from stepdown.domain.recent import RecentPart


@dataclass(frozen=True)
class TodayView:
    """One day as Today shows it: the doses, the day's totals and its alerts."""

    summary: DaySummary
    breathing_minutes: int
    checkin_done: bool
    red_flag: str | None
    """The red-flag alert of a check-in given or dated today, or None."""
    below_plan: str | None
    """The caution shown after two days in a row below plan, or None."""
    latest: DoseEntry | None
    """The entry of today recorded last: the one undo takes back."""


def today_view(journal: Journal | RecentPart, today: date, now: datetime) -> TodayView:
    """Today as of `now`, from the whole journal or its recent part (the same view)."""
    if isinstance(journal, RecentPart):
        journal = journal.records
    return TodayView(
        summary=day_summary(journal.plan, journal.doses, today, now),
        breathing_minutes=breathing_minutes_on(journal.breathing, today),
        checkin_done=checkin_on(journal.checkins, today) is not None,
        red_flag=red_flag_banner(journal, today),
        below_plan=below_plan_caution(journal, today, now),
        latest=latest_on(journal, today),
    )


def below_plan_caution(journal: Journal, today: date, now: datetime) -> str | None:
    """The below-plan caution, naming the provider's phone where there is one."""
    if below_plan_streak(journal, today, now) < 2:
        return None
    provider = provider_contact(journal.contacts)
    if provider is not None and provider.phone:
        return f"{BELOW_PLAN} {provider.name}: {provider.phone}"
    return BELOW_PLAN
