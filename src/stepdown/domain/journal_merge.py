"""The three-way merge of two machines' journals, record by record.

Each record has an identity: a dose its date and slot (an extra dose, its date and time
taken), a check-in its date, a breathing session its start, a contact its `id` (or, for
one an older Stepdown wrote, a digest of its content), an earlier plan its replacement
time. For each identity: added on either side, it is kept; changed on one side, the
change wins; deleted on one side and unchanged on the other, it stays deleted (only with
a base: without one nothing counts as deleted); changed on both sides differently, the
later one by its recorded time (a dose's `taken_at`, a check-in's `recorded_at`) stays
in place and the other goes to the journal's conflicts. Records with no recorded time
(a breathing session's start is its identity, a contact has none) keep ours in place.

The plan is merged whole, not key by key, so that no one ever sees a plan that neither
machine held (a prescriber from one and steps from the other): changed on both sides,
ours stays and theirs goes to the conflicts. Settings are merged key by key: both sides
changed a key differently, ours wins (a choice, made again in a moment; nothing typed
into a record is lost). Nothing here does I/O.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import fields, replace
from datetime import datetime
from typing import Any, Literal, NamedTuple, TypeVar

from stepdown.domain.journal import (
    BreathingSession,
    Checkin,
    Conflicts,
    Contact,
    DoseEntry,
    Journal,
    Plan,
    PlanRecord,
    Settings,
)

R = TypeVar("R")

ConflictKind = Literal["doses", "checkins", "breathing", "contacts", "plans"]
"""Which list of the journal's conflicts a conflict is in."""


class MergeResult(NamedTuple):
    """A merged journal and what theirs brought to ours."""

    journal: Journal
    added: int
    """Records theirs held that ours did not (and the merge kept)."""
    changed: int
    """Records ours held that the merge took in theirs' version."""
    conflicts: int
    """New conflicts: records changed differently on both sides."""


def contact_identity(contact: Contact) -> str:
    """A contact's id, or for one written by an older Stepdown, one derived from its
    content: the same on every machine for the same contact."""
    if contact.id:
        return contact.id
    text = "\x1f".join((contact.name, contact.role, contact.phone, contact.email))
    return "c-" + hashlib.sha256(text.encode()).hexdigest()[:12]


def _dose_identity(dose: DoseEntry) -> Hashable:
    return (dose.date, dose.slot) if dose.slot is not None else (dose.date, dose.taken_at)


def _checkin_identity(checkin: Checkin) -> Hashable:
    return checkin.date


def _breathing_identity(session: BreathingSession) -> Hashable:
    return session.started_at


def _record_identity(record: PlanRecord) -> Hashable:
    return record.replaced_at


def _no_time(_record: object) -> datetime | None:
    return None


def _dose_time(dose: DoseEntry) -> datetime | None:
    return dose.taken_at


def _checkin_time(checkin: Checkin) -> datetime | None:
    return checkin.recorded_at


class _Merged(NamedTuple):
    kept: tuple[Any, ...]
    others: tuple[Any, ...]
    added: int
    changed: int


def _keyed(records: Sequence[R], identity: Callable[[R], Hashable]) -> dict[Hashable, R]:
    """Records by identity; a second record of the same identity (the rules forbid it,
    a hand edit may not) keeps its own place by its rank among them."""
    keyed: dict[Hashable, R] = {}
    seen: dict[Hashable, int] = {}
    for record in records:
        key = identity(record)
        rank = seen[key] = seen.get(key, -1) + 1
        keyed[(key, rank)] = record
    return keyed


def _later(ours: R, theirs: R, recorded: Callable[[R], datetime | None]) -> bool:
    """Whether theirs was recorded after ours (a tie, or no times: ours)."""
    our_time, their_time = recorded(ours), recorded(theirs)
    return our_time is not None and their_time is not None and their_time > our_time


