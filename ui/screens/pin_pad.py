"""The staff PIN pad opened by the hidden corner gesture; digits are never shown or logged."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout

from kiosk.admin_pin import Attempt, PinGate, StaffRole
from ui.widgets import Screen, Translate, button, label

MAX_DIGITS = 8


class PinPadScreen(Screen):
    """Emits `unlocked(role)` on a right PIN and `cancelled()` on Huỷ."""

    unlocked = Signal(StaffRole)
    cancelled = Signal()

    def __init__(self, scale: float, gate: PinGate) -> None:
        super().__init__(scale, "PinPadScreen")
        self._gate = gate
        self._digits = ""
        self._tr: Translate | None = None
        self._message: tuple[str, dict[str, object]] = ("", {})
        centre = Qt.AlignmentFlag.AlignCenter
        self.title = label("title", align=centre)
        self.display = label("", wrap=False, align=centre)
        self.display.setObjectName("PinDisplay")
        self.message = label("message", align=centre)
        keys = QGridLayout()
        keys.setSpacing(self.px(14))
        self.digit_buttons = {}
        for index, digit in enumerate("123456789"):
            self.digit_buttons[digit] = self._key(digit)
            keys.addWidget(self.digit_buttons[digit], index // 3, index % 3)
        self.clear = self._key("")
        self.clear.clicked.disconnect()
        self.clear.clicked.connect(self._clear)
        self.digit_buttons["0"] = self._key("0")
        self.ok = button(kind="key-primary")
        self.ok.clicked.connect(self.submit)
        keys.addWidget(self.clear, 3, 0)
        keys.addWidget(self.digit_buttons["0"], 3, 1)
        keys.addWidget(self.ok, 3, 2)
        self.cancel = button(kind="quiet")
        self.cancel.setMinimumWidth(self.px(320))
        self.cancel.clicked.connect(self._cancel)
        pad = QHBoxLayout()
        pad.addStretch(1)
        pad.addLayout(keys)
        pad.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(64), self.px(16), self.px(64), self.px(16))
        layout.setSpacing(self.px(10))
        layout.addWidget(self.title)
        layout.addWidget(self.display)
        layout.addWidget(self.message)
        layout.addLayout(pad, 1)
        layout.addWidget(self.cancel, alignment=Qt.AlignmentFlag.AlignHCenter)

    def _key(self, digit: str) -> QPushButton:
        key = button(digit, kind="key")
        key.clicked.connect(lambda _=False, digit=digit: self.press(digit))
        return key

    def retranslate(self, tr: Translate) -> None:
        self._tr = tr
        self.title.setText(tr("pin.title"))
        self.clear.setText(tr("pin.clear"))
        self.ok.setText(tr("pin.ok"))
        self.cancel.setText(tr("pin.cancel"))
        self._show_message()

    def open(self) -> None:
        """Reset the pad for a new entry and say whether it can open at all."""
        self._digits = ""
        self._refresh()
        if not self._gate.has_pins:
            self._message = ("pin.no_pins", {})
        elif self._gate.locked_for() > 0:
            self._message = ("pin.locked", {"minutes": math.ceil(self._gate.locked_for() / 60)})
        else:
            self._message = ("", {})
        self._show_message()

    def press(self, digit: str) -> None:
        """A digit key."""
        if len(self._digits) < MAX_DIGITS:
            self._digits += digit
            self._refresh()

    def submit(self) -> None:
        """OK: check the PIN with the gate."""
        if not self._gate.has_pins:
            return
        attempt: Attempt = self._gate.attempt(self._digits)
        self._digits = ""
        self._refresh()
        if attempt.role is not None:
            self._message = ("", {})
            self._show_message()
            self.unlocked.emit(attempt.role)
        elif attempt.locked_for_s > 0:
            self._message = ("pin.locked", {"minutes": math.ceil(attempt.locked_for_s / 60)})
        else:
            self._message = ("pin.wrong", {"left": self._gate_left(attempt)})
        self._show_message()

    def _gate_left(self, attempt: Attempt) -> int:
        return max(0, self._gate.max_failures - attempt.failures)

    def _clear(self) -> None:
        self._digits = ""
        self._refresh()

    def _cancel(self) -> None:
        self._digits = ""
        self._refresh()
        self.cancelled.emit()

    def _refresh(self) -> None:
        self.display.setText("●" * len(self._digits) or "—")

    def _show_message(self) -> None:
        key, params = self._message
        if self._tr is not None:
            self.message.setText(self._tr(key, **params) if key else "")
