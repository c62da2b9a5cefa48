"""The review of past days: each day's figures, their totals over a period, and the taper view.

One summary feeds the week screen, the taper view and every report, so no figure is
worked out twice. A day's doses come from day.day_summary, its shortfall from
cautions.is_below_plan, its red flags from checkin.red_flags and its breathing from
day.breathing_minutes_on; this module only gathers them and adds them up.

Dose figures count only the days the journal was kept: from the first dose ever
recorded up to today. Before that, an empty day says nothing about what was taken;
after today, nothing can have been. Scores and breathing count on any day they exist;
a score a check-in left out (not recorded) is no figure, never a zero.

A day with no plan step in force (before the plan's first step, or with no plan at
all) has no plan: its planned total is None, not 0, and it is left out of adherence,
of the dose counts measured against a plan (taken, skipped, missed, due, extra) and of
the days below and above plan. The doses recorded on it were really taken, so they are
counted on their own (Figures.without_plan) rather than as "extra" beyond a plan that
did not exist.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TypeVar

from stepdown.domain.cautions import is_below_plan
from stepdown.domain.checkin import SCALES, red_flags
from stepdown.domain.day import DaySummary, DoseState, breathing_minutes_on, checkin_on, day_summary
from stepdown.domain.journal import BreathingSession, Checkin, Journal, Plan, Step

WEEK_DAYS = 7
T = TypeVar("T")

AMOUNT_EPSILON = 1e-9
"""Below this, two amounts are the same: 0.1 + 0.2 taken is not above a plan of 0.3."""

SCORES = tuple(scale.name for scale in SCALES)
"""The check-in's scores, in the form's order: spasticity, anxiety, sleep, mood."""


def week_ending(day: date) -> tuple[date, date]:
    """The first and last day of the 7 days ending on `day`."""
    return day - timedelta(days=WEEK_DAYS - 1), day


def days_from(first: date, last: date) -> list[date]:
    """Every date from `first` to `last`, both included; none when `first` is after `last`."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


@dataclass(frozen=True)
class DayFigures:
    """What one day looked like: its doses against the plan, its check-in and breathing."""

    day: date
    doses: DaySummary
    """The plan's slots of the day with their entries, then the extra doses."""
    recorded: bool
    """True when the day's doses count: on or after the first dose recorded, not after today."""
    has_plan: bool
    """True when a plan step is in force on the day (one that ends the taper included)."""
    below_plan: bool
    """Less taken than planned, doses still due aside; only on a recorded day with a plan."""
    above_plan: bool
    """More taken than the day's whole plan, extra doses included; only on a recorded
    day with a plan. Not stepping down matters in a taper as much as a missed dose."""
    checkin: Checkin | None
    red_flags: tuple[str, ...]
    """Why the day's check-in calls for medical attention, in words; empty when it does not."""
    breathing: tuple[BreathingSession, ...]
    breathing_minutes: int
    step_number: int
    """The 1-based number of the plan step in force; 0 when no plan step is."""
    new_step: Step | None
    """The plan step that starts on this day, if one does."""

    @property
    def planned(self) -> float | None:
        """The plan's total for the day, in the settings' unit; None with no plan in force."""
        return self.doses.planned_total if self.has_plan else None

    @property
    def taken(self) -> float:
        """The total taken, extra doses included."""
        return self.doses.taken_total

    @property
    def planned_so_far(self) -> float:
        """The plan's total less the doses still due: what adherence is measured against.
        0 on a day not recorded or without a plan."""
        if not (self.recorded and self.has_plan):
            return 0.0
        return self.doses.planned_total - self.doses.due_total

    @property
    def counts_against_plan(self) -> bool:
        """True when the day's doses are measured against a plan: recorded, with a plan."""
        return self.recorded and self.has_plan

    @property
    def taken_without_plan(self) -> int:
        """How many doses were taken on a recorded day with no plan in force; 0 otherwise."""
        if not self.recorded or self.has_plan:
            return 0
        return sum(
            1 for row in self.doses.rows if row.entry is not None and row.entry.status == "taken"
        )

    def count(self, state: DoseState) -> int:
        """How many of the day's dose rows are in `state`; 0 on a day not recorded or
        without a plan, whose doses are not measured against one (taken_without_plan)."""
        if not self.counts_against_plan:
            return 0
        return sum(1 for row in self.doses.rows if row.state == state)

    def score(self, name: str) -> int | None:
        """The check-in's score `name` (one of SCORES); None without a check-in, or when
        the check-in did not record that score."""
        return None if self.checkin is None else getattr(self.checkin, name)


