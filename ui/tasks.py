"""The one helper for background work (after Anki's `QueryOp`): run a function off the GUI thread, get its result
or its exception back on the GUI thread.

    Task(lambda job: build(pages), "save document", limit_s=60).success(show_saved).failure(show_problem).start()

The work gets a `Job`: `job.cancelled` (set by `cancel()`, by the time limit, or when the kiosk quits) for work
that can stop early, and `job.report(value)` for progress, delivered to `.progress(callback)` on the GUI thread.
The work never touches a widget: it returns plain data. After `cancel()` or the time limit, nothing more of the
task reaches the GUI (a late result is dropped); past the limit `failure` gets `TaskTimeout`, so every job ends
with a word to the citizen. Each task runs on its own daemon thread: a job stuck in a library cannot starve the
others (a shared pool of two threads on the kiosk's two cores could).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

from kiosk import log

Result = TypeVar("Result")
DEFAULT_LIMIT_S = 60.0


class TaskTimeout(Exception):
    """The task did not finish within its time limit."""


class Job:
    """What the work sees of its task: whether to stop, and a way to report progress."""

    def __init__(self, report: Callable[[object], None]) -> None:
        self.cancelled = threading.Event()
        self._report = report

    def report(self, value: object) -> None:
        """Send `value` to the task's progress callback (on the GUI thread, in order)."""
        if not self.cancelled.is_set():
            self._report(value)


class _Relay(QObject):
    """Lives on the GUI thread: signals emitted from the worker thread arrive there, queued."""

    done = Signal(object)
    failed = Signal(object)
    reported = Signal(object)


_running: set[Task[Any]] = set()  # a started task stays alive until it has ended


class Task(Generic[Result]):
    """One piece of background work; configure with `success`, `failure`, `progress`, then `start()`."""

    def __init__(self, work: Callable[[Job], Result], name: str, *, owner: QObject | None = None,
                 limit_s: float | None = DEFAULT_LIMIT_S) -> None:
        """`owner`: the screen or part the callbacks belong to; once it is gone the task is cancelled and reports
        nothing. `limit_s`: None only for work that bounds itself (a scan: the worker limits every page)."""
        self._work = work
        self.name = name
        self.limit_s = limit_s
        self._on_success: Callable[[Result], None] = lambda _result: None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_progress: Callable[[object], None] = lambda _value: None
        self._relay = _Relay()
        self._relay.done.connect(self._finish)
        self._relay.failed.connect(self._fail)
        self._relay.reported.connect(self._reported)
        self.job = Job(self._emit_report)
        self._ended = False
        self._timer: QTimer | None = None
        if owner is not None:
            owner.destroyed.connect(self.cancel)

    def success(self, callback: Callable[[Result], None]) -> Task[Result]:
        """Call `callback(result)` on the GUI thread when the work returns."""
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Task[Result]:
        """Call `callback(error)` on the GUI thread when the work raises or runs out of time. Without one, a
        failure is logged as an error (a bug nobody handles)."""
        self._on_failure = callback
        return self

    def progress(self, callback: Callable[[object], None]) -> Task[Result]:
        """Call `callback(value)` on the GUI thread for each `job.report(value)`."""
        self._on_progress = callback
        return self

    @property
    def running(self) -> bool:
        """Started and not yet ended (by a result, a failure, a time-out or `cancel()`)."""
        return self in _running

    def start(self) -> Task[Result]:
        """Run the work on its own thread."""
        _running.add(self)
        if self.limit_s is not None:
            self._timer = QTimer(self._relay)
            self._timer.setSingleShot(True)
            self._timer.timeout.connect(self._timed_out)
            self._timer.start(round(self.limit_s * 1000))
        threading.Thread(target=self._run, name=f"task: {self.name}", daemon=True).start()
        return self

    def cancel(self) -> None:
        """Stop caring: the work is asked to stop (`job.cancelled`), and no callback of this task runs again."""
        self.job.cancelled.set()
        self._end()

    def _run(self) -> None:
        try:
            result = self._work(self.job)
        except BaseException as error:  # noqa: BLE001 - every failure goes to the GUI thread, typed
            self._emit(self._relay.failed, error)
        else:
            self._emit(self._relay.done, result)

    def _emit_report(self, value: object) -> None:
        self._emit(self._relay.reported, value)

    @staticmethod
    def _emit(signal: SignalInstance, value: object) -> None:
        # A RuntimeError: the relay is gone, the application is shutting down and nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)

    def _end(self) -> bool:
        if self._ended:
            return False
        self._ended = True
        if self._timer is not None:
            with contextlib.suppress(RuntimeError):  # its relay went with the application
                self._timer.stop()
        _running.discard(self)
        return True

    def _finish(self, result: Result) -> None:
        if self._end():
            self._on_success(result)

    def _fail(self, error: BaseException) -> None:
        if self._end():
            self._report_failure(error)

    def _timed_out(self) -> None:
        self.job.cancelled.set()
        if self._end():
            log.shell.info("background task %r ran past its %.0f s limit", self.name, self.limit_s)
            self._report_failure(TaskTimeout(f"{self.name}: no result within {self.limit_s:.0f} s"))

    def _reported(self, value: object) -> None:
        if not self._ended:
            self._on_progress(value)

    def _report_failure(self, error: BaseException) -> None:
        if self._on_failure is None:
            log.shell.error("background task %r failed", self.name, exc_info=error)
            return
        self._on_failure(error)


def cancel_all() -> None:
    """The kiosk is quitting: every running task is asked to stop and reports nothing more."""
    for task in list(_running):
        task.cancel()