def _merge_records(
    base: Sequence[R] | None,
    ours: Sequence[R],
    theirs: Sequence[R],
    identity: Callable[[R], Hashable],
    recorded: Callable[[R], datetime | None],
) -> _Merged:
    """One list merged: ours' order, then theirs' new records in theirs' order."""
    base_by = _keyed(base, identity) if base is not None else {}
    ours_by, theirs_by = _keyed(ours, identity), _keyed(theirs, identity)
    kept: list[R] = []
    others: list[R] = []
    added = changed = 0
    for key in [*ours_by, *(key for key in theirs_by if key not in ours_by)]:
        old, mine, their = base_by.get(key), ours_by.get(key), theirs_by.get(key)
        if mine is None:
            assert their is not None
            if base is not None and old is not None and their == old:
                continue  # deleted on our side, unchanged on theirs
            kept.append(their)
            added += 1
        elif their is None:
            if base is not None and old is not None and mine == old:
                continue  # deleted on their side, unchanged on ours
            kept.append(mine)
        elif mine == their or their == old:
            kept.append(mine)
        elif mine == old:
            kept.append(their)
            changed += 1
        elif _later(mine, their, recorded):
            kept.append(their)
            others.append(mine)
        else:
            kept.append(mine)
            others.append(their)
    return _Merged(tuple(kept), tuple(others), added, changed)


def _merge_values(old: Any, mine: Any, their: Any) -> Any:
    """One value merged: a change on one side wins; on both, ours."""
    return their if mine == old and their != old else mine


def _merge_mapping(
    base: Mapping[str, Any] | None, ours: Mapping[str, Any], theirs: Mapping[str, Any]
) -> dict[str, Any]:
    """Keys merged one by one; a key deleted on one side and unchanged stays deleted."""
    merged: dict[str, Any] = {}
    missing = object()
    for key in [*ours, *(key for key in theirs if key not in ours)]:
        old = missing if base is None else base.get(key, missing)
        mine, their = ours.get(key, missing), theirs.get(key, missing)
        if base is None and mine is missing:
            value = their
        elif base is None:
            value = mine
        else:
            value = _merge_values(old, mine, their)
        if value is not missing:
            merged[key] = value
    return merged


def _merge_settings(base: Settings | None, ours: Settings, theirs: Settings) -> Settings:
    changes: dict[str, Any] = {}
    for item in fields(Settings):
        mine, their = getattr(ours, item.name), getattr(theirs, item.name)
        if item.name == "extra":
            changes["extra"] = _merge_mapping(
                None if base is None else base.extra, ours.extra, theirs.extra
            )
        elif base is not None:
            changes[item.name] = _merge_values(getattr(base, item.name), mine, their)
    return replace(ours, **changes)


def _merge_plan(
    base: Journal | None, ours: Plan | None, theirs: Plan | None
) -> tuple[Plan | None, tuple[Plan, ...], int]:
    """The plan in place, the other one kept as a conflict, and whether theirs won."""
    if ours == theirs:
        return ours, (), 0
    if base is not None and ours == base.plan:
        return theirs, (), 1
    if base is not None and theirs == base.plan:
        return ours, (), 0
    if ours is None:
        return theirs, (), 1
    if theirs is None:
        return ours, (), 0
    return ours, (theirs,), 0


def _union(*lists: Sequence[R]) -> tuple[R, ...]:
    """Every record of the lists once, in order (records hold dicts: compared, not hashed)."""
    union: list[R] = []
    for records in lists:
        union.extend(record for record in records if record not in union)
    return tuple(union)


_NO_CONFLICTS = Conflicts()


def _merge_conflicts(
    base: Conflicts | None,
    ours: Conflicts,
    theirs: Conflicts,
    new: Mapping[str, tuple[Any, ...]],
) -> Conflicts:
    """The conflicts both sides held, merged as records known by their whole content (one
    the user settled on one side stays settled, given a base), with the merge's new ones."""
    lists: dict[str, tuple[Any, ...]] = {}
    for item in fields(Conflicts):
        if item.name == "extra":
            continue
        kept = _merge_records(
            None if base is None else getattr(base, item.name),
            getattr(ours, item.name),
            getattr(theirs, item.name),
            repr,
            _no_time,
        ).kept
        lists[item.name] = _union(kept, new[item.name])
    extra = _merge_mapping(None if base is None else base.extra, ours.extra, theirs.extra)
    return Conflicts(**lists, extra=extra)


def _kept_conflicts(ours: Conflicts | None, merged: Conflicts) -> Conflicts | None:
    """The merged conflicts; None when there are none, unless ours held an empty table."""
    if merged == (ours or _NO_CONFLICTS):
        return ours
    return None if merged == _NO_CONFLICTS else merged


