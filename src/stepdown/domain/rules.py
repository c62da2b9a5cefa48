"""The journal's value rules (schema 1): allowed names, ranges and cross-record checks.

Every rule is a plain function over domain values that returns a message, or
nothing when the value is right; the store reports them with their place in the
file, and forms show them beside their fields.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from stepdown.domain.day import MISSED_AFTER
from stepdown.domain.journal import Journal, Pattern, Plan, Step

DOSE_STATUSES = ("taken", "skipped")
ROLES = (
    "provider",
    "pharmacist",
    "therapist",
    "support-group",
    "family",
    "friend",
    "crisis-line",
    "other",
)
SYMPTOMS = (
    "sweating",
    "itching",
    "fever",
    "confusion",
    "racing-heart",
    "insomnia",
    "muscle-pain",
    "tremor",
    "nausea",
    "headache",
)
COPING = (
    "breathing",
    "mindfulness",
    "walking",
    "yoga",
    "stretching",
    "hydration",
    "healthy-meal",
    "talked-to-someone",
)
SCORE_MIN, SCORE_MAX = 0, 10
AMOUNT_MAX = 10_000
"""The largest dose amount, in any unit: far above any real dose, far below what
sums, charts and reports could overflow on."""
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2200, 12, 31)
"""The dates a journal may hold: a plan step on 0001-01-01 makes every day-by-day view
walk two thousand years."""
SECONDS_MAX = 86_400
"""The longest breathing session, planned or run: a day."""
MINUTES_MAX = 1_440
"""The longest breathing length remembered, in minutes: a day."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK = re.compile(r"[\n\u2028\u2029]")
"""The line breaks clean_text keeps (it drops the others, \r and NEL among them)."""


def clean_text(text: str) -> str:
    """`text` without control characters other than tab and newline.

    An escape sequence typed or pasted into a note must never reach the terminal, and
    the bidirectional embeddings, overrides and isolates (U+202A..U+202E,
    U+2066..U+2069) are dropped too: they could reorder what is shown so that it reads
    as something else (CVE-2021-42574).
    """
    return _CONTROL.sub("", text)


def one_line_problem(text: str) -> str | None:
    """Why `text`, a name or unit, is not one line, or None.

    Names and units are shown on one line and end up in calendar titles, where a line
    break is not allowed.
    """
    if _LINE_BREAK.search(text) is not None:
        return "must be one line, without line breaks"
    return None


def reports_folder_problem(text: str) -> str | None:
    """Why `text` cannot be the reports folder, or None; empty means the default folder.

    A relative path would depend on the folder Stepdown was started from, so a report
    would land somewhere new each time: a full path, or one from the home folder (`~/`).
    """
    if (message := one_line_problem(text)) is not None:
        return message
    if text and text != "~" and not text.startswith("~/") and not os.path.isabs(text):
        return f"must be a full path, like ~/Reports or /home/you/Reports, not {text!r}"
    return None


def date_problem(value: date) -> str | None:
    """Why `value` (a date, or a date-time by its date) is not a date of a life, or None."""
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DATE <= day <= LAST_DATE:
        return f"must be between {FIRST_DATE} and {LAST_DATE}"
    return None


def score_problem(value: object) -> str | None:
    """Why `value` is not a score (a whole number 0..10), or None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return "must be a whole number from 0 to 10"
    if not SCORE_MIN <= value <= SCORE_MAX:
        return f"must be from 0 to 10, not {value}"
    return None


def amount_problem(value: object) -> str | None:
    """Why `value` is not a dose amount (a number from 0 to AMOUNT_MAX), or None.

    The one rule for amounts: the file, the forms and the command line all use it.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "must be a number"
    if math.isnan(value):
        return "must be a finite number"
    if value < 0:
        return f"must be 0 or more, not {_number(value)}"
    if value > AMOUNT_MAX:
        return f"must be {AMOUNT_MAX:,} or less, not {_number(value)}"
    return None


def _number(value: float) -> str:
    """`value` for a message, short even when huge (an int may not fit a float)."""
    if isinstance(value, int):
        return str(value) if abs(value) < 10**15 else "so large"
    return str(value)


def whole_problem(value: int, largest: int) -> str | None:
    """Why `value` (a whole number of seconds or minutes) is not from 0 to `largest`."""
    if value < 0:
        return "must be 0 or more"
    if value > largest:
        return f"must be {largest:,} or less"
    return None


def choice_problem(value: str, allowed: tuple[str, ...]) -> str | None:
    """Why `value` is not one of `allowed`, or None."""
    if value in allowed:
        return None
    return f"{value!r} is not one of: {', '.join(allowed)}"