@dataclass(frozen=True)
class WithoutPlan:
    """The doses of the recorded days with no plan in force: really taken, never "extra"."""

    days: int
    """How many recorded days had no plan in force."""
    dose_days: int
    """How many of them had a dose taken."""
    doses: int
    """How many doses were taken on them."""
    taken: float
    """The amount taken on them, in the settings' unit."""


@dataclass(frozen=True)
class Figures:
    """Totals and averages over a run of days: a week, a report's period, a taper step."""

    days: tuple[DayFigures, ...]

    @property
    def planned(self) -> float:
        """The planned amount over the recorded days, doses still due aside."""
        return sum(day.planned_so_far for day in self.days)

    @property
    def taken(self) -> float:
        """The amount taken over the recorded days with a plan, extra doses included."""
        return sum(day.taken for day in self.days if day.counts_against_plan)

    @property
    def plan_days(self) -> int:
        """How many days were recorded with a plan in force: the days adherence is over."""
        return sum(1 for day in self.days if day.counts_against_plan)

    @property
    def without_plan(self) -> WithoutPlan:
        """What was taken on the recorded days with no plan in force."""
        days = [day for day in self.days if day.recorded and not day.has_plan]
        return WithoutPlan(
            days=len(days),
            dose_days=sum(1 for day in days if day.taken_without_plan),
            doses=sum(day.taken_without_plan for day in days),
            taken=sum(day.taken for day in days),
        )

    @property
    def adherence(self) -> float | None:
        """Taken over planned on the recorded days with a plan, as a percentage; None
        when nothing was planned on them.

        Extra doses count, so it can pass 100.
        """
        planned = self.planned
        return None if planned <= 0 else 100 * self.taken / planned

    def count(self, state: DoseState) -> int:
        """How many dose rows of the recorded days are in `state`."""
        return sum(day.count(state) for day in self.days)

    @property
    def checkins(self) -> int:
        """How many days have a check-in."""
        return sum(1 for day in self.days if day.checkin is not None)

    def average(self, name: str) -> float | None:
        """The mean of score `name` over the days that recorded it; None when none did."""
        scores = [score for day in self.days if (score := day.score(name)) is not None]
        return sum(scores) / len(scores) if scores else None

    @property
    def red_flag_days(self) -> tuple[DayFigures, ...]:
        """The days whose check-in has a red flag, in date order."""
        return tuple(day for day in self.days if day.red_flags)

    @property
    def below_plan_days(self) -> tuple[DayFigures, ...]:
        return tuple(day for day in self.days if day.below_plan)

    @property
    def above_plan_days(self) -> tuple[DayFigures, ...]:
        return tuple(day for day in self.days if day.above_plan)

    @property
    def breathing_minutes(self) -> int:
        return sum(day.breathing_minutes for day in self.days)

    @property
    def breathing_days(self) -> int:
        return sum(1 for day in self.days if day.breathing_minutes > 0)

    @property
    def is_empty(self) -> bool:
        """True when no day has a dose entry, a check-in or a breathing session."""
        return not any(
            any(row.entry for row in day.doses.rows) or day.checkin or day.breathing
            for day in self.days
        )


