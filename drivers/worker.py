"""Native drivers run in a worker process, so a driver that crashes or hangs cannot take the kiosk with it.

`WorkerDriver` implements the driver interface in the kiosk's process and forwards each call to a
spawned child that holds the real driver. Pages come back one by one as they are scanned. When the
child dies (a segfault in libsane) or stays silent past the page timeout, the call raises
`DriverCrashed`, the child is killed, and the next call starts a fresh one. Pages delivered before
the fault stay with the caller. A driver that got stuck in native code after its work was done (SANE
hanging in `sane_cancel`) sets `stuck`: the child then sends its last answer wrapped in "retire" and
exits, so the kiosk still gets the real outcome and the next call a fresh child.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import multiprocessing
import multiprocessing.connection
import os
import time
import traceback
from typing import Any

from drivers.base import (
    CancelFlag,
    Capabilities,
    Device,
    DriverKind,
    DriverSetup,
    PageCallback,
    Progress,
    ProgressCallback,
    ScanOptions,
)
from drivers.errors import Cancelled, DeviceError, DriverCrashed, rebuild

log = logging.getLogger("scanner")

DEFAULT_FACTORY = "drivers.factory:open_driver"
START_TIMEOUT_S = 30.0
CALL_TIMEOUT_S = 30.0
CANCEL_GRACE_S = 1.0  # a cancelled driver that is still busy after this is killed
POLL_S = 0.05


class WorkerDriver:
    """The driver of `kind`, run in a child process. Not thread-safe: one call at a time."""

    def __init__(self, kind: DriverKind, setup: DriverSetup, factory: str = DEFAULT_FACTORY,
                 factory_args: dict[str, Any] | None = None) -> None:
        self.kind = kind
        self._setup = setup
        self._factory = factory
        self._factory_args = factory_args or {}
        self._context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
        self._process: Any = None
        self._connection: multiprocessing.connection.Connection | None = None
        self._cancel: Any = None
        self._capture: Any = None
        self.info: dict[str, Any] = {}

    def _start(self) -> multiprocessing.connection.Connection:
        if self._process is not None and self._process.is_alive() and self._connection is not None:
            return self._connection
        self._stop()
        ours, theirs = self._context.Pipe()
        self._cancel = self._context.Event()
        self._capture = self._context.Event()
        self._process = self._context.Process(
            target=serve, name=f"scanner-{self.kind.value}", daemon=True,
            args=(theirs, self._cancel, self._capture, self._factory, self._factory_args, self.kind, self._setup),
        )
        self._process.start()
        theirs.close()
        self._connection = ours
        message = self._receive(ours, START_TIMEOUT_S, "start")
        self.info = message[1]
        return ours

    def _stop(self) -> None:
        # Detach first: a call waiting in another thread then knows the close was asked for, not a crash.
        connection, process = self._connection, self._process
        self._connection, self._process = None, None
        if connection is not None:
            connection.close()
        if process is not None and process.is_alive():
            process.kill()
            process.join(5)

    def close(self) -> None:
        """Stop the worker (it is started again on the next call). A call running meanwhile in another
        thread ends with `Cancelled`."""
        self._stop()

    def capture_now(self) -> None:
        """For drivers that capture on demand (the camera): take the picture now."""
        if self._capture is not None:
            self._capture.set()

    @property
    def pid(self) -> int | None:
        """The worker's process id while it runs (for diagnostics and tests)."""
        return self._process.pid if self._process is not None and self._process.is_alive() else None

    def _receive(self, connection: multiprocessing.connection.Connection, timeout: float, what: str) -> tuple:
        """The next message from the worker; a worker error is raised as its typed error."""
        process = self._process
        deadline = time.monotonic() + timeout
        try:
            while not connection.poll(POLL_S):
                if self._connection is not connection:
                    raise Cancelled(f"the driver was closed during {what}")
                if not process.is_alive():
                    return self._crashed(f"worker exited with code {process.exitcode} during {what}")
                if time.monotonic() > deadline:
                    return self._crashed(f"no answer from the driver within {timeout:.0f} s during {what}")
            message = connection.recv()
        except (EOFError, OSError):
            if self._connection is not connection:
                raise Cancelled(f"the driver was closed during {what}") from None
            process.join(1)  # the pipe closes a moment before the exit status is known
            return self._crashed(f"worker exited with code {process.exitcode} during {what}")
        if message[0] == "retire":  # the worker's native code hung after this answer; the worker has left
            log.warning("scanner worker retired after %s; the next call starts a fresh one", what)
            self._stop()
            message = message[1]
        if message[0] == "error":
            _, kind, detail, trace = message
            if trace:
                log.error("driver failed during %s:\n%s", what, trace)
            raise rebuild(kind, detail)
        return message

    def _crashed(self, detail: str) -> tuple:
        log.error("scanner driver crashed: %s", detail)
        self._stop()
        raise DriverCrashed(detail)

    def _call(self, request: tuple) -> Any:
        connection = self._start()
        connection.send(request)
        return self._receive(connection, CALL_TIMEOUT_S, request[0])[1]

    def list_devices(self) -> list[Device]:
        """The devices the configured backends find."""
        return self._call(("list_devices",))

    def capabilities(self, device: Device) -> Capabilities:
        """What `device` can do, read from its options."""
        return self._call(("capabilities", device))

    def scan(self, options: ScanOptions, cancel: CancelFlag, on_page: PageCallback,
             on_progress: ProgressCallback | None = None) -> int:
        """Scan `options`, delivering each finished page; see `ScanDriver.scan`."""
        connection = self._start()
        process = self._process
        self._cancel.clear()
        self._capture.clear()
        connection.send(("scan", options))
        cancelled_at: float | None = None
        page_started = time.monotonic()
        while True:
            if cancel.is_set() and cancelled_at is None:
                self._cancel.set()
                cancelled_at = time.monotonic()
            if cancelled_at is not None and time.monotonic() - cancelled_at > CANCEL_GRACE_S:
                log.warning("driver still busy %.1f s after cancel: stopping its worker", CANCEL_GRACE_S)
                self._stop()
                raise Cancelled("the driver did not stop in time; its worker was stopped")
            if time.monotonic() - page_started > self._setup.page_timeout_s:
                self._crashed(f"no page within {self._setup.page_timeout_s:.0f} s")
            if not _ready(connection):
                if self._connection is not connection:
                    raise Cancelled("the driver was closed while scanning")
                if not process.is_alive():
                    self._crashed(f"worker exited with code {process.exitcode} while scanning")
                continue
            message = self._receive(connection, CALL_TIMEOUT_S, "scan")
            if message[0] == "page":
                page_started = time.monotonic()  # progress alone does not count: a page must finish in time
                on_page(message[1])
            elif message[0] == "progress" and on_progress is not None:
                on_progress(message[1])
            elif message[0] == "result":
                return message[1]


