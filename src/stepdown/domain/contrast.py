"""Colour contrast as WCAG 2 measures it, so a theme's readability can be checked by number.

Pure arithmetic on "#RRGGBB" (or "#RGB") colours; the theme tests use it to hold
every bundled theme to a minimum ratio between body text and what it is drawn on.
"""

from __future__ import annotations

import re

AA_BODY = 4.5
"""WCAG AA: the least contrast for body text."""

AAA_BODY = 7.0
"""WCAG AAA: the least contrast for body text where contrast matters most."""

_HEX = re.compile(r"#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def rgb(colour: str) -> tuple[int, int, int]:
    """The red, green and blue (0..255) of a colour written "#RRGGBB" or "#RGB"."""
    match = _HEX.fullmatch(colour.strip())
    if match is None:
        raise ValueError(f"{colour!r} is not a colour like #1B2126")
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    red, green, blue = (int(digits[at : at + 2], 16) for at in (0, 2, 4))
    return red, green, blue


def _linear(channel: int) -> float:
    """An sRGB channel (0..255) as linear light (0..1)."""
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """How much light `colour` gives, from 0 (black) to 1 (white), as WCAG defines it."""
    red, green, blue = (_linear(channel) for channel in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """The contrast between two colours, from 1 (the same) to 21 (black and white).

    The order does not matter: the lighter colour is always on top of the fraction.
    """
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
