"""The user's own breathing patterns: the rules one must meet to be kept, and the changes
that add, edit and remove one.

The changes are pure Journal -> Journal functions, so the store can replay them on top
of a file another program edited.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace

from stepdown.domain.breathing import PRESET_NAMES, PRESETS
from stepdown.domain.journal import Journal, Pattern, Settings
from stepdown.domain.rules import Problem, pattern_problems


def parse_seconds(text: str) -> float:
    """A phase length typed as seconds: 4, 5.5 or 5,5."""
    try:
        seconds = float(text.strip().replace(",", "."))
    except ValueError:
        raise ValueError("Type seconds, like 4 or 5.5.") from None
    if not math.isfinite(seconds):
        raise ValueError("Type seconds, like 4 or 5.5.")
    return seconds


def custom_problems(
    settings: Settings, pattern: Pattern, replacing: str | None = None
) -> Iterator[Problem]:
    """Why `pattern` cannot be kept among the user's own: the value rules, then its name.

    Paths are `pattern.<field>`. `replacing` names the pattern being edited, whose
    name it may keep.
    """
    yield from pattern_problems(pattern, "pattern")
    name = pattern.name.strip()
    if name in PRESET_NAMES:
        yield Problem("pattern.name", f"{name!r} is a preset's name; choose another")
    elif name != replacing and any(each.name == name for each in settings.patterns):
        yield Problem("pattern.name", f"you already have a pattern called {name!r}")


def add_pattern(journal: Journal, pattern: Pattern) -> Journal:
    """`journal` with `pattern` kept after the user's other patterns."""
    kept = tuple(old for old in journal.settings.patterns if old.name != pattern.name)
    return journal.with_settings(patterns=(*kept, pattern))


def edit_pattern(journal: Journal, name: str, pattern: Pattern) -> Journal:
    """`journal` with the pattern called `name` changed to `pattern`, in its place.

    A rename carries the remembered choice with it. When `name` is gone (another
    program removed it), `pattern` is added.
    """
    settings = journal.settings
    if not any(old.name == name for old in settings.patterns):
        return add_pattern(journal, pattern)
    changed = tuple(
        replace(pattern, extra=old.extra) if old.name == name else old for old in settings.patterns
    )
    chosen = pattern.name if settings.breathing_pattern == name else settings.breathing_pattern
    return journal.with_settings(patterns=changed, breathing_pattern=chosen)


def remove_pattern(journal: Journal, name: str) -> Journal:
    """`journal` without the user's pattern called `name`; the remembered choice falls back."""
    settings = journal.settings
    kept = tuple(old for old in settings.patterns if old.name != name)
    chosen = PRESETS[0].name if settings.breathing_pattern == name else settings.breathing_pattern
    return journal.with_settings(patterns=kept, breathing_pattern=chosen)
