"""A breathing session's times and anxiety in words."""

from __future__ import annotations

from stepdown.domain.breathing_words import anxiety_change, clock_text, duration_words


def test_times_in_words() -> None:
    assert [clock_text(s) for s in (304.0, 59.2, 0.4, 0.0)] == ["5:04", "1:00", "0:01", "0:00"]
    assert [duration_words(s) for s in (304, 300, 45, 0)] == ["5 min 4 s", "5 min", "45 s", "0 s"]


def test_anxiety_change_in_words() -> None:
    assert anxiety_change(6, 3) == "6 → 3 (3 lower)"
    assert anxiety_change(3, 5) == "3 → 5 (2 higher)"
    assert anxiety_change(4, 4) == "4 → 4 (the same)"
    assert anxiety_change(None, 4) is None
    assert anxiety_change(4, None) is None
