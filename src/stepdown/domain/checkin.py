"""The daily check-in's rules: its scales, reading a typed score, red flags, and saving.

The red flags are DESIGN.md's safety rules: a seizure, hallucinations, confusion or
fever ticked, or spasticity or anxiety at 9 or 10. The guidance Stepdown follows is
plain about them: severe withdrawal symptoms need medical attention immediately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from stepdown.domain.journal import Checkin, Journal
from stepdown.domain.rules import clean_text, score_problem


@dataclass(frozen=True)
class Scale:
    """A 0..10 score of the check-in: its field, its name, and what each end means."""

    name: str
    """The Checkin field it fills."""
    label: str
    low: str
    """What 0 means, in a word."""
    high: str
    """What 10 means, in a word."""


SCALES = (
    Scale("spasticity", "Spasticity", "none", "worst"),
    Scale("anxiety", "Anxiety", "none", "worst"),
    Scale("sleep", "Sleep quality", "worst", "best"),
    Scale("mood", "Mood", "worst", "best"),
)
"""The check-in's scores, in the order the form asks them."""

SYMPTOM_WORDS = {
    "sweating": "sweating",
    "itching": "itching",
    "fever": "fever",
    "confusion": "confusion",
    "racing-heart": "racing heart",
    "insomnia": "trouble sleeping",
    "muscle-pain": "muscle pain",
    "tremor": "shaking (tremor)",
    "nausea": "nausea",
    "headache": "headache",
}
"""Each symptom of rules.SYMPTOMS in the words people use, in the list's order."""

COPING_WORDS = {
    "breathing": "deep breathing",
    "mindfulness": "mindfulness",
    "walking": "walking",
    "yoga": "yoga",
    "stretching": "stretching",
    "hydration": "drinking water",
    "healthy-meal": "a healthy meal",
    "talked-to-someone": "talked to someone",
}
"""Each way of coping of rules.COPING in the words people use, in the list's order."""

RED_FLAG_SCORE = 9
"""Spasticity or anxiety at this score or above is a red flag."""

RED_FLAG_CHECKLIST = ("confusion", "fever")
"""Symptoms of the checklist that are red flags when ticked."""

BREATHING_OFFER_ANXIETY = 6
"""From this anxiety score, a saved check-in offers a breathing session."""

SEVERE_GUIDANCE = "Severe withdrawal symptoms need medical attention immediately."
"""The guidance's words for red flags; every screen that points to help uses them."""

RED_FLAG_SYMPTOMS = (
    "A seizure",
    "Hallucinations: seeing or hearing things that are not there",
    "Confusion",
    "Fever",
    f"Spasticity (stiffness, spasms) at {RED_FLAG_SCORE} or 10 out of 10",
    f"Anxiety at {RED_FLAG_SCORE} or 10 out of 10",
)
"""The red flags above, in words for a patient to watch for."""

_WHOLE = re.compile(r"[+-]?[0-9]+")


def parse_score(text: str) -> int:
    """A score typed into the form: a whole number 0..10.

    Raises:
        ValueError: with words to show beside the field.
    """
    if _WHOLE.fullmatch(text.strip()) is None:
        raise ValueError("Type a whole number from 0 to 10.")
    value = int(text)
    problem = score_problem(value)
    if problem is not None:
        raise ValueError(f"{problem[0].upper()}{problem[1:]}.")
    return value


def read_score(text: str) -> int | None:
    """A score typed into the form, or None when the field is blank (not recorded).

    Raises:
        ValueError: with words to show beside the field.
    """
    if not text.strip():
        return None
    return parse_score(text)


def step_score(text: str, by: int) -> int:
    """The score one step (`by` = +1 or -1) from what is typed, kept within 0..10.

    An empty or unreadable field starts the scale at 0.
    """
    try:
        value = int(text.strip()) + by
    except ValueError:
        value = 0
    return max(0, min(10, value))


def red_flags(checkin: Checkin) -> tuple[str, ...]:
    """Why `checkin` calls for medical attention now, in words; empty when it does not.

    A score not recorded (None) is never a red flag; the ticks still are.
    """
    triggers: list[str] = []
    if checkin.seizure:
        triggers.append("a seizure")
    if checkin.hallucinations:
        triggers.append("hallucinations")
    triggers.extend(SYMPTOM_WORDS[name] for name in RED_FLAG_CHECKLIST if name in checkin.symptoms)
    for name in ("spasticity", "anxiety"):
        score = getattr(checkin, name)
        if score is not None and score >= RED_FLAG_SCORE:
            triggers.append(f"{name} at {score} of 10")
    return tuple(triggers)


def listed(items: tuple[str, ...]) -> str:
    """Items as a sentence says them: "a seizure, fever and anxiety at 9 of 10"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def red_flag_banner(journal: Journal, day: date) -> str | None:
    """The alert Today shows for the rest of a day with a red flag, or None."""
    triggers = red_flag_today(journal, day)
    if not triggers:
        return None
    number = clean_text(journal.settings.emergency_number).strip()
    call = f"Emergency number: {number}" if number else "Call your local emergency number"
    return f"⚠ Seek medical attention now. {call}. Your check-in records {listed(triggers)}."


def red_flag_today(journal: Journal, day: date) -> tuple[str, ...]:
    """The red flags of the check-ins dated `day` or saved on `day`; empty when none.

    A check-in saved today for an earlier day still counts, so its alert stays in
    sight for the rest of the day it was given.
    """
    triggers: list[str] = []
    for checkin in journal.checkins:
        if day in (checkin.date, checkin.recorded_at.date()):
            triggers.extend(flag for flag in red_flags(checkin) if flag not in triggers)
    return tuple(triggers)


def offers_breathing(checkin: Checkin) -> bool:
    """True when the check-in's anxiety is high enough to offer a breathing session;
    never when anxiety was not recorded."""
    return checkin.anxiety is not None and checkin.anxiety >= BREATHING_OFFER_ANXIETY


def record_checkin(journal: Journal, checkin: Checkin) -> Journal:
    """`journal` with `checkin` as the one check-in of its date.

    An existing check-in of that date is replaced in its place, and the keys it held
    that this version does not know are kept; a new one goes in date order.
    """
    checkins = list(journal.checkins)
    for i, old in enumerate(checkins):
        if old.date == checkin.date:
            checkins[i] = replace(checkin, extra={**old.extra, **checkin.extra})
            return replace(journal, checkins=tuple(checkins))
    at = next((i for i, old in enumerate(checkins) if old.date > checkin.date), len(checkins))
    checkins.insert(at, checkin)
    return replace(journal, checkins=tuple(checkins))
