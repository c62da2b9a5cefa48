"""The `completion` command: a shell's completion script, generated from the parser.

shtab writes the script from the same argparse parser the command line uses, so every
command and option completes as it is parsed, with no copy to keep in step. shtab is
imported only here, when the script is asked for.
"""

from __future__ import annotations

import argparse

TYPE_CHECKING = False  # typing itself is not imported: every command builds the parser
if TYPE_CHECKING:
    from pathlib import Path

    from stepdown.clock import Clock

COMMANDS = ("completion",)
SHELLS = ("bash", "zsh", "fish")
INSTALL = {
    "bash": "stepdown completion bash > ~/.local/share/bash-completion/completions/stepdown",
    "zsh": "stepdown completion zsh > ~/.zfunc/_stepdown  (with fpath+=(~/.zfunc) before compinit)",
    "fish": "stepdown completion fish > ~/.config/fish/completions/stepdown.fish",
}
"""Where each shell looks for a completion script of its own accord."""
FILE_METAVARS = ("PATH", "FILE")
"""Arguments named so take a file's path: they complete file names."""


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `completion` to the command line's commands."""
    installs = "; ".join(f"{shell}: {line}" for shell, line in INSTALL.items())
    completion = commands.add_parser(
        "completion",
        help="print the shell completion script for bash, zsh or fish",
        description=(
            "Print the completion script of SHELL on standard output, for commands and "
            f"options to complete on Tab. To install it: {installs}. Then open a new shell."
        ),
    )
    completion.add_argument("shell", choices=SHELLS, metavar="SHELL", help=", ".join(SHELLS))


def run(args: argparse.Namespace, data_path: Path, clock: Clock) -> int:
    """Print the completion script of `args.shell`.

    Raises report_cli.OutputFailed when standard output cannot be written.
    """
    import shtab

    from stepdown.cli import build_parser
    from stepdown.report_cli import emit

    parser = build_parser()
    for action in _actions(parser):
        if action.metavar in FILE_METAVARS:
            action.complete = shtab.FILE  # type: ignore[attr-defined]
        if isinstance(action, argparse._SubParsersAction):
            # zsh and fish show a command's description beside it: its one-line help
            # reads better there than the paragraph of its --help.
            for choice in action._choices_actions:
                action.choices[choice.dest].description = choice.help
    emit(shtab.complete(parser, shell=args.shell).encode())
    return 0


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """Every argument of `parser` and of its commands, at any depth."""
    found = []
    for action in parser._actions:
        found.append(action)
        if isinstance(action, argparse._SubParsersAction):
            for command in dict.fromkeys(action.choices.values()):
                found += _actions(command)
    return found
