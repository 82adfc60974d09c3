"""Small building blocks shared by the screens: labels with a text role, big buttons, tiles, banners."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

Translate = Callable[..., str]


def label(role: str, text: str = "", *, wrap: bool = True, align: Qt.AlignmentFlag | None = None) -> QLabel:
    """A QLabel styled by its `role` property (title, subtitle, body, hint, message)."""
    widget = QLabel(text)
    widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    if align is not None:
        widget.setAlignment(align)
    return widget


def tell(message: QLabel, text: str, tone: str = "") -> None:
    """Show `text` in a message label; `tone` "good" (done: green) or "busy" (under way: plain ink) — anything
    else is a problem, in the warning colour."""
    message.setText(text)
    if message.property("tone") != tone:
        message.setProperty("tone", tone)
        message.style().unpolish(message)
        message.style().polish(message)


def button(text: str = "", kind: str = "") -> QPushButton:
    """A large touch button; `kind` picks its colour (primary, help, good, quiet, lang, key)."""
    widget = QPushButton(text)
    if kind:
        widget.setProperty("kind", kind)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    return widget


class Tile(QPushButton):
    """A big choice on the start screen: a bold title and one line saying what it does."""

    def __init__(self, kind: str = "") -> None:
        super().__init__()
        self.setObjectName("Tile")
        if kind:
            self.setProperty("kind", kind)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.title = label("tile-title")
        self.hint = label("tile-hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.addStretch(1)
        for part in (self.title, self.hint):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(part)
        layout.addStretch(1)

    def set_texts(self, title: str, hint: str) -> None:
        """Set both lines (called again on a language switch)."""
        self.title.setText(title)
        self.hint.setText(hint)
        self.setAccessibleName(title)


class Banner(QLabel):
    """A strip above every screen: a technician notice or the practice-mode label."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.setObjectName("Banner")
        self.setProperty("kind", kind)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hide()

    def show_text(self, text: str) -> None:
        """Show the banner with `text`, or hide it when `text` is empty."""
        self.setText(text)
        self.setVisible(bool(text))


class Screen(QWidget):
    """Base of every full screen: knows the size factor and re-reads its texts on a language switch."""

    def __init__(self, scale: float, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.scale = scale

    def px(self, value: float) -> int:
        """`value` pixels at 1920x1080, scaled to this screen."""
        return round(value * self.scale)

    def retranslate(self, tr: Translate) -> None:
        """Set every text from the catalogue; called at start and on a language switch."""
        raise NotImplementedError
