"""Typing on the kiosk's on-screen keyboard as a citizen does: taps on its keys, a long press then a slide to an
accented letter, Shift as needed for the case. The keys are found in the keyboard's own Qt Quick scene."""

from __future__ import annotations

import subprocess

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from ui.keyboard import KeyboardPanel

LEFT, NONE = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


def wait_shown(qtbot, panel: KeyboardPanel) -> None:
    """Until the keyboard is up, with its keys laid out."""
    qtbot.waitUntil(lambda: QGuiApplication.inputMethod().isVisible() and panel.isVisible()
                    and bool(_shown(panel, "Key_")), timeout=10000)


def _items(item: QQuickItem):
    yield item
    for child in item.childItems():
        yield from _items(child)


def _shown(panel: KeyboardPanel, prefix: str) -> list[QQuickItem]:
    return [item for item in _items(panel.rootObject())
            if item.isVisible() and item.metaObject().className().startswith(prefix)]


def _labels(panel: KeyboardPanel, text: str) -> list[QQuickItem]:
    return [item for item in _shown(panel, "QQuickText") if item.property("text") == text]


def _centre(item: QQuickItem) -> QPoint:
    return item.mapToScene(item.boundingRect().center()).toPoint()


def in_band(panel: KeyboardPanel, item: QQuickItem) -> bool:
    """Whether the item is drawn wholly inside the keyboard's widget (what lies outside is clipped away)."""
    box = item.mapRectToScene(item.boundingRect())
    return box.top() >= 0 and box.left() >= 0 and box.bottom() <= panel.height() and box.right() <= panel.width()


def _alternatives(key: QQuickItem) -> str:
    value = key.property("effectiveAlternativeKeys")
    return value if isinstance(value, str) else ""


def _uppercased(panel: KeyboardPanel) -> bool:
    return bool(_shown(panel, "Key_")[0].property("uppercased"))


def _set_case(qtbot, panel: KeyboardPanel, upper: bool) -> None:
    """Shift on for a capital, off for a small letter (the keyboard may turn it on by itself at a field's start)."""
    for _ in range(3):
        if _uppercased(panel) == upper:
            return
        (shift,) = _shown(panel, "ShiftKey")
        QTest.mouseClick(panel, LEFT, NONE, _centre(shift))
        qtbot.wait(50)
    assert _uppercased(panel) == upper, "the Shift key does not change the case"


def type_on_keyboard(qtbot, panel: KeyboardPanel, text: str) -> None:
    """Type `text` (lower- and upper-case letters with any Vietnamese accent, spaces) on the keyboard."""
    wait_shown(qtbot, panel)
    for char in text:
        if char == " ":
            (space,) = _shown(panel, "SpaceKey")
            QTest.mouseClick(panel, LEFT, NONE, _centre(space))
            continue
        _set_case(qtbot, panel, char.isupper())
        letter = char.lower()
        keys = _shown(panel, "Key_")
        plain = [key for key in keys if key.property("text") in (letter, char)]
        if plain:
            QTest.mouseClick(panel, LEFT, NONE, _centre(plain[0]))
            continue
        (key,) = [key for key in keys if letter in _alternatives(key).lower()]
        QTest.mousePress(panel, LEFT, NONE, _centre(key))  # hold: the accented letters open above the key
        qtbot.waitUntil(lambda wanted=char: bool(_labels(panel, wanted)), timeout=5000)
        (choice,) = _labels(panel, char)
        assert in_band(panel, choice), f"{char!r} is drawn outside the keyboard band: a finger cannot see it"
        QTest.mouseMove(panel, _centre(choice))
        QTest.mouseRelease(panel, LEFT, NONE, _centre(choice))
        qtbot.wait(30)


def type_on_physical_keyboard(window, text: str) -> None:
    """Type ASCII `text` key by key on an ordinary keyboard (Telex or VNI make the marks), to the kiosk's QWindow
    as the platform delivers keys: the key code, Shift for a capital, and the character it types."""
    for char in text:
        key = Qt.Key.Key_Space if char == " " else getattr(Qt.Key, f"Key_{char.upper()}", None)
        if key is None:
            key = Qt.Key(ord(char))
        shift = Qt.KeyboardModifier.ShiftModifier if char.isupper() else Qt.KeyboardModifier.NoModifier
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(window, QKeyEvent(kind, key, shift, char))


def x_tap(widget, point: QPoint) -> None:
    """A tap as the X server delivers a touch screen's (real X input, not a Qt event): xdotool at that point."""
    at = widget.mapToGlobal(point)
    subprocess.run(["xdotool", "mousemove", str(at.x()), str(at.y()), "click", "1"], check=True, timeout=10)


def keys_shown(panel: KeyboardPanel) -> set[str]:
    """The labels of the keys on show: which layout is up."""
    return {str(key.property("text")) for key in _shown(panel, "Key_")}


def x_tap_keys(qtbot, panel: KeyboardPanel, text: str) -> None:
    """Type digits and signs (the number layout, the dial pad) by real X taps on their keys."""
    wait_shown(qtbot, panel)
    for char in text:
        (key,) = [key for key in _shown(panel, "Key_") if key.property("text") == char]
        x_tap(panel, _centre(key))
        qtbot.wait(60)  # the key lights and commits on the release: one tap at a time, as a finger does


def x_tap_hide_key(panel: KeyboardPanel) -> None:
    """The keyboard's own key that puts it away."""
    (hide,) = _shown(panel, "HideKeyboardKey")
    x_tap(panel, _centre(hide))