def _ready(connection: multiprocessing.connection.Connection) -> bool:
    try:
        return connection.poll(POLL_S)
    except (EOFError, OSError):
        return True  # let _receive say what happened


def _load(factory: str) -> Any:
    module, _, name = factory.partition(":")
    return getattr(importlib.import_module(module), name)


def serve(connection: Any, cancel: Any, capture: Any, factory: str, factory_args: dict[str, Any],
          kind: DriverKind, setup: DriverSetup) -> None:
    """The worker process: build the driver, then answer requests until the pipe closes."""
    try:
        _serve(connection, cancel, capture, factory, factory_args, kind, setup)
    except (BrokenPipeError, ConnectionResetError, EOFError):
        pass  # the kiosk closed the driver (or quit): nobody is left to answer


def _serve(connection: Any, cancel: Any, capture: Any, factory: str, factory_args: dict[str, Any],
           kind: DriverKind, setup: DriverSetup) -> None:
    try:
        driver = _load(factory)(kind, setup, **factory_args)
    except BaseException as error:  # noqa: BLE001 - everything goes back to the kiosk as a typed error
        connection.send(_error(error))
        return
    connection.send(("ready", {"version": getattr(driver, "version", None)}))
    try:
        while True:
            try:
                request = connection.recv()
            except (EOFError, OSError):
                break
            try:
                answer: tuple = ("result", _answer(driver, request, cancel, capture, connection))
            except (BrokenPipeError, ConnectionResetError):
                raise
            except BaseException as error:  # noqa: BLE001
                answer = _error(error)
            if getattr(driver, "stuck", False):
                # Native code hangs in a thread of this process: answer, then leave without cleaning up.
                connection.send(("retire", answer))
                os._exit(0)
            connection.send(answer)
    finally:
        driver.close()


def _answer(driver: Any, request: tuple, cancel: Any, capture: Any, connection: Any) -> Any:
    if request[0] == "list_devices":
        return driver.list_devices()
    if request[0] == "capabilities":
        return driver.capabilities(request[1])
    # A driver that can capture on demand (the camera) takes the trigger too.
    extra = {"capture": capture} if "capture" in inspect.signature(driver.scan).parameters else {}
    return driver.scan(request[1], cancel, lambda page: connection.send(("page", page)),
                       _ThrottledProgress(connection), **extra)


class _ThrottledProgress:
    """Sends progress in 5 % steps: SANE reports every line, the kiosk needs twenty updates a page."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection
        self._last = 0.0

    def __call__(self, step: Progress) -> None:
        if step.preview or step.fraction - self._last >= 0.05 or step.fraction < self._last or step.fraction >= 1.0:
            self._last = step.fraction
            self._connection.send(("progress", step))


def _error(error: BaseException) -> tuple:
    if isinstance(error, DeviceError):
        return ("error", error.kind, error.detail, "")
    return ("error", "DeviceError", f"{type(error).__name__}: {error}", traceback.format_exc())
