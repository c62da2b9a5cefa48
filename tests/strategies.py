"""Hypothesis strategies for valid journals (schema 1), for any test that needs one.

`journals()` draws a journal that passes every rule of the data file: real dates,
times to the second, scores 0..10 or not recorded (None), finite amounts >= 0 with at
most two decimals, unique check-in dates, ascending steps with unique ascending times,
names from the allowed lists, and text with unicode, quotes, newlines and markup-like
brackets.
Records carry unknown keys (`extra`) of every TOML type now and then.

`hostile_journals()` draws the same journals with every text the user gives replaced
by hostile text (`hostile_texts`): markup, ANSI and OSC sequences, C0 and C1 control
characters, emoji, right-to-left text, combining marks and 10 KB lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from stepdown.domain.journal import (
    BreathingSession,
    Checkin,
    Conflicts,
    Contact,
    DoseEntry,
    Journal,
    Pattern,
    Plan,
    PlanRecord,
    Settings,
    Step,
)
from stepdown.domain.rules import COPING, DOSE_STATUSES, ROLES, SYMPTOMS, clean_text

_TRICKY = ['"', "'", "\\", "\n", "\t", "#", "[red]", "[/]", "]]", "=", "é", "日本", "🙂", "\u2028"]

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""The bidirectional controls clean_text drops."""
_LINE_BREAKS = "\n\u2028\u2029"

texts = st.lists(
    st.text(st.characters(exclude_categories=("Cs", "Cc"), exclude_characters=_BIDI), max_size=6)
    | st.sampled_from(_TRICKY),
    max_size=5,
).map("".join)
"""Text as the journal keeps it: no control characters but tab and newline, no
bidirectional controls."""

names = texts.filter(lambda text: text.strip() != "")
"""Text that is not blank, for the keys that require it."""

one_line_texts = texts.map(lambda text: _one_line(text))
"""Text for names, units and the like, which are one line."""

one_line_names = one_line_texts.filter(lambda text: text.strip() != "")
"""One-line text that is not blank: a contact's, a pattern's or a prescriber's name."""


def _one_line(text: str) -> str:
    """`text` with each line break made a space."""
    return text.translate({ord(c): " " for c in _LINE_BREAKS})


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
times = st.builds(time, st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))
datetimes = st.builds(datetime.combine, dates, times)
scores = st.integers(0, 10)
amounts = st.integers(0, 1_000_000).map(lambda cents: cents / 100)
"""Amounts >= 0 with at most two decimals, as a user types them."""

# Unknown keys are named so they never meet a known one; some need quotes in TOML.
_extra_keys = st.from_regex(r"x[a-z_]{0,6}|x[ .a-z0-9\"-]{1,6}", fullmatch=True)
_extra_scalars = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    dates,
    st.times(),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2199, 1, 1)),
    st.builds(
        lambda at, minutes: at.replace(tzinfo=timezone(timedelta(minutes=minutes))),
        datetimes,
        st.integers(-23 * 60, 23 * 60),
    ),
)
extra_values = st.recursive(
    _extra_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_extra_keys, inner, max_size=3),
    max_leaves=6,
)
"""Any value a TOML file can hold (NaN aside: it is never equal to itself)."""


def extras() -> st.SearchStrategy[dict[str, Any]]:
    """Unknown keys for a record: mostly none, sometimes one or two of any TOML type."""
    return st.one_of(st.just({}), st.dictionaries(_extra_keys, extra_values, max_size=2))


patterns = st.builds(
    Pattern,
    name=one_line_names,
    inhale=st.integers(2, 40).map(lambda half: half / 2),
    hold_in=st.integers(0, 40).map(lambda half: half / 2),
    exhale=st.integers(2, 40).map(lambda half: half / 2),
    hold_out=st.integers(0, 40).map(lambda half: half / 2),
    extra=extras(),
)

