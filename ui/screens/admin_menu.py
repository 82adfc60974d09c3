"""The staff menu behind the PIN pad: end the citizen's session, see config problems, set up the scanner and the
printer, check the computer, see the province link, switch it off or restart it, exit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout

from kiosk.admin_pin import StaffRole
from ui.widgets import Screen, Translate, button, label

COLUMNS = 3  # eleven big buttons in four rows fit a 1366x768 screen under two banners; two columns took six


class AdminMenuScreen(Screen):
    """Officers may end a session; technicians may also set up the scanner and the printer, check the computer,
    power off, restart and quit."""

    end_session_requested = Signal()
    exit_requested = Signal()
    back_requested = Signal()
    scanner_requested = Signal()
    take_over_requested = Signal()
    statistics_requested = Signal()
    power_off_requested = Signal()
    reboot_requested = Signal()
    doctor_requested = Signal()
    printer_requested = Signal()
    fleet_requested = Signal()
    opened = Signal(object)  # the StaffRole it was opened for

    def __init__(self, scale: float) -> None:
        super().__init__(scale, "AdminMenuScreen")
        self.role = StaffRole.OFFICER
        self._problems: list[str] = []
        self._restart_due = False
        self._in_session = False
        self._fleet = False  # "Kết nối tỉnh" only on a kiosk of a province's fleet
        self._status: tuple[str, dict[str, object]] | None = None  # a power request's outcome, as a catalogue key
        self.title = label("title")
        self.problems = label("hint")
        self.status = label("message")
        self.status.hide()
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
        self.printer = button()
        self.printer.clicked.connect(self.printer_requested)
        self.fleet = button()
        self.fleet.clicked.connect(self.fleet_requested)
        self.power_off = button()
        self.power_off.clicked.connect(self.power_off_requested)
        self.reboot = button()
        self.reboot.clicked.connect(self.reboot_requested)
        self.exit = button(kind="help")
        self.exit.clicked.connect(self.exit_requested)
        self.back = button(kind="quiet")
        self.back.clicked.connect(self.back_requested)
        self.choices = (self.take_over, self.end_session, self.statistics, self.scanner, self.printer, self.doctor,
                        self.fleet, self.power_off, self.reboot, self.exit, self.back)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(self.px(96), self.px(64), self.px(96), self.px(64))
        layout.setSpacing(self.px(28))
        layout.addWidget(self.title)
        layout.addWidget(self.problems)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self._grid = QGridLayout()
        self._grid.setSpacing(self.px(24))
        for column in range(COLUMNS):
            self._grid.setColumnStretch(column, 1)
        layout.addLayout(self._grid)
        for action in self.choices:
            action.setParent(self)
        self._arrange()

    def _arrange(self) -> None:
        """Only the buttons offered now, in order, with no gaps where the others would be."""
        technician_only = (self.scanner, self.printer, self.doctor, self.fleet, self.power_off, self.reboot,
                           self.exit)
        offered = [action for action in self.choices
                   if (action is not self.take_over or self._in_session) and (action is not self.fleet or self._fleet)
                   and (action not in technician_only or self.role is StaffRole.TECHNICIAN)]
        for action in self.choices:
            self._grid.removeWidget(action)
        for index, action in enumerate(offered):
            self._grid.addWidget(action, index // COLUMNS, index % COLUMNS)
        for action in self.choices:  # children of the menu by now: none is ever shown as a window of its own
            action.setVisible(action in offered)

    def show_for(self, role: StaffRole, problems: list[str], tr: Translate, in_session: bool = False) -> None:
        """Open the menu for a role; technicians also see the config problems. Taking over needs a session."""
        self.role = role
        self._problems = problems
        self._restart_due = False
        self._status = None
        self.set_in_session(in_session)
        self.retranslate(tr)
        self.opened.emit(role)

    def set_in_session(self, in_session: bool) -> None:
        """Taking over and ending a session are offered only while a citizen's session is open."""
        self._in_session = in_session
        self._arrange()

    def offer_fleet(self, offered: bool) -> None:
        """"Kết nối tỉnh" is offered on a kiosk with `fleet.enabled`."""
        self._fleet = offered
        self._arrange()

    def show_restart_due(self, tr: Translate, due: bool) -> None:
        """Technicians read that an installed upgrade waits for a restart."""
        self._restart_due = due
        self.retranslate(tr)

    def show_status(self, tr: Translate, key: str, **values: object) -> None:
        """A line under the problems: what became of a power request."""
        self._status = (key, values)
        self.retranslate(tr)

    def retranslate(self, tr: Translate) -> None:
        technician = self.role is StaffRole.TECHNICIAN
        self.title.setText(tr("admin.title.technician" if technician else "admin.title.officer"))
        lines = []
        if technician and self._problems:
            lines = [tr("admin.config_problems", count=len(self._problems)), *self._problems]
        elif technician:
            lines = [tr("admin.config_ok")]
        if technician and self._restart_due:
            lines.append(tr("admin.restart_due"))
        self.problems.setText("\n".join(lines))
        self.status.setVisible(self._status is not None)
        if self._status is not None:
            key, values = self._status
            self.status.setText(tr(key, **values))
        self.end_session.setText(tr("admin.end_session"))
        self.take_over.setText(tr("admin.take_over"))
        self.statistics.setText(tr("admin.statistics"))
        self.exit.setText(tr("admin.exit"))
        self.scanner.setText(tr("admin.scanner"))
        self.doctor.setText(tr("admin.doctor"))
        self.printer.setText(tr("admin.printer"))
        self.fleet.setText(tr("admin.fleet"))
        self.power_off.setText(tr("admin.power_off"))
        self.reboot.setText(tr("admin.reboot"))
        self.back.setText(tr("admin.back"))
