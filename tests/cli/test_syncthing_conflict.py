"""A real Syncthing conflict copy, merged by Stepdown: bench/syncthing_conflict.py end to end.

Two Syncthing instances on loopback make a `journal.sync-conflict-*.toml` from the
journal changed on both while their link was paused; `stepdown merge --into` must give
a journal holding both sides' changes. Skipped where syncthing is not installed (CI
installs only git); about 5 s where it is, bounded by the script's own waits.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "syncthing_conflict.py"

pytestmark = pytest.mark.skipif(
    shutil.which("syncthing") is None, reason="syncthing is not installed"
)


def test_a_real_conflict_copy_is_merged_and_nothing_is_left_behind(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "TMPDIR": str(tmp_path),
        **{
            variable: str(home / variable.lower())
            for variable in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")
        },
    }
    env.pop("STEPDOWN_DATA", None)
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--timeout", "40"],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "journal.sync-conflict-" in done.stdout
    assert "holds both sides' changes" in done.stdout
    assert "the merged journal reached the desktop" in done.stdout
    # Both instances stopped and their temporary homes removed.
    assert not list(tmp_path.glob("stepdown-syncthing-*"))
