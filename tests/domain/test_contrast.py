"""Contrast ratios as WCAG 2 computes them, and every bundled theme held to them.

The theme test reads the theme files themselves, so a colour changed in `themes/`
that makes body text hard to read fails here.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from stepdown.domain.contrast import (
    AA_BODY,
    AAA_BODY,
    contrast_ratio,
    relative_luminance,
    rgb,
)

THEMES = Path(__file__).resolve().parents[2] / "themes"
BUNDLED = ("stepdown-calm", "stepdown-daylight", "stepdown-contrast")
GROUNDS = ("background", "surface", "panel")
"""What body text is drawn on."""
WORDS = ("success", "warning", "error")
"""The colours Today's dose states are written in (taken, skipped, missed)."""


def theme(name: str) -> dict[str, object]:
    return tomllib.loads((THEMES / f"{name}.toml").read_text(encoding="utf-8"))


def least(name: str) -> float:
    """The contrast theme promises 7:1 (AAA); every other theme 4.5:1 (AA)."""
    return AAA_BODY if name == "stepdown-contrast" else AA_BODY


def test_colours_are_read_in_both_hex_forms() -> None:
    assert rgb("#1B2126") == (0x1B, 0x21, 0x26)
    assert rgb("#fff") == (255, 255, 255)
    with pytest.raises(ValueError, match="not a colour"):
        rgb("teal")


def test_luminance_runs_from_black_to_white() -> None:
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#FFFFFF") == pytest.approx(1)
    # Green looks brightest to the eye and weighs most.
    assert (
        relative_luminance("#00FF00")
        > relative_luminance("#FF0000")
        > relative_luminance("#0000FF")
    )


def test_known_ratios() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1)
    # The usual example: #767676 is the lightest grey that passes AA on white.
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", "#FFFFFF") < AA_BODY


def test_the_order_of_the_colours_does_not_matter() -> None:
    assert contrast_ratio("#1B2126", "#E3E6E8") == contrast_ratio("#E3E6E8", "#1B2126")


def test_the_three_themes_are_shipped_and_daylight_is_light() -> None:
    names = {path.stem for path in THEMES.glob("*.toml")}
    assert set(BUNDLED) <= names
    assert theme("stepdown-daylight")["dark"] is False
    assert theme("stepdown-calm")["dark"] is True


@pytest.mark.parametrize("name", sorted(path.stem for path in THEMES.glob("*.toml")))
@pytest.mark.parametrize("ground", GROUNDS)
def test_body_text_is_readable_on_every_ground(name: str, ground: str) -> None:
    colours = theme(name)
    ratio = contrast_ratio(str(colours["foreground"]), str(colours[ground]))
    assert ratio >= least(name), f"{name}: foreground on {ground} is {ratio:.2f}:1"


@pytest.mark.parametrize("name", sorted(path.stem for path in THEMES.glob("*.toml")))
@pytest.mark.parametrize("word", WORDS)
def test_state_words_are_readable_on_the_background(name: str, word: str) -> None:
    colours = theme(name)
    ratio = contrast_ratio(str(colours[word]), str(colours["background"]))
    assert ratio >= least(name), f"{name}: {word} on background is {ratio:.2f}:1"
