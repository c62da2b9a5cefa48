"""Two real Syncthing instances make a real conflict copy of the journal; Stepdown merges it.

Run from the repository root: `python bench/syncthing_conflict.py [--timeout 60]`
(needs `syncthing` on PATH; Debian: `apt-get install syncthing`). It starts two
Syncthing instances in temporary homes, loopback only (GUI/API and sync on 127.0.0.1
at free ports; no global or local discovery, relays, NAT traversal, usage or crash
reporting, upgrades), shares one folder between them through the REST API, puts a
journal there and waits until both hold it. Then it pauses each side's link to the
other, changes the journal differently on each side with Stepdown's own store (a
fixed clock: a dose taken on one, a check-in and a breathing session on the other),
resumes, waits until Syncthing leaves a `journal.sync-conflict-*.toml` beside the
journal, and merges that copy into the journal with `stepdown merge --into`. It
prints each step, the copy's name, which side's changes the journal and the copy each
held, what the copy held that the journal did not and what the merge added, and fails
unless the merged journal holds both sides' changes.

Every wait is bounded (`--timeout` each) and ends in a clear message; both instances
are stopped and the temporary folder removed on success, failure or Ctrl-C. Stepdown's
own state, cache and config folders point into that temporary folder too.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from datetime import time as clock_time
from functools import partial
from pathlib import Path
from typing import Any

FOLDER_ID = "stepdown-journal"
TODAY = date(2026, 12, 3)


class Failed(Exception):
    """A step did not happen in time, or the merge lost something: the script's verdict."""


