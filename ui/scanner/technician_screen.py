"""The technician's scanner screen (behind the technician PIN): devices, network scanners, defaults per
paper kind, a test scan with preview, diagnostics to copy, and saving it all into the site config.

Every driver call runs off the GUI thread on a scanner service of its own, built from the form, so a
test never disturbs the kiosk's scanner until the settings are saved.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from drivers.errors import DeviceError
from kiosk import log
from kiosk.config.schema import ScannerSettings
from kiosk.config.writer import NotSaved, save_section
from kiosk.documents.files import read_page
from kiosk.documents.thumbnails import ScannedPage
from kiosk.scanning import diagnostics
from kiosk.scanning.kinds import PaperKind
from kiosk.scanning.service import ErrorRecord, ScannerService, network_scanners_at
from kiosk.scanning.setup import scanner_choice
from ui.scanner.technician_form import ScannerForm
from ui.tasks import Task
from ui.widgets import Screen, Translate, button, label, tell

PREVIEW_HEIGHT = 420
CALL_LIMIT_S = 180.0  # a test scan of one page: the worker's own page limit (120 s) comes first


class TechnicianScannerScreen(Screen):
    """Emits `saved(ScannerSettings)` after a successful save and `back_requested()`."""

    saved = Signal(object)
    back_requested = Signal()

    def __init__(self, scale: float, practice: bool, config_file: Path) -> None:
        super().__init__(scale, "TechnicianScannerScreen")
        self.practice = practice
        self.config_file = config_file
        self._tr: Translate | None = None
        self._opened = ScannerSettings()
        self._service: ScannerService | None = None
        self._kiosk_errors: list[ErrorRecord] = []
        self._found: list[Any] = []
        self.busy = False
        self.title = label("title", wrap=False)
        self.form = ScannerForm()
        self.form.add_url_requested.connect(self.check_url)
        self.devices_title = label("subtitle")
        self.devices = QListWidget()
        self.devices.setMinimumHeight(self.px(110))
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(self.px(300), self.px(300))
        self.preview.setStyleSheet("background: white; border: 2px solid #c9d3e3;")
        self.diagnostics_title = label("subtitle")
        self.diagnostics = QPlainTextEdit()
        self.diagnostics.setReadOnly(True)
        self.diagnostics.setMinimumHeight(self.px(200))
        self.diagnostics.setStyleSheet("font-family: monospace; font-size: 14px;")
        self.message = label("message")
        self.buttons = {name: button(kind=kind) for name, kind in (
            ("refresh", "tool"), ("test_scan", "tool"), ("copy", "tool"), ("save", "primary"), ("back", "quiet"))}
        for name, action in self.buttons.items():
            action.clicked.connect(getattr(self, name))
        footer = QHBoxLayout()
        footer.addWidget(self.message, 1)
        footer.addWidget(self.buttons["save"])
        footer.addWidget(self.buttons["back"])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(48), self.px(12), self.px(48), self.px(12))
        layout.setSpacing(self.px(8))
        layout.addWidget(self.title)
        layout.addWidget(self._build_body(), 1)
        layout.addLayout(footer)

    def _build_body(self) -> QScrollArea:
        left = QVBoxLayout()
        left.addWidget(self.devices_title)
        left.addWidget(self.devices, 1)
        left.addWidget(self.buttons["refresh"])
        left.addWidget(self.form)
        right = QVBoxLayout()
        test_row = QHBoxLayout()
        test_row.addWidget(self.preview, 1)
        right.addLayout(test_row, 2)
        right.addWidget(self.buttons["test_scan"])
        right.addWidget(self.diagnostics_title)
        right.addWidget(self.diagnostics, 1)
        right.addWidget(self.buttons["copy"])
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setSpacing(self.px(40))
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        scroller = QScrollArea()  # a technician's form may be taller than a 768-line screen: scroll, never grow
        scroller.setWidget(body)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        return scroller

    def retranslate(self, tr: Translate) -> None:
        self._tr = tr
        self.title.setText(tr("tech.title"))
        self.devices_title.setText(tr("tech.devices"))
        self.diagnostics_title.setText(tr("tech.diagnostics"))
        for name, action in self.buttons.items():
            action.setText(tr(f"tech.{name}"))
        self.form.retranslate(tr)

    def _say(self, key: str, tone: str = "", **params: object) -> None:
        if self._tr is not None:
            tell(self.message, self._tr(key, **params), tone)

    def _say_failed(self, error: DeviceError) -> None:
        # In the technician's language; the driver's own (English) detail is in the diagnostics below.
        if self._tr is not None:
            self._say("tech.test_failed", reason=self._tr(error.message_key))

    # --- opening and the service behind the form ---------------------------------------------

    def open(self, settings: ScannerSettings, kiosk_errors: list[ErrorRecord]) -> None:
        """Show the saved settings and look for devices."""
        self._opened = settings
        self._kiosk_errors = kiosk_errors
        self.form.show_settings(settings, [])
        self.preview.clear()
        self.message.clear()
        self.refresh()

    def _service_for_form(self) -> ScannerService:
        settings = self.form.read()
        if self._service is None or self._service.settings != settings:
            self.close_service()
            self._service = ScannerService(scanner_choice(settings, self.practice), settings)
        return self._service

    def close_service(self) -> None:
        """Stop the screen's own driver (leaving the screen, or before the settings change)."""
        if self._service is not None:
            service, self._service = self._service, None
            # Never wait on a driver here: closing a worker can take a few seconds.
            Task(lambda _job: service.close(), "close technician scanner", limit_s=CALL_LIMIT_S).start()

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """One driver call at a time, off the GUI thread; the buttons wait meanwhile. A failure that is not a
        device error (a bug) is logged and shown as one."""
        if self.busy:
            return
        self.busy = True
        for action in (self.buttons["refresh"], self.buttons["test_scan"]):
            action.setEnabled(False)

        def finish(result: Any) -> None:
            self.busy = False
            for action in (self.buttons["refresh"], self.buttons["test_scan"]):
                action.setEnabled(True)
            done(result)

        def failed(error: BaseException) -> None:
            if not isinstance(error, DeviceError):
                log.shell.error("technician scanner call failed", exc_info=error)
                error = DeviceError(f"{type(error).__name__}: {error}")
            finish(error)

        Task(lambda _job: work(), "technician scanner call", owner=self, limit_s=CALL_LIMIT_S).success(finish) \
            .failure(failed).start()

    # --- actions -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Look for devices with the form's settings; fill the list and the diagnostics."""
        service = self._service_for_form()
        self._say("tech.searching", "busy")

        def find() -> Any:
            try:
                devices = service.devices() if service.available else []
                return [(device, service.driver().capabilities(device)) for device in devices]
            except DeviceError as error:
                service.record(error)
                return error

        self._run(find, self._found_devices)

    def _found_devices(self, result: Any) -> None:
        self._found = [] if isinstance(result, DeviceError) else result
        self.devices.clear()
        for device, capabilities in self._found:
            sources = ", ".join(source.value for source in capabilities.sources)
            self.devices.addItem(f"{device.label}\n{device.id} · {device.address} · {sources}")
        settings = self.form.read()
        self.form.show_settings(settings, [device for device, _ in self._found])
        if isinstance(result, DeviceError):
            self._say_failed(result)
        else:
            self._say("tech.found", "good", count=len(self._found))
        self._show_diagnostics()

    def _show_diagnostics(self) -> None:
        service = self._service_for_form()
        errors = sorted([*self._kiosk_errors, *service.errors], key=lambda record: record.at)
        self.diagnostics.setPlainText(diagnostics.report(service.choice, self._found, errors, service.driver_version()))

    def check_url(self, url: str) -> None:
        """"Thêm": ask the address for its capabilities before adding it."""
        if not url:
            return
        self._say("tech.checking", "busy", url=url)

        def check() -> Any:
            try:
                return network_scanners_at(url)
            except DeviceError as error:
                return error

        def checked(devices: Any) -> None:
            if devices and not isinstance(devices, DeviceError):
                self.form.add_url(url)
                self._say("tech.url_ok", "good", name=devices[0].label)
            else:
                self._say("tech.url_bad", url=url)

        self._run(check, checked)

    def test_scan(self) -> None:
        """One A4 page with the form's settings, shown as a preview."""
        service = self._service_for_form()
        self._say("tech.test_scanning", "busy")

        def scan() -> Any:
            folder = Path(tempfile.mkdtemp(prefix="kiosk-test-scan-"))
            started = time.monotonic()
            pages: list[ScannedPage] = []
            try:
                service.scan(PaperKind.A4, folder, threading.Event(), pages.append)
                image, _ = read_page(pages[0].path)
                scale = PREVIEW_HEIGHT / image.shape[0]
                small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
                return small, image.shape, time.monotonic() - started
            except DeviceError as error:
                return error
            finally:
                shutil.rmtree(folder, ignore_errors=True)  # a test page is never kept

        self._run(scan, self._scanned)

    def _scanned(self, result: Any) -> None:
        if isinstance(result, DeviceError):
            self._say_failed(result)
        else:
            small, shape, seconds = result
            qimage = QImage(small.data, small.shape[1], small.shape[0], small.strides[0],
                            QImage.Format.Format_BGR888)
            self.preview.setPixmap(QPixmap.fromImage(qimage.copy()))
            self._say("tech.test_done", "good", width=shape[1], height=shape[0], dpi=self.form.read().a4_dpi,
                      seconds=f"{seconds:.1f}")
        self._show_diagnostics()

    def copy(self) -> None:
        """"Sao chép chẩn đoán": the report on the clipboard."""
        QGuiApplication.clipboard().setText(self.diagnostics.toPlainText())
        self._say("tech.copied", "good")

    def save(self) -> None:
        """Write the changed settings into the site config."""
        settings = self.form.read()
        changed = {field.name: getattr(settings, field.name) for field in dataclasses.fields(settings)
                   if getattr(settings, field.name) != getattr(self._opened, field.name)}
        try:
            if changed:
                save_section(self.config_file, "scanner", changed)
        except NotSaved as refused:
            self._say("tech.not_saved", problems="; ".join(problem.key for problem in refused.problems))
            return
        except OSError as error:
            self._say("tech.not_saved", problems=error.strerror or str(error))
            return
        log.audit.info("technician saved scanner settings (%s)", ", ".join(sorted(changed)) or "no change")
        self._opened = settings
        self._say("tech.saved", "good", path=self.config_file)
        self.saved.emit(settings)

    def back(self) -> None:
        """Leave; the screen's own driver stops."""
        self.close_service()
        self.back_requested.emit()
