"""store/quick_paths.py gives store/paths.py's answers without platformdirs, or none.

`stepdown status` finds the journal and its kept line through quick_paths; the rest of
Stepdown through paths.py (platformdirs). Where quick_paths answers, its answer must be
the same, or `status` would read another file than the one the app writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from stepdown.store import paths, quick_paths

VARIABLES = ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "STEPDOWN_DATA")
CASES = [
    {"HOME": "/home/ana"},
    {"HOME": "/home/ana/"},
    {"HOME": "/"},
    {"HOME": "/home/ana", "XDG_DATA_HOME": "/data", "XDG_CACHE_HOME": "/caches/"},
    {"HOME": "/home/ana", "XDG_DATA_HOME": "", "XDG_CACHE_HOME": ""},
    {"HOME": "/home/ana", "XDG_DATA_HOME": "relative", "XDG_CACHE_HOME": "rel/ative"},
    {"HOME": "/home/ana", "STEPDOWN_DATA": "~/my journal.toml"},
    {"HOME": "/home/ana", "STEPDOWN_DATA": "/srv/j.toml"},
    {"HOME": "/home/ana", "STEPDOWN_DATA": ""},
    {"HOME": "relative", "XDG_DATA_HOME": "/data", "XDG_CACHE_HOME": "/caches"},
    {"HOME": "relative"},
    {},
]


def environment(monkeypatch: pytest.MonkeyPatch, case: dict[str, str]) -> dict[str, str]:
    for name in VARIABLES:
        if name in case:
            monkeypatch.setenv(name, case[name])
        else:
            monkeypatch.delenv(name, raising=False)
    return case


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("explicit", [None, "~/given.toml", "/given.toml"])
def test_the_data_path_is_paths_own_or_none(
    monkeypatch: pytest.MonkeyPatch, case: dict[str, str], explicit: str | None
) -> None:
    environ = environment(monkeypatch, case)
    quick = quick_paths.data_path(explicit, environ)
    if quick is not None:
        assert Path(quick) == paths.resolve_data_path(explicit, environ)


@pytest.mark.parametrize("case", CASES)
def test_the_cache_folder_is_paths_own_or_none(
    monkeypatch: pytest.MonkeyPatch, case: dict[str, str]
) -> None:
    environ = environment(monkeypatch, case)
    quick = quick_paths.cache_folder(environ)
    if quick is not None:
        assert Path(quick) == paths.cache_folder()


@pytest.mark.skipif(sys.platform not in ("linux", "darwin"), reason="elsewhere it never answers")
@pytest.mark.parametrize("case", [CASES[0], CASES[1], CASES[3], CASES[6]])
def test_the_usual_cases_have_an_answer(
    monkeypatch: pytest.MonkeyPatch, case: dict[str, str]
) -> None:
    """The quick path is of use only if it answers where people are: a plain HOME, and
    on Linux the XDG folders."""
    environ = environment(monkeypatch, case)
    if sys.platform == "darwin" and "XDG_CACHE_HOME" in case:
        pytest.skip("macOS with XDG folders set is left to platformdirs")
    assert quick_paths.cache_folder(environ) is not None
    assert quick_paths.data_path(None, environ) is not None


@pytest.mark.parametrize("real", ["/home/ana/journal.toml", "/srv/é j.toml"])
def test_the_journal_key_and_names_are_paths_own(real: str) -> None:
    assert quick_paths.journal_key(real) == paths.journal_key(Path(real))
    assert (quick_paths.APP_NAME, quick_paths.FILE_NAME, quick_paths.ENV_VAR) == (
        paths.APP_NAME,
        paths.FILE_NAME,
        paths.ENV_VAR,
    )
