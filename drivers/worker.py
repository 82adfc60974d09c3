"""Native drivers run in a worker process, so a driver that crashes or hangs cannot take the kiosk with it.

`WorkerDriver` implements the driver interface in the kiosk's process and forwards each call to a
spawned child that holds the real driver; every message is a typed record of drivers/worker_protocol.py.
Pages come back one by one as they are scanned. When the child dies (a segfault in libsane) or stays
silent past the page timeout, the call raises `DriverCrashed`, the child is killed, and the next call
starts a fresh one. Pages delivered before the fault stay with the caller. A driver that got stuck in
native code after its work was done (SANE hanging in `sane_cancel`) sets `stuck`: the child then sends
its last answer inside a `Retire` and exits, so the kiosk still gets the real outcome and the next call
a fresh child.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import multiprocessing.synchronize
import os
import time
import traceback
from collections.abc import Callable, Mapping
from typing import NoReturn, TypeVar

from drivers.base import (
    CancelFlag,
    Capabilities,
    Device,
    DriverKind,
    DriverSetup,
    PageCallback,
    Progress,
    ProgressCallback,
    ScanDriver,
    ScanOptions,
)
from drivers.errors import Cancelled, DeviceError, DriverCrashed, rebuild
from drivers.log import scanner as log
from drivers.worker_protocol import (
    Answer,
    CapabilitiesRead,
    DevicesFound,
    Failed,
    ListDevices,
    Message,
    PageScanned,
    Previewed,
    Progressed,
    ReadCapabilities,
    Ready,
    Request,
    Retire,
    ScanFinished,
    StartScan,
)

DEFAULT_FACTORY = "drivers.factory:open_driver"
START_TIMEOUT_S = 30.0
CALL_TIMEOUT_S = 30.0
CANCEL_GRACE_S = 1.0  # a cancelled driver that is still busy after this is killed
POLL_S = 0.05
PROGRESS_STEP = 0.05  # the kiosk needs twenty progress updates a page, SANE reports every line

Connection = multiprocessing.connection.Connection
Event = multiprocessing.synchronize.Event
DriverFactory = Callable[..., ScanDriver]
Expected = TypeVar("Expected", DevicesFound, CapabilitiesRead, ScanFinished)




class WorkerDriver:
    """The driver of `kind`, run in a child process. Not thread-safe: one call at a time."""

    def __init__(self, kind: DriverKind, setup: DriverSetup, factory: str = DEFAULT_FACTORY,
                 factory_args: Mapping[str, object] | None = None) -> None:
        self.kind = kind
        self._setup = setup
        self._factory = factory
        self._factory_args = dict(factory_args or {})
        self._context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt
        self._process: multiprocessing.context.SpawnProcess | None = None
        self._connection: Connection | None = None
        self._cancel = self._context.Event()
        self._capture = self._context.Event()
        self.version = ""
        self.stuck = False  # a stuck worker is replaced at once, so the kiosk's side never stays stuck

    def _start(self) -> tuple[Connection, multiprocessing.context.SpawnProcess]:
        if self._process is not None and self._process.is_alive() and self._connection is not None:
            return self._connection, self._process
        self._stop()
        ours, theirs = self._context.Pipe()
        self._cancel = self._context.Event()
        self._capture = self._context.Event()
        start = WorkerStart(self._factory, self._factory_args, self.kind, self._setup)
        process = self._context.Process(target=serve, name=f"scanner-{self.kind.value}", daemon=True,
                                        args=(theirs, Triggers(self._cancel, self._capture), start))
        process.start()
        theirs.close()
        self._connection, self._process = ours, process
        message = self._receive(ours, process, START_TIMEOUT_S, "start")
        if not isinstance(message, Ready):
            self._crashed(f"the worker started with {type(message).__name__}, not Ready")
        self.version = message.version
        return ours, process

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

    @property
    def pid(self) -> int | None:
        """The worker's process id while it runs (for diagnostics and tests)."""
        return self._process.pid if self._process is not None and self._process.is_alive() else None

    def _receive(self, connection: Connection, process: multiprocessing.context.SpawnProcess, timeout: float,
                 what: str) -> Message:
        """The next message from the worker; a worker error is raised as its typed error."""
        deadline = time.monotonic() + timeout
        try:
            while not connection.poll(POLL_S):
                if self._connection is not connection:
                    raise Cancelled(f"the driver was closed during {what}")
                if not process.is_alive():
                    self._crashed(f"worker exited with code {process.exitcode} during {what}")
                if time.monotonic() > deadline:
                    self._crashed(f"no answer from the driver within {timeout:.0f} s during {what}")
            message: Message = connection.recv()
        except (EOFError, OSError):
            if self._connection is not connection:
                raise Cancelled(f"the driver was closed during {what}") from None
            process.join(1)  # the pipe closes a moment before the exit status is known
            self._crashed(f"worker exited with code {process.exitcode} during {what}")
        if isinstance(message, Retire):  # the worker's native code hung after this answer; the worker has left
            log.warning("scanner worker retired after %s; the next call starts a fresh one", what)
            self._stop()
            message = message.answer
        if isinstance(message, Failed):
            if message.trace:
                log.error("driver failed during %s:\n%s", what, message.trace)
            raise rebuild(message.kind, message.detail)
        return message

    def _crashed(self, detail: str) -> NoReturn:
        log.error("scanner driver crashed: %s", detail)
        self._stop()
        raise DriverCrashed(detail)

    def _call(self, request: Request, expected: type[Expected]) -> Expected:
        connection, process = self._start()
        connection.send(request)
        answer = self._receive(connection, process, CALL_TIMEOUT_S, type(request).__name__)
        if not isinstance(answer, expected):
            self._crashed(f"the worker answered {type(answer).__name__} to {type(request).__name__}")
        return answer

    def list_devices(self) -> list[Device]:
        """The devices the configured backends find."""
        return list(self._call(ListDevices(), DevicesFound).devices)

    def capabilities(self, device: Device) -> Capabilities:
        """What `device` can do, read from its options."""
        return self._call(ReadCapabilities(device), CapabilitiesRead).capabilities

    def scan(self, options: ScanOptions, cancel: CancelFlag, on_page: PageCallback,
             on_progress: ProgressCallback | None = None, *, capture: CancelFlag | None = None) -> int:
        """Scan `options`, delivering each finished page; see `ScanDriver.scan`."""
        connection, process = self._start()
        self._cancel.clear()
        self._capture.clear()
        connection.send(StartScan(options))
        cancelled_at: float | None = None
        page_started = time.monotonic()
        while True:
            cancelled_at = self._pass_on(cancel, capture, cancelled_at)
            if time.monotonic() - page_started > self._setup.page_timeout_s:
                self._crashed(f"no page within {self._setup.page_timeout_s:.0f} s")
            if not _ready(connection):
                if self._connection is not connection:
                    raise Cancelled("the driver was closed while scanning")
                if not process.is_alive():
                    self._crashed(f"worker exited with code {process.exitcode} while scanning")
                continue
            message = self._receive(connection, process, CALL_TIMEOUT_S, "scan")
            if isinstance(message, PageScanned):
                page_started = time.monotonic()  # progress alone does not count: a page must finish in time
                try:
                    on_page(message.page)
                except BaseException:
                    self._stop()  # the caller gave up on this scan (no room for the page): the worker must not go on
                    raise
            elif isinstance(message, Progressed | Previewed):
                if on_progress is not None:
                    on_progress(message.progress)
            elif isinstance(message, ScanFinished):
                return message.pages
            else:
                self._crashed(f"the worker sent {type(message).__name__} while scanning")


    def _pass_on(self, cancel: CancelFlag, capture: CancelFlag | None, cancelled_at: float | None) -> float | None:
        """Hand the caller's cancel and capture to the worker's own events; stop a worker that ignores a cancel.
        Returns when the cancel was first seen."""
        if cancel.is_set() and cancelled_at is None:
            self._cancel.set()
            cancelled_at = time.monotonic()
        if capture is not None and capture.is_set():
            self._capture.set()  # the worker's own event: the driver there takes the picture
        if cancelled_at is not None and time.monotonic() - cancelled_at > CANCEL_GRACE_S:
            log.warning("driver still busy %.1f s after cancel: stopping its worker", CANCEL_GRACE_S)
            self._stop()
            raise Cancelled("the driver did not stop in time; its worker was stopped")
        return cancelled_at


