"""The shell's tracking part: "Tra cứu hồ sơ" on the start screen. The citizen types the code from the slip; the
portal's tracking page for it opens in the locked browser of the session (the practice portal's own when the kiosk
practises), without a login."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import QObject

from kiosk import log, tracking
from ui.contract import Shell
from ui.portal_part import PortalPart
from ui.screens.tracking import TrackingScreen


class TrackingPart(QObject):
    """`open()` shows the code screen; a code that may be looked up opens its tracking page."""

    def __init__(self, shell: Shell, portal: PortalPart, back: Callable[[], None]) -> None:
        super().__init__()
        self._shell = shell
        self._portal = portal
        self.screen = TrackingScreen(shell.scale)
        self.screen.back_requested.connect(back)
        self.screen.help_requested.connect(lambda: shell.call_officer("tracking"))
        self.screen.lookup_requested.connect(self.look_up)
        shell.add_screen(self.screen)

    def open(self) -> None:
        """"Tra cứu hồ sơ" on the start screen."""
        self.screen.begin(bool(self._portal.practice_home) or self._shell.practising, self._shell.translate)
        self._shell.show_in_session(self.screen)

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
