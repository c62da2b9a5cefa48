"""Where the data file lives: the one place that decides the journal's path.

`--data` wins over the `STEPDOWN_DATA` environment variable, which wins over the
platform's user data folder. Nothing here creates a file or a folder; the store
does that at the first save.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "stepdown"
FILE_NAME = "journal.toml"
ENV_VAR = "STEPDOWN_DATA"


def default_data_path() -> Path:
    """The journal's path when nothing overrides it, e.g. `~/.local/share/stepdown/journal.toml`."""
    return Path(user_data_dir(APP_NAME)) / FILE_NAME


def resolve_data_path(explicit: str | None, environ: Mapping[str, str]) -> Path:
    """The journal's path: `explicit` (from `--data`), else `STEPDOWN_DATA`, else the default.

    A leading `~` is expanded; an empty `STEPDOWN_DATA` counts as unset.
    """
    chosen = explicit if explicit is not None else environ.get(ENV_VAR) or None
    if chosen is None:
        return default_data_path()
    return Path(chosen).expanduser()