def _ready(connection: Connection) -> bool:
    try:
        return connection.poll(POLL_S)
    except (EOFError, OSError):
        return True  # let _receive say what happened


def _load(factory: str) -> DriverFactory:
    module, _, name = factory.partition(":")
    loaded: DriverFactory = getattr(importlib.import_module(module), name)
    return loaded


@dataclasses.dataclass(frozen=True)
class WorkerStart:
    """What the worker builds its driver from: `factory` ("module:function") called as
    `factory(kind, setup, **factory_args)` (tests pass a fault-injecting driver this way)."""

    factory: str
    factory_args: dict[str, object]
    kind: DriverKind
    setup: DriverSetup


@dataclasses.dataclass(frozen=True)
class Triggers:
    """The two events the kiosk sets while a scan runs: stop, and take the picture now."""

    cancel: Event
    capture: Event


def serve(connection: Connection, triggers: Triggers, start: WorkerStart) -> None:
    """The worker process: build the driver, then answer requests until the pipe closes."""
    with contextlib.suppress(BrokenPipeError, ConnectionResetError, EOFError):
        # Suppressed: the kiosk closed the driver (or quit), so nobody is left to answer.
        try:
            driver = _load(start.factory)(start.kind, start.setup, **start.factory_args)
        except BaseException as error:  # noqa: BLE001 - everything goes back to the kiosk as a typed error
            connection.send(_failed(error))
            return
        connection.send(Ready(driver.version))
        try:
            _answer_requests(driver, connection, triggers)
        finally:
            driver.close()