@dataclass(frozen=True)
class Problem:
    """A rule broken at `path`, a key path into the file such as `doses[3].amount`."""

    path: str
    message: str


def step_problems(step: Step, path: str) -> Iterator[Problem]:
    """Problems within one plan step: amounts, their count, and the order of times."""
    if len(step.doses) != len(step.times):
        yield Problem(
            f"{path}.doses",
            f"has {len(step.doses)} amounts for {len(step.times)} times; "
            "give one amount for each time",
        )
    if (message := date_problem(step.start)) is not None:
        yield Problem(f"{path}.start", message)
    for i, amount in enumerate(step.doses):
        if (message := amount_problem(amount)) is not None:
            yield Problem(f"{path}.doses[{i}]", message)
    for i in range(1, len(step.times)):
        if step.times[i] == step.times[i - 1]:
            yield Problem(f"{path}.times[{i}]", f"repeats {step.times[i]:%H:%M}")
        elif step.times[i] < step.times[i - 1]:
            yield Problem(
                f"{path}.times[{i}]",
                f"{step.times[i]:%H:%M} comes before {step.times[i - 1]:%H:%M}; "
                "list times in order",
            )


def plan_problems(plan: Plan, path: str = "plan") -> Iterator[Problem]:
    """Problems in a plan: a prescriber, and each step valid and after the one before."""
    if not plan.prescriber.strip():
        yield Problem(f"{path}.prescriber", "is required: who gave you this plan?")
    elif (message := one_line_problem(plan.prescriber)) is not None:
        yield Problem(f"{path}.prescriber", message)
    if plan.approved_on is not None and (message := date_problem(plan.approved_on)):
        yield Problem(f"{path}.approved_on", message)
    for i, step in enumerate(plan.steps):
        yield from step_problems(step, f"{path}.steps[{i}]")
        if i and step.start <= plan.steps[i - 1].start:
            yield Problem(
                f"{path}.steps[{i}].start",
                f"{step.start} is not after the step before ({plan.steps[i - 1].start})",
            )


def journal_problems(journal: Journal) -> Iterator[Problem]:
    """Every value rule the journal breaks, in file order."""
    settings = journal.settings
    for name in _ONE_LINE_SETTINGS:
        if (message := one_line_problem(getattr(settings, name))) is not None:
            yield Problem(f"settings.{name}", message)
    if (message := whole_problem(settings.breathing_minutes, MINUTES_MAX)) is not None:
        yield Problem("settings.breathing_minutes", message)
    if settings.reports_folder is not None and (
        message := reports_folder_problem(settings.reports_folder)
    ):
        yield Problem("settings.reports_folder", message)
    for i, pattern in enumerate(settings.patterns):
        yield from pattern_problems(pattern, f"settings.patterns[{i}]")
    if (message := grace_problem(settings.reminder_grace_minutes)) is not None:
        yield Problem("settings.reminder_grace_minutes", message)
    if (message := push_url_problem(settings.push_url)) is not None:
        yield Problem("settings.push_url", message)
    if journal.plan is not None:
        yield from plan_problems(journal.plan)
    for i, dose in enumerate(journal.doses):
        if (message := date_problem(dose.date)) is not None:
            yield Problem(f"doses[{i}].date", message)
        if (message := choice_problem(dose.status, DOSE_STATUSES)) is not None:
            yield Problem(f"doses[{i}].status", message)
        if dose.taken_at is not None and (message := date_problem(dose.taken_at)):
            yield Problem(f"doses[{i}].taken_at", message)
        if dose.amount is not None and (message := amount_problem(dose.amount)):
            yield Problem(f"doses[{i}].amount", message)
    seen: dict[object, int] = {}
    for i, checkin in enumerate(journal.checkins):
        if (message := date_problem(checkin.date)) is not None:
            yield Problem(f"checkins[{i}].date", message)
        elif checkin.date in seen:
            yield Problem(
                f"checkins[{i}].date",
                f"{checkin.date} already has a check-in (checkins[{seen[checkin.date]}]); "
                "keep one per date",
            )
        seen.setdefault(checkin.date, i)
        if (message := date_problem(checkin.recorded_at)) is not None:
            yield Problem(f"checkins[{i}].recorded_at", message)
        for name in ("spasticity", "anxiety", "sleep", "mood"):
            value = getattr(checkin, name)
            if value is not None and (message := score_problem(value)) is not None:
                yield Problem(f"checkins[{i}].{name}", message)
        for j, symptom in enumerate(checkin.symptoms):
            if (message := choice_problem(symptom, SYMPTOMS)) is not None:
                yield Problem(f"checkins[{i}].symptoms[{j}]", message)
        for j, coping in enumerate(checkin.coping):
            if (message := choice_problem(coping, COPING)) is not None:
                yield Problem(f"checkins[{i}].coping[{j}]", message)
    for i, session in enumerate(journal.breathing):
        if (message := date_problem(session.started_at)) is not None:
            yield Problem(f"breathing[{i}].started_at", message)
        if (message := one_line_problem(session.pattern)) is not None:
            yield Problem(f"breathing[{i}].pattern", message)
        for name in ("planned_seconds", "seconds"):
            if (message := whole_problem(getattr(session, name), SECONDS_MAX)) is not None:
                yield Problem(f"breathing[{i}].{name}", message)
        for name in ("anxiety_before", "anxiety_after"):
            value = getattr(session, name)
            if value is not None and (message := score_problem(value)) is not None:
                yield Problem(f"breathing[{i}].{name}", message)
    ids: dict[str, int] = {}
    for i, contact in enumerate(journal.contacts):
        for name in ("name", "phone", "email"):
            value = getattr(contact, name)
            if name == "name" and not value.strip():
                yield Problem(f"contacts[{i}].name", "is required")
            elif (message := one_line_problem(value)) is not None:
                yield Problem(f"contacts[{i}].{name}", message)
        if (message := choice_problem(contact.role, ROLES)) is not None:
            yield Problem(f"contacts[{i}].role", message)
        if contact.id is not None and (message := _id_problem(contact.id, ids)) is not None:
            yield Problem(f"contacts[{i}].id", message)
        if contact.id:
            ids.setdefault(contact.id, i)
    for i, record in enumerate(journal.plan_history):
        if (message := date_problem(record.replaced_at)) is not None:
            yield Problem(f"plan_history[{i}].replaced_at", message)
        yield from plan_problems(record.plan, f"plan_history[{i}]")


