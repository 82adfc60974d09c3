"""The staff menu behind the PIN pad: end the citizen's session, see config problems, set up the scanner, exit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout

from kiosk.admin_pin import StaffRole
from ui.widgets import Screen, Translate, button, label


class AdminMenuScreen(Screen):
    """Officers may end a session; technicians may also quit the kiosk."""

    end_session_requested = Signal()
    exit_requested = Signal()
    back_requested = Signal()
    scanner_requested = Signal()

    def __init__(self, scale: float) -> None:
        super().__init__(scale, "AdminMenuScreen")
        self.role = StaffRole.OFFICER
        self._problems: list[str] = []
        self.title = label("title")
        self.problems = label("hint")
        self.end_session = button(kind="primary")
        self.end_session.clicked.connect(self.end_session_requested)
        self.scanner = button()
        self.scanner.clicked.connect(self.scanner_requested)
        self.exit = button(kind="help")
        self.exit.clicked.connect(self.exit_requested)
        self.back = button(kind="quiet")
        self.back.clicked.connect(self.back_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(96), self.px(64), self.px(96), self.px(64))
        layout.setSpacing(self.px(28))
        layout.addWidget(self.title)
        layout.addWidget(self.problems)
        layout.addStretch(1)
        for action in (self.end_session, self.scanner, self.exit, self.back):
            layout.addWidget(action)

    def show_for(self, role: StaffRole, problems: list[str], tr: Translate) -> None:
        """Open the menu for a role; technicians also see the config problems."""
        self.role = role
        self._problems = problems
        self.exit.setVisible(role is StaffRole.TECHNICIAN)
        self.scanner.setVisible(role is StaffRole.TECHNICIAN)
        self.retranslate(tr)

    def retranslate(self, tr: Translate) -> None:
        technician = self.role is StaffRole.TECHNICIAN
        self.title.setText(tr("admin.title.technician" if technician else "admin.title.officer"))
        if technician and self._problems:
            lines = [tr("admin.config_problems", count=len(self._problems)), *self._problems]
            self.problems.setText("\n".join(lines))
        elif technician:
            self.problems.setText(tr("admin.config_ok"))
        else:
            self.problems.setText("")
        self.end_session.setText(tr("admin.end_session"))
        self.exit.setText(tr("admin.exit"))
        self.scanner.setText(tr("admin.scanner"))
        self.back.setText(tr("admin.back"))
