"""The frameless fullscreen window citizens cannot close: banners on top, screens below."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk import log
from ui.keyboard import KeyboardPanel
from ui.keyboard import enabled as keyboard_enabled
from ui.officer_bar import OfficerBar
from ui.widgets import Banner


class KioskWindow(QWidget):
    """Refuses close events unless staff asked to exit; comes back if minimised."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.exit_allowed = False
        self.fullscreen = True
        self.technician_banner = Banner("technician")
        self.practice_banner = Banner("practice")
        self.officer_bar = OfficerBar()
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.technician_banner)
        layout.addWidget(self.practice_banner)
        layout.addWidget(self.officer_bar)
        layout.addWidget(self.stack, 1)
        self.keyboard = KeyboardPanel() if keyboard_enabled() else None  # shown only while typing
        if self.keyboard is not None:
            layout.addWidget(self.keyboard)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self.keyboard is not None:
            self.keyboard.fit(event.size().width(), event.size().height())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.exit_allowed:
            event.accept()
            return
        log.shell.info("close request refused")
        event.ignore()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange and self.isMinimized() and not self.exit_allowed:
            QTimer.singleShot(0, self.restore)

    def restore(self) -> None:
        """Back to fullscreen (or normal in windowed development mode)."""
        if self.fullscreen:
            self.showFullScreen()
        else:
            self.showNormal()
        self.activateWindow()