def _id_problem(contact_id: str, ids: dict[str, int]) -> str | None:
    """Why a contact's id cannot tell it apart on every machine, or None."""
    if not contact_id.strip():
        return "is empty; remove the key and Stepdown knows the contact by its name"
    if contact_id in ids:
        return f"is also the id of contacts[{ids[contact_id]}]; each contact needs its own"
    return one_line_problem(contact_id)


_ONE_LINE_SETTINGS = ("medication", "unit", "emergency_number", "theme", "breathing_pattern")
"""The settings shown on one line (and the medication and unit in calendar titles)."""


def pattern_problems(pattern: Pattern, path: str) -> Iterator[Problem]:
    """Problems in a custom breathing pattern: phases 0..20 s in 0.5 s steps."""
    if not pattern.name.strip():
        yield Problem(f"{path}.name", "is required")
    elif (message := one_line_problem(pattern.name)) is not None:
        yield Problem(f"{path}.name", message)
    for name in ("inhale", "hold_in", "exhale", "hold_out"):
        value = getattr(pattern, name)
        low = 1.0 if name in ("inhale", "exhale") else 0.0
        if not math.isfinite(value) or not low <= value <= 20 or (value * 2) % 1:
            yield Problem(
                f"{path}.{name}", f"must be {low:g} to 20 seconds in 0.5 s steps, not {value}"
            )


_PHONE = re.compile(r"[0-9 +\-()]+")


def phone_problem(text: str, *, required: bool = False) -> str | None:
    """Why `text` is not a phone number (digits, spaces and + - ( ) only), or None."""
    if not text.strip():
        return "Enter a phone number." if required else None
    if not _PHONE.fullmatch(text) or not any(ch.isdigit() for ch in text):
        return "Use digits, spaces and + - ( ) only."
    return None


PUSH_URL_MAX = 2_000
GRACE_MAX = int(MISSED_AFTER.total_seconds() // 60)
"""The longest grace period of the reminders, in minutes: a dose still unrecorded after
MISSED_AFTER counts as missed (domain/day.py), and a second reminder after that would
be for a missed dose. Here, not in reminders.py: the rules every file read checks must
not import the reminders' schedule."""


def grace_problem(minutes: int) -> str | None:
    """Why `minutes` cannot be the reminders' grace period, or None."""
    if not 0 <= minutes <= GRACE_MAX:
        return f"must be 0 to {GRACE_MAX} minutes, not {minutes}"
    return None


def push_url_problem(text: str) -> str | None:
    """Why `text` cannot be the push URL (an apprise URL such as ntfy://topic), or None;
    empty means no push. Its value is never repeated: it may hold a token."""
    if not text:
        return None
    if one_line_problem(text) is not None or text != text.strip():
        return "must be one line, without spaces around it"
    if "://" not in text or len(text) > PUSH_URL_MAX:
        return f"must be a URL such as ntfy://your-topic, of at most {PUSH_URL_MAX:,} characters"
    return None
