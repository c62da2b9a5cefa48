"""store/paths.py's journal path, cache folder and journal key, worked out without
platformdirs, pathlib or hashlib, for `stepdown status`'s quick path.

A prompt runs `stepdown status` before every line it draws; importing platformdirs and
hashlib alone would cost it more than the rest of its work. These give the same answers
as store/paths.py (tests/store/test_quick_paths.py proves it across the environment's
cases) in the common cases, and None in any other (an unusual platform, a relative or
missing HOME, an XDG variable that platformdirs versions read differently): the caller
then takes the ordinary path, through store/paths.py.
"""

from __future__ import annotations

import os
import posixpath
import sys
from collections.abc import Mapping

TYPE_CHECKING = False  # typing itself is not imported: a prompt would pay for it
if TYPE_CHECKING:
    from hashlib import sha256
else:
    try:  # a builtin module: hashlib would load OpenSSL first
        from _sha256 import sha256
    except ImportError:  # pragma: no cover - Pythons that name it otherwise (3.12: _sha2)
        from hashlib import sha256

APP_NAME = "stepdown"
FILE_NAME = "journal.toml"
ENV_VAR = "STEPDOWN_DATA"
"""As in store/paths.py (the test checks them)."""


def data_path(explicit: str | None, environ: Mapping[str, str]) -> str | None:
    """paths.resolve_data_path's answer, as text; None when only platformdirs can tell."""
    chosen = explicit if explicit is not None else environ.get(ENV_VAR) or None
    if chosen is not None:
        return os.path.expanduser(chosen) if chosen else None
    folder = _user_folder(environ, "XDG_DATA_HOME", ".local/share", "Library/Application Support")
    return None if folder is None else posixpath.join(folder, APP_NAME, FILE_NAME)


def cache_folder(environ: Mapping[str, str]) -> str | None:
    """paths.cache_folder()'s answer, as text; None when only platformdirs can tell."""
    folder = _user_folder(environ, "XDG_CACHE_HOME", ".cache", "Library/Caches")
    return None if folder is None else posixpath.join(folder, APP_NAME)


def _user_folder(environ: Mapping[str, str], xdg: str, linux: str, macos: str) -> str | None:
    """The user's folder of a kind: the XDG variable when absolute (Linux), else the
    platform's place under an absolute HOME."""
    home = environ.get("HOME", "")
    xdg_value = environ.get(xdg, "")
    if sys.platform == "linux":
        if posixpath.isabs(xdg_value):
            return xdg_value
        return _under(home, linux) if posixpath.isabs(home) else None
    if sys.platform == "darwin" and not xdg_value and posixpath.isabs(home):
        # platformdirs 4.x reads XDG variables on macOS too and earlier ones do not:
        # with one set, only platformdirs can tell.
        return _under(home, macos)
    return None


def _under(home: str, folder: str) -> str:
    """`~/folder` as os.path.expanduser (and so platformdirs) writes it."""
    return f"{home.rstrip('/')}/{folder}"


def journal_key(real_path: str) -> str:
    """paths.journal_key of the journal whose real path is `real_path`."""
    return sha256_hex(os.fsencode(real_path))[:32]


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of `data`, in hex."""
    return sha256(data).hexdigest()
