"""A plain "coming soon" screen for choices whose feature has not landed yet."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from ui.widgets import Screen, Translate, button, label


class PlaceholderScreen(Screen):
    """Says plainly that a feature is coming and offers the way back or an officer."""

    back_requested = Signal()
    help_requested = Signal()

    def __init__(self, scale: float) -> None:
        super().__init__(scale, "PlaceholderScreen")
        self.choice_id = ""
        self.title = label("title")
        self.heading = label("subtitle")
        self.body = label("body")
        self.back = button(kind="primary")
        self.back.clicked.connect(self.back_requested)
        self.help = button(kind="help")
        self.help.clicked.connect(self.help_requested)
        actions = QHBoxLayout()
        actions.setSpacing(self.px(32))
        actions.addWidget(self.back)
        actions.addWidget(self.help)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(96), self.px(64), self.px(96), self.px(64))
        layout.setSpacing(self.px(32))
        layout.addWidget(self.title)
        layout.addStretch(1)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addStretch(2)
        layout.addLayout(actions)
        self.body.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def show_choice(self, choice_id: str, tr: Translate) -> None:
        """Show the placeholder for one start-screen choice."""
        self.choice_id = choice_id
        self.retranslate(tr)

    def retranslate(self, tr: Translate) -> None:
        feature = tr(f"start.{self.choice_id}") if self.choice_id else ""
        self.title.setText(feature)
        self.heading.setText(tr("placeholder.heading"))
        # Until the kiosk can call an officer itself, the help choice says how to reach one.
        is_help = self.choice_id == "help"
        self.body.setText(tr("placeholder.body.help") if is_help else tr("placeholder.body", feature=feature))
        self.help.setVisible(not is_help)
        self.back.setText(tr("common.back"))
        self.help.setText(tr("common.call_officer"))
