"""The shell's power part: "Tắt máy" and "Khởi động lại" in the technician menu, and its "restart needed" line.

Each asks first (ui/confirm.py: the safe choice big and first). Then the citizen's session, if one is open, is
wiped (the shell does it on `session_end_requested`) before logind is asked (kiosk/power.py), off the GUI thread.
If logind refuses, the technician reads plain words on the menu; systemctl's own words go to the log.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk import log, power
from kiosk.admin_pin import StaffRole
from kiosk.power import PowerAction
from ui.confirm import ConfirmPanel
from ui.contract import Shell
from ui.screens.admin_menu import AdminMenuScreen
from ui.tasks import Task

KEYS = {PowerAction.POWER_OFF: "power.off", PowerAction.REBOOT: "power.reboot"}  # catalogue key of each action


class PowerPart(QObject):
    """Asks, wipes, then asks logind. Emits `session_end_requested()` when the open session must be wiped now."""

    session_end_requested = Signal()

    def __init__(self, shell: Shell, menu: AdminMenuScreen) -> None:
        super().__init__()
        self._shell = shell
        self._menu = menu
        self._pending: Task[None] | None = None
        menu.power_off_requested.connect(lambda: self.ask(PowerAction.POWER_OFF))
        menu.reboot_requested.connect(lambda: self.ask(PowerAction.REBOOT))
        menu.opened.connect(self._opened)

    def _opened(self, role: StaffRole) -> None:
        if role is StaffRole.TECHNICIAN:
            self._menu.show_restart_due(self._shell.translate, power.restart_required())

    def ask(self, action: PowerAction) -> None:
        """The question over the menu; only "Tắt máy" / "Khởi động lại" on it goes on."""
        tr = self._shell.translate
        key = KEYS[action]
        question = tr(f"{key}.question")
        if self._shell.session is not None:
            question = f"{question}\n{tr('power.session_wiped')}"
        ConfirmPanel.over(self._menu).ask(self._menu, (question, tr("power.keep"), tr(f"{key}.confirm")),
                                          lambda: self._go(action))

    def _go(self, action: PowerAction) -> None:
        if self._pending is not None and self._pending.running:
            return  # a request is on its way: logind is asked once
        log.audit.info("technician asked the computer to %s", action.value)
        if self._shell.session is not None:
            self.session_end_requested.emit()  # wiped before the machine goes down, not by the stop signal
        self._shell.show_staff_menu()
        self._menu.set_in_session(False)
        self._menu.show_status(self._shell.translate, f"{KEYS[action]}.going")
        self._pending = Task(lambda _job: power.request(action), f"power {action.value}", owner=self,
                             limit_s=power.LIMIT_S + 5).failure(lambda error: self._refused(action, error)).start()

    def _refused(self, action: PowerAction, error: BaseException) -> None:
        log.admin.warning("the computer did not %s: %s", action.value, error)
        self._menu.show_status(self._shell.translate, f"{KEYS[action]}.refused")
