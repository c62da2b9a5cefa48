"""Sample data for `stepdown --demo`: a believable taper, part-way through, built around a date.

Everything is derived from `today` alone (no randomness), so the same day always
gives the same journal and tests can pin it down. The story: a provider approved a
weekly 5 mg taper from 60 mg a day three weeks ago; the patient started using
Stepdown a week later and has two weeks of doses, check-ins and breathing behind
them. Today a new step starts and only the morning dose is logged so far.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from stepdown.domain.journal import (
    BreathingSession,
    Checkin,
    Contact,
    DoseEntry,
    Journal,
    Pattern,
    Plan,
    Settings,
    Step,
)
from stepdown.domain.plan import step_on

PRESCRIBER = "Dr. Ana Rivera"
PLAN_STARTED_DAYS_AGO = 21
HISTORY_DAYS = 14

_MORNING, _MIDDAY, _EVENING = time(8), time(14), time(20)

# Daily amounts, one row a week: 5 mg less each week, ending at zero with a cut no
# larger than the others. Times drop out as their amount reaches zero.
_WEEKLY_DOSES: tuple[tuple[tuple[time, float], ...], ...] = (
    ((_MORNING, 20.0), (_MIDDAY, 20.0), (_EVENING, 20.0)),
    ((_MORNING, 15.0), (_MIDDAY, 20.0), (_EVENING, 20.0)),
    ((_MORNING, 15.0), (_MIDDAY, 15.0), (_EVENING, 20.0)),
    ((_MORNING, 15.0), (_MIDDAY, 15.0), (_EVENING, 15.0)),
    ((_MORNING, 10.0), (_MIDDAY, 15.0), (_EVENING, 15.0)),
    ((_MORNING, 10.0), (_MIDDAY, 10.0), (_EVENING, 15.0)),
    ((_MORNING, 10.0), (_MIDDAY, 10.0), (_EVENING, 10.0)),
    ((_MORNING, 5.0), (_MIDDAY, 10.0), (_EVENING, 10.0)),
    ((_MORNING, 5.0), (_MIDDAY, 5.0), (_EVENING, 10.0)),
    ((_MORNING, 5.0), (_MIDDAY, 5.0), (_EVENING, 5.0)),
    ((_MORNING, 5.0), (_EVENING, 5.0)),
    ((_EVENING, 5.0),),
    (),
)

# Minutes late (or early) for each logged dose, cycled: people are rarely on the dot.
_DOSE_DELAYS = (4, -3, 12, 7, 0, 25, -6, 2, 9, 15, -2, 5, 31, 1, 8, -4, 3, 18, 6, -1)

# Doses skipped, by days before today and slot, with the patient's reason.
_SKIPS: dict[tuple[int, time], str] = {
    (11, _MIDDAY): "Fell asleep after lunch and missed it. Took the evening one on time.",
    (6, _MIDDAY): "At the dentist and left the tablets at home.",
    (2, _EVENING): "Felt sick to my stomach and went to bed early.",
}

# One row per day of history, oldest first (14 days ago .. yesterday); None = no
# check-in that day. (spasticity, anxiety, sleep, mood, symptoms, coping, notes); a
# score of None was left blank (not recorded), as people now and then do.
_Score = int | None
_CheckinRow = tuple[_Score, _Score, _Score, _Score, tuple[str, ...], tuple[str, ...], str]
_CHECKINS: tuple[_CheckinRow | None, ...] = (
    (4, 4, 6, 6, (), ("walking",), "First day on 55. Legs a bit tighter tonight."),
    (5, 5, 5, 5, ("muscle-pain",), ("stretching", "hydration"), "Calves cramping in the evening."),
    (5, 4, 5, 6, ("sweating",), ("breathing",), "Woke up sweaty around 3."),
    (4, 4, 6, 6, (), ("walking", "breathing"), ""),
    (4, 3, None, 7, (), ("yoga",), "Gentle yoga video in the morning. Felt looser after."),
    None,
    (3, 3, 7, 7, (), ("walking", "healthy-meal"), "Good day. Walked to the park and back."),
    (4, 4, 6, 6, (), ("breathing",), "Down to 50 today. Nervous about it, but fine so far."),
    (
        5,
        5,
        4,
        5,
        ("insomnia", "muscle-pain"),
        ("breathing", "stretching"),
        "Hardly slept. Stiff and restless.",
    ),
    (5, 4, 5, 5, ("insomnia",), ("talked-to-someone",), "Called Maria. That helped."),
    (
        4,
        4,
        6,
        None,
        ("headache",),
        ("hydration", "walking"),
        "Headache in the afternoon; drank more water.",
    ),
    (4, 3, 6, 6, (), ("breathing", "mindfulness"), ""),
    (3, 3, 6, 6, ("nausea",), ("stretching",), "Queasy tonight. Stiffness easing off, though."),
    (3, 2, 7, 7, (), ("yoga", "healthy-meal"), "Calm day. Ready for the next step tomorrow."),
)

# Breathing sessions: (days before today, start, pattern, planned s, real s, before, after).
_BreathingRow = tuple[int, time, str, int, int, int | None, int | None]
_BREATHING: tuple[_BreathingRow, ...] = (
    (12, time(22, 10), "box", 300, 300, 6, 4),
    (11, time(9, 35), "box", 300, 300, 5, 3),
    (10, time(21, 50), "slow evening", 600, 600, 5, 3),
    (7, time(8, 40), "box", 300, 300, 6, 4),
    (6, time(2, 15), "slow evening", 300, 140, 7, None),
    (6, time(21, 30), "slow evening", 600, 600, 6, 3),
    (4, time(13, 5), "box", 180, 180, None, None),
    (3, time(22, 0), "slow evening", 600, 600, 4, 2),
    (1, time(18, 45), "box", 300, 300, 3, 2),
)


def demo_journal(today: date, now: datetime | None = None) -> Journal:
    """A realistic journal whose taper is part-way through on `today`; with `now`, no
    dose of today is recorded as taken later than `now`."""
    plan = _plan(today)
    return Journal(
        settings=Settings(
            medication="baclofen",
            unit="mg",
            emergency_number="911",
            patterns=(Pattern("slow evening", inhale=4.0, hold_in=2.0, exhale=8.0, hold_out=0.0),),
        ),
        plan=plan,
        doses=_doses(plan, today, now),
        checkins=_checkins(today),
        breathing=_breathing(today),
        contacts=_CONTACTS,
    )


def _plan(today: date) -> Plan:
    first = today - timedelta(days=PLAN_STARTED_DAYS_AGO)
    return Plan(
        prescriber=PRESCRIBER,
        approved_on=first,
        note="Reduce by 5 mg every 7 days. Call the clinic if spasms or sleep get much worse.",
        steps=tuple(
            Step(
                start=first + timedelta(weeks=week),
                times=tuple(at for at, _ in doses),
                doses=tuple(amount for _, amount in doses),
            )
            for week, doses in enumerate(_WEEKLY_DOSES)
        ),
    )


def _doses(plan: Plan, today: date, now: datetime | None) -> tuple[DoseEntry, ...]:
    entries: list[DoseEntry] = []
    for ago in range(HISTORY_DAYS, -1, -1):
        day = today - timedelta(days=ago)
        step = step_on(plan, day)
        assert step is not None, "the history starts after the plan does"
        for slot, amount in zip(step.times, step.doses, strict=True):
            if ago == 0 and slot != _MORNING:
                break  # today is part-done: only the morning dose so far
            reason = _SKIPS.get((ago, slot))
            if reason is not None:
                entries.append(DoseEntry(date=day, status="skipped", slot=slot, note=reason))
                continue
            delay = _DOSE_DELAYS[len(entries) % len(_DOSE_DELAYS)]
            taken_at = datetime.combine(day, slot) + timedelta(minutes=delay)
            if now is not None and taken_at > now:
                break  # opened early in the morning: not taken yet
            entries.append(
                DoseEntry(date=day, status="taken", slot=slot, taken_at=taken_at, amount=amount)
            )
    return tuple(entries)


def _checkins(today: date) -> tuple[Checkin, ...]:
    checkins: list[Checkin] = []
    for ago, row in zip(range(HISTORY_DAYS, 0, -1), _CHECKINS, strict=True):
        if row is None:
            continue
        spasticity, anxiety, sleep, mood, symptoms, coping, notes = row
        day = today - timedelta(days=ago)
        checkins.append(
            Checkin(
                date=day,
                recorded_at=datetime.combine(day, time(21)) + timedelta(minutes=7 * (ago % 5)),
                spasticity=spasticity,
                anxiety=anxiety,
                sleep=sleep,
                mood=mood,
                symptoms=symptoms,
                coping=coping,
                notes=notes,
            )
        )
    return tuple(checkins)


def _breathing(today: date) -> tuple[BreathingSession, ...]:
    return tuple(
        BreathingSession(
            started_at=datetime.combine(today - timedelta(days=ago), start),
            pattern=pattern,
            planned_seconds=planned,
            seconds=seconds,
            completed=seconds >= planned,
            anxiety_before=before,
            anxiety_after=after,
        )
        for ago, start, pattern, planned, seconds, before, after in _BREATHING
    )


_CONTACTS = (
    Contact(
        name=PRESCRIBER,
        role="provider",
        phone="+1 555 0100",
        email="rivera.clinic@example.org",
        notes="Call before any dose change. Clinic open 8-5 on weekdays.",
    ),
    Contact(
        name="Sam Okafor",
        role="pharmacist",
        phone="+1 555 0142",
        notes="Main Street Pharmacy. Can split the 10 mg tablets.",
    ),
    Contact(
        name="Jo Lindqvist",
        role="therapist",
        phone="+1 555 0177",
        email="jo.lindqvist@example.org",
        notes="Thursdays at 4.",
    ),
    Contact(
        name="Maria",
        role="family",
        phone="+1 555 0123",
        notes="My sister. Ten minutes away, happy to come over any time.",
        emergency=True,
    ),
    Contact(
        name="Crisis line",
        role="crisis-line",
        phone="988",
        notes="Call or text, day or night.",
    ),
)
