"""Stepdown's themes: TOML files of a Textual theme's colours, loaded into `Theme`s."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

from textual.theme import Theme

COLOUR_KEYS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "warning",
    "error",
    "success",
)


def bundled_themes_dir() -> Path:
    """Where the shipped themes are: inside the installed package, or the source tree's."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "themes"
    return installed if installed.is_dir() else package.parent.parent / "themes"


def load_theme(path: Path) -> Theme:
    """The theme described by the TOML file at `path`."""
    with path.open("rb") as file:
        data = tomllib.load(file)
    colours = {key: str(data[key]) for key in COLOUR_KEYS if key in data}
    return Theme(name=str(data["name"]), dark=bool(data.get("dark", True)), **colours)


def bundled_themes() -> Iterator[Theme]:
    """Every theme shipped with Stepdown, in name order."""
    for path in sorted(bundled_themes_dir().glob("*.toml")):
        yield load_theme(path)
