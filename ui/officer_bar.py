"""The strip that says an officer is coming or working: "Cán bộ sẽ đến ngay" after a help call, and
"Đang được cán bộ hỗ trợ" with "Trả lại cho công dân" while an officer has taken over."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout

from ui.widgets import Translate, button, label


class OfficerBar(QFrame):
    """Hidden unless a help call is pending or an officer is at work; emits `hand_back_requested()`."""

    hand_back_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("OfficerBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.text = label("officer", wrap=True)
        self.hand_back = button(kind="quiet")
        self.hand_back.clicked.connect(self.hand_back_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 4, 24, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.hand_back)
        self.state = ""
        self.hide()

    def show_state(self, state: str, tr: Translate) -> None:
        """"" (hidden), "called" or "assisting"."""
        self.state = state
        self.setProperty("state", state)
        self.style().unpolish(self)
        self.style().polish(self)
        if state:
            self.text.setText(tr(f"officer.{state}"))
            self.hand_back.setText(tr("officer.hand_back"))
        self.hand_back.setVisible(state == "assisting")
        self.setVisible(bool(state))