@dataclass
class Instance:
    """One running Syncthing: its home, its ports, its API key and its device id."""

    name: str
    home: Path
    folder: Path
    gui_port: int
    sync_port: int
    api_key: str
    device_id: str = ""
    process: subprocess.Popen[bytes] | None = None

    def api(self, method: str, path: str, body: Any = None) -> Any:
        """Call the REST API; the decoded JSON answer, or None for an empty one."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}",
            data=data,
            method=method,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            raw = answer.read()
        return json.loads(raw) if raw.strip() else None


def step(text: str) -> None:
    """Print one step as it happens, with the seconds since the start."""
    print(f"[{time.monotonic() - START:6.1f} s] {text}", flush=True)


START = time.monotonic()


def free_port() -> int:
    """A loopback TCP port free right now (Syncthing binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(what: str, check: Callable[[], bool], timeout: float) -> None:
    """Poll `check` until it holds; Failed naming `what` past `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, urllib.error.URLError, ValueError):
            pass  # the API not up yet, or a file half-written: look again
        time.sleep(0.25)
    raise Failed(f"gave up after {timeout:g} s waiting for {what}")


def loopback_config(config: Path, sync_port: int) -> None:
    """Keep the generated config on loopback before its first start.

    Done in the file rather than over REST so that Syncthing never listens on, or
    announces to, anything but 127.0.0.1, not even for the moment before a REST call.
    """
    text = config.read_text(encoding="utf-8")
    settings = {
        "listenAddress": f"tcp://127.0.0.1:{sync_port}",
        "globalAnnounceEnabled": "false",
        "localAnnounceEnabled": "false",
        "relaysEnabled": "false",
        "natEnabled": "false",
        "urAccepted": "-1",
        "autoUpgradeIntervalH": "0",
        "crashReportingEnabled": "false",
        "startBrowser": "false",
    }
    # The generated config lists one or more listen addresses ("default"): keep one.
    text = re.sub(r"\s*<listenAddress>[^<]*</listenAddress>", "", text)
    for key, value in settings.items():
        pattern = rf"<{key}>[^<]*</{key}>"
        element = f"<{key}>{value}</{key}>"
        if key != "listenAddress" and re.search(pattern, text):
            text = re.sub(pattern, element, text)
        else:
            text = text.replace("<options>", f"<options>\n        {element}", 1)
    config.write_text(text, encoding="utf-8")


def start(instance: Instance, log: Path) -> None:
    """Generate the instance's keys and config, keep it on loopback, and serve."""
    subprocess.run(
        ["syncthing", "generate", f"--home={instance.home}", "--no-default-folder"],
        check=True,
        capture_output=True,
    )
    config = instance.home / "config.xml"
    loopback_config(config, instance.sync_port)
    match = re.search(r'<device id="([A-Z0-9-]+)"', config.read_text(encoding="utf-8"))
    if match is None:
        raise Failed(f"no device id in {config}")
    instance.device_id = match.group(1)
    env = {**os.environ, "STNOUPGRADE": "1", "STNORESTART": "1", "HOME": str(instance.home)}
    with log.open("wb") as out:
        instance.process = subprocess.Popen(
            [
                "syncthing",
                "serve",
                f"--home={instance.home}",
                f"--gui-address=http://127.0.0.1:{instance.gui_port}",
                f"--gui-apikey={instance.api_key}",
                "--no-browser",
                "--no-restart",
                "--no-upgrade",
                "--no-default-folder",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )


def stop(instance: Instance) -> None:
    """Stop the instance's process group (ours: started in its own session)."""
    process = instance.process
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def share(one: Instance, other: Instance) -> None:
    """Introduce `other` to `one` at its loopback address and share the folder with it."""
    one.api(
        "POST",
        "/rest/config/devices",
        {
            "deviceID": other.device_id,
            "name": other.name,
            "addresses": [f"tcp://127.0.0.1:{other.sync_port}"],
        },
    )
    one.api(
        "POST",
        "/rest/config/folders",
        {
            "id": FOLDER_ID,
            "label": "journal",
            "path": str(one.folder),
            "type": "sendreceive",
            "devices": [{"deviceID": one.device_id}, {"deviceID": other.device_id}],
            "rescanIntervalS": 3600,
            "fsWatcherEnabled": True,
            "fsWatcherDelayS": 1,
        },
    )


def link_paused(instance: Instance, other: Instance, paused: bool) -> None:
    """Pause or resume `instance`'s link to `other` (the config's paused flag)."""
    instance.api("PATCH", f"/rest/config/devices/{other.device_id}", {"paused": paused})


def pinged(instance: Instance) -> bool:
    return instance.api("GET", "/rest/system/ping") is not None


def connected(instance: Instance, other: Instance) -> bool:
    answer = instance.api("GET", "/rest/system/connections")
    return bool(answer["connections"].get(other.device_id, {}).get("connected"))


def scanned(instance: Instance) -> bool:
    """True when the folder is idle and its index holds the files on disk."""
    status = instance.api("GET", f"/rest/db/status?folder={FOLDER_ID}")
    return bool(status["state"] == "idle" and status["needFiles"] == 0)


@contextmanager
def interrupt_on_sigterm() -> Iterator[None]:
    """Treat SIGTERM as Ctrl-C, so the cleanup runs for either."""

    def raise_interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, raise_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds for each wait")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if shutil.which("syncthing") is None:
        print("syncthing is not installed (Debian: apt-get install syncthing)", file=sys.stderr)
        return 2
    root = Path(tempfile.mkdtemp(prefix="stepdown-syncthing-"))
    # Stepdown's lock, cache and state go into the temporary folder, not the user's.
    for variable in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[variable] = str(root / "xdg" / variable.lower())
    instances = [
        Instance(
            name,
            home=root / name / "home",
            folder=root / name / "sync",
            gui_port=free_port(),
            sync_port=free_port(),
            api_key=f"stepdown-bench-{name}-{os.getpid()}",
        )
        for name in ("laptop", "desktop")
    ]
    code = 1
    with interrupt_on_sigterm():
        try:
            run(instances, root, args.timeout)
            code = 0
        except Failed as failure:
            print(f"FAILED: {failure}", file=sys.stderr)
            for instance in instances:
                log = root / f"{instance.name}.log"
                if log.exists():
                    tail = log.read_text(errors="replace").splitlines()[-15:]
                    print(f"--- last lines of {instance.name}'s log:", *tail, sep="\n")
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            code = 130
        finally:
            for instance in instances:
                stop(instance)
            if args.keep:
                step(f"kept {root}")
            else:
                shutil.rmtree(root, ignore_errors=True)
                step("stopped both instances, removed the temporary folder")
    return code


def run(instances: list[Instance], root: Path, timeout: float) -> None:
    """The whole story, from two fresh instances to the merged journal."""
    laptop, desktop = instances
    version = subprocess.run(
        ["syncthing", "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    step(f"{version}; temporary folder {root}")
    for instance in instances:
        instance.folder.mkdir(parents=True)
        start(instance, root / f"{instance.name}.log")
        step(
            f"started {instance.name}: API 127.0.0.1:{instance.gui_port}, "
            f"sync 127.0.0.1:{instance.sync_port}, device {instance.device_id[:7]}"
        )
    for instance in instances:
        wait_for(
            f"{instance.name}'s API",
            partial(pinged, instance),
            timeout,
        )
    share(laptop, desktop)
    share(desktop, laptop)
    wait_for("the two instances to connect", lambda: connected(laptop, desktop), timeout)
    step("the two instances are connected and share the folder")

    journal_path = laptop.folder / "journal.toml"
    from stepdown.domain.demo import demo_journal
    from stepdown.store.codec import encode

    base = demo_journal(date(2026, 12, 2), datetime(2026, 12, 2, 23, 0))
    journal_path.write_text(encode(base), encoding="utf-8")
    other_path = desktop.folder / "journal.toml"
    wanted = journal_path.read_bytes()
    wait_for(
        "the journal to reach the desktop",
        lambda: other_path.read_bytes() == wanted and scanned(laptop) and scanned(desktop),
        timeout,
    )
    step(f"the journal ({len(wanted)} bytes) is on both, the same bytes")

    for instance, other in ((laptop, desktop), (desktop, laptop)):
        link_paused(instance, other, paused=True)
    wait_for(
        "the link to pause",
        lambda: not connected(laptop, desktop) and not connected(desktop, laptop),
        timeout,
    )
    step("paused the link between them on both sides")

    edit_laptop(journal_path)
    edit_desktop(other_path)
    step("laptop: took the morning dose; desktop: a check-in and a breathing session")
    for instance in instances:
        instance.api("POST", f"/rest/db/scan?folder={FOLDER_ID}")
    wait_for("both to index their change", lambda: scanned(laptop) and scanned(desktop), timeout)

    for instance, other in ((laptop, desktop), (desktop, laptop)):
        link_paused(instance, other, paused=False)
    step("resumed the link")
    copies: list[Path] = []

    def conflict_copy() -> bool:
        copies[:] = sorted(laptop.folder.glob("journal.sync-conflict-*.toml"))
        return bool(copies) and all((desktop.folder / copy.name).exists() for copy in copies)

    wait_for("a journal.sync-conflict-*.toml on both sides", conflict_copy, timeout)
    wait_for(
        "journal.toml to be the same on both sides",
        lambda: journal_path.read_bytes() == other_path.read_bytes(),
        timeout,
    )
    names = {i.device_id[:7]: i.name for i in instances}
    for copy in copies:
        by = names.get(copy.stem.rsplit("-", 1)[-1], "neither instance")
        step(f"Syncthing made {copy.name} on both sides (the device id is the {by}'s)")
    files = sorted(
        str(p.relative_to(laptop.folder)) for p in laptop.folder.rglob("*") if p.is_file()
    )
    step(f"the laptop's folder now holds: {', '.join(files)}")
    merge_copy(journal_path, copies[0])
    merged = journal_path.read_bytes()
    wait_for(
        "the merged journal to reach the desktop",
        lambda: other_path.read_bytes() == merged,
        timeout,
    )
    leftover = sorted(p.name for p in desktop.folder.glob("journal.sync-conflict-*"))
    step(
        f"the merged journal reached the desktop; conflict copies beside it: "
        f"{', '.join(leftover) or 'none'}"
    )


def edit_laptop(path: Path) -> None:
    """The laptop takes the first dose of the day, through Stepdown's own store."""
    from stepdown.clock import FixedClock
    from stepdown.domain.journal import DoseEntry
    from stepdown.store.journal_store import JournalStore

    store = JournalStore.open(path, FixedClock(datetime.combine(TODAY, clock_time(8, 4))))
    steps = [s for s in store.journal.plan.steps if s.start <= TODAY] if store.journal.plan else []
    if not steps or not steps[-1].times:
        raise Failed("the sample journal has no dose planned for the day")
    slot, amount = steps[-1].times[0], steps[-1].doses[0]
    dose = DoseEntry(
        date=TODAY,
        status="taken",
        slot=slot,
        taken_at=datetime.combine(TODAY, clock_time(8, 4)),
        amount=amount,
        note="taken on the laptop",
    )
    outcome = store.update(lambda j: replace(j, doses=(*j.doses, dose)))
    store.close()
    if not outcome.saved:
        raise Failed(f"the laptop's store did not save: {outcome}")


def edit_desktop(path: Path) -> None:
    """The desktop records a check-in and a breathing session for the same day."""
    from stepdown.clock import FixedClock
    from stepdown.domain.journal import BreathingSession, Checkin
    from stepdown.store.journal_store import JournalStore

    now = datetime.combine(TODAY, clock_time(9, 30))
    store = JournalStore.open(path, FixedClock(now))
    checkin = Checkin(
        date=TODAY, recorded_at=now, spasticity=3, anxiety=4, notes="checked in on the desktop"
    )
    session = BreathingSession(
        started_at=datetime.combine(TODAY, clock_time(9, 10)),
        pattern="box",
        planned_seconds=300,
        seconds=300,
        completed=True,
    )
    outcome = store.update(
        lambda j: replace(
            j,
            checkins=(*(c for c in j.checkins if c.date != TODAY), checkin),
            breathing=(*j.breathing, session),
        )
    )
    store.close()
    if not outcome.saved:
        raise Failed(f"the desktop's store did not save: {outcome}")


def merge_copy(journal_path: Path, copy: Path) -> None:
    """Merge the conflict copy into the journal, report, and check both sides' changes."""
    from stepdown.domain.journal_merge import entries_missing
    from stepdown.store.codec import decode

    journal = decode(journal_path.read_bytes())
    other = decode(copy.read_bytes())
    step(f"journal.toml holds {describe(journal)}; {copy.name} holds {describe(other)}")
    step(
        f"the journal holds {len(journal.doses)} doses, {len(journal.checkins)} check-ins, "
        f"{len(journal.breathing)} breathing sessions; the copy holds "
        f"{entries_missing(journal, other)} record(s) the journal does not"
    )
    command = [sys.executable, "-m", "stepdown", "merge", "--into", str(journal_path), str(copy)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    step(f"stepdown merge --into journal.toml {copy.name}: exit {done.returncode}")
    for line in (done.stdout + done.stderr).splitlines():
        print(f"    {line}", flush=True)
    if done.returncode != 0:
        raise Failed("stepdown merge failed")
    merged = decode(journal_path.read_bytes())
    missing = [name for name, there in changes_held(merged).items() if not there]
    if missing:
        raise Failed(f"the merged journal lacks {', '.join(missing)}")
    step(
        f"the merged journal validates and holds both sides' changes: "
        f"{len(merged.doses)} doses, {len(merged.checkins)} check-ins, "
        f"{len(merged.breathing)} breathing sessions; "
        f"{entries_missing(merged, other)} record(s) of the copy still missing"
    )


def changes_held(journal: Any) -> dict[str, bool]:
    """Which of the two sides' changes `journal` holds, by name."""
    session_start = datetime.combine(TODAY, clock_time(9, 10))
    return {
        "the laptop's dose": any(d.note == "taken on the laptop" for d in journal.doses),
        "the desktop's check-in": any(
            c.notes == "checked in on the desktop" for c in journal.checkins
        ),
        "the desktop's breathing session": any(
            b.started_at == session_start for b in journal.breathing
        ),
    }


def describe(journal: Any) -> str:
    """The sides' changes `journal` holds, in words."""
    held = [name for name, there in changes_held(journal).items() if there]
    return ", ".join(held) or "neither side's change"


if __name__ == "__main__":
    sys.exit(main())
