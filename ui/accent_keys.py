"""Telex and VNI on an ordinary keyboard, in every text field of the kiosk window and of the portal page.

A kiosk session has no input method (cage, no ibus or fcitx; Debian's Qt IME plugins do not load into the wheel's
Qt), so the kiosk does what Unikey does: it keeps the keys typed for the word in the focused field and, when a key
changes the word's spelling (kiosk/accent_typing.py), erases what the word showed with Backspace and types the new
spelling, key events like the citizen's own, so the portal's own key handlers see ordinary typing. A key that only
adds itself passes untouched. Fields that want digits, an e-mail, an address or a password are left alone, and the
on-screen keyboard (which types through Qt's input method, not key events) is not touched.

Typing goes on where the word stopped, as in Unikey: after a Backspace the word is what is left of it ("Việt",
Backspace, "t" → "Việt" again; a tone typed then lands on the shortened word), and after a tap into a field the
word that ends at the cursor is read back from the field (Qt's surrounding text), so a mark forgotten can be added
later ("Nguyen", tap after it, "ex" → "Nguyễn"). A tap into the middle of a word starts a new one: letters typed
there are inserted as they are.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.accent_typing import Method, keys_for, spell

_PLAIN_FIELDS = (Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhFormattedNumbersOnly
                 | Qt.InputMethodHint.ImhDialableCharactersOnly | Qt.InputMethodHint.ImhEmailCharactersOnly
                 | Qt.InputMethodHint.ImhUrlCharactersOnly | Qt.InputMethodHint.ImhHiddenText
                 | Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhLatinOnly)  # e.g. a dossier code
_KEEP_WORD = (Qt.Key.Key_Shift, Qt.Key.Key_CapsLock)
_MOVES = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End)


class AccentKeys(QObject):
    """Install on the kiosk window's QWindow, where every key of the platform arrives first (an application-wide
    filter would see every event of every object, QtWebEngine's included: slow, and PySide crashed in it)."""

    def __init__(self, method: Method, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.method = method
        self._keys = ""  # what the citizen typed for the word being spelt
        self._target: QObject | None = None
        self._sending = False
        self._read_back = False  # the cursor moved by a tap or a focus change: read the word before it

    def reset(self) -> None:
        """A new word starts (focus moved, a click, a space, a key that is no letter)."""
        self._keys, self._target = "", None

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.reset()
            self._read_back = True
        elif kind == QEvent.Type.KeyPress and not self._sending and isinstance(event, QKeyEvent):
            target = QGuiApplication.focusObject()
            if target is not None:
                return self._key(target, event)
        return False

    def _key(self, target: QObject, event: QKeyEvent) -> bool:
        text = event.text()
        modifiers = event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        letter = len(text) == 1 and (text.isalpha() or (self.method is Method.VNI and text.isdigit()))
        if not letter or modifiers or self.method is Method.OFF or not _wants_words(target):
            if event.key() == Qt.Key.Key_Backspace and not modifiers and target is self._target:
                self._keys = keys_for(spell(self._keys, self.method)[:-1], self.method) or ""
            elif event.key() not in _KEEP_WORD:
                self.reset()
                self._read_back = event.key() in _MOVES  # else a space or a sign: no word before the cursor
            return False
        if target is not self._target:
            self.reset()
            self._target = target
            if self._read_back:
                self._keys = keys_for(_word_before_cursor(target), self.method) or ""
        self._read_back = False
        shown = spell(self._keys, self.method)
        self._keys += text
        spelt = spell(self._keys, self.method)
        if spelt == shown + text:
            return False  # the key is just itself: let it through as it is
        same = 0
        while same < min(len(shown), len(spelt)) and shown[same] == spelt[same]:
            same += 1
        self._type(target, len(shown) - same, spelt[same:])
        return True

    def _type(self, target: QObject, erase: int, text: str) -> None:
        self._sending = True
        try:
            for _ in range(erase):
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QCoreApplication.sendEvent(target, QKeyEvent(kind, Qt.Key.Key_Backspace,
                                                                 Qt.KeyboardModifier.NoModifier))
            for char in text:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QCoreApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
        finally:
            self._sending = False


def _word_before_cursor(target: QObject) -> str:
    """The letters of the field that end at its cursor, when the cursor is at a word's end and nothing is selected;
    else "" (a tap into the middle of a word starts a new word)."""
    query = target.inputMethodQuery  # type: ignore[attr-defined]  # checked by _wants_words
    text, cursor = query(Qt.InputMethodQuery.ImSurroundingText), query(Qt.InputMethodQuery.ImCursorPosition)
    selected = query(Qt.InputMethodQuery.ImAnchorPosition) != cursor
    if not isinstance(text, str) or not isinstance(cursor, int) or selected:
        return ""
    if cursor < len(text) and text[cursor].isalpha():
        return ""
    start = cursor
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:cursor]


def _wants_words(target: QObject) -> bool:
    """Whether the focused object is a text field for words (not digits, e-mail, address or password)."""
    query = getattr(target, "inputMethodQuery", None)
    if query is None or not query(Qt.InputMethodQuery.ImEnabled):
        return False
    hints = query(Qt.InputMethodQuery.ImHints)
    value = hints.value if isinstance(hints, Qt.InputMethodHint) else int(hints or 0)
    return not value & _PLAIN_FIELDS.value


class AccentSwitch(QPushButton):
    """"Gõ dấu: Telex" at the window's edge while a text field is focused; a tap goes Telex → VNI → Tắt → Telex."""

    ORDER = (Method.TELEX, Method.VNI, Method.OFF)

    def __init__(self, keys: AccentKeys, window: QWidget, translate: Callable[..., str]) -> None:
        super().__init__(window)
        self.setObjectName("AccentSwitch")
        self.setProperty("kind", "tool")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus
        self._keys, self._window, self._translate = keys, window, translate
        self.clicked.connect(self._next)
        # Looked at three times a second rather than told by the application's focus and input-method signals:
        # a connection to those outlived the windows of torn-down shells and crashed PySide.
        self._watch = QTimer(self)
        self._watch.setInterval(300)
        self._watch.timeout.connect(self._follow)
        self._watch.start()
        self._placed: tuple[bool, bool] = (False, False)
        self.hide()

    def _next(self) -> None:
        self._keys.method = self.ORDER[(self.ORDER.index(self._keys.method) + 1) % len(self.ORDER)]
        self._keys.reset()
        self._show()

    def _follow(self) -> None:
        focus = QGuiApplication.focusObject()
        inside = isinstance(focus, QWidget) and focus.window() is self._window and focus is not self
        keyboard = self._window.findChild(QWidget, "KeyboardPanel")
        state = (inside and focus is not None and _wants_words(focus), keyboard is not None and keyboard.isVisible())
        if state == self._placed:
            return
        self._placed = state
        if state[0]:
            self._show()
        else:
            self.hide()

    def _show(self) -> None:
        name = self._translate(f"typing.{self._keys.method.value}")
        self.setText(self._translate("typing.switch", method=name))
        self.adjustSize()
        margin = 12
        x, y = self._window.width() - self.width() - margin, self._window.height() - self.height() - margin
        keyboard = self._window.findChild(QWidget, "KeyboardPanel")
        if keyboard is not None and keyboard.isVisible():  # in the band, beside the keys: nothing to cover there
            y = keyboard.mapTo(self._window, QPoint(0, 0)).y() + (keyboard.height() - self.height()) // 2
        self.move(x, y)
        self.raise_()
        self.show()
