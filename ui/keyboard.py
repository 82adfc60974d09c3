"""The on-screen keyboard: Qt Virtual Keyboard with its Vietnamese layout (accented letters by a long press on
a vowel or on d), for every text field of the kiosk's screens and of the portal page.

It lives inside the kiosk window, under the screens (`KeyboardPanel`, a Qt Quick widget with Qt's InputPanel,
ui/keyboard.qml), not in a window of its own: so the screens make room above it (a screen taller than what is
left scrolls, ui/window.py) and the field being typed into stays in sight, its taps reach the kiosk's event
filter (activity for the idle clock), and screenshots show it.
Qt brings it up when a text field is touched and takes it away when the focus leaves, or when its hide key is
tapped: then it stays away, even while the field keeps its focus, until the next tap outside the band (QtWebEngine
asks for it again whenever the page reports its field, e.g. after the view grew back); a tap on the field brings it
back.

The Vietnamese layout types without word prediction, so nothing a citizen types is learned or stored.

Loading its QML must happen with Qt's default message handler in place: Qt loads QML on a loader thread while
the GUI thread waits, and a Qt message logged from that thread through a Python handler needs the Python lock
the waiting GUI thread holds — both would wait for ever.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, QUrl, qInstallMessageHandler
from PySide6.QtGui import QColor, QGuiApplication, QMouseEvent, QTouchEvent
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

IM_MODULE = "qtvirtualkeyboard"
QML = Path(__file__).with_name("keyboard.qml")
SCREEN_SHARE = 0.45  # the band's height at most this part of the window's (keys ~77 px wide at 1366x768)
ASPECT = 0.3125  # Qt's keyboard style: height = width x this
ROOM = 0.3  # above the keys, this part of their height: where a long press shows the accented letters


def enable() -> None:
    """Use the on-screen keyboard, inside the kiosk window; call before the QApplication exists."""
    os.environ["QT_IM_MODULE"] = IM_MODULE
    os.environ["QT_VIRTUALKEYBOARD_DESKTOP_DISABLE"] = "1"  # no window of its own: KeyboardPanel shows it


def enabled() -> bool:
    """Whether this process uses the on-screen keyboard."""
    return os.environ.get("QT_IM_MODULE") == IM_MODULE


class KeyboardPanel(QQuickWidget):
    """The keyboard band at the bottom of the kiosk window: shown while Qt wants a keyboard, hidden otherwise."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("KeyboardPanel")
        self.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        self.setClearColor(QColor("#1e2328"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a tap on a key leaves the focus in the field typed into
        self.loaded = False
        self.put_away = False  # hidden by the hide key, no tap outside the band since: Qt's asking is not the citizen's
        self._last_tap_on_keys = False
        self._taps = _Taps(self)
        self.hide()
        QGuiApplication.inputMethod().visibleChanged.connect(self._follow)

    def load(self) -> bool:
        """Load the keyboard's QML (about 0.4 s: done once the kiosk has painted its first screen)."""
        previous = qInstallMessageHandler(None)  # see the module's note
        try:
            self.setSource(QUrl.fromLocalFile(str(QML)))
        finally:
            qInstallMessageHandler(previous)
        self.loaded = self.status() == QQuickWidget.Status.Ready
        window = self.window().windowHandle()
        if window is not None:  # where every tap arrives first (not the application: see docs/platform-facts.md)
            window.installEventFilter(self._taps)
        return self.loaded

    def fit(self, width: int, height: int) -> None:
        """Size the keys for a window of this size."""
        panel_width = min(width, int(height * SCREEN_SHARE / (ASPECT * (1 + ROOM))))
        keys = int(panel_width * ASPECT)
        root = self.rootObject()
        if root is not None:
            root.setProperty("panelWidth", panel_width)
            root.setProperty("room", int(keys * ROOM))
        self.setFixedHeight(keys + int(keys * ROOM))

    def _follow(self) -> None:
        shown = self.loaded and QGuiApplication.inputMethod().isVisible()
        if shown and self.put_away:
            QGuiApplication.inputMethod().hide()  # no tap since it went away: the citizen's hide key still holds
            return
        if shown != self.isVisible():
            self.setVisible(shown)
            # Put away by the citizen only when the last tap was on the keys (the hide key): a keyboard that went
            # because the field went (a tap on a link, another page) comes back for the next field, whoever
            # focuses it. (Whether a field still has the focus cannot tell: QtWebEngine's answer is stale then.)
            self.put_away = not shown and self._last_tap_on_keys
            if shown:
                QTimer.singleShot(0, _focus_in_sight)

    def tapped(self, on_keys: bool) -> None:
        """A tap in the window: on the keys, or elsewhere (whatever it touched may bring the keyboard again)."""
        self._last_tap_on_keys = on_keys
        if not on_keys:
            self.put_away = False


class _Taps(QObject):
    """On the kiosk window's QWindow: tells the keyboard of every press, on its band or not."""

    def __init__(self, panel: KeyboardPanel) -> None:
        super().__init__(panel)
        self._panel = panel

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        points: list[QPoint] = []
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            points = [event.position().toPoint()]
        elif event.type() == QEvent.Type.TouchBegin and isinstance(event, QTouchEvent):
            points = [point.position().toPoint() for point in event.points()]
        panel = self._panel
        band = QRect(panel.mapTo(panel.window(), QPoint(0, 0)), panel.size())
        if points:
            panel.tapped(all(panel.isVisible() and band.contains(point) for point in points))
        return False


def _focus_in_sight() -> None:
    """The screens just shrank above the keyboard: a field inside a scroll area scrolls into sight (the portal
    page scrolls its own field, ui/browser/page.py)."""
    focus = QApplication.focusWidget()
    parent = focus.parentWidget() if focus is not None else None
    while focus is not None and parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(focus)
            return
        parent = parent.parentWidget()
