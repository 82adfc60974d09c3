"""Runs one scan off the GUI thread and reports pages, progress and the outcome as Qt signals.

The driver call blocks for seconds per page (and the worker process may be slow to start), so it
runs on a plain thread; Qt queues the signals to the GUI thread. Cancel sets an event the driver
polls; the worker process guarantees an answer within a second even if the driver does not stop.
"""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QObject, Signal

from drivers.base import Progress
from drivers.errors import DeviceError
from kiosk import log
from kiosk.scanning.kinds import PaperKind
from kiosk.scanning.service import ScannerService

THUMB_HEIGHT = 180


def thumbnail(path: Path) -> np.ndarray:
    """A small copy of a saved page for the strip of scanned pages (made off the GUI thread)."""
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        return np.full((THUMB_HEIGHT, THUMB_HEIGHT * 210 // 297, 3), 255, np.uint8)
    scale = THUMB_HEIGHT / image.shape[0]
    return cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


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
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def busy(self) -> bool:
        """A scan is running."""
        return self._thread is not None and self._thread.is_alive()

    def start(self, kind: PaperKind, folder: Path) -> None:
        """Scan one side of `kind` into `folder`."""
        if self.busy:
            return
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(kind, folder, self._cancel), name="scan", daemon=True)
        self._thread.start()

    def capture_now(self) -> None:
        """A camera takes the picture now."""
        self.service.capture_now()

    def _progress(self, step: Progress) -> None:
        self.progress.emit(step.fraction)
        if step.preview:
            self.preview.emit(step.preview)

    def cancel(self) -> None:
        """Stop the scan; `failed(Cancelled)` follows within a second."""
        self._cancel.set()

    def _run(self, kind: PaperKind, folder: Path, cancel: threading.Event) -> None:
        try:
            self.service.scan(kind, folder, cancel, lambda path: self.page_saved.emit(str(path), thumbnail(path)),
                              self._progress)
        except DeviceError as error:
            self.failed.emit(error)
        except Exception as error:  # noqa: BLE001 - a bug must not leave the citizen in front of a frozen screen
            log.shell.exception("scan failed")
            self.failed.emit(DeviceError(f"{type(error).__name__}: {error}"))
        else:
            self.finished.emit()
