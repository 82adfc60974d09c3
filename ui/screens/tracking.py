""""Tra cứu hồ sơ" from the start screen: the citizen types the dossier code from the slip, checked as typed, or
has the slip's QR read by the scanner; the portal's tracking page opens for it (kiosk/tracking.py says what a code
may be)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk import tracking
from ui.widgets import Screen, Translate, button, label, tell


class TrackingScreen(Screen):
    """Emits `lookup_requested(code)` (a normalised code that may be looked up), `qr_requested()` ("Quét mã QR"),
    `back_requested()` and `help_requested()`."""

    lookup_requested = Signal(str)
    qr_requested = Signal()
    back_requested = Signal()
    help_requested = Signal()

    def __init__(self, scale: float) -> None:
        super().__init__(scale, "TrackingScreen")
        self._tr: Translate | None = None
        self.practising = False
        self.title = label("title")
        self.body = label("body")
        self.code = QLineEdit()
        self.code.setObjectName("TrackingCode")
        self.code.setMaxLength(60)
        # Codes are Latin letters and digits: the keyboard offers capitals and no word guesses, and Telex leaves
        # the field alone (Latin only), so "DD" stays "DD".
        self.code.setInputMethodHints(Qt.InputMethodHint.ImhPreferUppercase | Qt.InputMethodHint.ImhNoPredictiveText
                                      | Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhNoAutoUppercase)
        self.code.textEdited.connect(lambda _text: self._check())
        self.code.returnPressed.connect(self._look_up)
        self.message = label("message")
        self.look_up = button(kind="primary")
        self.look_up.clicked.connect(self._look_up)
        self.qr_hint = label("body")
        self.qr = button()
        self.qr.clicked.connect(self.qr_requested)
        self.back = button()
        self.back.clicked.connect(self.back_requested)
        self.help = button(kind="help")
        self.help.clicked.connect(self.help_requested)
        # One column that fits above the on-screen keyboard (about half the height) without anything moving when
        # it comes or goes: the ways back and to an officer beside the title, the code beside "Tra cứu".
        header = QHBoxLayout()
        header.setSpacing(self.px(24))
        header.addWidget(self.title, 1)
        header.addWidget(self.back)
        header.addWidget(self.help)
        entry = QHBoxLayout()
        entry.setSpacing(self.px(24))
        entry.addWidget(self.code, 1)
        entry.addWidget(self.look_up)
        # The other way in, the slip's QR, gives way while the on-screen keyboard is up: the citizen is typing.
        self.qr_row = QWidget()
        by_qr = QHBoxLayout(self.qr_row)
        by_qr.setContentsMargins(0, 0, 0, 0)
        by_qr.setSpacing(self.px(24))
        by_qr.addWidget(self.qr_hint, 1)
        by_qr.addWidget(self.qr)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(96), self.px(32), self.px(96), self.px(32))
        layout.setSpacing(self.px(24))
        layout.addLayout(header)
        layout.addWidget(self.body)
        layout.addLayout(entry)
        layout.addWidget(self.message)
        layout.addWidget(self.qr_row)
        QGuiApplication.inputMethod().visibleChanged.connect(self._keyboard_changed)
        layout.addStretch(1)

    def _keyboard_changed(self) -> None:
        self.qr_row.setVisible(not QGuiApplication.inputMethod().isVisible())

    def begin(self, practising: bool, tr: Translate) -> None:
        """A fresh lookup: nothing of an earlier citizen's code is left in the field."""
        self.practising = practising
        self.code.clear()
        self.retranslate(tr)
        self.code.setFocus()

    def retranslate(self, tr: Translate) -> None:
        self._tr = tr
        self.title.setText(tr("start.track"))
        self.body.setText(tr("tracking.body.practice", example=tracking.PRACTICE_EXAMPLE) if self.practising
                          else tr("tracking.body"))
        self.code.setPlaceholderText(tr("tracking.placeholder"))
        self.look_up.setText(tr("tracking.look_up"))
        self.qr_hint.setText(tr("tracking.qr_hint"))
        self.qr.setText(tr("tracking.qr"))
        self.back.setText(tr("common.back"))
        self.help.setText(tr("common.call_officer"))
        self._check()

    def say(self, key: str, tone: str = "") -> None:
        """A catalogue text under the field (what reading the slip's QR found, or not); "" clears it. `tone` as
        for `tell` (a problem unless "busy" or "good")."""
        self._say(key or None, tone)

    @property
    def typed(self) -> str:
        """The code as the portal writes it."""
        return tracking.normalise(self.code.text())

    def _check(self) -> str | None:
        """Say what is wrong while the citizen types; only a code that may be looked up can be."""
        if self._tr is None:
            return "tracking.problem.empty"
        problem = tracking.problem(self.typed, self.practising)
        # Half a code is not wrong yet: only characters no code has are named at once, the rest on "Tra cứu".
        self._say(problem if problem == "tracking.problem.characters" else None)
        return problem

    def _say(self, problem: str | None, tone: str = "") -> None:
        """The problem's words under the field, or none."""
        if self._tr is not None:
            tell(self.message, self._tr(problem, example=tracking.PRACTICE_EXAMPLE) if problem else "", tone)
        self.message.setVisible(problem is not None)

    def _look_up(self) -> None:
        problem = self._check()
        if problem is None:
            self.lookup_requested.emit(self.typed)
        else:
            self._say(problem)
            self.code.setFocus()  # the citizen goes on typing where the code is
