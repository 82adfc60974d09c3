"""A picture of how to put the paper on the scanner: the glass with the page in its arrow corner,
the card on the glass, or the stack in the feeder tray. Drawn, so it scales and needs no files."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from kiosk.scanning.kinds import PaperKind

GLASS = QColor("#cfe3f3")
FRAME = QColor("#4a5a6a")
PAPER = QColor("#ffffff")
ARROW = QColor("#d35400")
TEXT_LINE = QColor("#8a96a3")


class PlacementPicture(QWidget):
    """Shows `kind` placed on the scanner (the back of a card when `side` is 2)."""

    def __init__(self) -> None:
        super().__init__()
        self.kind = PaperKind.A4
        self.side = 1
        self.setMinimumSize(320, 320)

    def show_kind(self, kind: PaperKind, side: int = 1) -> None:
        """Draw the placement for `kind`."""
        self.kind, self.side = kind, side
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(12, 12, -12, -12)
        if self.kind is PaperKind.BATCH:
            self._feeder(painter, area)
        else:
            self._glass(painter, area)
        painter.end()

    def _glass_rect(self) -> QRectF:
        area = QRectF(self.rect()).adjusted(12, 12, -12, -12)
        height = min(area.height(), area.width() * 297 / 250)
        width = height * 250 / 297
        return QRectF(area.center().x() - width / 2, area.center().y() - height / 2, width, height)

    def corner(self) -> QRectF:
        """Where the paper's corner goes on the glass (the arrow's corner), in the picture's pixels."""
        glass = self._glass_rect()
        size = glass.width() * 0.22
        return QRectF(glass.left() + 6, glass.top() + 6, size, size)

    def _glass(self, painter: QPainter, _area: QRectF) -> None:
        glass = self._glass_rect()
        painter.setPen(QPen(FRAME, 6))
        painter.setBrush(GLASS)
        painter.drawRoundedRect(glass, 10, 10)
        inset = glass.adjusted(14, 14, -14, -14)
        if self.kind is PaperKind.CARD:
            paper = QRectF(inset.left(), inset.top(), inset.width() * 0.42, inset.width() * 0.42 * 54 / 85.6)
        else:
            paper = QRectF(inset.left(), inset.top(), inset.width() * 0.84, inset.width() * 0.84 * 297 / 210)
        painter.setPen(QPen(FRAME, 2))
        painter.setBrush(PAPER if self.side == 1 else QColor("#fff4d6"))
        painter.drawRect(paper)
        self._text_lines(painter, paper)
        self._arrow(painter, QPointF(inset.left() + 8, inset.top() + 8), glass.width() * 0.16)

    def _feeder(self, painter: QPainter, area: QRectF) -> None:
        width = min(area.width(), area.height() * 0.9)
        tray = QRectF(area.center().x() - width / 2, area.bottom() - width * 0.25, width, width * 0.2)
        painter.setPen(QPen(FRAME, 6))
        painter.setBrush(GLASS)
        painter.drawRoundedRect(tray, 8, 8)
        for index in range(4):
            offset = index * 10
            paper = QRectF(tray.left() + width * 0.18 + offset, area.top() + 20 + offset,
                           width * 0.55, tray.top() - area.top() - 10)
            painter.setPen(QPen(FRAME, 2))
            painter.setBrush(PAPER)
            painter.drawRect(paper)
        self._text_lines(painter, paper)
        tip = QPointF(tray.center().x(), tray.top() + tray.height() * 0.6)
        painter.setPen(QPen(ARROW, 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(tip.x(), area.top() + 10), tip)
        self._head(painter, tip, 0, 1, 26)

    def _text_lines(self, painter: QPainter, paper: QRectF) -> None:
        painter.setPen(QPen(TEXT_LINE, max(2.0, paper.height() / 60)))
        for index in range(1, 8):
            y = paper.top() + paper.height() * index / 9
            painter.drawLine(QPointF(paper.left() + paper.width() * 0.12, y),
                             QPointF(paper.right() - paper.width() * (0.12 + 0.2 * (index % 3 == 0)), y))

    def _arrow(self, painter: QPainter, corner: QPointF, length: float) -> None:
        start = QPointF(corner.x() + length, corner.y() + length)
        painter.setPen(QPen(ARROW, 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(start, corner)
        self._head(painter, corner, -0.7071, -0.7071, 26)

    def _head(self, painter: QPainter, tip: QPointF, dx: float, dy: float, size: float) -> None:
        back = QPointF(tip.x() - dx * size, tip.y() - dy * size)
        side = QPointF(-dy * size * 0.6, dx * size * 0.6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ARROW)
        painter.drawPolygon(QPolygonF([tip, back + side, back - side]))
