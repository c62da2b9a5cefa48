"""The rules of `stepdown checkin`: the fields given change those of the day's check-in.

Each field given replaces that field of the day's check-in and the rest is kept, so two
commands build one check-in (`--anxiety 4` in the morning, `--sleep 6` at night), and
`--no-seizure` (or any flag's `--no-` form) clears a flag given by mistake. Scores are
read as the app's form reads them (checkin.parse_score), with its words.

A wrong score never stops a red flag (DESIGN.md's safety rules): `read_fields` returns
the fields it could read with each problem beside them, and the command saves the red
flag without the wrong scores, as the app's form does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import MappingProxyType

from stepdown.domain import format as fmt
from stepdown.domain.checkin import (
    RED_FLAG_CHECKLIST,
    SCALES,
    SYMPTOM_WORDS,
    parse_score,
    record_checkin,
)
from stepdown.domain.day import checkin_on
from stepdown.domain.journal import Checkin, Journal
from stepdown.domain.rules import clean_text

SCORE_NAMES = tuple(scale.name for scale in SCALES)
"""The check-in's scores, in the form's order: each is an option `--NAME N`."""

TICKS = ("seizure", "hallucinations")
"""The check-in's red-flag ticks, each a field of its own."""

FLAG_NAMES = (*TICKS, *RED_FLAG_CHECKLIST)
"""The red flags the command sets or clears: the ticks, then the symptoms of the
checklist that are red flags (kept in the check-in's `symptoms`)."""


def _no_scores() -> Mapping[str, int]:
    return MappingProxyType({})


def _no_flags() -> Mapping[str, bool]:
    return MappingProxyType({})


@dataclass(frozen=True)
class CheckinFields:
    """The fields a `stepdown checkin` was given, read: each replaces that field of the
    day's check-in, the others are kept."""

    scores: Mapping[str, int] = field(default_factory=_no_scores)
    """Score name -> its value, 0..10."""
    flags: Mapping[str, bool] = field(default_factory=_no_flags)
    """Flag name (FLAG_NAMES) -> set (True) or cleared (False)."""
    notes: str | None = None
    """The note, replacing the day's; None keeps it."""

    @property
    def empty(self) -> bool:
        """True when no field was given."""
        return not self.scores and not self.flags and self.notes is None

    def applied(self, old: Checkin, at: datetime) -> Checkin:
        """`old` with these fields in place of its own, recorded at `at`."""
        symptoms = set(old.symptoms)
        for name in RED_FLAG_CHECKLIST:
            if name in self.flags:
                (symptoms.add if self.flags[name] else symptoms.discard)(name)
        scores, flags = self.scores, self.flags
        return replace(
            old,
            recorded_at=at,
            spasticity=scores.get("spasticity", old.spasticity),
            anxiety=scores.get("anxiety", old.anxiety),
            sleep=scores.get("sleep", old.sleep),
            mood=scores.get("mood", old.mood),
            seizure=flags.get("seizure", old.seizure),
            hallucinations=flags.get("hallucinations", old.hallucinations),
            # Kept as they were unless a flag changed them; then in the form's order.
            symptoms=old.symptoms
            if symptoms == set(old.symptoms)
            else tuple(name for name in SYMPTOM_WORDS if name in symptoms),
            notes=old.notes if self.notes is None else self.notes,
        )

    def words(self) -> str:
        """The fields given, in a few words: "anxiety 4, sleep 6, seizure, no fever, a note"."""
        parts = [f"{name} {self.scores[name]}" for name in SCORE_NAMES if name in self.scores]
        parts += [
            name if self.flags[name] else f"no {name}" for name in FLAG_NAMES if name in self.flags
        ]
        if self.notes is not None:
            parts.append("a note" if self.notes else "no note")
        return ", ".join(parts)


def read_fields(
    scores: Mapping[str, str | None], flags: Mapping[str, bool | None], note: str | None
) -> tuple[CheckinFields, dict[str, str]]:
    """The fields typed on the command line (None: not given), and for each score that
    could not be read, its problem in words naming the option and the value typed."""
    read: dict[str, int] = {}
    problems: dict[str, str] = {}
    for name in SCORE_NAMES:
        text = scores.get(name)
        if text is None:
            continue
        try:
            read[name] = parse_score(text)
        except ValueError as error:
            problems[name] = f"--{name} {text!r}: {error}"
    given = {name: value for name, value in flags.items() if value is not None}
    notes = None if note is None else clean_text(note).strip()
    return CheckinFields(MappingProxyType(read), MappingProxyType(given), notes), problems


def labels(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The form's labels of the scores `names`, in the form's order, as the alert names them."""
    return tuple(scale.label for scale in SCALES if scale.name in names)


@dataclass(frozen=True)
class CheckinChange:
    """A change: the check-in of `day` with `fields` in place of its own, recorded at
    `at`; a new check-in when the day has none. Applied again on another program's
    edit, it changes only the fields given there too."""

    day: date
    at: datetime
    fields: CheckinFields

    def __call__(self, journal: Journal) -> Journal:
        return record_checkin(journal, self.checkin(journal))

    def checkin(self, journal: Journal) -> Checkin:
        """The day's check-in as this change leaves it in `journal`."""
        old = checkin_on(journal.checkins, self.day) or Checkin(self.day, self.at)
        return self.fields.applied(old, self.at)


def checkin_name(day: date, today: date) -> str:
    """A day's check-in, as a sentence names it: "today's check-in", "the check-in of
    Tuesday 24 November 2026"."""
    return "today's check-in" if day == today else f"the check-in of {fmt.long_date(day)}"


def saved_words(fields: CheckinFields, day: date, today: date, changed: bool) -> str:
    """The line after a check-in was saved: which day, what was given, and whether the
    rest of an earlier check-in of the day was kept."""
    name = checkin_name(day, today)
    kept = " (the rest as it was)" if changed else ""
    return f"Saved {name}: {fields.words()}{kept}."
