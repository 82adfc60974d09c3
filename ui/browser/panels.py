"""Full-area panels the browser screen puts over the web view (notices and popups), and the guide's column."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ui.widgets import button, label


class NoticePanel(QWidget):
    """The kiosk's own page: blocked site, offline, bad certificate, a message from the portal."""

    primary_clicked = Signal()
    secondary_clicked = Signal()

    def __init__(self, margin: int) -> None:
        super().__init__()
        self.setObjectName("NoticePanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.kind = ""
        self.title = label("title")
        self.body = label("body")
        self.status = label("message")
        self.primary = button(kind="primary")
        self.secondary = button(kind="quiet")
        self.primary.clicked.connect(self.primary_clicked)
        self.secondary.clicked.connect(self.secondary_clicked)
        actions = QHBoxLayout()
        actions.addWidget(self.primary)
        actions.addWidget(self.secondary)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(margin // 2)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        layout.addStretch(2)

    def show_notice(self, kind: str, title: str, body: str, primary: str, secondary: str = "") -> None:
        """Fill the panel; an empty `secondary` hides the second button."""
        self.kind = kind
        self.title.setText(title)
        self.body.setText(body)
        self.status.setText("")
        self.primary.setText(primary)
        self.secondary.setText(secondary)
        self.secondary.setVisible(bool(secondary))


class PopupPanel(QWidget):
    """A popup window of the portal, shown inside the kiosk with a clear "Đóng"."""

    close_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("PopupPanel")
        self.title = QLabel()
        self.title.setProperty("role", "subtitle")
        self.close_button: QPushButton = button(kind="primary")
        self.close_button.clicked.connect(self.close_clicked)
        header = QHBoxLayout()
        header.setContentsMargins(16, 8, 16, 8)
        header.addWidget(self.title, 1)
        header.addWidget(self.close_button)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addLayout(header)
        self.view: QWidget | None = None

    def show_view(self, view: QWidget) -> None:
        """Put a popup's view in the panel (replacing any earlier one)."""
        if self.view is not None:
            self._layout.removeWidget(self.view)
            self.view.hide()
        self.view = view
        self._layout.addWidget(view, 1)
        view.show()


class GuideColumn(QScrollArea):
    """The guide beside the web view, scrolling rather than holding the screen's height: with the on-screen keyboard
    up the whole portal screen fits above the band, so its toolbar stays where it was and the web view shrinks.
    Shown only while the guide is (it hides itself when a page has no guide)."""

    def __init__(self, guide: QWidget) -> None:
        super().__init__()
        self.setObjectName("GuideColumn")
        self.setWidget(guide)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setAutoFillBackground(False)
        self.setFixedWidth(guide.width() + self.verticalScrollBar().sizeHint().width())  # a scroll bar never narrows it
        self.setVisible(not guide.isHidden())
        guide.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent):
            self.setVisible(event.type() == QEvent.Type.ShowToParent)
        return False
