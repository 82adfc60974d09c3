"""One way to ask before throwing away what a citizen made: a question over the whole window, the safe choice big
and first ("Không, tôi làm tiếp"), the one that throws away second and quiet.

A panel inside the kiosk window (never an OS dialog) that covers it, so no tap reaches the screen under it until
it is answered. A question belongs to the screen that asked it: when that screen goes (the idle timeout, an
officer), the question goes too and nothing is thrown away by it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ui.widgets import button, label


class ConfirmPanel(QFrame):
    """The question; `ConfirmPanel.over(widget)` is the one of `widget`'s window."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("ConfirmPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet("#ConfirmPanel { background: rgba(20, 28, 40, 170); }"
                           " #ConfirmCard { background: white; border-radius: 16px; }")
        self._asker: QWidget | None = None
        self._on_discard: Callable[[], None] | None = None
        card = QFrame()
        card.setObjectName("ConfirmCard")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.question = label("title", align=Qt.AlignmentFlag.AlignCenter)
        self.keep = button(kind="primary")
        self.discard = button(kind="quiet")
        self.keep.clicked.connect(self.dismiss)
        self.discard.clicked.connect(self._discard)
        choices = QHBoxLayout()
        choices.setSpacing(32)
        choices.addWidget(self.keep, 2)  # the safe choice: first and bigger
        choices.addWidget(self.discard, 1)
        inside = QVBoxLayout(card)
        inside.setContentsMargins(48, 40, 48, 40)
        inside.setSpacing(36)
        inside.addWidget(self.question)
        inside.addLayout(choices)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        host.installEventFilter(self)
        self.hide()

    @classmethod
    def over(cls, widget: QWidget) -> ConfirmPanel:
        """The panel of `widget`'s window (made on first use)."""
        window = widget.window()
        found = window.findChild(cls, "ConfirmPanel")
        return found if isinstance(found, cls) else cls(window)

    def ask(self, asker: QWidget, texts: tuple[str, str, str], on_discard: Callable[[], None]) -> None:
        """Ask on behalf of the screen `asker`: `texts` are the question, the safe choice and the discarding one."""
        question, keep, discard = texts
        self.question.setText(question)
        self.keep.setText(keep)
        self.discard.setText(discard)
        if self._asker is not None:
            self._asker.removeEventFilter(self)
        self._asker, self._on_discard = asker, on_discard
        asker.installEventFilter(self)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    @property
    def asking(self) -> bool:
        """A question is on screen."""
        return self.isVisible()

    def dismiss(self) -> None:
        """Keep everything (the safe choice, or the asking screen is gone)."""
        self.hide()
        if self._asker is not None:
            self._asker.removeEventFilter(self)
        self._asker = self._on_discard = None

    def _discard(self) -> None:
        action = self._on_discard
        self.dismiss()
        if action is not None:
            action()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        host = self.parentWidget()
        if host is not None and watched is host and event.type() == QEvent.Type.Resize:
            self.setGeometry(host.rect())
        elif watched is self._asker and event.type() == QEvent.Type.Hide:
            self.dismiss()
        return False
