"""Telling systemd the kiosk is up and alive: its notify protocol, spoken by the kiosk process on screen.

systemd gives a `Type=notify` service a datagram socket (`$NOTIFY_SOCKET`, a path, or an abstract name written with a
leading '@') and, with `WatchdogSec=`, the time it waits between pings (`$WATCHDOG_USEC`). The kiosk says `READY=1`
once its attract screen is on screen and then `WATCHDOG=1` at half that time from a timer on its GUI thread
(ui/watchdog_part.py): a frozen event loop stops the pings and systemd restarts the kiosk, not only a dead process.

The protocol is one `send` of `KEY=VALUE` lines; spoken here rather than through a library because the kiosk's venv
sees no Debian Python packages (python3-systemd would need `--system-site-packages`, bringing every system module
in), and a PyPI package for ten lines would be one more thing to lock and audit.

`$WATCHDOG_PID` is not checked, unlike sd_watchdog_enabled(): under the unit the main process is cage, so systemd
names cage's pid there, yet with `NotifyAccess=all` it takes the pings from any process of the service, and the one
that must send them is the kiosk process on screen, two levels below cage.
"""

from __future__ import annotations

import os
import socket

SOCKET_ENV = "NOTIFY_SOCKET"
WATCHDOG_ENV = "WATCHDOG_USEC"
WATCHDOG_PID_ENV = "WATCHDOG_PID"


class Notifier:
    """Sends states to systemd's notify socket at `address` (a path, or '@name' for an abstract socket)."""

    def __init__(self, address: str, watchdog_usec: int = 0) -> None:
        self.address = address
        self.watchdog_usec = watchdog_usec

    @classmethod
    def from_environment(cls) -> Notifier | None:
        """The notifier systemd set up for this process; None when not started by systemd as `Type=notify`.

        The variables are taken out of the environment, so the processes this one starts (QtWebEngine renderers,
        scanner workers) cannot speak for the kiosk.
        """
        address = os.environ.pop(SOCKET_ENV, "")
        usec = os.environ.pop(WATCHDOG_ENV, "")
        os.environ.pop(WATCHDOG_PID_ENV, None)
        if not address.startswith(("/", "@")):
            return None
        return cls(address, int(usec) if usec.isdigit() else 0)

    @property
    def ping_interval_ms(self) -> int:
        """How often to say `WATCHDOG=1`: half of systemd's limit, as sd_watchdog_enabled(3) advises; 0: never."""
        return self.watchdog_usec // 2000

    def notify(self, *states: str) -> bool:
        """Send `states` (e.g. "READY=1") in one datagram; False when systemd could not be told."""
        target = "\0" + self.address[1:] if self.address.startswith("@") else self.address
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as end:
                end.connect(target)
                end.sendall("\n".join(states).encode("utf-8"))
        except OSError:
            return False
        return True

    def ready(self, status: str = "") -> bool:
        """`READY=1`: the kiosk is on screen (systemd ignores it after the first)."""
        return self.notify("READY=1", *([f"STATUS={status}"] if status else []))

    def ping(self) -> bool:
        """`WATCHDOG=1`: the kiosk's event loop is alive."""
        return self.notify("WATCHDOG=1")
