"""Where the tutorial video's frames are drawn: a plain widget painting what a QVideoSink receives.

Not QVideoWidget: it embeds a native window (QWindowContainer), which turns every widget of the kiosk window
into a native window of its own the moment a video first shows. The X server then hands each tap to the child
window under the finger, not to the kiosk window where the lockdown listens, so taps stopped counting as
activity and the staff corner stopped working everywhere until the kiosk restarted (issue 20, trap 2); and the
caption could not be drawn over a native video window. A frame as a QImage, painted scaled, has neither problem;
the tutorials are small (720p at 25 frames a second).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtMultimedia import QVideoFrame, QVideoSink
from PySide6.QtWidgets import QSizePolicy, QWidget


class FrameView(QWidget):
    """Paints the last frame of `sink`, scaled to fit with its proportions, on black."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("VideoFrames")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.sink = QVideoSink(self)
        self.sink.videoFrameChanged.connect(self._frame)
        self.image = QImage()

    def _frame(self, frame: QVideoFrame) -> None:
        self.image = frame.toImage() if frame.isValid() else QImage()
        self.update()

    def clear(self) -> None:
        """No frame (a new chapter or video starts from black, not from the old one's last frame)."""
        self.image = QImage()
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if self.image.isNull():
            return
        size = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, size.width(), size.height())
        target.moveCenter(self.rect().center())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self.image)
