"""The check-in's rules: red flags, typed scores, and one check-in per date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from stepdown.domain.checkin import (
    COPING_WORDS,
    SYMPTOM_WORDS,
    listed,
    offers_breathing,
    parse_score,
    read_score,
    record_checkin,
    red_flag_banner,
    red_flag_today,
    red_flags,
    step_score,
)
from stepdown.domain.journal import Checkin, Journal, Settings
from stepdown.domain.rules import COPING, SYMPTOMS

DAY = date(2026, 11, 25)
CALM = Checkin(DAY, datetime(2026, 11, 25, 21, 10), spasticity=4, anxiety=3, sleep=6, mood=6)


@pytest.mark.parametrize(
    ("changes", "triggers"),
    [
        ({}, ()),
        ({"seizure": True}, ("a seizure",)),
        ({"hallucinations": True}, ("hallucinations",)),
        ({"symptoms": ("confusion",)}, ("confusion",)),
        ({"symptoms": ("fever",)}, ("fever",)),
        ({"spasticity": 9}, ("spasticity at 9 of 10",)),
        ({"spasticity": 10}, ("spasticity at 10 of 10",)),
        ({"anxiety": 9}, ("anxiety at 9 of 10",)),
        ({"anxiety": 10}, ("anxiety at 10 of 10",)),
        ({"spasticity": 8, "anxiety": 8}, ()),
        ({"sleep": 0, "mood": 0}, ()),
        ({"symptoms": ("sweating", "racing-heart", "insomnia", "tremor")}, ()),
        ({"spasticity": None, "anxiety": None, "sleep": None, "mood": None}, ()),
        ({"spasticity": None, "anxiety": None, "seizure": True}, ("a seizure",)),
    ],
)
def test_red_flag_table(changes: dict[str, object], triggers: tuple[str, ...]) -> None:
    assert red_flags(replace(CALM, **changes)) == triggers


def test_every_red_flag_at_once_is_named_in_order() -> None:
    checkin = replace(
        CALM,
        seizure=True,
        hallucinations=True,
        symptoms=("fever", "sweating", "confusion"),
        spasticity=9,
        anxiety=10,
    )
    assert red_flags(checkin) == (
        "a seizure",
        "hallucinations",
        "confusion",
        "fever",
        "spasticity at 9 of 10",
        "anxiety at 10 of 10",
    )


def test_red_flag_today_counts_the_days_checkin_and_one_saved_that_day() -> None:
    earlier = replace(CALM, date=date(2026, 11, 23), recorded_at=datetime(2026, 11, 25, 9, 0))
    journal = Journal(checkins=(replace(earlier, seizure=True), replace(CALM, symptoms=("fever",))))
    assert red_flag_today(journal, DAY) == ("a seizure", "fever")
    assert red_flag_today(journal, date(2026, 11, 23)) == ("a seizure",)
    assert red_flag_today(journal, date(2026, 11, 26)) == ()
    assert red_flag_today(Journal(checkins=(CALM,)), DAY) == ()


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("7", 7), (" 10 ", 10), ("03", 3)])
def test_a_whole_number_0_to_10_is_a_score(text: str, value: int) -> None:
    assert parse_score(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type a whole number from 0 to 10."),
        ("4.5", "Type a whole number from 0 to 10."),
        ("four", "Type a whole number from 0 to 10."),
        ("1_0", "Type a whole number from 0 to 10."),
        ("²", "Type a whole number from 0 to 10."),
        ("11", "Must be from 0 to 10, not 11."),
        ("-1", "Must be from 0 to 10, not -1."),
    ],
)
def test_anything_else_is_refused_with_words(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_score(text)


@pytest.mark.parametrize(
    ("text", "by", "value"),
    [
        ("4", 1, 5),
        ("4", -1, 3),
        ("10", 1, 10),
        ("0", -1, 0),
        ("", 1, 0),
        ("x", -1, 0),
        ("12", -1, 10),
    ],
)
def test_stepping_a_score_stays_on_the_scale(text: str, by: int, value: int) -> None:
    assert step_score(text, by) == value


def test_breathing_is_offered_from_anxiety_6() -> None:
    assert not offers_breathing(replace(CALM, anxiety=5))
    assert offers_breathing(replace(CALM, anxiety=6))
    assert not offers_breathing(replace(CALM, anxiety=None))


@pytest.mark.parametrize(("text", "value"), [("", None), ("  ", None), ("7", 7), (" 0 ", 0)])
def test_a_blank_score_is_not_recorded(text: str, value: int | None) -> None:
    assert read_score(text) == value


def test_a_wrong_score_is_refused_even_where_blank_is_allowed() -> None:
    with pytest.raises(ValueError, match=r"Must be from 0 to 10, not 12\."):
        read_score("12")


def test_a_new_checkin_goes_in_date_order() -> None:
    first = replace(CALM, date=date(2026, 11, 20))
    last = replace(CALM, date=date(2026, 11, 27))
    journal = record_checkin(Journal(checkins=(first, last)), CALM)
    assert [c.date for c in journal.checkins] == [first.date, DAY, last.date]


def test_saving_a_date_again_replaces_its_checkin_and_keeps_unknown_keys() -> None:
    old = replace(CALM, extra={"pain_location": "calves"})
    other = replace(CALM, date=date(2026, 11, 26))
    new = replace(CALM, recorded_at=datetime(2026, 11, 25, 22, 0), anxiety=7, notes="worse")
    journal = record_checkin(Journal(checkins=(old, other)), new)
    assert journal.checkins == (replace(new, extra={"pain_location": "calves"}), other)


def test_the_words_cover_the_lists_in_order() -> None:
    assert tuple(SYMPTOM_WORDS) == SYMPTOMS
    assert tuple(COPING_WORDS) == COPING
    assert SYMPTOM_WORDS["racing-heart"] == "racing heart"
    assert COPING_WORDS["talked-to-someone"] == "talked to someone"


def test_the_banner_names_the_number_first_then_why() -> None:
    journal = Journal(
        settings=Settings(emergency_number=" 112 "),
        checkins=(replace(CALM, seizure=True, anxiety=9),),
    )
    assert red_flag_banner(journal, DAY) == (
        "⚠ Seek medical attention now. Emergency number: 112. "
        "Your check-in records a seizure and anxiety at 9 of 10."
    )
    no_number = replace(journal, settings=Settings())
    assert "Call your local emergency number." in (red_flag_banner(no_number, DAY) or "")
    assert red_flag_banner(Journal(checkins=(CALM,)), DAY) is None


@pytest.mark.parametrize(
    ("items", "words"),
    [((), ""), (("fever",), "fever"), (("a", "b"), "a and b"), (("a", "b", "c"), "a, b and c")],
)
def test_listed_reads_as_a_sentence(items: tuple[str, ...], words: str) -> None:
    assert listed(items) == words
