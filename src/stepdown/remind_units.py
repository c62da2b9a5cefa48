"""The texts the reminder installer writes, and the command read back out of them.

Three kinds, each running the same command every minute, with the same environment:
a systemd user service and its timer, a launchd agent's property list, and a block of
lines between two marker comments in the user's crontab. Each text is built from the
command's arguments and quoted for its format; reading a text back gives the arguments
again, which is how `installed` knows the journal an existing installation reminds for.

A value holding a control character (a line break, a tab) cannot be put on one line
of a unit file or a crontab, and is refused for every kind alike (UnitProblem).
"""

from __future__ import annotations

import plistlib
import re
import shlex
from collections.abc import Mapping, Sequence

SERVICE = "stepdown-remind.service"
TIMER = "stepdown-remind.timer"
LABEL = "local.stepdown.remind"
"""The launchd agent's label; `local.` is the prefix for agents a user sets up."""
PLIST = f"{LABEL}.plist"
CRON_BEGIN = "# >>> stepdown reminders (stepdown remind --install; --uninstall removes them) >>>"
CRON_END = "# <<< stepdown reminders <<<"
CHECK = {
    "systemd": f"systemctl --user list-timers {TIMER}",
    "launchd": f"launchctl list {LABEL}",
    "cron": "crontab -l",
}
"""The command that shows each kind's installation, for the user to check by hand."""
CRON_MAX_LINE = 999
"""The longest command line cron reads (Vixie cron and cronie stop at 1,000 bytes)."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


class UnitProblem(ValueError):
    """A value that cannot be written into the installer's files; the message says which."""


def check_values(argv: Sequence[str], environ: Mapping[str, str]) -> None:
    """UnitProblem for any argument or environment value with a control character in it."""
    for value in (*argv, *environ.values()):
        if _CONTROL.search(value):
            raise UnitProblem(f"{value!r} holds a line break or another control character")


def systemd_service(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The service the timer starts: runs `argv` once, with `environ` set."""
    lines = [
        "# Written by `stepdown remind --install`; `stepdown remind --uninstall` removes it.",
        "[Unit]",
        "Description=Stepdown dose reminders",
        "",
        "[Service]",
        "Type=oneshot",
        f"ExecStart={' '.join(_systemd_quote(arg, command=True) for arg in argv)}",
    ]
    lines += [f"Environment={_systemd_quote(f'{k}={v}')}" for k, v in environ.items()]
    return "\n".join(lines) + "\n"


def systemd_timer() -> str:
    """The timer: starts the service at the start of every minute while the user is logged in."""
    return (
        "# Written by `stepdown remind --install`; `stepdown remind --uninstall` removes it.\n"
        "[Unit]\n"
        "Description=Stepdown dose reminders, every minute\n"
        "\n"
        "[Timer]\n"
        "OnCalendar=*-*-* *:*:00\n"
        "AccuracySec=1s\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def _systemd_quote(value: str, *, command: bool = False) -> str:
    """`value` as one double-quoted word of a unit file, its specifiers (`%`) escaped and,
    in a command line, its variables (`$`) too."""
    quoted = value.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    if command:
        quoted = quoted.replace("$", "$$")
    return f'"{quoted}"'


def service_command(text: str) -> list[str]:
    """The arguments of the service's `ExecStart=`; empty when it has none."""
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "ExecStart":
            return [
                word.replace("%%", "%").replace("$$", "$") for word in _unit_words(value.strip())
            ]
    return []


def _unit_words(value: str) -> list[str]:
    """`value` split as systemd splits a command line: at spaces, with quoted words whose
    backslash escapes are undone."""
    words: list[str] = []
    for match in re.finditer(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|(\S+)', value):
        double, single, bare = match.groups()
        if double is not None:
            words.append(re.sub(r"\\(.)", r"\1", double))
        else:
            words.append(single if single is not None else bare)
    return words


def launchd_plist(argv: Sequence[str], environ: Mapping[str, str]) -> bytes:
    """The agent: runs `argv` every 60 seconds and at login, with `environ` set."""
    agent: dict[str, object] = {
        "Label": LABEL,
        "ProgramArguments": list(argv),
        "StartInterval": 60,
        "RunAtLoad": True,
    }
    if environ:
        agent["EnvironmentVariables"] = dict(environ)
    return plistlib.dumps(agent, fmt=plistlib.FMT_XML, sort_keys=False)


def plist_command(data: bytes) -> list[str]:
    """The agent's `ProgramArguments`; empty when the file holds none that can be read."""
    try:
        agent = plistlib.loads(data)
    except (plistlib.InvalidFileException, ValueError):
        return []
    arguments = agent.get("ProgramArguments") if isinstance(agent, dict) else None
    if not isinstance(arguments, list):
        return []
    return [str(arg) for arg in arguments]


def cron_block(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The crontab lines: `argv` every minute with `environ` set, between the markers.

    Words are quoted for the shell cron hands the line to, and each `%` is escaped,
    as cron would otherwise end the command there. UnitProblem when the line is longer
    than cron reads.
    """
    if any("\\%" in value for value in (*argv, *environ.values())):
        raise UnitProblem("a value holding a backslash before a % cannot be written for cron")
    words = [f"{key}={shlex.quote(value)}" for key, value in environ.items()]
    words += [shlex.quote(arg) for arg in argv]
    line = "* * * * * " + " ".join(words).replace("%", "\\%")
    if len(line.encode()) > CRON_MAX_LINE:
        raise UnitProblem(f"the crontab line would be longer than cron reads: {line}")
    return f"{CRON_BEGIN}\n{line}\n{CRON_END}\n"


def split_crontab(text: str) -> tuple[str, str, str] | None:
    """`text` as the lines before Stepdown's block, the block (markers included) and
    the lines after it, each exactly as it was; None when it has no block.

    UnitProblem when the block is opened and never closed: a hand edit, which only the
    user can sort out.
    """
    lines = text.splitlines(keepends=True)
    marks = [line.rstrip("\r\n") for line in lines]
    if CRON_BEGIN not in marks:
        return None
    begin = marks.index(CRON_BEGIN)
    if CRON_END not in marks[begin:]:
        raise UnitProblem(
            "the crontab has the line that opens Stepdown's reminders but not the one "
            f"that closes them ({CRON_END!r}); fix it with `crontab -e`"
        )
    end = marks.index(CRON_END, begin) + 1
    return "".join(lines[:begin]), "".join(lines[begin:end]), "".join(lines[end:])


def cron_command(block: str) -> list[str]:
    """The command of a block's schedule line, without the variables set before it."""
    for line in block.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            command = line.split(None, 5)[5:]
            if not command:
                return []
            try:
                words = shlex.split(command[0].replace("\\%", "%"))
            except ValueError:
                return []
            while words and _ASSIGNMENT.match(words[0]):
                words.pop(0)
            return words
    return []


def journal_of(argv: Sequence[str]) -> str | None:
    """The journal a reminder command names (`--data PATH`), or None."""
    for index, arg in enumerate(argv[:-1]):
        if arg == "--data":
            return argv[index + 1]
    return None
