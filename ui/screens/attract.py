"""Attract screen: a looping welcome slide and "Chạm vào màn hình để bắt đầu"."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QPaintEvent
from PySide6.QtWidgets import QVBoxLayout

from ui.widgets import Screen, Translate, label

SLIDE_KEYS = ("attract.slide.online", "attract.slide.videos", "attract.slide.scan")
SLIDE_INTERVAL_MS = 6000


class AttractScreen(Screen):
    """Shown between citizens. A touch anywhere (outside the admin corner) starts a session."""

    touched = Signal()
    first_painted = Signal()

    def __init__(self, scale: float, admin_corner: QRect) -> None:
        super().__init__(scale, "AttractScreen")
        self._admin_corner = admin_corner
        self._slide = 0
        self._painted = False
        self._tr: Translate | None = None
        self.title = label("title", align=Qt.AlignmentFlag.AlignCenter)
        self.subtitle = label("subtitle", align=Qt.AlignmentFlag.AlignCenter)
        self.slide = label("slide", align=Qt.AlignmentFlag.AlignCenter)
        self.cta = label("cta", wrap=False, align=Qt.AlignmentFlag.AlignCenter)
        self.privacy = label("hint", align=Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(96), self.px(64), self.px(96), self.px(64))
        layout.setSpacing(self.px(28))
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addStretch(1)
        layout.addWidget(self.slide)
        layout.addStretch(1)
        layout.addWidget(self.cta, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        layout.addWidget(self.privacy)
        self._timer = QTimer(self)
        self._timer.setInterval(SLIDE_INTERVAL_MS)
        self._timer.timeout.connect(self.next_slide)

    def retranslate(self, tr: Translate) -> None:
        self._tr = tr
        self.title.setText(tr("app.title"))
        self.subtitle.setText(tr("attract.subtitle"))
        self.slide.setText(tr(SLIDE_KEYS[self._slide]))
        self.cta.setText(tr("attract.touch_to_start"))
        self.privacy.setText(tr("attract.privacy"))

    def next_slide(self) -> None:
        """Advance the welcome slide (loops)."""
        self._slide = (self._slide + 1) % len(SLIDE_KEYS)
        if self._tr is not None:
            self.slide.setText(self._tr(SLIDE_KEYS[self._slide]))

    def showEvent(self, _event: object) -> None:
        self._timer.start()

    def hideEvent(self, _event: object) -> None:
        self._timer.stop()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self._admin_corner.contains(event.position().toPoint()):
            self.touched.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()