def _answer_requests(driver: ScanDriver, connection: Connection, triggers: Triggers) -> None:
    while True:
        try:
            request: Request = connection.recv()
        except (EOFError, OSError):
            return
        try:
            answer = _answer(driver, request, triggers, connection)
        except (BrokenPipeError, ConnectionResetError):
            raise
        except BaseException as error:  # noqa: BLE001 - a driver's failure is the kiosk's to show
            answer = _failed(error)
        if driver.stuck:
            # Native code hangs in a thread of this process: answer, then leave without cleaning up.
            connection.send(Retire(answer))
            os._exit(0)
        connection.send(answer)


def _answer(driver: ScanDriver, request: Request, triggers: Triggers, connection: Connection) -> Answer:
    if isinstance(request, ListDevices):
        return DevicesFound(tuple(driver.list_devices()))
    if isinstance(request, ReadCapabilities):
        return CapabilitiesRead(driver.capabilities(request.device))
    count = driver.scan(request.options, triggers.cancel, lambda page: connection.send(PageScanned(page)),
                        _ThrottledProgress(connection), capture=triggers.capture)
    return ScanFinished(count)


class _ThrottledProgress:
    """Sends progress in 5 % steps (SANE reports every line) and every preview a camera makes."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._last = 0.0

    def __call__(self, step: Progress) -> None:
        if step.preview:
            self._last = step.fraction
            self._connection.send(Previewed(step))
        elif step.fraction - self._last >= PROGRESS_STEP or step.fraction < self._last or step.fraction >= 1.0:
            self._last = step.fraction
            self._connection.send(Progressed(step))


def _failed(error: BaseException) -> Failed:
    if isinstance(error, DeviceError):
        return Failed(error.kind, error.detail)
    return Failed("DeviceError", f"{type(error).__name__}: {error}", traceback.format_exc())
