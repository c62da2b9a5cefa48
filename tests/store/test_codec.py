"""The codec: the file's text to a Journal and back, as a user or a text editor sees it."""

from __future__ import annotations

import codecs
import math
import tomllib
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from stepdown.domain.journal import (
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
from stepdown.store.codec import (
    FileError,
    decode,
    encode,
)

# DESIGN.md's example file. Its last entry there is cut short ("# ... the same keys as
# [plan], with its steps"); here it is complete, as a real file would be.
DESIGN_EXAMPLE = """\
schema = 1

[settings]
medication = "baclofen"
unit = "mg"
emergency_number = "911"
theme = "stepdown-calm"
bell = false                # terminal bell at breathing phase changes
reduced_motion = false
breathing_pattern = "box"   # the last pattern chosen
breathing_minutes = 5       # the last length chosen; 0 = until stopped

[[settings.patterns]]       # the user's own breathing patterns
name = "slow evening"
inhale = 4.0                # seconds, 0.5 steps; inhale and exhale >= 1
hold_in = 2.0
exhale = 8.0
hold_out = 0.0

[plan]                      # the taper plan as the provider gave it
prescriber = "Dr. Ana Rivera"
approved_on = 2026-11-18
note = "Reduce every 7 days; call if spasms return"

[[plan.steps]]              # each step runs until the next one starts
start = 2026-11-18
times = [08:00:00, 14:00:00, 20:00:00]
doses = [20.0, 20.0, 20.0]  # amount at each time, in settings.unit

[[plan.steps]]
start = 2026-11-25
times = [08:00:00, 14:00:00, 20:00:00]
doses = [15.0, 15.0, 20.0]

[[plan.steps]]              # the last step is the end of the taper
start = 2026-12-30
times = []
doses = []

[[doses]]                   # what was really taken (or skipped)
date = 2026-11-25
slot = 08:00:00             # the planned time it answers; absent for an extra dose
status = "taken"            # "taken" | "skipped"
taken_at = 2026-11-25T08:05:00
amount = 15.0
note = ""

[[checkins]]                # at most one per date; editing replaces it
date = 2026-11-25
recorded_at = 2026-11-25T21:10:00
spasticity = 4              # 0 (none) .. 10 (worst)
anxiety = 3                 # 0 .. 10
sleep = 6                   # sleep quality, 0 (none) .. 10 (best)
mood = 6                    # 0 (worst) .. 10 (best)
hallucinations = false
seizure = false
symptoms = ["sweating"]     # from a fixed list, see below
coping = ["breathing", "walking"]
notes = "Stiff in the evening."

[[breathing]]
started_at = 2026-11-25T09:00:00
pattern = "box"
planned_seconds = 300
seconds = 300               # how long it really ran
completed = true
anxiety_before = 6          # optional 0..10
anxiety_after = 3           # optional 0..10

[[contacts]]
name = "Dr. Ana Rivera"
role = "provider"           # provider | pharmacist | therapist | ... | other
phone = "+1 555 0100"
email = ""
notes = "Call before any dose change"
emergency = false           # shown first, beside the emergency number

[[plan_history]]            # every earlier plan, kept when the plan is replaced
replaced_at = 2026-11-18T10:00:00
prescriber = "Dr. Ana Rivera"
approved_on = 2026-10-01

[[plan_history.steps]]
start = 2026-10-01
times = [08:00:00, 20:00:00]
doses = [30.0, 30.0]
"""

MINIMAL = b'schema = 1\n[settings]\nemergency_number = "112"\n'


def test_design_example_decodes() -> None:
    journal = decode(DESIGN_EXAMPLE.encode())

    assert journal.settings.emergency_number == "911"
    assert journal.settings.patterns[0].exhale == 8.0
    assert journal.plan is not None
    assert journal.plan.prescriber == "Dr. Ana Rivera"
    assert [step.start for step in journal.plan.steps] == [
        date(2026, 11, 18),
        date(2026, 11, 25),
        date(2026, 12, 30),
    ]
    assert journal.plan.steps[1].times == (time(8), time(14), time(20))
    assert journal.plan.steps[1].doses == (15.0, 15.0, 20.0)
    assert journal.plan.steps[2].times == ()
    assert journal.doses == (
        DoseEntry(
            date=date(2026, 11, 25),
            status="taken",
            slot=time(8),
            taken_at=datetime(2026, 11, 25, 8, 5),
            amount=15.0,
        ),
    )
    assert journal.checkins[0].symptoms == ("sweating",)
    assert journal.checkins[0].coping == ("breathing", "walking")
    assert journal.breathing[0].anxiety_after == 3
    assert journal.contacts[0].role == "provider"
    assert journal.plan_history[0].replaced_at == datetime(2026, 11, 18, 10)
    assert journal.plan_history[0].plan.steps[0].doses == (30.0, 30.0)


def test_design_example_reads_back_equal_from_its_encoding() -> None:
    journal = decode(DESIGN_EXAMPLE.encode())

    assert decode(encode(journal).encode()) == journal


def test_byte_order_mark_is_accepted() -> None:
    assert decode(codecs.BOM_UTF8 + DESIGN_EXAMPLE.encode()) == decode(DESIGN_EXAMPLE.encode())


def test_control_characters_are_stripped_on_load() -> None:
    data = (
        DESIGN_EXAMPLE.replace(
            'notes = "Stiff in the evening."', r'notes = "Stiff\u001b[31m red\u0007\tand\nsore"'
        )
        .replace('name = "slow evening"', r'name = "slow\u009b2J evening"')
        .encode()
    )

    journal = decode(data)

    assert journal.checkins[0].notes == "Stiff[31m red\tand\nsore"
    assert journal.settings.patterns[0].name == "slow2J evening"


def test_newer_schema_decodes_with_its_number_and_new_keys_kept() -> None:
    data = (
        DESIGN_EXAMPLE.replace("schema = 1", "schema = 2")
        .replace('notes = "Stiff in the evening."', 'notes = "Stiff."\npain = 3')
        .replace("[[contacts]]", "[[reminders]]\nat = 09:00:00\n\n[[contacts]]")
        .encode()
    )

    journal = decode(data)

    assert journal.schema == 2
    assert journal.checkins[0].extra == {"pain": 3}
    assert journal.extra == {"reminders": [{"at": time(9)}]}


def test_int_amounts_and_pattern_seconds_read_as_floats() -> None:
    data = (
        DESIGN_EXAMPLE.replace("amount = 15.0", "amount = 15")
        .replace("doses = [15.0, 15.0, 20.0]", "doses = [15, 15, 20]")
        .replace("inhale = 4.0", "inhale = 4")
        .encode()
    )

    journal = decode(data)

    assert journal.plan is not None
    assert journal.doses[0].amount == 15.0
    assert isinstance(journal.doses[0].amount, float)
    assert all(isinstance(amount, float) for amount in journal.plan.steps[1].doses)
    assert isinstance(journal.settings.patterns[0].inhale, float)


def test_optional_keys_take_their_defaults() -> None:
    data = b"""schema = 1

[[doses]]
date = 2026-11-25
status = "skipped"

[[checkins]]
date = 2026-11-25
recorded_at = 2026-11-25T21:10:00
spasticity = 4
anxiety = 3
sleep = 6
mood = 6

[[contacts]]
name = "Kim"
"""
    journal = decode(data)

    assert journal.settings == Settings()
    assert journal.plan is None
    assert journal.doses == (DoseEntry(date=date(2026, 11, 25), status="skipped"),)
    assert journal.checkins[0].symptoms == ()
    assert journal.checkins[0].hallucinations is False
    assert journal.contacts == (Contact(name="Kim"),)


def test_a_checkin_without_scores_reads_and_writes_no_score_key() -> None:
    data = b"""schema = 1

[[checkins]]
date = 2026-11-25
recorded_at = 2026-11-25T21:10:00
anxiety = 3
seizure = true
"""
    [checkin] = decode(data).checkins
    assert (checkin.spasticity, checkin.anxiety, checkin.sleep, checkin.mood) == (
        None,
        3,
        None,
        None,
    )
    [written] = tomllib.loads(encode(Journal(checkins=(checkin,))))["checkins"]
    assert not {"spasticity", "sleep", "mood"} & written.keys()
    assert written["anxiety"] == 3


def test_encoded_file_starts_with_a_comment_saying_what_it_is() -> None:
    first, second, *_ = encode(decode(MINIMAL)).split("\n")

    assert first.startswith("# Stepdown journal (schema 1).")
    assert "Stepdown rewrites this file" in first
    assert "stepdown check" in first
    assert second == "schema = 1"


def test_encoded_file_follows_the_design_layout() -> None:
    text = encode(decode(DESIGN_EXAMPLE.encode()))
    headers = [line for line in text.split("\n") if line.startswith("[")]

    assert headers == [
        "[settings]",
        "[[settings.patterns]]",
        "[plan]",
        "[[plan.steps]]",
        "[[plan.steps]]",
        "[[plan.steps]]",
        "[[doses]]",
        "[[checkins]]",
        "[[breathing]]",
        "[[contacts]]",
        "[[plan_history]]",
        "[[plan_history.steps]]",
    ]
    assert "times = [08:00:00, 14:00:00, 20:00:00]\n" in text
    assert "doses = [15.0, 15.0, 20.0]\n" in text
    assert "times = []\ndoses = []\n" in text
    assert 'coping = ["breathing", "walking"]\n' in text


def test_encode_leaves_out_what_is_not_there() -> None:
    journal = Journal(
        settings=Settings(emergency_number="112"),
        doses=(DoseEntry(date=date(2026, 11, 25), status="skipped"),),
    )

    written = tomllib.loads(encode(journal))

    assert written["doses"] == [{"date": date(2026, 11, 25), "status": "skipped", "note": ""}]
    for empty in ("plan", "checkins", "breathing", "contacts", "plan_history"):
        assert empty not in written
    assert "patterns" not in written["settings"]


def test_encode_writes_whole_amounts_as_floats() -> None:
    plan = Plan("Dr. Lee", steps=(Step(date(2026, 11, 18), (time(8),), (20,)),))  # type: ignore[arg-type]

    text = encode(Journal(plan=plan))

    assert "doses = [20.0]\n" in text
    assert decode(text.encode()).plan == replace(
        plan, steps=(Step(date(2026, 11, 18), (time(8),), (20.0,)),)
    )


@pytest.mark.parametrize(
    "journal",
    [
        pytest.param(
            Journal(doses=(DoseEntry(date(2026, 11, 25), "taken", amount=math.nan),)),
            id="NaN amount",
        ),
        pytest.param(
            Journal(
                doses=(
                    DoseEntry(
                        date(2026, 11, 25),
                        "taken",
                        taken_at=datetime(2026, 11, 25, 8, tzinfo=timezone(timedelta(hours=1))),
                    ),
                )
            ),
            id="date-time with a time zone",
        ),
        pytest.param(
            Journal(
                plan_history=(PlanRecord(datetime(2026, 11, 18, tzinfo=UTC), Plan("Dr. Lee")),)
            ),
            id="replaced_at in UTC",
        ),
        pytest.param(
            Journal(contacts=(Contact(name="Kim", notes="half a character: \udc80"),)),
            id="text that is not Unicode",
        ),
        pytest.param(Journal(extra={"x_when": {1, 2}}), id="a set among unknown keys"),
        pytest.param(
            Journal(
                plan=Plan("Dr. Lee", steps=(Step(date(2026, 11, 18), (time(8),), (math.inf,)),))
            ),
            id="an infinite amount in a step",
        ),
        pytest.param(
            Journal(settings=Settings(patterns=(Pattern("p", math.nan, 0.0, 4.0, 0.0),))),
            id="a NaN breathing phase",
        ),
    ],
)
def test_encode_refuses_what_toml_cannot_hold(journal: Journal) -> None:
    with pytest.raises(ValueError, match=r"cannot be written as TOML|time zone"):
        encode(journal)


def test_nan_and_infinity_among_unknown_keys_are_written_back() -> None:
    """TOML holds nan and inf, so `check` accepts them in a key Stepdown does not know;
    a save must write them back, though NaN is never equal to itself."""
    journal = Journal(
        checkins=(
            Checkin(
                date(2026, 11, 25),
                datetime(2026, 11, 25),
                extra={"x": math.nan, "x_list": [math.inf, {"y": -math.inf}]},
            ),
        ),
        extra={"future_field": math.nan},
    )

    written = tomllib.loads(encode(journal))

    assert math.isnan(written["future_field"])
    assert math.isnan(written["checkins"][0]["x"])
    assert written["checkins"][0]["x_list"] == [math.inf, {"y": -math.inf}]


def test_file_error_reads_as_a_sentence_with_its_place() -> None:
    assert str(FileError("must be 0 or more, not -5.0", "doses[3].amount", 42)) == (
        "line 42, doses[3].amount: must be 0 or more, not -5.0"
    )
    assert str(FileError("is required", "schema")) == "schema: is required"
    assert str(FileError("not valid TOML: Invalid value", line=3, column=9)) == (
        "line 3, column 9: not valid TOML: Invalid value"
    )
    assert str(FileError("the file is empty")) == "the file is empty"
