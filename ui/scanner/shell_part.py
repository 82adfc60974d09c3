"""The shell's scanner part: the scanner service, the citizen's scan flow and the technician's screen,
each created on first use (OpenCV and the drivers load with the first scan, not with the attract screen).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk import paths
from ui.contract import Shell

if TYPE_CHECKING:
    from kiosk.config.schema import ScannerSettings
    from kiosk.scanning.service import ScannerService
    from kiosk.scanning.setup import ScannerChoice
    from kiosk.session import Session
    from ui.scanner.flow import Read, Return, ScanFlow
    from ui.scanner.technician_screen import TechnicianScannerScreen


class ScannerScreens(QObject):
    """What the shell needs from the scanner: `begin` (a document), `read` (a sheet), `open_technician`, `close`.
    Emits `flow_made(ScanFlow)` once (for the statistics) and `settings_saved()` after a technician saved."""

    flow_made = Signal(object)
    settings_saved = Signal()

    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self._shell = shell
        self.service: ScannerService | None = None
        self.flow: ScanFlow | None = None
        self.technician: TechnicianScannerScreen | None = None

    @property
    def settings(self) -> ScannerSettings:
        """The scanner settings in force."""
        return self._shell.config.scanner

    def _service(self) -> ScannerService:
        if self.service is None:
            from kiosk.scanning.service import ScannerService

            self.service = ScannerService(self._choice(), self.settings)
        return self.service

    def _choice(self) -> ScannerChoice:
        from kiosk.scanning.setup import scanner_choice

        return scanner_choice(self.settings, self._shell.practising, self._shell.owner.scanner)

    def _flow(self) -> ScanFlow:
        if self.flow is None:
            from ui.scanner.flow import ScanFlow

            self.flow = ScanFlow(self._shell.scale, self._service(), self._shell.show_in_session,
                                 lambda: self._shell.call_officer("scan"), self._shell.translate)
            for screen in (self.flow.scan, self.flow.review):
                self._shell.add_screen(screen)
            self.flow_made.emit(self.flow)
        return self.flow

    def begin(self, session: Session, return_to: Return, asked: str = "") -> None:
        """"Quét giấy tờ": scan, review and file a document, then `return_to(path or None)`; `asked`: the name
        the portal's upload slot gave the document (offered first)."""
        self._flow().begin(session, return_to, asked)

    def read(self, session: Session, receive: Read) -> None:
        """A sheet to read rather than file (a slip's QR): the scan screen, then `receive(pages)`."""
        self._flow().read(session, receive)

    def open_technician(self) -> None:
        """The technician's scanner screen, from the staff menu."""
        if self.technician is None:
            from ui.scanner.technician_screen import TechnicianScannerScreen

            self.technician = TechnicianScannerScreen(self._shell.scale, self._shell.practising,
                                                      paths.site_config_file())
            self.technician.saved.connect(self.settings_saved)
            self.technician.back_requested.connect(self._shell.show_staff_menu)
            self._shell.add_screen(self.technician)
        errors = list(self.service.errors) if self.service is not None else []
        self.technician.open(self.settings, errors)
        self._shell.show_staff(self.technician)

    def reconfigure(self) -> None:
        """The settings changed on disk (the shell has read them again): the next scan uses them."""
        if self.service is not None:
            self.service.reconfigure(self._choice(), self.settings)

    def leave_staff(self) -> None:
        """The staff left: the technician screen's own driver stops."""
        if self.technician is not None:
            self.technician.close_service()

    def close(self) -> None:
        """The kiosk is closing: stop every driver."""
        self.leave_staff()
        if self.service is not None:
            self.service.close()
