"""The event filter on the kiosk's window that keeps citizens inside the kiosk.

It sits on the QWindow, where every key, touch and click arrives before Qt hands it to a
widget: so it swallows the keys that would close, reload or leave the kiosk or open an OS
dialog, right clicks and context menus, Ctrl+wheel and pinch zoom; it reports each touch
(for the idle clock) and each tap in the admin corner (for the hidden gesture). A tap in that corner is
held back: an officer's five quick taps must not also press what lies under them (the scan screen's
"Quay lại" would end the citizen's scan before the PIN pad opens). A lone tap there — a citizen's, on
that "Quay lại" — is handed on to the window a moment later, when no second corner tap followed.

It is not an application-wide filter on purpose: PySide6 then wraps every object an event
goes to, including QtWebEngine's internal Qt Quick items, and crashes on their hover events.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QMouseEvent, QWheelEvent, QWindow

from kiosk.tap_gesture import CornerTaps

Key = Qt.Key
Mod = Qt.KeyboardModifier

# Keys blocked whatever the modifiers.
_ALWAYS_BLOCKED = {Key.Key_Escape, Key.Key_F11, Key.Key_F5, Key.Key_F12, Key.Key_Menu}
# Keys blocked with Ctrl (close, quit, new window/tab, reload, print, save, open, find, devtools).
_CTRL_BLOCKED = {
    Key.Key_W, Key.Key_Q, Key.Key_N, Key.Key_T, Key.Key_R, Key.Key_P, Key.Key_S, Key.Key_O,
    Key.Key_F, Key.Key_U, Key.Key_I, Key.Key_J, Key.Key_H, Key.Key_L, Key.Key_F4,
    Key.Key_Plus, Key.Key_Minus, Key.Key_Equal, Key.Key_0,
}
# Keys blocked with Alt (close window, browser back/forward/home).
_ALT_BLOCKED = {Key.Key_F4, Key.Key_Left, Key.Key_Right, Key.Key_Home, Key.Key_Space, Key.Key_Tab}

LONE_TAP_MS = 450  # an officer's next corner tap comes sooner; a citizen's tap there waits this long

_ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


def is_blocked_key(event: QKeyEvent) -> bool:
    """True for a key combination a citizen must not be able to use."""
    key = Key(event.key())
    modifiers = event.modifiers()
    if key in _ALWAYS_BLOCKED:
        return True
    if modifiers & Mod.ControlModifier and key in _CTRL_BLOCKED:
        return True
    return bool(modifiers & Mod.AltModifier and key in _ALT_BLOCKED)


class Lockdown(QObject):
    """Install on the kiosk window's QWindow; `activity` on every touch, `admin_gesture` on 5 corner taps."""

    activity = Signal()
    admin_gesture = Signal()

    def __init__(self, corner: QRect, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._corner = corner
        self._taps = CornerTaps()
        self._held = False  # a press in the corner was kept from the screens: so is its release
        self._kept: list[tuple[QWindow, QEvent.Type, QPointF, QPointF]] = []  # a lone corner tap, to hand on
        self._handing_on = False
        self._lone = QTimer(self)
        self._lone.setSingleShot(True)
        self._lone.setInterval(LONE_TAP_MS)
        self._lone.timeout.connect(self._hand_on)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(event, QKeyEvent):
            if is_blocked_key(event):
                event.accept()
                return True
        elif kind == QEvent.Type.ContextMenu:
            return True
        elif kind == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            if event.modifiers() & Mod.ControlModifier:
                return True  # no zoom by Ctrl+wheel: the portal screen has its own A+ / A−
        elif kind == QEvent.Type.NativeGesture:
            return True  # no pinch zoom either
        if kind in _ACTIVITY:
            self.activity.emit()
        if isinstance(event, QMouseEvent) and isinstance(watched, QWindow) and not self._handing_on:
            return self._mouse(watched, kind, event)
        return False  # (a lone corner tap handed on goes through as it is)

    def _mouse(self, window: QWindow, kind: QEvent.Type, event: QMouseEvent) -> bool:
        """True: the click is kept from the screens (not the left button, or a tap in the corner)."""
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            if event.button() != Qt.MouseButton.LeftButton:
                return True  # right and middle clicks open menus or paste: citizens need neither
            return self._check_corner(window, event)
        if kind == QEvent.Type.MouseButtonRelease and self._held:
            self._held = False
            if self._kept:
                self._kept.append((window, kind, event.position(), event.globalPosition()))
            return True
        return False

    def _check_corner(self, window: QWindow, event: QMouseEvent) -> bool:
        """Count a tap in the corner (True: it is held back from the screens)."""
        self._held = self._corner.contains(event.position().toPoint())
        if not self._held:
            self._hand_on()  # a tap elsewhere: the lone corner tap before it goes first
            self._taps.reset()
            return False
        now = time.monotonic()
        first = self._taps.recent(now) == 0
        self._kept = [(window, QEvent.Type.MouseButtonPress, event.position(), event.globalPosition())] \
            if first else []  # a second tap: an officer's gesture, nothing of it goes to the screens
        self._lone.stop()
        if first:
            self._lone.start()
        if self._taps.tap(now):
            self.admin_gesture.emit()
        return True

    def _hand_on(self) -> None:
        """No second corner tap came: the tap was the screen's after all (a citizen's "Quay lại")."""
        self._lone.stop()
        kept, self._kept = self._kept, []
        if len(kept) == 1:
            self._held = False  # the finger is still down: its own release goes to the screen
        self._handing_on = True
        try:
            for window, kind, position, global_position in kept:
                buttons = Qt.MouseButton.LeftButton if kind == QEvent.Type.MouseButtonPress \
                    else Qt.MouseButton.NoButton
                QGuiApplication.sendEvent(window, QMouseEvent(kind, position, global_position,
                                                              Qt.MouseButton.LeftButton, buttons,
                                                              Qt.KeyboardModifier.NoModifier))
        finally:
            self._handing_on = False
