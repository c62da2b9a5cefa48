"""The recent part of a journal gives Today exactly the view the whole journal gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from stepdown.domain.journal import Checkin, DoseEntry, Journal, Plan, Settings, Step
from stepdown.domain.recent import LOOK_BACK, recent_part, recent_since
from stepdown.domain.today import today_view
from tests.strategies import breathing_sessions, checkins, contacts, doses, journals

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 14, 30)

# Records within a few weeks of today, so that the cut falls among them, following a
# plan of three doses a day most of the time, with doses missed, skipped or smaller.
near_dates = st.integers(-20, 1).map(lambda days: TODAY + timedelta(days))
far_dates = st.integers(-400, -21).map(lambda days: TODAY + timedelta(days))
SLOTS = (time(8), time(14), time(20))
near_times = st.sampled_from([*SLOTS, time(23, 59)])
near_datetimes = st.builds(datetime.combine, near_dates, near_times)
OUTCOMES = ("taken", "taken", "taken", "smaller", "skipped", "none")


@st.composite
def followed_plan(draw: st.DrawFn) -> list[DoseEntry]:
    """The doses of the past ten days, slot by slot: mostly taken as planned, with a
    stretch of days left out now and then (days the journal was not kept)."""
    entries = []
    gap_start, gap_length = draw(st.integers(-10, 1)), draw(st.sampled_from([0, 0, 3, 8]))
    for offset in range(-10, 2):
        day = TODAY + timedelta(offset)
        if gap_start <= offset < gap_start + gap_length:
            continue
        for slot in SLOTS:
            outcome = draw(st.sampled_from(OUTCOMES))
            at = datetime.combine(day, slot)
            if outcome == "skipped":
                entries.append(DoseEntry(day, "skipped", slot))
            elif outcome != "none":
                entries.append(
                    DoseEntry(day, "taken", slot, at, 5.0 if outcome == "smaller" else 10.0)
                )
    return entries


odd_doses = st.builds(
    replace,
    doses,
    date=near_dates,
    slot=st.sampled_from(SLOTS) | st.none(),
    taken_at=st.none() | near_datetimes,
)
near_doses = st.builds(
    lambda followed, odd, where: followed[:where] + odd + followed[where:],
    followed_plan(),
    st.lists(odd_doses, max_size=4),
    st.integers(0, 36),
)
near_checkins = st.builds(
    replace, checkins, date=near_dates | far_dates, recorded_at=near_datetimes
)
near_sessions = st.builds(replace, breathing_sessions, started_at=near_datetimes)
steady_plan = Plan("Dr Lee", steps=(Step(TODAY - timedelta(days=60), SLOTS, (10.0,) * 3),))
near_plans = st.just(steady_plan) | st.builds(
    Plan,
    prescriber=st.just("Dr Lee"),
    steps=st.lists(
        st.builds(Step, start=near_dates, times=st.just(SLOTS), doses=st.just((10.0,) * 3)),
        max_size=2,
        unique_by=lambda step: step.start,
    ).map(lambda steps: tuple(sorted(steps, key=lambda step: step.start))),
)


def _by_date(doses: list[DoseEntry]) -> tuple[DoseEntry, ...]:
    return tuple(sorted(doses, key=lambda dose: dose.date))


dose_lists = near_doses
near_journals = st.builds(
    Journal,
    settings=st.builds(Settings, emergency_number=st.sampled_from(["", "112"])),
    plan=near_plans | st.none(),
    # Mostly in date order, as the app writes them; sometimes not, as a hand edit may.
    doses=st.one_of(*[dose_lists.map(_by_date)] * 3, dose_lists.map(tuple)),
    checkins=st.lists(near_checkins, max_size=8, unique_by=lambda c: c.date).map(tuple),
    breathing=st.lists(near_sessions, max_size=6).map(tuple),
    contacts=st.lists(contacts, max_size=2).map(tuple),
)


@hypothesis_settings(max_examples=200)
@given(near_journals, st.integers(0, 3))
def test_today_looks_the_same_from_the_recent_part(journal: Journal, days_on: int) -> None:
    # The recent part is cut on the day the app opened; the view may be of a later
    # day when the app stayed open past midnight.
    today = TODAY + timedelta(days_on)
    now = datetime.combine(today, NOW.time())
    recent = recent_part(journal, recent_since(TODAY))
    assert today_view(recent, today, now) == today_view(journal, today, now)


@given(journals())
def test_far_records_are_kept_whole(journal: Journal) -> None:
    # Dates across a century: whatever the cut, the recent part is a suffix of each
    # list (plus the first dose), in the same order.
    recent = recent_part(journal, recent_since(TODAY))
    for name in ("checkins", "breathing"):
        whole, part = getattr(journal, name), getattr(recent, name)
        assert whole[len(whole) - len(part) :] == part
    assert all(dose in journal.doses for dose in recent.doses)
    assert (recent.settings, recent.plan, recent.contacts) == (
        journal.settings,
        journal.plan,
        journal.contacts,
    )
    assert recent.plan_history == journal.plan_history


def test_old_records_are_left_out() -> None:
    old_day = TODAY - LOOK_BACK - timedelta(days=30)
    old = DoseEntry(old_day, "taken", time(8), datetime.combine(old_day, time(8)), 10.0)
    middle = DoseEntry(old_day + timedelta(1), "taken", time(8), None, 10.0)
    new = DoseEntry(TODAY, "taken", time(8), NOW, 10.0)
    journal = Journal(doses=(old, middle, new))
    # The first dose stays: days before it never count as below plan.
    assert recent_part(journal, recent_since(TODAY)).doses == (old, new)


def test_a_checkin_saved_today_for_an_old_day_is_recent() -> None:
    long_ago = TODAY - timedelta(days=200)
    backfilled = Checkin(long_ago, NOW, 9, 2, 5, 5)
    journal = Journal(checkins=(backfilled,))
    # It raises today's red flag (spasticity 9), so Today must see it.
    assert recent_part(journal, recent_since(TODAY)).checkins == (backfilled,)
    assert today_view(journal, TODAY, NOW).red_flag is not None
