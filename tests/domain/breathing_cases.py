"""Shared cases for the breathing tests: a start time, a pattern of the user's own, a preset."""

from __future__ import annotations

from datetime import datetime

from stepdown.domain.breathing import PRESETS, BreathingPattern
from stepdown.domain.journal import Pattern

START = datetime(2026, 11, 25, 9, 0)
SLOW = Pattern("slow evening", inhale=4.0, hold_in=2.0, exhale=8.0, hold_out=0.0)


def preset(name: str) -> BreathingPattern:
    """The preset called `name`."""
    return next(each for each in PRESETS if each.name == name)
