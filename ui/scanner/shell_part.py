"""The shell's scanner part: the scanner service, the citizen's scan flow and the technician's screen,
each created on first use (OpenCV and the drivers load with the first scan, not with the attract screen).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import paths
from kiosk.config.schema import ScannerSettings

if TYPE_CHECKING:
    from kiosk.scanning.service import ScannerService
    from ui.scanner.flow import Return, ScanFlow
    from ui.scanner.technician_screen import TechnicianScannerScreen
    from ui.widgets import Screen, Translate


class ScannerScreens:
    """What the shell needs from the scanner, behind four calls: `begin`, `open_technician`, `reset`, `close`."""

    def __init__(self, scale: float, practice: bool, settings: ScannerSettings, add_screen: Callable[[Screen], None],
                 show_in_session: Callable[[Screen], None], show_staff: Callable[[Screen], None],
                 help_requested: Callable[[], None], back_to_menu: Callable[[], None], translate: Translate) -> None:
        self.scale, self.practice, self.settings = scale, practice, settings
        self._add_screen, self._show_in_session, self._show_staff = add_screen, show_in_session, show_staff
        self._help, self._back_to_menu, self._translate = help_requested, back_to_menu, translate
        self.service: ScannerService | None = None
        self.flow: ScanFlow | None = None
        self.technician: TechnicianScannerScreen | None = None
        self.on_flow: Callable[[ScanFlow], None] | None = None  # told when the scan flow is made

    def _service(self) -> ScannerService:
        if self.service is None:
            from kiosk.scanning.service import ScannerService  # noqa: PLC0415
            from kiosk.scanning.setup import scanner_choice  # noqa: PLC0415

            self.service = ScannerService(scanner_choice(self.settings, self.practice), self.settings)
        return self.service

    def _flow(self) -> ScanFlow:
        if self.flow is None:
            from ui.scanner.flow import ScanFlow  # noqa: PLC0415

            self.flow = ScanFlow(self.scale, self._service(), self._show_in_session, self._help, self._translate)
            for screen in (self.flow.scan, self.flow.review):
                self._add_screen(screen)
            if self.on_flow is not None:
                self.on_flow(self.flow)
        return self.flow

    def begin(self, session_dir: Path, return_to: Return) -> None:
        """"Quét giấy tờ": scan, review and file a document, then `return_to(path or None)`."""
        self._flow().begin(session_dir, return_to)

    def open_technician(self) -> None:
        """The technician's scanner screen, from the staff menu."""
        if self.technician is None:
            from ui.scanner.technician_screen import TechnicianScannerScreen  # noqa: PLC0415

            self.technician = TechnicianScannerScreen(self.scale, self.practice, paths.site_config_file())
            self.technician.saved.connect(self._saved)
            self.technician.back_requested.connect(self._back_to_menu)
            self._add_screen(self.technician)
        errors = list(self.service.errors) if self.service is not None else []
        self.technician.open(self.settings, errors)
        self._show_staff(self.technician)

    def _saved(self, settings: ScannerSettings) -> None:
        from kiosk.scanning.setup import scanner_choice  # noqa: PLC0415

        self.settings = settings
        if self.service is not None:
            self.service.reconfigure(scanner_choice(settings, self.practice), settings)

    def leave_staff(self) -> None:
        """The staff left: the technician screen's own driver stops."""
        if self.technician is not None:
            self.technician.close_service()

    def reset(self) -> None:
        """The citizen's session ended: stop any scan."""
        if self.flow is not None:
            self.flow.reset()

    def close(self) -> None:
        """The kiosk is closing: stop every driver."""
        self.leave_staff()
        if self.service is not None:
            self.service.close()
