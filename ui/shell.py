"""The kiosk shell: binds the session lifecycle, the screens and the lockdown together.

It owns no rules of its own: phases come from `kiosk.lifecycle`, PIN checks from
`kiosk.admin_pin`; this class only decides which screen shows them.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import log
from kiosk.admin_pin import PinGate, StaffRole
from kiosk.browser_policy import BrowserPolicy
from kiosk.config import Config, ConfigProblem
from kiosk.features import missing_practice_parts
from kiosk.i18n import Translator
from kiosk.lifecycle import EndReason, Lifecycle, Phase
from kiosk.practice_mode import PracticeMode
from kiosk.session import Session
from ui.officer_part import OfficerPart
from ui.scanner.shell_part import ScannerScreens
from ui.screens.admin_menu import AdminMenuScreen
from ui.screens.attract import AttractScreen
from ui.screens.idle_warning import IdleWarningScreen
from ui.screens.pin_pad import PinPadScreen
from ui.screens.placeholder import PlaceholderScreen
from ui.screens.start import StartScreen
from ui.videos.shell_part import VideoScreens
from ui.widgets import Screen
from ui.window import KioskWindow

if TYPE_CHECKING:
    from ui.browser.screen import BrowserScreen

TICK_MS = 250
ADMIN_IDLE_MS = 60_000
ADMIN_CORNER_PX = 120
PRACTICE_POLL_MS = 100


@dataclasses.dataclass(frozen=True)
class ShellOptions:
    """What the shell needs besides the config."""

    session_root: Path
    scale: float = 1.0
    practice: bool = False
    problems: tuple[ConfigProblem, ...] = ()
    clock: Callable[[], float] = time.monotonic


class KioskShell(QObject):
    """Creates the window and screens and moves between them as the lifecycle says."""

    def __init__(self, config: Config, translator: Translator, options: ShellOptions) -> None:
        super().__init__()
        self.config = config
        self.translate = translator
        self.options = options
        self._clock = options.clock
        scale = options.scale
        self.window = KioskWindow()
        corner = QRect(0, 0, round(ADMIN_CORNER_PX * scale), round(ADMIN_CORNER_PX * scale))
        self.admin_corner = corner
        self.attract = AttractScreen(scale, corner)
        self.start = StartScreen(scale)
        self.placeholder = PlaceholderScreen(scale)
        self.idle_warning = IdleWarningScreen(scale)
        self.gate = PinGate(
            {
                StaffRole.OFFICER: config.admin.officer_pin_hash,
                StaffRole.TECHNICIAN: config.admin.technician_pin_hash,
            },
            max_failures=config.admin.lockout_failures,
            lockout_s=config.admin.lockout_minutes * 60,
            clock=self._clock,
        )
        self.pin_pad = PinPadScreen(scale, self.gate)
        self.admin_menu = AdminMenuScreen(scale)
        self.screens: list[Screen] = [
            self.attract, self.start, self.placeholder, self.idle_warning, self.pin_pad, self.admin_menu
        ]
        self.browser: BrowserScreen | None = None
        self.scanning = ScannerScreens(
            options.scale, options.practice, config.scanner, self.add_screen, self._show_in_session,
            self.show_staff, lambda: self.officer.call_officer("scan"), lambda: self.show_staff(self.admin_menu),
            translator)
        for screen in self.screens:
            self.window.stack.addWidget(screen)

        self.lifecycle = Lifecycle(
            lambda: Session(options.session_root),
            idle_timeout_s=config.session.idle_timeout_s,
            warning_s=config.session.warning_countdown_s,
        )
        self.lifecycle.on_phase(self._on_phase)
        self.practice: PracticeMode | None = None
        if options.practice:
            self.practice = PracticeMode(config.practice)
            self.practice.start()
        self._session_screen: QWidget = self.start
        self.officer = OfficerPart(self)
        self.videos = VideoScreens(options.scale, self.add_screen, self._show_in_session,
                                   lambda: self.officer.call_officer("videos"))
        self.scanning.on_flow = self.officer.watch_scan
        self._connect()
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.tick)
        self._ticker.start()
        self._admin_idle = QTimer(self)
        self._admin_idle.setSingleShot(True)
        self._admin_idle.setInterval(ADMIN_IDLE_MS)
        self._admin_idle.timeout.connect(self.leave_admin)
        self.set_language(config.ui.language)
        self.window.stack.setCurrentWidget(self.attract)

    def _connect(self) -> None:
        self.attract.touched.connect(self.begin_session)
        self.start.chosen.connect(self.open_choice)
        self.start.language_chosen.connect(self.set_language)
        self.start.finish_requested.connect(lambda: self.lifecycle.end(EndReason.CITIZEN))
        self.placeholder.back_requested.connect(lambda: self._show_in_session(self.start))
        self.placeholder.help_requested.connect(lambda: self.officer.call_officer("placeholder"))
        self.idle_warning.keep_alive.connect(lambda: self.lifecycle.keep_alive(self._clock()))
        self.pin_pad.unlocked.connect(self.open_admin_menu)
        self.pin_pad.cancelled.connect(self.leave_admin)
        self.admin_menu.back_requested.connect(self.leave_admin)
        self.admin_menu.end_session_requested.connect(self.end_session_by_staff)
        self.admin_menu.exit_requested.connect(lambda: self.exit_kiosk("technician"))
        self.admin_menu.scanner_requested.connect(lambda: self.scanning.open_technician())
        self.admin_menu.take_over_requested.connect(self.take_over)
        self.admin_menu.statistics_requested.connect(lambda: self.officer.open_dashboard())

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def current(self) -> QWidget:
        """The screen on show."""
        return self.window.stack.currentWidget() or self.attract

    def tick(self) -> None:
        """Advance the idle clock and the countdown."""
        now = self._clock()
        self.lifecycle.tick(now)
        if self.lifecycle.phase is Phase.WARNING:
            self.idle_warning.set_seconds(self.lifecycle.seconds_left(now))

    def on_activity(self) -> None:
        """Any touch or key: the citizen is there."""
        self.lifecycle.touch(self._clock())
        if self.officer.survey is not None and self.current is self.officer.survey:
            self.officer.survey.touched()
        if self.current in self._staff_screens:
            self._admin_idle.start()

    def begin_session(self) -> None:
        """Attract screen touched."""
        if self.lifecycle.phase is Phase.ATTRACT:
            session = self.lifecycle.start(self._clock())
            if self.practice is not None:
                self.practice.attach(session)
            self.officer.session_started()

    def _on_phase(self, phase: Phase) -> None:
        if phase is Phase.ACTIVE:
            self.window.stack.setCurrentWidget(self._session_screen)
        elif phase is Phase.WARNING:
            self.idle_warning.set_seconds(self.lifecycle.seconds_left(self._clock()))
            self.window.stack.setCurrentWidget(self.idle_warning)
        elif phase is Phase.ENDED:
            if self.officer.session_ended(self.lifecycle.end_reason):
                self.officer.show_survey()  # it resets the lifecycle when answered or skipped
            else:
                self.lifecycle.reset()
        else:
            self._session_screen = self.start
            self.scanning.reset()
            self.videos.stop()
            if self.practice is not None and not self.options.practice:
                # Practice chosen while offline is for that citizen only: the next one gets the real portal.
                self.practice.stop()
                self.practice = None
            self.set_language(self.config.ui.language)
            self.window.stack.setCurrentWidget(self.attract)

    def _show_in_session(self, screen: QWidget) -> None:
        self._session_screen = screen
        if self.lifecycle.phase is Phase.ACTIVE:
            self.window.stack.setCurrentWidget(screen)

    def open_choice(self, choice_id: str) -> None:
        """A start-screen choice; those whose feature has not landed show a placeholder."""
        to_start = self._show_in_session
        handlers = {"submit": self.open_portal, "help": lambda: self.officer.call_officer("start"),
                    "scan": lambda: self.open_scanner(lambda _path: to_start(self.start)),
                    "videos": lambda: self.videos.open(None, lambda: to_start(self.start))}
        if choice_id in handlers:
            handlers[choice_id]()
            return
        self.placeholder.show_choice(choice_id, self.translate)
        self._show_in_session(self.placeholder)

    # --- scanner -----------------------------------------------------------------------------

    def add_screen(self, screen: Screen) -> None:
        """A screen made on first use joins the window and the language switch."""
        self.screens.append(screen)
        self.window.stack.addWidget(screen)
        screen.retranslate(self.translate)

    def show_staff(self, screen: Screen) -> None:
        """A staff screen, with the staff idle timer running."""
        self.window.stack.setCurrentWidget(screen)
        self._admin_idle.start()

    def open_scanner(self, return_to: Callable[[str | None], None]) -> None:
        """"Quét giấy tờ": scan, review and file a document, then `return_to(path or None)`."""
        session = self.lifecycle.session
        if session is not None:
            self.scanning.begin(session.directory, return_to)

    def _scan_for_attach(self) -> None:
        def back_to_portal(_path: str | None) -> None:
            if self.browser is not None:
                self.browser.refresh_attach()
                self._show_in_session(self.browser)

        self.open_scanner(back_to_portal)

    # --- portal ------------------------------------------------------------------------------

    def _browser_screen(self) -> BrowserScreen:
        if self.browser is None:
            from ui.browser.screen import BrowserScreen  # loads QtWebEngine: only when first needed

            self.browser = BrowserScreen(self.options.scale, self.config.printer.name,
                                         self.config.portal.connect_timeout_s)
            self.browser.menu_requested.connect(lambda: self._show_in_session(self.start))
            self.browser.help_requested.connect(lambda: self.officer.call_officer("portal"))
            self.browser.practice_requested.connect(self.use_practice_portal)
            self.officer.watch_browser(self.browser)
            self.browser.scan_requested.connect(self._scan_for_attach)
            self.browser.finish_requested.connect(lambda: self.lifecycle.end(EndReason.CITIZEN))
            self.browser.guide.video_requested.connect(lambda step: self.videos.open(step, self.open_portal))
            self.browser.retranslate(self.translate)
            self.screens.append(self.browser)
            self.window.stack.addWidget(self.browser)
        return self.browser

    def _portal_target(self) -> tuple[str, BrowserPolicy]:
        if self.practice is not None:
            if self.practice.portal is not None:
                context = self.practice.portal.context
                hosts = tuple(QUrl(url).host() for url in (context.portal_url, context.sso_url))
                return self.practice.portal.home_url, BrowserPolicy(hosts)
        return self.config.portal.start_url, BrowserPolicy(self.config.portal.allowed_hosts)

    def open_portal(self) -> None:
        """"Nộp hồ sơ trực tuyến": the portal (or the practice portal) in this session's browser."""
        session = self.lifecycle.session
        if session is None:
            return
        if self.practice is not None and not self.practice.ready.is_set():
            # Started with the kiosk, so normally long ready; never wait for it on the GUI thread.
            QTimer.singleShot(PRACTICE_POLL_MS, self.open_portal)
            return
        screen = self._browser_screen()
        home, policy = self._portal_target()
        screen.offer_practice = self.practice is None
        screen.open(session, home, policy)
        self._show_in_session(screen)
        self.officer.step("portal")

    def use_practice_portal(self) -> None:
        """Offline: the citizen chose to practise instead."""
        session = self.lifecycle.session
        if session is None:
            return  # the citizen left while the practice portal was starting
        if self.practice is None:
            self.practice = PracticeMode(self.config.practice)
            self.practice.start()
            self.practice.attach(session)
        if not self.practice.ready.is_set():
            QTimer.singleShot(PRACTICE_POLL_MS, self.use_practice_portal)
            return
        self._refresh_notices()
        home, policy = self._portal_target()
        if self.browser is not None:
            self.browser.offer_practice = False
            self.browser.home_url = home
            self.browser.set_policy(policy)
            self.browser.go_home()

    # --- language ----------------------------------------------------------------------------

    def set_language(self, code: str) -> None:
        """Switch every screen to `code` (vi or en)."""
        self.translate.set_language(code)
        for screen in self.screens:
            screen.retranslate(self.translate)
        self.start.show_language(self.translate.language)
        self._refresh_notices()

    def _refresh_notices(self) -> None:
        tr = self.translate
        technician = []
        if self.options.problems:
            technician.append(tr("banner.config", count=len(self.options.problems)))
        if not self.gate.has_pins:
            technician.append(tr("banner.no_pin"))
        self.window.technician_banner.show_text("  ·  ".join(technician))
        self.window.practice_banner.show_text(tr("banner.practice") if self.practice is not None else "")
        missing = missing_practice_parts() if self.options.practice else []
        parts = ", ".join(tr(key) for key in missing)
        self.start.set_notice(tr("practice.missing", parts=parts) if missing else "")

    # --- staff -------------------------------------------------------------------------------

    @property
    def _staff_screens(self) -> tuple[QWidget, ...]:
        extra = (self.scanning.technician,) if self.scanning.technician is not None else ()
        return (self.pin_pad, self.admin_menu, *extra, *self.officer.staff_screens())

    def open_pin_pad(self) -> None:
        """The hidden corner gesture was made."""
        if self.current in self._staff_screens:
            return
        self.pin_pad.open()
        self.window.stack.setCurrentWidget(self.pin_pad)
        self._admin_idle.start()

    def open_admin_menu(self, role: StaffRole) -> None:
        """Right PIN entered."""
        problems = [problem.render(self.translate) for problem in self.options.problems]
        self.officer.answered()
        self.admin_menu.show_for(role, problems, self.translate, self.lifecycle.session is not None)
        self.window.stack.setCurrentWidget(self.admin_menu)
        self._admin_idle.start()

    def take_over(self) -> None:
        """An officer works in the citizen's session, under the "Đang được cán bộ hỗ trợ" strip."""
        self.officer.take_over()
        self.leave_admin()

    def leave_admin(self) -> None:
        """Back to where the staff member came from (or wherever the lifecycle now is)."""
        self._admin_idle.stop()
        if self.current not in self._staff_screens:
            return
        self.scanning.leave_staff()
        if self.lifecycle.phase is Phase.ATTRACT:
            self.window.stack.setCurrentWidget(self.attract)
        elif self.lifecycle.phase is Phase.WARNING:
            self.window.stack.setCurrentWidget(self.idle_warning)
        else:
            self.window.stack.setCurrentWidget(self._session_screen)

    def end_session_by_staff(self) -> None:
        """Staff ended the citizen's session from the menu."""
        log.audit.info("staff ended the session")
        self._admin_idle.stop()
        if self.lifecycle.phase is Phase.ATTRACT:
            self.window.stack.setCurrentWidget(self.attract)
        else:
            self.lifecycle.end(EndReason.STAFF)

    def exit_kiosk(self, by: str = "technician") -> None:
        """Quit the kiosk (technician menu, a signal, or the start-up bench): wipe, then close."""
        log.audit.info("kiosk exited (%s)", by)
        self.shutdown()
        self.window.exit_allowed = True
        self.window.close()
        QApplication.quit()

    def shutdown(self) -> None:
        """Wipe any open session (on exit, signal or crash handler); no timer of this shell fires after it."""
        self._ticker.stop()
        self._admin_idle.stop()
        if self.lifecycle.session is not None:
            self.lifecycle.end(EndReason.SHUTDOWN)
        if self.browser is not None:
            # Delete the session's web view, page and profile now, in order, before Qt tears down.
            from ui.browser.session_browser import flush_deletions

            flush_deletions()
        if self.practice is not None:
            self.practice.stop()
        self.scanning.close()
