"""Journal to schema 1 tables (the dicts tomli_w writes), in the order of DESIGN.md.

The way back from document.py: each record is one table, with the keys it did not
know (`extra`) after its own; None values are left out, since TOML has no null.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from stepdown.domain.journal import (
    BreathingSession,
    Checkin,
    Contact,
    DoseEntry,
    Journal,
    Pattern,
    Plan,
    PlanRecord,
    Settings,
    Step,
)

TABLES = ("settings", "plan")
"""The top-level tables, each holding one record."""
ARRAYS = ("doses", "checkins", "breathing", "contacts", "plan_history")
"""The top-level arrays of tables, one record in each entry, in file order."""
_TOP_KEYS = frozenset(("schema", *TABLES, *ARRAYS))


def journal_records(journal: Journal) -> Iterator[tuple[str, Any]]:
    """Each record of `journal` in file order, with the top-level key it is written under.

    The settings and the plan are tables of their own (see TABLES); every other record
    is one entry of an array of tables (see ARRAYS).
    """
    yield "settings", journal.settings
    if journal.plan is not None:
        yield "plan", journal.plan
    for name in ARRAYS:
        for record in getattr(journal, name):
            yield name, record


def record_table(name: str, record: Any) -> dict[str, Any]:
    """The table that `record`, written under the top-level key `name`, is in the document.

    Raises:
        ValueError: a date-time or time carries a time zone; the file holds local ones.
    """
    return _WRITERS[name](record)


def journal_keys(journal: Journal) -> dict[str, Any]:
    """The journal's own top-level keys: `schema`, then the unknown ones it kept.

    An unknown key is never written under a name schema 1 gives a meaning to.
    """
    own = {"schema": journal.schema}
    own.update((key, value) for key, value in journal.extra.items() if key not in _TOP_KEYS)
    return own


def _record(known: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    record = {key: value for key, value in known.items() if value is not None}
    record.update({key: value for key, value in extra.items() if key not in known})
    return record


def _local(value: Any) -> Any:
    """`value` (a datetime, time or None), refused if it carries a time zone."""
    if getattr(value, "tzinfo", None) is not None:
        raise ValueError(f"{value.isoformat()} has a time zone; the journal holds local times")
    return value


def _finite(value: float) -> float:
    """`value` as a float, refused if it is NaN or infinite.

    An unknown key may hold either (TOML has them), but an amount or a phase length that
    is not a number would be written only to be refused when the file is next opened.
    """
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(
            f"the journal cannot be written as TOML: {number} is not a real amount or length"
        )
    return number


def _settings_doc(settings: Settings) -> dict[str, Any]:
    return _record(
        {
            "medication": settings.medication,
            "unit": settings.unit,
            "emergency_number": settings.emergency_number,
            "theme": settings.theme,
            "bell": settings.bell,
            "reduced_motion": settings.reduced_motion,
            "breathing_pattern": settings.breathing_pattern,
            "breathing_minutes": settings.breathing_minutes,
            "reports_folder": settings.reports_folder,
            "patterns": [_pattern_doc(p) for p in settings.patterns] or None,
        },
        settings.extra,
    )


def _pattern_doc(pattern: Pattern) -> dict[str, Any]:
    return _record(
        {
            "name": pattern.name,
            "inhale": _finite(pattern.inhale),
            "hold_in": _finite(pattern.hold_in),
            "exhale": _finite(pattern.exhale),
            "hold_out": _finite(pattern.hold_out),
        },
        pattern.extra,
    )


def _plan_doc(plan: Plan) -> dict[str, Any]:
    return _record(
        {
            "prescriber": plan.prescriber,
            "approved_on": plan.approved_on,
            "note": plan.note,
            "steps": [_step_doc(s) for s in plan.steps] or None,
        },
        plan.extra,
    )


def _plan_record_doc(record: PlanRecord) -> dict[str, Any]:
    return {"replaced_at": _local(record.replaced_at), **_plan_doc(record.plan)}


def _step_doc(step: Step) -> dict[str, Any]:
    return _record(
        {
            "start": step.start,
            "times": [_local(t) for t in step.times],
            "doses": [_finite(amount) for amount in step.doses],
        },
        step.extra,
    )


def _dose_doc(dose: DoseEntry) -> dict[str, Any]:
    return _record(
        {
            "date": dose.date,
            "slot": _local(dose.slot),
            "status": dose.status,
            "taken_at": _local(dose.taken_at),
            "amount": None if dose.amount is None else _finite(dose.amount),
            "note": dose.note,
        },
        dose.extra,
    )


def _checkin_doc(checkin: Checkin) -> dict[str, Any]:
    return _record(
        {
            "date": checkin.date,
            "recorded_at": _local(checkin.recorded_at),
            "spasticity": checkin.spasticity,
            "anxiety": checkin.anxiety,
            "sleep": checkin.sleep,
            "mood": checkin.mood,
            "hallucinations": checkin.hallucinations,
            "seizure": checkin.seizure,
            "symptoms": list(checkin.symptoms),
            "coping": list(checkin.coping),
            "notes": checkin.notes,
        },
        checkin.extra,
    )


def _breathing_doc(session: BreathingSession) -> dict[str, Any]:
    return _record(
        {
            "started_at": _local(session.started_at),
            "pattern": session.pattern,
            "planned_seconds": session.planned_seconds,
            "seconds": session.seconds,
            "completed": session.completed,
            "anxiety_before": session.anxiety_before,
            "anxiety_after": session.anxiety_after,
        },
        session.extra,
    )


def _contact_doc(contact: Contact) -> dict[str, Any]:
    return _record(
        {
            "name": contact.name,
            "role": contact.role,
            "phone": contact.phone,
            "email": contact.email,
            "notes": contact.notes,
            "emergency": contact.emergency,
        },
        contact.extra,
    )


_WRITERS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "settings": _settings_doc,
    "plan": _plan_doc,
    "doses": _dose_doc,
    "checkins": _checkin_doc,
    "breathing": _breathing_doc,
    "contacts": _contact_doc,
    "plan_history": _plan_record_doc,
}
