"""Journals of N years of daily use, for the benchmarks.

Every day holds three doses, a check-in and a breathing session, under a plan whose
steps change every four weeks across the whole span; settings and contacts come
from the demo. Deterministic, so runs compare like with like.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from stepdown.domain.demo import demo_journal
from stepdown.domain.journal import (
    BreathingSession,
    Checkin,
    DoseEntry,
    Journal,
    Plan,
    Step,
)
from stepdown.domain.rules import COPING, SYMPTOMS

TIMES = (time(8), time(14), time(20))
STEP_DAYS = 28
NOTES = (
    "Legs stiff in the morning, easier after a walk.",
    "Slept well. Made soup for the week.",
    "A bit anxious before the appointment; breathing helped.",
    "",
    "",
)


def journal_of_years(years: float, today: date) -> Journal:
    """A journal of `years` of daily use ending yesterday, with the demo's settings and contacts."""
    days = round(years * 365)
    first = today - timedelta(days=days)
    plan = Plan(
        prescriber="Dr. Ana Rivera",
        approved_on=first,
        note="Long-term benchmark plan",
        steps=tuple(
            Step(start=first + timedelta(days=n), times=TIMES, doses=_amounts(n // STEP_DAYS))
            for n in range(0, days + STEP_DAYS, STEP_DAYS)
        ),
    )
    doses: list[DoseEntry] = []
    checkins: list[Checkin] = []
    breathing: list[BreathingSession] = []
    for n in range(days):
        day = first + timedelta(days=n)
        amounts = _amounts(n // STEP_DAYS)
        for i, (slot, amount) in enumerate(zip(TIMES, amounts, strict=True)):
            taken_at = datetime.combine(day, slot) + timedelta(minutes=(n * 7 + i * 11) % 40 - 10)
            doses.append(DoseEntry(day, "taken", slot=slot, taken_at=taken_at, amount=amount))
        checkins.append(
            Checkin(
                date=day,
                recorded_at=datetime.combine(day, time(21, n % 60)),
                spasticity=3 + n % 4,
                anxiety=2 + n % 5,
                sleep=5 + n % 4,
                mood=4 + n % 5,
                symptoms=(SYMPTOMS[n % len(SYMPTOMS)],) if n % 3 == 0 else (),
                coping=(COPING[n % len(COPING)], COPING[(n + 3) % len(COPING)]),
                notes=NOTES[n % len(NOTES)],
            )
        )
        breathing.append(
            BreathingSession(
                started_at=datetime.combine(day, time(9 + n % 12, n % 60)),
                pattern="box",
                planned_seconds=300,
                seconds=300,
                completed=True,
                anxiety_before=4 + n % 4,
                anxiety_after=2 + n % 3,
            )
        )
    demo = demo_journal(today)
    return Journal(
        settings=demo.settings,
        plan=plan,
        doses=tuple(doses),
        checkins=tuple(checkins),
        breathing=tuple(breathing),
        contacts=demo.contacts,
    )


def _amounts(step: int) -> tuple[float, float, float]:
    # A long plan that moves down and back up in 2.5 mg steps and never reaches zero,
    # so every day of a ten-year span still has three doses to log.
    low = 2.5 * (step % 6)
    return (20.0 - low, 20.0 - low / 2, 20.0)
