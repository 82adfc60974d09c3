"""The one helper for background work: run a function off the GUI thread, get its result as a signal on it.

The function must not touch widgets; it returns plain data. Exceptions are logged and
reported as `failed`, never raised into Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kiosk import log


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as error:  # reported to the caller on the GUI thread
            log.shell.exception("background work failed")
            self._emit(self._relay.failed, type(error).__name__)
        else:
            self._emit(self._relay.done, result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the application is shutting down: nobody is left to tell
            pass


_live: set[_Relay] = set()


def run_in_background(
    work: Callable[[], Any], on_done: Callable[[Any], None], on_failed: Callable[[str], None] | None = None
) -> None:
    """Run `work()` on the thread pool; `on_done(result)` or `on_failed(kind)` runs later on the GUI thread."""
    relay = _Relay()
    _live.add(relay)

    def finish(result: Any) -> None:
        _live.discard(relay)
        on_done(result)

    def fail(kind: str) -> None:
        _live.discard(relay)
        if on_failed is not None:
            on_failed(kind)

    relay.done.connect(finish)
    relay.failed.connect(fail)
    QThreadPool.globalInstance().start(_Job(work, relay))
