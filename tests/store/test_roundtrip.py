"""Any valid journal written by encode reads back equal, unknown keys included."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time, timedelta, timezone

from hypothesis import given, settings

from stepdown.domain.journal import Journal
from stepdown.domain.rules import journal_problems
from stepdown.store.codec import decode, encode
from tests.strategies import journals


@settings(max_examples=100, deadline=None)
@given(journals())
def test_any_valid_journal_reads_back_equal(journal: Journal) -> None:
    assert list(journal_problems(journal)) == []  # the strategy draws valid journals
    assert decode(encode(journal).encode("utf-8")) == journal


UNKNOWN_KEYS = """\
schema = 1
x_top = "kept"
x_when = 2026-11-25T08:00:00+01:00

[x_table]
a = [1, 2.5, "three"]

[settings]
emergency_number = "911"
x_font = { size = 12, bold = true }

[[settings.patterns]]
name = "slow"
inhale = 4
hold_in = 0
exhale = 6
hold_out = 0
x_colour = "blue"

[plan]
prescriber = "Dr. Ana Rivera"
x_pharmacy = "Main St"

[[plan.steps]]
start = 2026-11-18
times = [08:00:00]
doses = [20]
x_reason = "first step"

[[doses]]
date = 2026-11-25
status = "skipped"
x_mood = 3
x_tags = ["late", "tired"]

[doses.x_where]
place = "home"

[[doses.x_sides]]
what = "dizzy"

[[checkins]]
date = 2026-11-25
recorded_at = 2026-11-25T21:10:00
spasticity = 4
anxiety = 3
sleep = 6
mood = 6
x_pain = 2.5

[[breathing]]
started_at = 2026-11-25T09:00:00
pattern = "box"
planned_seconds = 300
seconds = 120
completed = false
x_interrupted_by = "phone"

[[contacts]]
name = "Kim"
"x photo" = 1979-05-27

[[plan_history]]
replaced_at = 2026-11-18T10:00:00
prescriber = "Dr. Lee"
x_why = "moved"

[[plan_history.steps]]
start = 2026-10-01
times = [09:00:00]
doses = [25.0]
x_time = 07:30:00
"""


def test_unknown_keys_survive_a_save_in_their_places() -> None:
    journal = decode(UNKNOWN_KEYS.encode())

    assert journal.extra == {
        "x_top": "kept",
        "x_when": datetime(2026, 11, 25, 8, 0, tzinfo=timezone(timedelta(hours=1))),
        "x_table": {"a": [1, 2.5, "three"]},
    }
    assert journal.settings.extra == {"x_font": {"size": 12, "bold": True}}
    assert journal.settings.patterns[0].extra == {"x_colour": "blue"}
    assert journal.plan is not None
    assert journal.plan.extra == {"x_pharmacy": "Main St"}
    assert journal.plan.steps[0].extra == {"x_reason": "first step"}
    assert journal.doses[0].extra == {
        "x_mood": 3,
        "x_tags": ["late", "tired"],
        "x_where": {"place": "home"},
        "x_sides": [{"what": "dizzy"}],
    }
    assert journal.checkins[0].extra == {"x_pain": 2.5}
    assert journal.breathing[0].extra == {"x_interrupted_by": "phone"}
    assert journal.contacts[0].extra == {"x photo": date(1979, 5, 27)}
    assert journal.plan_history[0].plan.extra == {"x_why": "moved"}
    assert journal.plan_history[0].plan.steps[0].extra == {"x_time": time(7, 30)}

    text = encode(journal)
    assert decode(text.encode()) == journal
    written = tomllib.loads(text)
    assert written["x_top"] == "kept"
    assert written["x_table"] == {"a": [1, 2.5, "three"]}
    assert written["settings"]["x_font"] == {"size": 12, "bold": True}
    assert written["doses"][0]["x_where"] == {"place": "home"}
    assert written["doses"][0]["x_sides"] == [{"what": "dizzy"}]
    assert written["plan_history"][0]["x_why"] == "moved"
    assert written["plan_history"][0]["steps"][0]["x_time"] == time(7, 30)
