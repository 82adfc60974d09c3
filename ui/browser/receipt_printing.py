"""Printing a PDF the citizen sees (the portal's receipt; later the appointment slip) through kiosk/printing, off
the GUI thread: "Đang in…" while CUPS works, "Đã in xong" once CUPS reports the job completed, or the fault's
plain message. No OS dialog, ever. The technician's detail of a fault goes to the log (and `kiosk doctor`).

The first print of a session registers the session's purge of the queue: at its end every job and job record
there is cancelled and removed (kiosk/printing/job.py), and a print still running is abandoned.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk import log
from kiosk.printing.faults import FaultKind, PrintFault
from kiosk.printing.job import JOB_LIMIT_S, Printed, print_pdf, purge_session_jobs, resolve_queue
from kiosk.session import Session
from ui.tasks import Task, TaskTimeout

TASK_MARGIN_S = 10.0  # beyond the job's own limit: the last CUPS calls and the cancel of a stuck job
PURGE_LIMIT_S = 15.0


class ReceiptPrinter(QObject):
    """`print_file(path, session)` prints one PDF; `status(text_key, tone)` says how it goes (keys of the
    catalogue: the screen translates and shows them). One print at a time: a second "In" while one runs does
    nothing (no copies by accident)."""

    status = Signal(str, str)  # catalogue key, tone ("busy", "good", or "" for a problem)
    busy_changed = Signal(bool)

    def __init__(self, queue: Callable[[], str]) -> None:
        """`queue()`: the configured queue now ("" for CUPS's default), read at each print: a technician may
        have chosen another since."""
        super().__init__()
        self._queue = queue
        self._task: Task[Printed] | None = None
        self._purged: set[str] = set()  # session ids whose purge is registered

    @property
    def printing(self) -> bool:
        """A print is under way."""
        return self._task is not None and self._task.running

    def print_file(self, path: str, session: Session | None) -> None:
        """Print the PDF at `path` for the citizen of `session`."""
        if self.printing or session is None or session.ended:
            return
        queue = self._queue()
        self._register_purge(session, queue)
        self.status.emit("pdf.printing", "busy")
        self.busy_changed.emit(True)
        self._task = Task(lambda job: print_pdf(Path(path).read_bytes(), queue, job.cancelled), "print",
                          owner=self, limit_s=JOB_LIMIT_S + TASK_MARGIN_S)
        self._task.success(self._printed).failure(self._failed).start()

    def _printed(self, printed: Printed) -> None:
        log.audit.info("printed a document (job %d on %s)", printed.job_id, printed.queue)
        self.busy_changed.emit(False)
        self.status.emit("pdf.printed", "good")

    def _failed(self, error: BaseException) -> None:
        self.busy_changed.emit(False)
        if isinstance(error, TaskTimeout):
            error = PrintFault(FaultKind.JOB_STUCK, self._queue(), "no result from the print task")
        if not isinstance(error, PrintFault):
            log.shell.error("printing failed unexpectedly", exc_info=error)
            error = PrintFault(FaultKind.JOB_ABORTED, self._queue(), type(error).__name__)
        log.admin.info("print fault %s on %r: %s", error.kind.value, error.queue, error.detail)
        self.status.emit(error.message_key, "")

    def _register_purge(self, session: Session, configured: str) -> None:
        if session.id in self._purged:
            return
        self._purged.add(session.id)
        session.add_cleanup("print jobs", lambda: self._purge(configured))

    def _purge(self, configured: str) -> None:
        if self._task is not None:
            self._task.cancel()  # its job goes with the purge; nothing more reaches the next citizen's screen
        self.busy_changed.emit(False)
        self.status.emit("", "")
        Task(lambda _job: purge_session_jobs({resolve_queue(configured)}), "purge print jobs",
             limit_s=PURGE_LIMIT_S).success(_purged).failure(_purge_failed).start()


def _purged(whole_history: bool) -> None:
    if not whole_history:
        log.admin.info("print jobs cancelled at session end; CUPS refused to purge their records (Purge-Jobs)")


def _purge_failed(error: BaseException) -> None:
    if isinstance(error, PrintFault) and error.kind in (FaultKind.CUPS_DOWN, FaultKind.NO_PRINTER):
        log.admin.info("no print jobs to purge at session end: %s", error)  # nothing could be queued either
        return
    log.admin.warning("print jobs not purged at session end: %s", error)


