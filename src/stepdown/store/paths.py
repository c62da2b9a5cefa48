"""Where Stepdown's files live: the journal, and the cache and lock kept for it.

`--data` wins over the `STEPDOWN_DATA` environment variable, which wins over the
platform's user data folder. Nothing here creates the journal or its folder; the
store does that at the first save.

The parse cache and the lock file are kept out of the journal's folder, which may be
shared or synced to another computer: the cache in the user's cache folder and the
lock in the user's state folder (platformdirs), each named by a key made from the
journal's real path. `private_folder` makes and checks those two folders.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir, user_state_dir

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


class FolderNotPrivate(Exception):
    """A folder Stepdown keeps its own files in is not a folder of this user's that no
    one else can write; the message says what is wrong, in words."""


def cache_folder() -> Path:
    """The folder of the journals' parse caches, e.g. `~/.cache/stepdown`."""
    return Path(user_cache_dir(APP_NAME))


def state_folder() -> Path:
    """The folder of the journals' lock files, e.g. `~/.local/state/stepdown`."""
    return Path(user_state_dir(APP_NAME))


def journal_key(journal: Path) -> str:
    """A name for the journal at `journal`, the same for every path that leads to it:
    the SHA-256 of its real path, in hex, cut to 32 characters (128 bits)."""
    real = os.fsencode(os.path.realpath(journal))
    return hashlib.sha256(real).hexdigest()[:32]


def folder_problem(folder: Path) -> str | None:
    """Why `folder` cannot hold Stepdown's own files, or None when it can: it must be a
    real folder (not a symlink), owned by this user, that group and others cannot write."""
    try:
        info = os.lstat(folder)
    except OSError as error:
        return f"{folder} cannot be read ({error.strerror or error})"
    if not stat.S_ISDIR(info.st_mode):
        return f"{folder} is not a folder"
    if info.st_uid != os.geteuid():
        return f"{folder} belongs to another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"{folder} can be written by other users"
    return None


def private_folder(folder: Path) -> Path:
    """`folder`, made 0700 if it is missing, once it is checked (`folder_problem`);
    FolderNotPrivate otherwise."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError as error:
        raise FolderNotPrivate(f"{folder} cannot be made ({error.strerror or error})") from error
    problem = folder_problem(folder)
    if problem is not None:
        raise FolderNotPrivate(problem)
    return folder
