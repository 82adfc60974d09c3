"""The staff menu behind the PIN pad: end the citizen's session, see config problems, set up the scanner, check
the computer, exit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout

from kiosk.admin_pin import StaffRole
from ui.widgets import Screen, Translate, button, label


class AdminMenuScreen(Screen):
    """Officers may end a session; technicians may also quit the kiosk."""

    end_session_requested = Signal()
    exit_requested = Signal()
    back_requested = Signal()
    scanner_requested = Signal()
    take_over_requested = Signal()
    statistics_requested = Signal()
    doctor_requested = Signal()

    def __init__(self, scale: float) -> None:
        super().__init__(scale, "AdminMenuScreen")
        self.role = StaffRole.OFFICER
        self._problems: list[str] = []
        self.title = label("title")
        self.problems = label("hint")
        self.take_over = button(kind="primary")
        self.take_over.clicked.connect(self.take_over_requested)
        self.end_session = button()
        self.end_session.clicked.connect(self.end_session_requested)
        self.statistics = button()
        self.statistics.clicked.connect(self.statistics_requested)
        self.scanner = button()
        self.scanner.clicked.connect(self.scanner_requested)
        self.doctor = button()
        self.doctor.clicked.connect(self.doctor_requested)
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
        grid = QGridLayout()  # two columns: seven big buttons must fit a 1366x768 screen under two banners
        grid.setSpacing(self.px(24))
        for index, action in enumerate((self.take_over, self.end_session, self.statistics, self.scanner,
                                        self.doctor, self.exit, self.back)):
            grid.addWidget(action, index // 2, index % 2)
        layout.addLayout(grid)

    def show_for(self, role: StaffRole, problems: list[str], tr: Translate, in_session: bool = False) -> None:
        """Open the menu for a role; technicians also see the config problems. Taking over needs a session."""
        self.role = role
        self.take_over.setVisible(in_session)
        self._problems = problems
        self.exit.setVisible(role is StaffRole.TECHNICIAN)
        self.scanner.setVisible(role is StaffRole.TECHNICIAN)
        self.doctor.setVisible(role is StaffRole.TECHNICIAN)
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
        self.take_over.setText(tr("admin.take_over"))
        self.statistics.setText(tr("admin.statistics"))
        self.exit.setText(tr("admin.exit"))
        self.scanner.setText(tr("admin.scanner"))
        self.doctor.setText(tr("admin.doctor"))
        self.back.setText(tr("admin.back"))
