"""The full-screen idle countdown: "Bạn còn ở đây không?" and a big "Tôi vẫn đang dùng"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout

from ui.widgets import Screen, Translate, button, label


class IdleWarningScreen(Screen):
    """Counts down to the end of the session; `keep_alive` when the citizen is still there."""

    keep_alive = Signal()

    def __init__(self, scale: float) -> None:
        super().__init__(scale, "IdleWarningScreen")
        self._seconds = 0
        self._tr: Translate | None = None
        centre = Qt.AlignmentFlag.AlignCenter
        self.title = label("title", align=centre)
        self.body = label("body", align=centre)
        self.countdown = label("countdown", wrap=False, align=centre)
        self.countdown.setAccessibleName("countdown")
        self.stay = button(kind="good")
        self.stay.setMinimumHeight(self.px(128))
        self.stay.setMinimumWidth(self.px(640))
        self.stay.clicked.connect(self.keep_alive)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(96), self.px(64), self.px(96), self.px(64))
        layout.setSpacing(self.px(24))
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addWidget(self.countdown)
        layout.addStretch(1)
        layout.addWidget(self.stay, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)

    def retranslate(self, tr: Translate) -> None:
        self._tr = tr
        self.title.setText(tr("idle.title"))
        self.body.setText(tr("idle.body"))
        self.stay.setText(tr("idle.keep"))
        self.set_seconds(self._seconds)

    def set_seconds(self, seconds: int) -> None:
        """Show the seconds left."""
        self._seconds = seconds
        if self._tr is not None:
            self.countdown.setText(self._tr("idle.seconds", seconds=seconds))
