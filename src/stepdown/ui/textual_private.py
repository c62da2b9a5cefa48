"""Every use of Textual's private names, in one place, on the versions it was tested on.

Two shortcuts save parsing the whole stylesheet again: the theme put in place early
and each new section's screen marked as styled save two whole parses each, before the
first frame and on each section's first visit (about 45 ms and 60-100 ms of styling
on a loaded 2-core machine). The screens keep their styles in DEFAULT_CSS and the
shared rules are in app.tcss, which Textual adds by itself parsing only what is new,
so no screen's CSS needs a shortcut. Each reaches into Textual's internals, which any
release may change, so each is taken only when `active()`: the installed Textual is
one listed in TESTED and the switch is on. Otherwise the app does what Textual does by
itself, only slower.

The switch: `STEPDOWN_TEXTUAL_PRIVATE=0` in the environment turns it off for a whole
process (benchmarks); a test sets `textual_private.enabled = False`.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import textual
from textual.app import App
from textual.screen import Screen

TESTED = ("8.2.",)
"""Textual versions (prefixes of `textual.__version__`) the shortcuts were tested on."""


enabled = os.environ.get("STEPDOWN_TEXTUAL_PRIVATE", "1") != "0"
"""The switch; the shortcuts still need a tested Textual."""


@cache
def installed_version() -> str:
    """The installed Textual's version, read from its dist-info folder's name, or "" when
    that is not one folder (then the shortcuts are not taken).

    Not `textual.__version__`: it imports importlib.metadata and reads the package's
    metadata (about 30 ms before the first frame).
    """
    site = Path(textual.__file__).resolve().parent.parent
    found = [info.name for info in site.glob("textual-*.dist-info")]
    if len(found) != 1:
        return ""
    return found[0].removeprefix("textual-").removesuffix(".dist-info")


def tested(version: str | None = None) -> bool:
    """Whether Textual `version` (by default the installed one) is one the shortcuts
    were tested on."""
    if version is None:
        version = installed_version()
    return bool(version) and version.startswith(TESTED)


def active() -> bool:
    """Whether the shortcuts are taken: the switch is on and Textual is a tested one."""
    return enabled and tested()


def show_theme_early(app: App[Any], name: str) -> None:
    """Put theme `name` in place before the first paint, so the stylesheet is parsed once,
    in the right colours, not again (about 20 ms) when the theme is set after mount.

    Does by hand what Textual's theme watcher does, without its deferred refresh; when
    not active, nothing: the app sets the theme after mount, the public way.
    """
    if not active():
        return
    app.set_reactive(App.theme, name)
    dark = app.current_theme.dark
    app.stylesheet.set_variables(app.get_css_variables())
    classes = {old: False for old in app.classes if old.startswith("-theme-")}
    classes.update({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark})
    app.update_classes(classes, update=False)


def mark_styled(screen: Screen[Any]) -> None:
    """Let a new section's screen be styled from the current stylesheet, not a new parse.

    Textual counts a new screen's styles as out of date, so the first switch to each
    mode parsed the whole stylesheet again, twice (about 15 ms each time).
    """
    if not active():
        return
    app = screen.app
    if not app.screen_stack:
        # The first screen (Today): that refresh is also what first styles the app
        # itself, whose colours its widgets' "auto" text colours are worked out from.
        app.stylesheet.update(app)
    screen._css_update_count = app._css_update_count
