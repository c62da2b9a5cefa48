"""A breathing session's times and anxiety in words, as the screens and the week show them."""

from __future__ import annotations

import math


def clock_text(seconds: float) -> str:
    """Whole seconds as minutes and seconds, like "4:05" (rounded up while counting down)."""
    minutes, rest = divmod(math.ceil(seconds), 60)
    return f"{minutes}:{rest:02d}"


def duration_words(seconds: int) -> str:
    """Like "5 min 4 s", "5 min" or "45 s"."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def anxiety_change(before: int | None, after: int | None) -> str | None:
    """Anxiety before and after in words, like "6 → 3 (3 lower)"; None when not both given."""
    if before is None or after is None:
        return None
    difference = after - before
    if difference == 0:
        change = "the same"
    else:
        change = f"{abs(difference)} {'lower' if difference < 0 else 'higher'}"
    return f"{before} → {after} ({change})"
