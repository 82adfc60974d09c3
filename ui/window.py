"""The frameless fullscreen window citizens cannot close: banners on top, screens below."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QResizeEvent, QShowEvent, QWindow
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from kiosk import log
from ui.keyboard import KeyboardPanel
from ui.keyboard import enabled as keyboard_enabled
from ui.officer_bar import OfficerBar
from ui.touch_scroll import scroll_by_touch_within
from ui.widgets import Banner


class ScreenStack(QStackedWidget):
    """The screens, one shown at a time, needing only the shown screen's height (Qt's own stack needs its tallest
    screen's, which while the keyboard is up would scroll even screens that fit)."""

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def addWidget(self, widget: QWidget) -> int:
        """A screen joins: its lists and tall forms follow a finger (ui/touch_scroll.py)."""
        scroll_by_touch_within(widget)
        return super().addWidget(widget)

    def minimumSizeHint(self) -> QSize:
        current = self.currentWidget()
        return current.minimumSizeHint() if current is not None else super().minimumSizeHint()

    def heightForWidth(self, _width: int) -> int:  # what QScrollArea asks
        # A layout's height-for-width is its preferred height; the scroll area must only keep the minimum.
        return self.minimumSizeHint().height()


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
        self.stack = ScreenStack()
        # The screens scroll only while the on-screen keyboard takes the bottom of the window: a screen taller
        # than what is left (a QStackedWidget is as tall as its tallest screen) must not make the window grow.
        self.screens = QScrollArea()
        self.screens.setObjectName("Screens")
        self.screens.setWidget(self.stack)
        self.screens.setWidgetResizable(True)
        self.screens.setFrameShape(QFrame.Shape.NoFrame)
        self.screens.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.screens.viewport().setAutoFillBackground(False)
        # The on-screen keyboard, shown only while typing. It is part of the window from the start (a Qt Quick
        # widget added to a shown window makes Qt recreate the window, which loses its focus), but its QML loads
        # just after the window is first drawn, so the attract screen does not wait for it (median start to first paint:
        # 0.36 s without a keyboard, 0.74 s loading it at once, 0.58-0.64 s like this; bench/startup.py).
        self.keyboard: KeyboardPanel | None = KeyboardPanel(self) if keyboard_enabled() else None
        self._keyboard_pending = self.keyboard is not None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.technician_banner)
        layout.addWidget(self.practice_banner)
        layout.addWidget(self.officer_bar)
        layout.addWidget(self.screens, 1)
        if self.keyboard is not None:
            layout.addWidget(self.keyboard)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.keyboard is not None:
            self.keyboard.fit(event.size().width(), event.size().height())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        handle = self.windowHandle()
        if self._keyboard_pending and handle is not None:
            handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The keyboard loads once the window was first drawn on the screen: Qt draws a window as its first expose
        # is handled, and the timer runs after that. Not at the window's own first paint: with no banner showing
        # (staff PINs set, not practising) the screens cover it all and it never paints (issue 20, trap 0).
        if self._keyboard_pending and event.type() == QEvent.Type.Expose and isinstance(watched, QWindow) \
                and watched.isExposed():
            self._keyboard_pending = False
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._load_keyboard)
        return False

    def _load_keyboard(self) -> None:
        if self.keyboard is None:
            return
        if self.keyboard.load():
            self.keyboard.fit(self.width(), self.height())
        else:
            log.shell.warning("the on-screen keyboard did not load (%s): typing needs a real keyboard",
                              "; ".join(error.toString() for error in self.keyboard.errors()))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.exit_allowed:
            event.accept()
            return
        log.shell.info("close request refused")
        event.ignore()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange and self.isMinimized() and not self.exit_allowed:
            QTimer.singleShot(0, self.restore)

    def restore(self) -> None:
        """Back to fullscreen (or normal in windowed development mode)."""
        if self.fullscreen:
            # Without a window manager (a bare X session, Xvfb) nobody sizes a fullscreen window: do it here.
            self.setGeometry(self.screen().geometry())
            self.showFullScreen()
        else:
            self.showNormal()
        self.activateWindow()
