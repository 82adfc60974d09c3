"""The real SANE driver with the `test` backend's fault switches turned on, for the worker process.

The faults are SANE's own (read-return-value, read-delay) or python-sane's own (an exception in the
progress callback segfaults the process), so the worker meets real native behaviour. The one exception
is `cancel_hangs`: the test backend's real deadlock in sane_cancel happens about once in 200 errors,
too rarely to test on, so it is played by a release that never returns.
"""

from __future__ import annotations

import threading
from typing import Any

from drivers.base import DriverKind, DriverSetup, PageCallback, ScanOptions
from drivers.sane_driver import SaneDriver

SLOWEST_LINE_US = 200_000  # the test backend's maximum read delay: a 300 dpi page then takes ~12 minutes


class FaultySane(SaneDriver):
    def __init__(self, setup: DriverSetup, *, status_after: tuple[int, str] | None = None,
                 read_delay_us: int = 0, crash: bool = False, cancel_hangs: bool = False) -> None:
        super().__init__(setup)
        self.status_after = status_after  # (pages, SANE status): the status the next page start returns
        self.read_delay_us = read_delay_us
        self.crash = crash
        self.cancel_hangs = cancel_hangs  # sane_cancel never returns, as sanei_thread's deadlock does

    def _prepare(self, handle: Any, options: ScanOptions) -> None:
        super()._prepare(handle, options)
        handle.read_return_value = "Default"
        if self.status_after is not None and self.status_after[0] == 0:
            handle.read_return_value = self.status_after[1]
        handle.read_delay = bool(self.read_delay_us)
        if self.read_delay_us:
            handle.read_delay_duration = self.read_delay_us

    def _pages(self, handle: Any, options: ScanOptions, cancel: Any, on_page: PageCallback, on_progress: Any) -> int:
        def delivered(page: Any) -> None:
            on_page(page)
            if self.status_after is not None and page.number == self.status_after[0]:
                handle.read_return_value = self.status_after[1]

        if self.crash:
            handle.start()
            handle.dev.snap(True, True, _raise)  # python-pillow/Sane#103: this kills the process
        return super()._pages(handle, options, cancel, delivered, on_progress)


    def _cancel_handle(self, handle: Any) -> None:
        if self.cancel_hangs:
            threading.Event().wait()
        super()._cancel_handle(handle)


def _raise(_read: int, _total: int) -> None:
    raise RuntimeError("progress callback failed")


def make(_kind: DriverKind, setup: DriverSetup, **faults: Any) -> FaultySane:
    """Worker factory (`tests.scanner.faulty_sane:make`)."""
    return FaultySane(setup, **faults)
