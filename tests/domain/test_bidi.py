"""Bidirectional controls in user text are dropped: text cannot be reordered to mislead."""

from __future__ import annotations

import pytest

from stepdown.domain.rules import clean_text
from stepdown.store.codec import decode

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize("control", list(BIDI))
def test_clean_text_drops_each_bidi_control(control: str) -> None:
    assert clean_text(f"take 5{control}0 mg") == "take 50 mg"


def test_right_to_left_letters_and_marks_are_kept() -> None:
    assert clean_text("שלום مرحبا e\u0301") == "שלום مرحبا e\u0301"


def test_bidi_controls_in_the_file_are_dropped_on_load() -> None:
    data = (
        'schema = 1\n[[contacts]]\nname = "Kim \u202eenilcisis"\nnotes = "call \u2066first\u2069"\n'
    ).encode()

    contact = decode(data).contacts[0]

    assert (contact.name, contact.notes) == ("Kim enilcisis", "call first")
