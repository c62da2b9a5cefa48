"""Sending reminders: desktop notifications, a phone push, and what happens with neither.

- The desktop: desktop-notifier, which speaks D-Bus (org.freedesktop.Notifications) on
  Linux and the notification centre on macOS (there only from a signed app bundle; a
  plain `python` gets no notification centre, so macOS counts as no desktop). Each
  reminder offers "Taken" and "Snooze 10 min" where the server shows actions. The
  sender waits up to CLICK_WAIT seconds for an answer; then, as its buttons would do
  nothing once it ends, it puts the same words in their place, without buttons,
  saying to record the dose in the app or with `stepdown take`.
- The phone: apprise, to the URL in `settings.push_url` (an ntfy topic, say), imported
  only when one is set. Not installed: the problem names `pip install 'stepdown[push]'`.
- Neither (an SSH session, a server, no push URL): nothing is sent. The runner says so
  on standard error and in the log (store/log.py); the app shows due doses when opened.

A desktop is there when a session bus is: `DBUS_SESSION_BUS_ADDRESS`, or the bus socket
in the user's runtime folder (`$XDG_RUNTIME_DIR/bus`, `/run/user/UID/bus`), which a cron
job can reach although its environment names none.

User text (the medication's name) is shown as typed: a D-Bus server that reads markup
in a body (its "body-markup" capability) gets the text with `&`, `<` and `>` escaped.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import html
import logging
import os
import stat
import sys
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from desktop_notifier import DesktopNotifier

TITLE = "Stepdown"
CLICK_WAIT = 45.0
"""Seconds the runner waits for "Taken" or "Snooze": under the minute between runs."""
SEND_TIMEOUT = 10.0
"""Seconds a desktop or push may take to accept a notification before it is given up."""
PUSH_EXTRA = "pip install 'stepdown[push]'"
TAKEN, SNOOZE = "Taken", "Snooze 10 min"
LATE = "Record it in Stepdown, or with `stepdown take`."
"""Said instead of the buttons once they no longer work."""

Answer = Literal["taken", "snooze"]


@dataclass(frozen=True)
class Notice:
    """One reminder to send: its words on the desktop, and in a push (which leaves the
    computer, so it may say less)."""

    desktop: str
    push: str
    actions: bool = True
    """Offer "Taken" and "Snooze 10 min"."""


@dataclass
class Delivery:
    """What became of the notices sent together."""

    channels: list[list[str]]
    """For each notice, the channels that took it: "desktop", "push"."""
    answers: list[Answer | None]
    """For each notice, the button pressed in time, if any."""
    problems: list[str] = field(default_factory=list)
    """Each channel that failed, and why, in words."""


def session_bus(environ: Mapping[str, str]) -> str | None:
    """The D-Bus session bus's address, or None when there is none to be found."""
    if environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return environ["DBUS_SESSION_BUS_ADDRESS"]
    runtime = environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    socket = Path(runtime) / "bus"
    try:
        if stat.S_ISSOCK(socket.stat().st_mode):
            return f"unix:path={socket}"
    except OSError:
        pass
    return None