settings = st.builds(
    Settings,
    medication=one_line_texts,
    unit=one_line_texts,
    emergency_number=one_line_texts,
    theme=one_line_texts,
    bell=st.booleans(),
    reduced_motion=st.booleans(),
    breathing_pattern=one_line_texts,
    breathing_minutes=st.integers(0, 120),
    reminder_grace_minutes=st.integers(0, 120),
    push_url=st.sampled_from(("", "ntfy://stepdown-test", "json://localhost:8080/a?b=c")),
    push_details=st.booleans(),
    patterns=st.lists(patterns, max_size=2).map(tuple),
    extra=extras(),
)


@st.composite
def _step(draw: st.DrawFn, start: date) -> Step:
    step_times = sorted(draw(st.lists(times, unique=True, max_size=4)))
    step_doses = draw(st.lists(amounts, min_size=len(step_times), max_size=len(step_times)))
    return Step(start, tuple(step_times), tuple(step_doses), draw(extras()))


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """A valid plan: a prescriber, and steps in ascending date order."""
    starts = sorted(draw(st.lists(dates, unique=True, max_size=4)))
    return Plan(
        prescriber=draw(one_line_names),
        approved_on=draw(st.none() | dates),
        note=draw(texts),
        steps=tuple(draw(_step(start)) for start in starts),
        extra=draw(extras()),
    )


doses = st.builds(
    DoseEntry,
    date=dates,
    status=st.sampled_from(DOSE_STATUSES),
    slot=st.none() | times,
    taken_at=st.none() | datetimes,
    amount=st.none() | amounts,
    note=texts,
    extra=extras(),
)

checkins = st.builds(
    Checkin,
    date=dates,
    recorded_at=datetimes,
    # A score left blank is not recorded: None, and no key in the file.
    spasticity=st.none() | scores,
    anxiety=st.none() | scores,
    sleep=st.none() | scores,
    mood=st.none() | scores,
    hallucinations=st.booleans(),
    seizure=st.booleans(),
    symptoms=st.lists(st.sampled_from(SYMPTOMS), unique=True, max_size=3).map(tuple),
    coping=st.lists(st.sampled_from(COPING), unique=True, max_size=3).map(tuple),
    notes=texts,
    extra=extras(),
)

breathing_sessions = st.builds(
    BreathingSession,
    started_at=datetimes,
    pattern=one_line_texts,
    planned_seconds=st.integers(0, 7200),
    seconds=st.integers(0, 7200),
    completed=st.booleans(),
    anxiety_before=st.none() | scores,
    anxiety_after=st.none() | scores,
    extra=extras(),
)

contacts = st.builds(
    Contact,
    name=one_line_names,
    role=st.sampled_from(ROLES),
    phone=one_line_texts,
    email=one_line_texts,
    notes=texts,
    emergency=st.booleans(),
    id=st.none() | st.from_regex(r"[0-9a-f]{16}", fullmatch=True),
    extra=extras(),
)


def own_ids(contacts: list[Contact]) -> tuple[Contact, ...]:
    """The contacts with an id repeated dropped from all but the first (ids are unique)."""
    seen: set[str] = set()
    own = []
    for contact in contacts:
        if contact.id in seen:
            contact = replace(contact, id=None)
        if contact.id:
            seen.add(contact.id)
        own.append(contact)
    return tuple(own)


conflicts = st.builds(
    Conflicts,
    doses=st.lists(doses, max_size=2).map(tuple),
    checkins=st.lists(checkins, max_size=2).map(tuple),
    breathing=st.lists(breathing_sessions, max_size=1).map(tuple),
    contacts=st.lists(contacts, max_size=2).map(tuple),
    plans=st.lists(plans(), max_size=1).map(tuple),
    extra=extras(),
)

plan_records = st.builds(PlanRecord, replaced_at=datetimes, plan=plans())


def journals() -> st.SearchStrategy[Journal]:
    """Any valid journal of schema 1, with unknown keys here and there."""
    return st.builds(
        Journal,
        settings=settings,
        plan=st.none() | plans(),
        doses=st.lists(doses, max_size=4).map(tuple),
        checkins=st.lists(checkins, max_size=3, unique_by=lambda c: c.date).map(tuple),
        breathing=st.lists(breathing_sessions, max_size=3).map(tuple),
        contacts=st.lists(contacts, max_size=3).map(own_ids),
        plan_history=st.lists(plan_records, max_size=2).map(tuple),
        conflicts=st.none() | conflicts,
        extra=extras(),
    )


