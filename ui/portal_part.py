"""The shell's portal part: the portal screen made on first use (QtWebEngine loads then), which portal it shows
(the real one, or the practice portal when the kiosk practises or the citizen chose to while offline), and the
way from the portal's attach dialog to the scanner and back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal

from kiosk.browser_policy import BrowserPolicy
from ui.contract import Shell
from ui.practice_part import PracticePart

if TYPE_CHECKING:
    from ui.browser.screen import BrowserScreen


class PortalPart(QObject):
    """`open()` shows the portal in the citizen's session. Emits `screen_made(BrowserScreen)` once, then what
    the portal screen asks of the rest of the kiosk: `start_requested()` ("Màn hình chính"),
    `finish_requested()`, `video_requested(step)`, `scan_requested(slot name)` (from the attach dialog), and
    `practice_changed()` when an offline citizen switched to the practice portal."""

    screen_made = Signal(object)
    start_requested = Signal()
    finish_requested = Signal()
    video_requested = Signal(str)
    scan_requested = Signal(str)  # the upload slot's name when the attach dialog asked, else ""
    practice_changed = Signal()

    def __init__(self, shell: Shell, practice: PracticePart | None) -> None:
        super().__init__()
        self._shell = shell
        self.practice = practice  # the kiosk's practice portal, or one started for an offline citizen
        self._kiosk_practice = practice
        self.screen: BrowserScreen | None = None

    def _screen(self) -> BrowserScreen:
        if self.screen is None:
            from ui.browser.screen import BrowserScreen  # loads QtWebEngine: only when first needed

            portal = self._shell.config.portal
            screen = BrowserScreen(self._shell.scale, lambda: self._shell.config.printer.queue,
                                   portal.connect_timeout_s)
            screen.menu_requested.connect(self.start_requested)
            screen.help_requested.connect(lambda: self._shell.call_officer("portal"))
            screen.practice_requested.connect(self.use_practice_portal)
            screen.scan_requested.connect(self.scan_requested)
            screen.finish_requested.connect(self.finish_requested)
            screen.guide.video_requested.connect(self.video_requested)
            self._shell.add_screen(screen)
            self.screen = screen
            self.screen_made.emit(screen)
        return self.screen

    @property
    def practice_home(self) -> str:
        """The running practice portal's home page; "" when none runs."""
        portal = self.practice.portal if self.practice is not None else None
        return portal.home_url if portal is not None else ""

    def target(self) -> tuple[str, BrowserPolicy]:
        """The home page and allow-list: the practice portal's own hosts when it runs, else the config's."""
        if self.practice is not None and self.practice.portal is not None:
            context = self.practice.portal.context
            hosts = tuple(QUrl(url).host() for url in (context.portal_url, context.sso_url))
            return self.practice.portal.home_url, BrowserPolicy(hosts)
        portal = self._shell.config.portal
        return portal.start_url, BrowserPolicy(portal.allowed_hosts)

    def open(self, address: Callable[[], str] | None = None) -> None:
        """"Nộp hồ sơ trực tuyến": the portal (or the practice portal) in this session's browser, at its home page
        or at `address()` (asked once the portal is known: a dossier's tracking page)."""
        if self._shell.session is None:
            return
        if self.practice is not None and not self.practice.started:
            self.practice.when_ready(lambda: self.open(address))  # started with the kiosk, so normally long ready
            return
        session = self._shell.session
        screen = self._screen()
        home, policy = self.target()
        screen.offer_practice = self.practice is None
        screen.open(session, home, policy, address() if address is not None else "")
        self._shell.show_in_session(screen)
        self._shell.reach_step("portal")

    def use_practice_portal(self) -> None:
        """Offline: the citizen chose to practise instead (a practice portal for this citizen only)."""
        session = self._shell.session
        if session is None:
            return  # the citizen left while the practice portal was starting
        if self.practice is None:
            self.practice = PracticePart(self._shell.config)
            self.practice.attach(session)
        if not self.practice.started:
            self.practice.when_ready(self.use_practice_portal)
            return
        home, policy = self.target()
        if self.screen is not None:
            self.screen.offer_practice = False
            self.screen.home_url = home
            self.screen.set_policy(policy)
            self.screen.go_home()
        self.practice_changed.emit()

    def back_from_scanner(self, _path: str | None = None) -> None:
        """The scanner filed a document (or not) while the portal's file picker waits: show the picker again."""
        if self.screen is not None:
            self.screen.refresh_attach()
            self._shell.show_in_session(self.screen)

    def session_ended(self) -> None:
        """A practice portal started for an offline citizen is for that citizen only: the next gets the real one."""
        if self.practice is not None and self.practice is not self._kiosk_practice:
            self.practice.stop()
            self.practice = self._kiosk_practice
