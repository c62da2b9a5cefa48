"""The journal's types: everything the data file holds (schema 1), as frozen dataclasses.

These types carry no I/O and no UI. Each record keeps the keys it did not know in
`extra`, so a file written by a newer Stepdown or edited by hand loses nothing when
this version saves it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any, Literal

SCHEMA = 1
"""The newest schema this version of Stepdown reads and writes."""

DoseStatus = Literal["taken", "skipped"]

Extra = Mapping[str, Any]
"""Keys a record held in the file that this version does not know, kept as read."""


def _no_extra() -> Extra:
    return {}


@dataclass(frozen=True)
class Pattern:
    """A breathing pattern of the user's own; each phase in seconds, in 0.5 s steps."""

    name: str
    inhale: float
    hold_in: float
    exhale: float
    hold_out: float
    extra: Extra = field(default_factory=_no_extra)


@dataclass(frozen=True)
class Settings:
    """The user's choices; `breathing_minutes` 0 means a session runs until stopped."""

    medication: str = "baclofen"
    unit: str = "mg"
    emergency_number: str = ""
    theme: str = "stepdown-calm"
    bell: bool = False
    reduced_motion: bool = False
    breathing_pattern: str = "box"
    breathing_minutes: int = 5
    reports_folder: str | None = None
    """Where the app writes reports and the calendar, as typed (`~` is the home folder);
    None, or empty: Stepdown/ in the user's documents folder."""
    reminder_grace_minutes: int = 30
    """Minutes after a dose's time when its reminder is sent once more if the dose is
    still not recorded; 0 sends one reminder only (domain/reminders.py)."""
    push_url: str = ""
    """Where reminders are pushed as well, as an apprise URL (an ntfy topic, say); empty:
    no push."""
    push_details: bool = False
    """Whether a push names the medication and amount; off, it says only "Dose time
    14:00", because a push leaves the machine."""
    patterns: tuple[Pattern, ...] = ()
    extra: Extra = field(default_factory=_no_extra)


@dataclass(frozen=True)
class Step:
    """One step of a taper plan: from `start` until the next step starts.

    `doses[i]` is the amount (in the settings' unit) to take at `times[i]`. A step
    with no times is the end of the taper.
    """

    start: date
    times: tuple[time, ...] = ()
    doses: tuple[float, ...] = ()
    extra: Extra = field(default_factory=_no_extra)

    @property
    def daily_total(self) -> float:
        return sum(self.doses)


@dataclass(frozen=True)
class Plan:
    """The taper plan exactly as the provider gave it."""

    prescriber: str
    approved_on: date | None = None
    note: str = ""
    steps: tuple[Step, ...] = ()
    extra: Extra = field(default_factory=_no_extra)


@dataclass(frozen=True)
class PlanRecord:
    """An earlier plan, kept when it was replaced."""

    replaced_at: datetime
    plan: Plan


@dataclass(frozen=True)
class DoseEntry:
    """A dose really taken, or skipped.

    `slot` is the planned time the entry answers; None for an extra dose.
    `amount` is in the settings' unit; None when skipped.
    """

    date: date
    status: DoseStatus
    slot: time | None = None
    taken_at: datetime | None = None
    amount: float | None = None
    note: str = ""
    extra: Extra = field(default_factory=_no_extra)


@dataclass(frozen=True)
class Checkin:
    """One day's symptom check-in; at most one per date.

    Scores run 0..10: spasticity and anxiety 0 none .. 10 worst; sleep and mood
    0 worst .. 10 best. A score is None when it was not recorded (no key in the file).
    """

    date: date
    recorded_at: datetime
    spasticity: int | None = None
    anxiety: int | None = None
    sleep: int | None = None
    mood: int | None = None
    hallucinations: bool = False
    seizure: bool = False
    symptoms: tuple[str, ...] = ()
    coping: tuple[str, ...] = ()
    notes: str = ""
    extra: Extra = field(default_factory=_no_extra)


@dataclass(frozen=True)
class BreathingSession:
    """A guided breathing session; `seconds` is the time really breathed, pauses excluded."""

    started_at: datetime
    pattern: str
    planned_seconds: int
    seconds: int
    completed: bool
    anxiety_before: int | None = None
    anxiety_after: int | None = None
    extra: Extra = field(default_factory=_no_extra)


@dataclass(frozen=True)
class Contact:
    """Someone the patient can turn to; `emergency` ones are shown first."""

    name: str
    role: str = "other"
    phone: str = ""
    email: str = ""
    notes: str = ""
    emergency: bool = False
    id: str | None = None
    """Who this is across machines, never shown: random for a contact added by this
    version; None for one an older Stepdown wrote, whose identity is then derived from
    its content (domain/journal_merge.contact_identity)."""
    extra: Extra = field(default_factory=_no_extra)


@dataclass(frozen=True)
class Conflicts:
    """The other versions of records changed differently on two machines, kept by a merge.

    Each record here has its identity in the journal's main lists (or, for a plan, the
    journal's plan); the app shows them until the user picks one
    (domain/journal_merge.resolve_conflict).
    """

    doses: tuple[DoseEntry, ...] = ()
    checkins: tuple[Checkin, ...] = ()
    breathing: tuple[BreathingSession, ...] = ()
    contacts: tuple[Contact, ...] = ()
    plans: tuple[Plan, ...] = ()
    extra: Extra = field(default_factory=_no_extra)


@dataclass(frozen=True)
class Journal:
    """The whole data file."""

    schema: int = SCHEMA
    settings: Settings = field(default_factory=Settings)
    plan: Plan | None = None
    doses: tuple[DoseEntry, ...] = ()
    checkins: tuple[Checkin, ...] = ()
    breathing: tuple[BreathingSession, ...] = ()
    contacts: tuple[Contact, ...] = ()
    plan_history: tuple[PlanRecord, ...] = ()
    conflicts: Conflicts | None = None
    """What a merge of two machines' journals kept beside the records it left in place;
    None (no table in the file) when there is nothing to pick."""
    extra: Extra = field(default_factory=_no_extra)

    @property
    def is_empty(self) -> bool:
        """True when the journal records nothing the user entered beyond settings."""
        return not (
            self.plan
            or self.doses
            or self.checkins
            or self.breathing
            or self.contacts
            or self.plan_history
        )

    def with_settings(self, **changes: Any) -> Journal:
        return replace(self, settings=replace(self.settings, **changes))