HOSTILE_PIECES = (
    "[red]",
    "[/]",
    "[/red]",
    "[b",
    "\\[i]",
    "[@click=app.quit]",
    "[link=https://example.com]",
    "\x1b[31m",
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x1b]8;;http://example.com\x1b\\",
    "\x00",
    "\x07",
    "\x08",
    "\r",
    "\x7f",
    "\x85",
    "\x9b",
    "\x9b2J",
    "\t",
    "\n",
    "\u2028",
    "👩\u200d👩\u200d👧",
    "\u2764\ufe0f",
    "👍🏽",
    "שלום",
    "مرحبا",
    "\u202e",
    "\u202c",
    "e\u0301",
    "Z\u0324\u0354\u0367\u0311",
)
"""Pieces of hostile text: Rich and Textual markup, escape sequences (CSI, OSC title and
hyperlink), C0 and C1 controls (CSI and NEL among them), tab and line breaks, emoji with
ZWJ and variation selectors, right-to-left text with an override, combining marks."""

LONG_LINE_LENGTH = 10_240
"""The length of a long line of hostile text: 10 KB."""

_hostile_pieces = st.sampled_from(HOSTILE_PIECES) | st.text(
    st.characters(exclude_categories=("Cs",)), max_size=6
)

hostile_texts = st.one_of(
    st.lists(_hostile_pieces, max_size=6).map("".join),
    st.lists(_hostile_pieces, min_size=1, max_size=3)
    .map("".join)
    .filter(bool)
    .map(lambda run: (run * (LONG_LINE_LENGTH // len(run) + 1))[:LONG_LINE_LENGTH]),
)
"""Text a user might paste, or a hand edit might leave in the file; a 10 KB line half the time."""

hostile_names = hostile_texts.filter(lambda text: clean_text(text).strip() != "")
"""Hostile text that is still not blank once its control characters are stripped."""


def with_texts(journal: Journal, text: Callable[[str, bool], str]) -> Journal:
    """`journal` with each text the user gives replaced by `text(value, required)`.

    The texts: the settings' words, pattern names, the plan's prescriber and note (of the
    plan and of each earlier one), dose notes, check-in notes, breathing pattern names,
    and each contact's name, phone, email and notes. `required` is True for the names
    that may not be blank. Names, units and the other one-line texts have their line
    breaks made spaces. Unknown keys (`extra`) are left as they are.
    """

    def line(value: str, required: bool) -> str:
        # Names and units are one line (rules.one_line_problem): a hostile one keeps
        # all but its line breaks.
        return _one_line(text(value, required))

    def plan(old: Plan) -> Plan:
        return replace(old, prescriber=line(old.prescriber, True), note=text(old.note, False))

    old = journal.settings
    return replace(
        journal,
        settings=replace(
            old,
            medication=line(old.medication, False),
            unit=line(old.unit, False),
            emergency_number=line(old.emergency_number, False),
            theme=line(old.theme, False),
            breathing_pattern=line(old.breathing_pattern, False),
            patterns=tuple(replace(each, name=line(each.name, True)) for each in old.patterns),
        ),
        plan=None if journal.plan is None else plan(journal.plan),
        doses=tuple(replace(dose, note=text(dose.note, False)) for dose in journal.doses),
        checkins=tuple(
            replace(checkin, notes=text(checkin.notes, False)) for checkin in journal.checkins
        ),
        breathing=tuple(
            replace(session, pattern=line(session.pattern, False)) for session in journal.breathing
        ),
        contacts=tuple(
            replace(
                contact,
                name=line(contact.name, True),
                phone=line(contact.phone, False),
                email=line(contact.email, False),
                notes=text(contact.notes, False),
            )
            for contact in journal.contacts
        ),
        plan_history=tuple(
            replace(record, plan=plan(record.plan)) for record in journal.plan_history
        ),
    )


@st.composite
def hostile_journals(draw: st.DrawFn) -> Journal:
    """A valid journal (see `journals`) whose every user text is hostile text."""
    return with_texts(
        draw(journals()),
        lambda _, required: draw(hostile_names if required else hostile_texts),
    )