def merge_journals(base: Journal | None, ours: Journal, theirs: Journal) -> MergeResult:
    """Ours and theirs merged record by record against their common `base`.

    With no base, nothing counts as deleted: a record missing on one side is kept from
    the other. The result keeps every record either side added or changed; the versions
    of a record both sides changed differently that do not stay in place are in its
    `conflicts`, with the conflicts both sides already held.
    """
    lists: dict[str, _Merged] = {}
    specs: tuple[tuple[str, Callable[[Any], Hashable], Callable[[Any], Any]], ...] = (
        ("doses", _dose_identity, _dose_time),
        ("checkins", _checkin_identity, _checkin_time),
        ("breathing", _breathing_identity, _no_time),
        ("contacts", contact_identity, _no_time),
        ("plan_history", _record_identity, _no_time),
    )
    for name, identity, recorded in specs:
        lists[name] = _merge_records(
            None if base is None else getattr(base, name),
            getattr(ours, name),
            getattr(theirs, name),
            identity,
            recorded,
        )
    plan, other_plans, plan_changed = _merge_plan(base, ours.plan, theirs.plan)
    conflicts = _merge_conflicts(
        None if base is None else base.conflicts or _NO_CONFLICTS,
        ours.conflicts or _NO_CONFLICTS,
        theirs.conflicts or _NO_CONFLICTS,
        {name: merged.others for name, merged in lists.items()} | {"plans": other_plans},
    )
    journal = replace(
        ours,
        settings=_merge_settings(
            None if base is None else base.settings, ours.settings, theirs.settings
        ),
        plan=plan,
        doses=lists["doses"].kept,
        checkins=lists["checkins"].kept,
        breathing=lists["breathing"].kept,
        contacts=lists["contacts"].kept,
        plan_history=lists["plan_history"].kept,
        conflicts=_kept_conflicts(ours.conflicts, conflicts),
        extra=_merge_mapping(None if base is None else base.extra, ours.extra, theirs.extra),
    )
    new_conflicts = sum(len(merged.others) for merged in lists.values()) + len(other_plans)
    return MergeResult(
        journal,
        added=sum(merged.added for merged in lists.values()),
        changed=sum(merged.changed for merged in lists.values()) + plan_changed,
        conflicts=new_conflicts,
    )


def entries_missing(journal: Journal, other: Journal) -> int:
    """How many records `other` holds that `journal` does not hold as they are."""
    missing = 0
    for name in ("doses", "checkins", "breathing", "contacts", "plan_history"):
        mine = getattr(journal, name)
        missing += sum(1 for record in getattr(other, name) if record not in mine)
    return missing


def resolve_conflict(journal: Journal, kind: ConflictKind, index: int, *, take: bool) -> Journal:
    """The journal once the user picked between a record and its conflict.

    `index` is the conflict's place in `journal.conflicts.<kind>`. With `take`, the
    conflict's version replaces the record of its identity in place (or becomes the
    plan); without, the conflict is dropped and the record in place stays. Either way
    the conflict leaves the list.
    """
    conflicts = journal.conflicts or _NO_CONFLICTS
    listed: tuple[Any, ...] = getattr(conflicts, kind)
    chosen = listed[index]
    remaining: dict[str, Any] = {kind: listed[:index] + listed[index + 1 :]}
    rest = replace(conflicts, **remaining)
    journal = replace(journal, conflicts=None if rest == _NO_CONFLICTS else rest)
    if not take:
        return journal
    if kind == "plans":
        return replace(journal, plan=chosen)
    identities: dict[str, Callable[[Any], Hashable]] = {
        "doses": _dose_identity,
        "checkins": _checkin_identity,
        "breathing": _breathing_identity,
        "contacts": contact_identity,
    }
    identity = identities[kind]
    records: tuple[Any, ...] = getattr(journal, kind)
    key = identity(chosen)
    for place, record in enumerate(records):
        if identity(record) == key:
            updated: dict[str, Any] = {kind: (*records[:place], chosen, *records[place + 1 :])}
            return replace(journal, **updated)
    appended: dict[str, Any] = {kind: (*records, chosen)}
    return replace(journal, **appended)