def desktop_problem(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """Why there is no desktop to notify here, or None when there is one."""
    if platform.startswith("linux"):
        if session_bus(environ) is None:
            return "no desktop session here (no D-Bus session bus)"
        return None
    if platform == "darwin":
        from desktop_notifier.backends.dummy import DummyNotificationCenter
        from desktop_notifier.main import get_backend_class

        logger = logging.getLogger("desktop_notifier")
        logger.disabled = True  # its warning would say on the terminal what we say here
        try:
            backend = get_backend_class()
        finally:
            logger.disabled = False
        if backend is DummyNotificationCenter:
            return "macOS shows notifications only from an app bundle, not from python"
        return None
    return f"desktop notifications are not supported on {platform}"


def deliver(
    notices: Sequence[Notice],
    push_url: str,
    *,
    wait: float = CLICK_WAIT,
    environ: MutableMapping[str, str] | None = None,
    platform: str = sys.platform,
) -> Delivery:
    """Send each notice to the desktop, if there is one, and to `push_url`, if set; wait
    up to `wait` seconds for the desktop's answers (none when `wait` is 0)."""
    environ = os.environ if environ is None else environ
    delivery = Delivery([[] for _ in notices], [None] * len(notices))
    if push_url:
        _push_all(notices, push_url, delivery)
    problem = desktop_problem(environ, platform)
    if problem is not None:
        delivery.problems.append(f"desktop: {problem}")
    elif notices:
        bus = session_bus(environ)
        if bus is not None and not environ.get("DBUS_SESSION_BUS_ADDRESS"):
            # desktop-notifier's D-Bus library finds the bus only through this variable.
            environ["DBUS_SESSION_BUS_ADDRESS"] = bus
        asyncio.run(_desktop(notices, wait, delivery, dbus=platform.startswith("linux")))
    return delivery


def _push_all(notices: Sequence[Notice], url: str, delivery: Delivery) -> None:
    try:
        import apprise
    except ImportError:
        delivery.problems.append(f"push: apprise is not installed ({PUSH_EXTRA})")
        return
    # apprise logs each failure itself, to the terminal: its words go in `problems`.
    logging.getLogger("apprise").disabled = True
    sender = apprise.Apprise()
    if not sender.add(url):
        delivery.problems.append("push: settings.push_url is not a URL apprise can send to")
        return
    for i, notice in enumerate(notices):
        if sender.notify(title=TITLE, body=notice.push):
            delivery.channels[i].append("push")
        else:
            delivery.problems.append("push: the push service did not take the notification")
            return


class _Failures(logging.Handler):
    """desktop-notifier's warnings, kept to be told in words instead of printed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        reason = record.exc_info[1] if record.exc_info else None
        self.messages.append(str(reason) if reason else record.getMessage())


async def _desktop(
    notices: Sequence[Notice], wait: float, delivery: Delivery, *, dbus: bool
) -> None:
    """Send `notices` to the desktop and wait for their answers (up to `wait` seconds)."""
    from desktop_notifier import DesktopNotifier

    markup = dbus and await _body_markup()

    logger = logging.getLogger("desktop_notifier")
    failures = _Failures()
    logger.addHandler(failures)
    logger.propagate = False  # its tracebacks would reach the terminal
    notifier = DesktopNotifier(app_name=TITLE, app_icon=None)
    waiting: set[int] = set()
    shown: dict[int, tuple[str, Notice]] = {}
    answered = asyncio.Event()

    def answer(i: int, value: Answer | None) -> None:
        if i in waiting:
            delivery.answers[i] = value
            waiting.discard(i)
            if not waiting:
                answered.set()

    try:
        for i, notice in enumerate(notices):
            if markup:
                notice = dataclasses.replace(notice, desktop=html.escape(notice.desktop, False))
            identifier = await _send_one(notifier, notice, functools.partial(answer, i))
            if identifier is None:
                reason = failures.messages[-1] if failures.messages else "not shown"
                delivery.problems.append(f"desktop: {reason}")
                return
            delivery.channels[i].append("desktop")
            if notice.actions:
                waiting.add(i)
                shown[i] = (identifier, notice)
        if waiting and wait > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(answered.wait(), wait)
        for i in sorted(waiting):
            # Its buttons stop working when this process ends: the same words, without.
            identifier, notice = shown[i]
            await notifier.clear(identifier)
            late = dataclasses.replace(notice, desktop=f"{notice.desktop}. {LATE}", actions=False)
            await _send_one(notifier, late, functools.partial(answer, i))
    finally:
        logger.removeHandler(failures)
        logger.propagate = True


async def _send_one(
    notifier: DesktopNotifier, notice: Notice, answer: Callable[[Answer | None], None]
) -> str | None:
    """Send `notice`, its buttons calling `answer`; its identifier once the server took
    it, else None."""
    from desktop_notifier import Button

    buttons: tuple[Button, ...] = ()
    if notice.actions:
        buttons = (
            Button(TAKEN, on_pressed=functools.partial(answer, "taken")),
            Button(SNOOZE, on_pressed=functools.partial(answer, "snooze")),
        )
    dispatched = asyncio.Event()
    identifier = None
    try:
        identifier = await asyncio.wait_for(
            notifier.send(
                TITLE,
                notice.desktop,
                buttons=buttons,
                on_dispatched=dispatched.set,
                on_dismissed=functools.partial(answer, None),
                on_clicked=functools.partial(answer, None),  # opened, not answered
            ),
            SEND_TIMEOUT,
        )
    except TimeoutError:
        logging.getLogger("desktop_notifier").warning("the notification server did not answer")
    return identifier if dispatched.is_set() else None


async def _body_markup() -> bool:
    """Whether the D-Bus notification server reads markup in a body; False when it
    cannot be asked (the send then says what is wrong)."""
    from dbus_fast import Message, MessageType
    from dbus_fast.aio import MessageBus

    try:
        bus = await asyncio.wait_for(MessageBus().connect(), SEND_TIMEOUT)
        try:
            reply = await asyncio.wait_for(
                bus.call(
                    Message(
                        destination="org.freedesktop.Notifications",
                        path="/org/freedesktop/Notifications",
                        interface="org.freedesktop.Notifications",
                        member="GetCapabilities",
                    )
                ),
                SEND_TIMEOUT,
            )
        finally:
            bus.disconnect()
    except Exception:
        return False
    return reply.message_type == MessageType.METHOD_RETURN and "body-markup" in reply.body[0]
