"""Runs one scan as a background task and reports pages, progress and the outcome as Qt signals.

The driver call blocks for seconds per page (and the worker process may be slow to start), so it runs as a
`Task` (ui/tasks.py) with no time limit of its own: the worker process limits every page. Each page's
thumbnail is made there too, from the pixels just scanned, so the GUI thread never decodes a page. Cancel sets
the task's flag, which the driver polls; the worker guarantees an answer within a second even if it does not stop.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from drivers.base import Progress
from drivers.errors import Cancelled, DeviceError
from kiosk import log
from kiosk.documents.thumbnails import ScannedPage
from kiosk.scanning.kinds import PaperKind
from kiosk.scanning.service import ScannerService
from kiosk.session import SessionGone
from ui.tasks import Job, Task


class ScanRunner(QObject):
    """`page_saved(path, thumbnail)`, `progress(fraction)`, `preview(jpeg)` from a camera, then `finished()`
    or `failed(DeviceError)`."""

    page_saved = Signal(str, object)
    progress = Signal(float)
    preview = Signal(bytes)
    finished = Signal()
    failed = Signal(object)

    def __init__(self, service: ScannerService) -> None:
        super().__init__()
        self.service = service
        self._task: Task[int] | None = None

    @property
    def busy(self) -> bool:
        """A scan is running."""
        return self._task is not None and self._task.running

    def start(self, kind: PaperKind, folder: Path) -> None:
        """Scan one side of `kind` into `folder`."""
        if self.busy:
            return

        def scan(job: Job) -> int:
            return self.service.scan(kind, folder, job.cancelled, job.report, job.report)

        # No limit here: the worker process limits every page (DriverSetup.page_timeout_s).
        self._task = Task(scan, "scan", owner=self, limit_s=None).progress(self._reported).success(
            lambda _count: self.finished.emit()).failure(self._failed)
        self._task.start()

    def capture_now(self) -> None:
        """A camera takes the picture now."""
        self.service.capture_now()

    def cancel(self) -> None:
        """Stop the scan; `failed(Cancelled)` follows within a second."""
        if self._task is not None:
            self._task.job.cancelled.set()

    def _reported(self, value: object) -> None:
        if isinstance(value, ScannedPage):
            self.page_saved.emit(str(value.path), value.thumbnail)
        elif isinstance(value, Progress):
            self.progress.emit(value.fraction)
            if value.preview:
                self.preview.emit(value.preview)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, SessionGone):  # a page finished after the session ended: refused (and logged)
            error = Cancelled("the session ended during the scan")
        elif not isinstance(error, DeviceError):  # a bug must not leave the citizen in front of a frozen screen
            log.shell.error("scan failed", exc_info=error)
            error = DeviceError(f"{type(error).__name__}: {error}")
        self.failed.emit(error)
