"""Today in one line, for a shell prompt or a tmux status bar: `stepdown status`.

The rules are Today's (today.py): the same doses, states, check-in and cautions the app
shows, only fewer words. A line reads like `next 14:00 17.5 mg · 1 of 3 taken ·
check-in due`; a caution that stands leads it, so a status bar cut short still shows
it. Each part carries a tone (alert, warning, due, done, plain) that a format may
colour; the words say the state without the colour. Like the app, it only repeats the
provider's plan: it never proposes an amount.

Its types are NamedTuples, not dataclasses: a prompt runs `stepdown status` before
every line, and a dataclass costs about a millisecond to define.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Literal, NamedTuple

from stepdown.domain import format as fmt
from stepdown.domain.day import MISSED_AFTER
from stepdown.domain.journal import Journal
from stepdown.domain.plan import end_date, step_on
from stepdown.domain.recent import RecentPart
from stepdown.domain.red_flag_words import TITLE, emergency_number
from stepdown.domain.today import today_view

State = Literal["no-file", "no-plan", "not-started", "no-doses", "due", "done", "ended"]
"""Where today stands: no data file yet; a journal without a plan; a plan that starts
later; a step with no doses today; a dose still due; every planned dose answered
(taken, skipped or missed); the taper complete."""

Tone = Literal["alert", "warning", "due", "done", "plain"]

CautionKind = Literal["red-flag", "below-plan"]

JSON_VERSION = 1
"""The `version` key of `stepdown status --format json`: raised only when a key changes
meaning or goes; keys may be added without it."""


class NextDose(NamedTuple):
    """The first planned dose of today still due (not taken, skipped or missed)."""

    time: time
    amount: float
    """The plan's amount, in the journal's unit."""
    due_now: bool
    """Its time has come (and it is not missed yet: see day.MISSED_AFTER)."""


class Caution(NamedTuple):
    """A caution that stands today, most urgent first."""

    kind: CautionKind
    words: str
    """The app's own words for it (Today's banner)."""
    short: str
    """A few words for a status line."""


class Status(NamedTuple):
    """What `stepdown status` says about today."""

    state: State
    day: date
    unit: str
    next_dose: NextDose | None = None
    planned: int = 0
    """Today's planned doses."""
    taken: int = 0
    """Planned doses taken (at any amount); extra doses are counted apart."""
    skipped: int = 0
    missed: int = 0
    extra: int = 0
    checkin_due: bool = False
    """No check-in is recorded for today yet."""
    cautions: tuple[Caution, ...] = ()
    plan_start: date | None = None
    """The plan's first day, when there is a plan."""
    plan_end: date | None = None
    """The day the taper ends (or ended), when the plan has an end."""


class Part(NamedTuple):
    """Some words of the line, with the tone a format may colour them in."""

    words: str
    tone: Tone


BELOW_PLAN_SHORT = "⚠ below plan two days in a row: talk to your provider"
NO_FILE = "no Stepdown journal yet"


def status_of(journal: Journal | RecentPart | None, today: date, now: datetime) -> Status:
    """Today's status from the journal (or its recent part); None when there is no file."""
    if journal is None:
        return Status("no-file", today, "")
    records = journal.records if isinstance(journal, RecentPart) else journal
    view = today_view(records, today, now)
    rows = view.summary.rows
    planned = [row for row in rows if row.state != "extra"]
    due = next((row for row in planned if row.state == "due"), None)
    next_dose = None
    if due is not None and due.time is not None:
        next_dose = NextDose(due.time, due.planned or 0.0, now >= datetime.combine(today, due.time))
    return Status(
        state=_state(records, today, bool(planned), next_dose is not None),
        day=today,
        unit=records.settings.unit,
        next_dose=next_dose,
        planned=len(planned),
        taken=sum(row.state == "taken" for row in planned),
        skipped=sum(row.state == "skipped" for row in planned),
        missed=sum(row.state == "missed" for row in planned),
        extra=len(rows) - len(planned),
        checkin_due=not view.checkin_done,
        cautions=_cautions(records, view.red_flag, view.below_plan),
        plan_start=records.plan.steps[0].start if records.plan and records.plan.steps else None,
        plan_end=end_date(records.plan) if records.plan else None,
    )


def changes_at(journal: Journal | RecentPart | None, today: date) -> tuple[datetime, ...]:
    """The moments of `today`, in order, at which `status_of`'s answer may change: between
    two of them it is the same whatever the time (store/status_summary.py keeps one line
    for each stretch).

    They are each planned dose's time (it falls due) and MISSED_AFTER later (it is
    missed), for today's doses and for those of earlier days whose missed moment falls
    today: a day's doses count towards the below-plan caution once missed.
    """
    if journal is None:
        return ()
    records = journal.records if isinstance(journal, RecentPart) else journal
    if records.plan is None:
        return ()
    start = datetime.combine(today, time())
    end = start + timedelta(days=1)
    moments: set[datetime] = set()
    for back in range(MISSED_AFTER.days + 2):
        day = today - timedelta(days=back)
        step = step_on(records.plan, day)
        for slot in step.times if step is not None else ():
            planned = datetime.combine(day, slot)
            moments.update((planned, planned + MISSED_AFTER))
    return tuple(sorted(moment for moment in moments if start < moment < end))


