"""The end-of-submission panel, over the portal's receipt page: the dossier code huge, the procedure and the
appointment date when the receipt shows them, and three ways to keep the code — "In phiếu hẹn", a QR code for the
phone's camera, and a screenshot with the phone. Then back to the receipt page, or the end of the visit.

It only shows and forwards (ui/end_part.py decides); its words are set each time it comes into sight, in the
citizen's language then.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui.widgets import Translate, button, label, tell

CODE_PX, CODE_MIN_PX = 84, 40  # the code's type at 1920x1080: the largest on the screen, smaller only to fit
QR_PX = 220  # at 1920x1080; 156 px at 1366x768, still ~3 px a module for a phone held at arm's length
WAYS = ("print", "qr", "photo")


class EndPanel(QWidget):
    """Emits `print_clicked()`, `back_clicked()` (the receipt page) and `finish_clicked()`."""

    print_clicked = Signal()
    back_clicked = Signal()
    finish_clicked = Signal()

    def __init__(self, px: Callable[[float], int], tr: Translate) -> None:
        super().__init__()
        self.setObjectName("EndPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._tr = tr
        self._px = px
        self.procedure_text = ""
        self.appointment_text = ""
        self._status = ("", "")  # the print's message, as a catalogue key and tone
        self.title = label("subtitle")
        self.code = label("code", wrap=False, align=Qt.AlignmentFlag.AlignLeft)
        self.code.setObjectName("EndCode")
        # As large as the panel's width allows (a real portal's code can be 25 characters): it never widens the
        # panel, its type steps down instead (`_fit_code`).
        self.code.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.procedure = label("body")
        self.appointment = label("body")
        self.appointment.setObjectName("EndAppointment")
        self.way_titles = {way: label("way") for way in WAYS}
        self.print_button = button(kind="primary")
        self.print_hint = label("hint")
        self.message = label("message")
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setFixedSize(px(QR_PX), px(QR_PX))  # never squeezed: a squashed code does not read
        self.qr_hint = label("hint")
        self.photo = label("hint")
        self.back = button(kind="quiet")
        self.finish = button()
        self.print_button.clicked.connect(self.print_clicked)
        self.back.clicked.connect(self.back_clicked)
        self.finish.clicked.connect(self.finish_clicked)
        layout = QVBoxLayout(self)
        self._margin = margin = px(40)
        layout.setContentsMargins(margin, px(20), margin, px(20))
        layout.setSpacing(px(8))
        for part in (self.title, self.code, self.procedure, self.appointment):
            layout.addWidget(part)
        layout.addSpacing(px(8))
        layout.addLayout(self._ways(), 1)
        actions = QHBoxLayout()
        actions.addWidget(self.back)
        actions.addStretch(1)
        actions.addWidget(self.finish)
        layout.addLayout(actions)

    def _ways(self) -> QGridLayout:
        """Three cards side by side, the same width: print, QR, photo."""
        grid = QGridLayout()
        grid.setSpacing(self._px(20))
        contents = {"print": (self.print_button, self.print_hint, self.message), "qr": (self.qr, self.qr_hint),
                    "photo": (self.photo,)}
        for column, way in enumerate(WAYS):
            card = QFrame()
            card.setObjectName("EndWay")
            inside = QVBoxLayout(card)
            inside.setContentsMargins(self._px(20), self._px(16), self._px(20), self._px(16))
            inside.setSpacing(self._px(10))
            inside.addWidget(self.way_titles[way])
            for part in contents[way]:
                inside.addWidget(part, 0, Qt.AlignmentFlag.AlignHCenter if part is self.qr else Qt.AlignmentFlag(0))
            inside.addStretch(1)
            grid.addWidget(card, 0, column)
            grid.setColumnStretch(column, 1)
        return grid

    def show_receipt(self, code: str, procedure: str, appointment: str, qr_png: bytes) -> None:
        """Fill the panel for one receipt (the print's message cleared)."""
        self.code.setText(code)
        self.procedure_text, self.appointment_text = procedure, appointment
        pixmap = QPixmap()
        pixmap.loadFromData(qr_png, "PNG")
        size = self._px(QR_PX)
        self.qr.setPixmap(pixmap.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.FastTransformation))
        self.set_status("", "")
        self.retranslate()
        self._fit_code()

    def _fit_code(self) -> None:
        size, smallest = self._px(CODE_PX), self._px(CODE_MIN_PX)
        room = self.width() - 2 * self._margin
        font = QFont(self.code.font())
        while size > smallest:
            font.setPixelSize(size)
            if QFontMetrics(font).horizontalAdvance(self.code.text()) <= room:
                break
            size -= 2
        self.code.setStyleSheet(f"font-size: {size}px;")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_code()

    def set_status(self, key: str, tone: str) -> None:
        """The print's progress or fault (a catalogue key; "" clears it)."""
        self._status = (key, tone)
        tell(self.message, self._tr(key) if key else "", tone)
        self.print_hint.setVisible(not key)  # said before the print; then how it goes takes its room

    def clear(self) -> None:
        """The session ended: nothing of its receipt stays on the panel."""
        self.code.setText("")
        self.procedure_text = self.appointment_text = ""
        self.qr.clear()
        self.set_status("", "")

    def showEvent(self, event: QShowEvent) -> None:
        self.retranslate()  # the citizen may have switched the language since the panel was filled
        super().showEvent(event)

    def retranslate(self) -> None:
        tr = self._tr
        self.title.setText(tr("end.done.title"))
        self.procedure.setText(tr("end.done.procedure", procedure=self.procedure_text))
        self.procedure.setVisible(bool(self.procedure_text))
        self.appointment.setText(tr("end.done.appointment", date=self.appointment_text))
        self.appointment.setVisible(bool(self.appointment_text))
        for way, title in self.way_titles.items():
            title.setText(tr(f"end.done.{way}.title"))
        self.print_button.setText(tr("end.done.print"))
        self.print_hint.setText(tr("end.done.print.hint"))
        self.qr_hint.setText(tr("end.done.qr.hint"))
        self.photo.setText(tr("end.done.photo"))
        self.back.setText(tr("end.done.back"))
        self.finish.setText(tr("end.done.finish"))
        key, tone = self._status
        tell(self.message, tr(key) if key else "", tone)
