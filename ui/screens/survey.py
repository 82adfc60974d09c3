"""The end-of-session survey: five faces, then up to three reasons, then (if the province has one) a QR
code to its official survey. Skippable, and it closes by itself after a few seconds without a touch."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.stats.recorder import REASONS
from ui.widgets import Screen, Translate, button, label

FACE_COLOURS = ("#dc2626", "#ea580c", "#ca8a04", "#65a30d", "#15803d")
MAX_REASONS = 3


class FaceButton(QPushButton):
    """A drawn face, from very unhappy (1) to very happy (5): no emoji font needed."""

    def __init__(self, rating: int) -> None:
        super().__init__()
        self.rating = rating
        self.setObjectName("FaceButton")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumSize(150, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) - 12
        box = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter.setPen(QPen(QColor("#1f2937"), max(3.0, side / 40)))
        painter.setBrush(QColor(FACE_COLOURS[self.rating - 1]))
        painter.drawEllipse(box)
        painter.setBrush(QColor("#1f2937"))
        for x in (0.35, 0.65):
            painter.drawEllipse(QPointF(box.left() + side * x, box.top() + side * 0.38), side * 0.06, side * 0.06)
        curve = (self.rating - 3) * 0.09  # the mouth bends down for 1-2, up for 4-5
        mouth = QPainterPath(QPointF(box.left() + side * 0.3, box.top() + side * 0.68))
        mouth.quadTo(QPointF(box.center().x(), box.top() + side * (0.68 + curve * 2)),
                     QPointF(box.left() + side * 0.7, box.top() + side * 0.68))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor("#1f2937"), max(4.0, side / 22), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawPath(mouth)
        painter.end()


class SurveyScreen(Screen):
    """Emits `answered(rating, reasons)` or `skipped()`; either way the next citizen's attract screen follows."""

    answered = Signal(int, tuple)
    skipped = Signal()

    def __init__(self, scale: float) -> None:
        super().__init__(scale, "SurveyScreen")
        self.seconds = 10
        self.rating = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._timed_out)
        self.title = label("title")
        self.skip = button(kind="quiet")
        self.skip.clicked.connect(self._skip)
        self.steps = QStackedWidget()
        self.steps.addWidget(self._build_faces())
        self.steps.addWidget(self._build_reasons())
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.skip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(64), self.px(40), self.px(64), self.px(40))
        layout.addWidget(self.title)
        layout.addWidget(self.steps, 1)
        layout.addLayout(footer)

    def _build_faces(self) -> QWidget:
        self.faces = [FaceButton(rating) for rating in range(1, 6)]
        self.face_labels = [label("hint", align=Qt.AlignmentFlag.AlignCenter) for _ in self.faces]
        faces = QGridLayout()
        for column, (face, caption) in enumerate(zip(self.faces, self.face_labels, strict=True)):
            face.setMinimumSize(self.px(170), self.px(170))
            face.clicked.connect(lambda _=False, rating=column + 1: self.choose(rating))
            faces.addWidget(face, 0, column)
            faces.addWidget(caption, 1, column)
        first = QWidget()
        QVBoxLayout(first).addLayout(faces, 1)
        return first

    def _build_reasons(self) -> QWidget:
        self.reason_title = label("subtitle")
        self.reasons = {reason: button(kind="lang") for reason in REASONS}
        reasons = QGridLayout()
        for index, (reason, choice) in enumerate(self.reasons.items()):
            choice.setCheckable(True)
            choice.toggled.connect(lambda _checked=False, reason=reason: self._limit(reason))
            reasons.addWidget(choice, index // 3, index % 3)
        self.send = button(kind="primary")
        self.send.clicked.connect(self.submit)
        self.qr = QLabel()
        self.qr_caption = label("hint")
        second = QWidget()
        second_layout = QVBoxLayout(second)
        second_layout.addWidget(self.reason_title)
        second_layout.addLayout(reasons)
        row = QHBoxLayout()
        row.addWidget(self.send)
        row.addStretch(1)
        qr_column = QVBoxLayout()
        qr_column.addWidget(self.qr)
        qr_column.addWidget(self.qr_caption)
        row.addLayout(qr_column)
        second_layout.addLayout(row)
        second_layout.addStretch(1)
        return second

    def retranslate(self, tr: Translate) -> None:
        self.title.setText(tr("survey.title"))
        for rating, caption in enumerate(self.face_labels, start=1):
            caption.setText(tr(f"survey.face.{rating}"))
            self.faces[rating - 1].setAccessibleName(tr(f"survey.face.{rating}"))
        self.reason_title.setText(tr("survey.reasons"))
        for reason, choice in self.reasons.items():
            choice.setText(tr(f"survey.reason.{reason}"))
        self.send.setText(tr("survey.send"))
        self.skip.setText(tr("survey.skip"))
        self.qr_caption.setText(tr("survey.official"))

    def open(self, seconds: int, qr_png: bytes | None) -> None:
        """Show the faces; `qr_png`: the province's survey as a QR image, or None."""
        self.seconds, self.rating = seconds, 0
        for choice in self.reasons.values():
            choice.setChecked(False)
        image = QImage.fromData(qr_png) if qr_png else QImage()
        self.qr.setPixmap(QPixmap.fromImage(image) if not image.isNull() else QPixmap())
        self.qr.setVisible(not image.isNull())
        self.qr_caption.setVisible(not image.isNull())
        self.steps.setCurrentIndex(0)
        self.timer.start(seconds * 1000)

    def touched(self) -> None:
        """The citizen is answering: the survey waits a little longer."""
        if self.timer.isActive():
            self.timer.start(self.seconds * 1000)

    def choose(self, rating: int) -> None:
        """A face: then the reasons."""
        self.rating = rating
        self.steps.setCurrentIndex(1)
        self.touched()

    def chosen_reasons(self) -> tuple[str, ...]:
        """The reasons ticked, in their order on screen."""
        return tuple(reason for reason, choice in self.reasons.items() if choice.isChecked())

    def _limit(self, reason: str) -> None:
        if len(self.chosen_reasons()) > MAX_REASONS:
            self.reasons[reason].setChecked(False)
        self.touched()

    def submit(self) -> None:
        """"Gửi"."""
        self.timer.stop()
        self.answered.emit(self.rating, self.chosen_reasons())

    def _timed_out(self) -> None:
        if self.rating:
            self.submit()  # a face was chosen: keep it, with whatever reasons were ticked
        else:
            self.skipped.emit()

    def _skip(self) -> None:
        self.timer.stop()
        if self.rating:
            self.answered.emit(self.rating, ())
        else:
            self.skipped.emit()
