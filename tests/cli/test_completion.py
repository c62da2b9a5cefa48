"""`stepdown completion`: each shell's script loads in that shell and completes the
commands, their options and their choices (zsh and fish when installed here)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from stepdown.cli import main

Capture = pytest.CaptureFixture[str]
pytestmark = pytest.mark.usefixtures("folder")
COMMANDS = {"check", "path", "report", "export", "status", "take", "skip", "extra", "undo"}


def script(shell: str, capsys: Capture) -> str:
    assert main(["completion", shell]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def shell_run(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def needs(shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed here")


BASH_COMPLETE = """
source "$1"
complete -p stepdown
reply() {{ COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _shtab_stepdown; }}
reply stepdown ''; echo "commands: ${{COMPREPLY[*]}}"
reply stepdown st; echo "st: ${{COMPREPLY[*]}}"
reply stepdown status --; echo "options: ${{COMPREPLY[*]}}"
reply stepdown status --format ''; echo "formats: ${{COMPREPLY[*]}}"
reply stepdown --data {folder}/jou; echo "data: ${{COMPREPLY[*]}}"
"""


def test_bash_loads_it_and_completes(folder: Path, capsys: Capture) -> None:
    needs("bash")
    path = folder / "stepdown.bash"
    path.write_text(script("bash", capsys), encoding="utf-8")
    (folder / "journal.toml").write_text("", encoding="utf-8")
    lines = shell_run("bash", "-c", BASH_COMPLETE.format(folder=folder), "bash", str(path))
    registered, commands, st, options, formats, data = lines.splitlines()
    assert registered.endswith(" stepdown") and "-F _shtab_stepdown" in registered
    assert set(commands.split()[1:]) >= COMMANDS
    assert st.split()[1:] == ["status"]
    assert "--format" in options.split()
    assert formats.split()[1:] == ["plain", "json", "tmux"]
    assert data.split()[1:] == [str(folder / "journal.toml")]


def test_fish_loads_it_and_completes(folder: Path, capsys: Capture) -> None:
    needs("fish")
    path = folder / "stepdown.fish"
    path.write_text(script("fish", capsys), encoding="utf-8")

    def complete(line: str) -> dict[str, str]:
        out = shell_run("fish", "--no-config", "-c", f"source {path}; complete -C '{line}'")
        return dict(row.partition("\t")[::2] for row in out.splitlines())

    commands = complete("stepdown ")
    assert set(commands) >= COMMANDS
    assert commands["status"] == "one line on today, for a prompt or tmux"  # the short help
    assert set(complete("stepdown status --format ")) == {"plain", "json", "tmux"}
    assert "--format" in complete("stepdown status --")


def test_zsh_loads_it_as_the_completion_of_stepdown(folder: Path, capsys: Capture) -> None:
    needs("zsh")
    functions = folder / "zfunc"
    functions.mkdir()
    path = functions / "_stepdown"
    path.write_text(script("zsh", capsys), encoding="utf-8")
    shell_run("zsh", "-n", str(path))  # it parses
    registered = shell_run(
        "zsh",
        "-f",
        "-c",
        f"fpath=({functions} $fpath); autoload -U compinit; compinit -u -D; "
        "print $_comps[stepdown]",
    )
    assert registered.strip() == "_stepdown"
    text = path.read_text(encoding="utf-8")
    assert "    status:'one line on today, for a prompt or tmux'\n" in text  # the short help


def test_an_unknown_shell_is_a_usage_error(capsys: Capture) -> None:
    assert main(["completion", "tcsh"]) == 2
    assert "invalid choice: 'tcsh'" in capsys.readouterr().err
