"""systemd's watchdog, fed from the GUI thread of the kiosk process on screen.

`start()` is called once this process's attract screen is on screen (at once for a kiosk process on its own, on
"shown" for one run by the supervisor): it says `READY=1`, then `WATCHDOG=1` from a QTimer, so the pings stop when
the event loop stops. A waiting process, built and hidden, never starts it: only the process a citizen sees may
tell systemd the kiosk is alive. The protocol is kiosk/watchdog.py's.
"""

from __future__ import annotations

import os
import signal
import time

from PySide6.QtCore import QObject, QTimer

from kiosk import log
from kiosk.watchdog import Notifier

# Test-only: with this set to N seconds, SIGUSR1 blocks the GUI thread for N s (tests/test_watchdog.py).
FREEZE_ENV = "KIOSK_TEST_FREEZE"


class WatchdogPart(QObject):
    """Tells `notifier` the kiosk is ready, then alive, from the GUI thread."""

    def __init__(self, notifier: Notifier, parent: QObject) -> None:
        super().__init__(parent)
        self._notifier = notifier
        self._timer = QTimer(self)
        self._timer.timeout.connect(notifier.ping)
        self.started = False

    def start(self) -> None:
        """The attract screen is on screen: READY=1, then the pings."""
        if self.started:
            return
        self.started = True
        self._notifier.ready(f"kiosk process {os.getpid()} on screen")
        interval = self._notifier.ping_interval_ms
        if interval > 0:
            self._notifier.ping()
            self._timer.start(interval)
        log.shell.info("told systemd the kiosk is ready (watchdog every %d ms)", interval)


def install_test_freeze() -> None:
    """When `KIOSK_TEST_FREEZE` is set: SIGUSR1 freezes the GUI thread, as a hung event loop would."""
    seconds = os.environ.get(FREEZE_ENV, "")
    if seconds:
        signal.signal(signal.SIGUSR1, lambda *_: time.sleep(float(seconds)))
