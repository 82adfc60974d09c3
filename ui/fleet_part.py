"""The shell's fleet part: what the province pushed is taken at the attract screen (between two citizens, never
under one), the technician menu's "Kết nối tỉnh" shows the link, and a kiosk running on its own (no supervisor)
keeps the link itself (kiosk/fleet/runner.py).

It watches the window's stack for the attract screen rather than hooking the shell, and asks the shell to read
its settings again through `reload` once a config was applied.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk import handover, log, paths
from kiosk.fleet.apply import apply_pending
from kiosk.fleet.store import FleetStore
from kiosk.fleet.topics import KioskId
from ui.contract import Shell
from ui.screens.admin_menu import AdminMenuScreen

if TYPE_CHECKING:
    from kiosk.fleet.agent import FleetAgent
    from ui.screens.fleet import FleetScreen


class FleetPart(QObject):
    """Applies pushes at the attract screen; `open()` shows the technician's fleet screen."""

    def __init__(self, shell: Shell, menu: AdminMenuScreen, attract: QWidget, stack: QStackedWidget,
                 reload: Callable[[], None]) -> None:
        super().__init__(menu)
        self._shell = shell
        self._menu = menu
        self._reload = reload
        self.screen: FleetScreen | None = None
        self.agent: FleetAgent | None = None
        self.applied: list[str] = []  # what the last attract screen took (for the log and the tests)
        menu.fleet_requested.connect(self.open)
        menu.opened.connect(self._menu_opened)
        stack.currentChanged.connect(lambda _index: self.at_attract() if stack.currentWidget() is attract else None)
        if shell.config.fleet.enabled and not os.environ.get(handover.ENV):  # else the supervisor keeps the link
            from kiosk.fleet.runner import start_agent

            self.agent = start_agent(shell.config)
            application = QCoreApplication.instance()
            if application is not None:
                application.aboutToQuit.connect(self.stop)

    def stop(self) -> None:
        """End the link this process keeps, if it keeps one (on quitting)."""
        if self.agent is not None:
            self.agent.stop()
            self.agent = None

    @property
    def folder(self) -> str:
        """The fleet folder of this kiosk."""
        return str(paths.fleet_dir(paths.data_dir(self._shell.config.paths.data_dir)))

    def at_attract(self) -> None:
        """Between two citizens: take the staged config and the verified videos."""
        if not self._shell.config.fleet.enabled:
            return
        self.applied = apply_pending(paths.fleet_dir(paths.data_dir(self._shell.config.paths.data_dir)))
        if self.applied:
            log.fleet.info("applied the province's %s at the attract screen", " and ".join(self.applied))
            self._reload()

    def _menu_opened(self, _role: object) -> None:
        self._menu.offer_fleet(self._shell.config.fleet.enabled)
        if self.screen is not None:
            self.screen.hide()

    def open(self) -> None:
        """"Kết nối tỉnh" from the technician menu: a page over the menu, so the menu's staff idle timer and
        corner rules hold for it too (the shell knows no screen of the fleet's)."""
        if self.screen is None:
            from ui.screens.fleet import FleetScreen

            self.screen = FleetScreen(self._shell.scale)
            self.screen.setParent(self._menu)
            self.screen.refresh_requested.connect(self.refresh)
            self.screen.back_requested.connect(self.screen.hide)
        self.screen.setGeometry(self._menu.rect())
        self.screen.retranslate(self._shell.translate)
        self.screen.show()
        self.screen.raise_()
        self._shell.show_staff(self._menu)  # the staff idle timer starts again
        self.refresh()

    def refresh(self) -> None:
        """Read the fleet store again (a small local file, written by the link's threads or the supervisor)."""
        if self.screen is None:
            return
        fleet = self._shell.config.fleet
        store = FleetStore(paths.fleet_dir(paths.data_dir(self._shell.config.paths.data_dir)))
        try:
            state = store.link_state()
        finally:
            store.close()
        self.screen.show_state(KioskId(fleet.province, fleet.commune, fleet.kiosk_id).path, fleet.broker_url, state)
