"""The shell's tracking part: "Tra cứu hồ sơ" on the start screen. The citizen types the code from the slip; the
portal's tracking page for it opens in the locked browser of the session (the practice portal's own when the kiosk
practises), without a login."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import QObject

from kiosk import log, tracking
from ui.browser.page_status import PageStatus
from ui.contract import Shell
from ui.portal_part import PortalPart
from ui.scanner.shell_part import ScannerScreens
from ui.screens.tracking import TrackingScreen
from ui.tasks import Task

READ_LIMIT_S = 20.0  # finding a QR on a page takes well under a second; a stuck read must not keep the citizen


class TrackingPart(QObject):
    """`open()` shows the code screen; a code that may be looked up opens its tracking page."""

    def __init__(self, shell: Shell, portal: PortalPart, scanner: ScannerScreens, back: Callable[[], None]) -> None:
        super().__init__()
        self._shell = shell
        self._portal = portal
        self._scanner = scanner
        self.screen = TrackingScreen(shell.scale)
        self.screen.back_requested.connect(back)
        self.screen.help_requested.connect(lambda: shell.call_officer("tracking"))
        self.screen.lookup_requested.connect(self.look_up)
        self.screen.qr_requested.connect(self._read_slip)
        # The tracking page's status, large in the guide, however the citizen came to it (here or in the portal).
        portal.screen_made.connect(lambda browser: PageStatus(browser, shell.translate))
        shell.add_screen(self.screen)

    def open(self) -> None:
        """"Tra cứu hồ sơ" on the start screen."""
        self.screen.begin(self._practising, self._shell.translate)
        self._shell.show_in_session(self.screen)

    @property
    def _practising(self) -> bool:
        return bool(self._portal.practice_home) or self._shell.practising

    def _read_slip(self) -> None:
        """"Quét mã QR": the scan screen, then the code of the QR on the scanned sheet."""
        session = self._shell.session
        if session is not None and not session.ended:
            self._scanner.read(session, self._scanned)

    def _scanned(self, pages: list[Path]) -> None:
        self._shell.show_in_session(self.screen)
        if not pages:
            return  # the citizen went back from the scan screen
        from kiosk.tracking_qr import code_on_page  # OpenCV, loaded with the first scan like the scanner's own

        practising = self._practising
        self.screen.say("tracking.qr_reading", "busy")
        Task(lambda _job: next(filter(None, (code_on_page(page, practising) for page in pages)), None),
             "read the slip's QR", owner=self, limit_s=READ_LIMIT_S) \
            .success(self._read) \
            .failure(lambda _error: self.screen.say("tracking.qr_none")).start()

    def _read(self, code: str | None) -> None:
        if code is None:
            log.shell.info("no dossier code found in a scanned QR")
            self.screen.say("tracking.qr_none")
            return
        self.screen.say("")
        self.look_up(code)

    def address(self, code: str) -> str:
        """The tracking page of `code` on the portal the citizen would use now."""
        practice_home = self._portal.practice_home
        if practice_home:
            from kiosk.practice_portal.portal_app import TRACKING  # the practice portal runs in this process

            parts = urlsplit(practice_home)
            template = urlunsplit((parts.scheme, parts.netloc, TRACKING, "ma_ho_so={code}", ""))
        else:
            template = self._shell.config.portal.tracking_url
        return tracking.tracking_address(template, code)

    def look_up(self, code: str) -> None:
        """Open the tracking page (the code itself is the citizen's: the log says only that one was looked up)."""
        log.shell.info("dossier lookup opened")
        self._portal.open(lambda: self.address(code))