def _state(journal: Journal, today: date, planned: bool, due: bool) -> State:
    plan = journal.plan
    if plan is None or not plan.steps:
        return "no-plan"
    end = end_date(plan)
    if end is not None and today >= end:
        return "ended"
    if step_on(plan, today) is None:
        return "not-started"
    if not planned:
        return "no-doses"
    return "due" if due else "done"


def _cautions(
    journal: Journal, red_flag: str | None, below_plan: str | None
) -> tuple[Caution, ...]:
    cautions = []
    if red_flag is not None:
        number = emergency_number(journal)
        call = f"emergency number {number}" if number else "call your local emergency number"
        cautions.append(Caution("red-flag", red_flag, f"{TITLE}: {call}"))
    if below_plan is not None:
        cautions.append(Caution("below-plan", below_plan, BELOW_PLAN_SHORT))
    return tuple(cautions)


def status_parts(status: Status) -> tuple[Part, ...]:
    """The line's parts in order: the most urgent caution, the day's doses, the check-in.

    Only the first caution is in the line (a red flag before two days below plan); the
    JSON format lists them all.
    """
    if status.state == "no-file":
        return (Part(NO_FILE, "plain"),)
    parts = []
    if status.cautions:
        first = status.cautions[0]
        parts.append(Part(first.short, "alert" if first.kind == "red-flag" else "warning"))
    parts += _day_parts(status)
    if status.checkin_due:
        parts.append(Part("check-in due", "plain"))
    return tuple(parts)


def _day_parts(status: Status) -> list[Part]:
    parts: list[Part] = []
    if status.state == "no-plan":
        parts.append(Part("no plan yet", "plain"))
    elif status.state == "not-started" and status.plan_start is not None:
        parts.append(Part(f"plan starts {fmt.short_date(status.plan_start)}", "plain"))
    elif status.state == "ended":
        parts.append(Part("taper complete", "done"))
    elif status.state == "no-doses":
        parts.append(Part("no doses planned today", "plain"))
    dose = status.next_dose
    if dose is not None:
        word = "due" if dose.due_now else "next"
        amount = f"{fmt.amount(dose.amount)} {status.unit}"
        parts.append(Part(f"{word} {fmt.clock_time(dose.time)} {amount}", _dose_tone(dose)))
    if status.planned and status.taken == status.planned:
        parts.append(Part(f"all {status.planned} taken", "done"))
    elif status.planned:
        parts.append(Part(f"{status.taken} of {status.planned} taken", "plain"))
    if status.skipped:
        parts.append(Part(f"{status.skipped} skipped", "plain"))
    if status.missed:
        parts.append(Part(f"{status.missed} missed", "warning"))
    if status.extra:
        parts.append(Part(f"{status.extra} extra", "plain"))
    return parts


def _dose_tone(dose: NextDose) -> Tone:
    return "due" if dose.due_now else "plain"


SEPARATOR = " · "


def plain_line(status: Status) -> str:
    """The status as one line of plain words."""
    return SEPARATOR.join(part.words for part in status_parts(status))


def status_dict(status: Status) -> dict[str, object]:
    """The status for `--format json`: keys a script can rely on (see JSON_VERSION).

    `version`; `state` (see State); `date` (ISO); `next`: null or `time` ("HH:MM"),
    `amount` (a number), `unit`, `due_now`; the counts `planned`, `taken`, `skipped`,
    `missed`, `extra`; `checkin_due`; `cautions`: a list, most urgent first, of
    `kind` ("red-flag" or "below-plan"), `words` (the app's) and `short`; `plan_start`
    and `plan_end` (ISO dates or null); `line`: the plain line.
    """
    dose = status.next_dose
    return {
        "version": JSON_VERSION,
        "state": status.state,
        "date": status.day.isoformat(),
        "next": None
        if dose is None
        else {
            "time": fmt.clock_time(dose.time),
            "amount": dose.amount,
            "unit": status.unit,
            "due_now": dose.due_now,
        },
        "planned": status.planned,
        "taken": status.taken,
        "skipped": status.skipped,
        "missed": status.missed,
        "extra": status.extra,
        "checkin_due": status.checkin_due,
        "cautions": [
            {"kind": caution.kind, "words": caution.words, "short": caution.short}
            for caution in status.cautions
        ],
        "plan_start": _iso(status.plan_start),
        "plan_end": _iso(status.plan_end),
        "line": plain_line(status),
    }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