@dataclass(frozen=True)
class TaperRow:
    """One step of the plan with the figures of its days so far: the effect of a cut."""

    number: int
    """1-based, as the plan lists it."""
    step: Step
    first: date
    last: date | None
    """The day before the next step starts; None for the last step, which runs on."""
    figures: Figures
    """The step's days up to today; none for a step that has not begun."""


class Review:
    """A journal's days indexed once, at `now`; the week, reports and taper view read it.

    The journal's records are grouped by date up front, so a period of any length
    costs only its own days, not a scan of the whole journal for each one. For the same
    reason each day is read against a plan of just the step in force, found by bisection
    (steps start in order: rules.plan_problems), which gives day_summary and
    is_below_plan the same answer as the whole plan without a walk through its steps.
    """

    def __init__(self, journal: Journal, now: datetime) -> None:
        self.journal = journal
        self.now = now
        self.today = now.date()
        self._doses = _by_date(journal.doses, lambda entry: entry.date)
        self._checkins = _by_date(journal.checkins, lambda checkin: checkin.date)
        self._breathing = _by_date(journal.breathing, lambda session: session.started_at.date())
        self._first_dose = min(self._doses, default=None)
        steps = journal.plan.steps if journal.plan is not None else ()
        self._starts = [step.start for step in steps]
        self._step_plans = [
            replace(journal.plan, steps=(step,)) for step in steps if journal.plan is not None
        ]
        self._cache: dict[date, DayFigures] = {}

    @property
    def plan(self) -> Plan | None:
        return self.journal.plan

    def day(self, day: date) -> DayFigures:
        """The figures of `day`."""
        found = self._cache.get(day)
        if found is None:
            found = self._cache[day] = self._figures(day)
        return found

    def period(self, first: date, last: date) -> Figures:
        """The figures of every day from `first` to `last`, both included."""
        return Figures(tuple(self.day(day) for day in days_from(first, last)))

    def taper(self) -> tuple[TaperRow, ...]:
        """One row per step of the plan, each with its days up to today."""
        steps = self.plan.steps if self.plan is not None else ()
        rows = []
        for i, step in enumerate(steps):
            following = steps[i + 1].start if i + 1 < len(steps) else None
            last = following - timedelta(days=1) if following is not None else None
            counted = self.period(step.start, self.today if last is None else min(last, self.today))
            rows.append(TaperRow(i + 1, step, step.start, last, counted))
        return tuple(rows)

    def _figures(self, day: date) -> DayFigures:
        entries = self._doses.get(day, ())
        recorded = self._first_dose is not None and self._first_dose <= day <= self.today
        checkin = checkin_on(self._checkins.get(day, ()), day)
        sessions = tuple(self._breathing.get(day, ()))
        index = bisect_right(self._starts, day) - 1
        plan = self._step_plans[index] if index >= 0 else None
        step = plan.steps[0] if plan is not None else None
        doses = day_summary(plan, entries, day, self.now)
        counted = recorded and plan is not None
        return DayFigures(
            day=day,
            doses=doses,
            recorded=recorded,
            has_plan=plan is not None,
            below_plan=counted and is_below_plan(plan, entries, day, self.now),
            above_plan=counted and doses.taken_total > doses.planned_total + AMOUNT_EPSILON,
            checkin=checkin,
            red_flags=red_flags(checkin) if checkin is not None else (),
            breathing=sessions,
            breathing_minutes=breathing_minutes_on(sessions, day),
            step_number=index + 1,
            new_step=step if step is not None and step.start == day else None,
        )


def _by_date(records: Iterable[T], day_of: Callable[[T], date]) -> dict[date, list[T]]:
    grouped: defaultdict[date, list[T]] = defaultdict(list)
    for record in records:
        grouped[day_of(record)].append(record)
    return dict(grouped)


def summarize(journal: Journal, first: date, last: date, now: datetime) -> Figures:
    """The figures of the days from `first` to `last` of `journal`, at `now`."""
    return Review(journal, now).period(first, last)
