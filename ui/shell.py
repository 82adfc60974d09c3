"""The kiosk shell: binds the session lifecycle, the screens and the lockdown together.

It owns no rules of its own: phases come from `kiosk.lifecycle`, PIN checks from
`kiosk.admin_pin`; this class only decides which screen shows them. Its parts (scanner, videos, portal,
officer, doctor) see it through the small contract of ui/contract.py and tell it things by signals.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import log, paths
from kiosk.admin_pin import PIN_STATE_FILE, PinGate, SavedLock, StaffRole
from kiosk.config import Config, ConfigProblem, load_layers
from kiosk.features import missing_practice_parts
from kiosk.i18n import Translator
from kiosk.lifecycle import EndReason, Lifecycle, Phase
from kiosk.owner import Owner
from kiosk.session import Session
from ui import citizen_end, tasks
from ui.doctor_part import DoctorPart
from ui.end_part import EndPart
from ui.officer_part import OfficerPart
from ui.portal_part import PortalPart
from ui.power_part import PowerPart
from ui.practice_part import PracticePart
from ui.printer_part import PrinterPart
from ui.scanner.shell_part import ScannerScreens
from ui.screens.admin_menu import AdminMenuScreen
from ui.screens.attract import AttractScreen
from ui.screens.idle_warning import IdleWarningScreen
from ui.screens.pin_pad import PinPadScreen
from ui.screens.start import StartScreen
from ui.tracking_part import TrackingPart
from ui.videos.shell_part import VideoScreens
from ui.widgets import Screen
from ui.window import KioskWindow

if TYPE_CHECKING:
    from ui.browser.screen import BrowserScreen

TICK_MS = 250
ADMIN_IDLE_MS = 60_000
ADMIN_CORNER_PX = 120


@dataclasses.dataclass(frozen=True)
class ShellOptions:
    """What the shell needs besides the config."""

    owner: Owner  # this process's folders in RAM (sessions, scanner config)
    live_owners: tuple[str, ...] = ()  # the kiosk processes running now: their open sessions are not interrupted
    scale: float = 1.0
    practice: bool = False
    problems: tuple[ConfigProblem, ...] = ()
    clock: Callable[[], float] = time.monotonic
    language: str = ""  # the citizen's first language (`--lang`), else the config's
    config_files: tuple[Path | None, Path | None] = (None, None)  # site file, --config: read again after a save


class KioskShell(QObject):
    """Creates the window and screens and moves between them as the lifecycle says."""

    def __init__(self, config: Config, translator: Translator, options: ShellOptions) -> None:
        super().__init__()
        self._config = config
        self._translate = translator
        self.options = options
        self._clock = options.clock
        self.home_language = options.language or config.ui.language
        scale = options.scale
        self.window = KioskWindow()
        corner = QRect(0, 0, round(ADMIN_CORNER_PX * scale), round(ADMIN_CORNER_PX * scale))
        self.admin_corner = corner
        self.attract = AttractScreen(scale, corner)
        self.start = StartScreen(scale)
        self.idle_warning = IdleWarningScreen(scale)
        self.gate = PinGate(
            {StaffRole.OFFICER: config.admin.officer_pin_hash, StaffRole.TECHNICIAN: config.admin.technician_pin_hash},
            max_failures=config.admin.lockout_failures,
            lockout_s=config.admin.lockout_minutes * 60,
            clock=self._clock,
            saved=SavedLock(paths.data_dir(config.paths.data_dir) / PIN_STATE_FILE),  # outlives the process
        )
        self.pin_pad = PinPadScreen(scale, self.gate)
        self.admin_menu = AdminMenuScreen(scale)
        self.screens: list[Screen] = [self.attract, self.start, self.idle_warning, self.pin_pad, self.admin_menu]
        for screen in self.screens:
            self.window.stack.addWidget(screen)
        self.lifecycle = Lifecycle(
            lambda: Session(options.owner.sessions),
            idle_timeout_s=config.session.idle_timeout_s,
            warning_s=config.session.warning_countdown_s,
        )
        self.lifecycle.on_phase(self._on_phase)
        self._session_screen: QWidget = self.start
        self.officer = OfficerPart(self, self.window.officer_bar)
        self.scanning = ScannerScreens(self)
        self.videos = VideoScreens(self)
        self.portal = PortalPart(self, PracticePart(config) if options.practice else None)
        self.doctor = DoctorPart(self, self.admin_menu, lambda: self.portal.practice_home)
        self.power = PowerPart(self, self.admin_menu)
        self.printers = PrinterPart(self, self.admin_menu, self.reload_config)
        self.tracking = TrackingPart(self, self.portal, self.scanning, lambda: self.show_in_session(self.start))
        self.ending = EndPart(self, self.portal, self.tracking.address, lambda: citizen_end.finish(self))
        self._connect()
        self._ticker = QTimer(self, interval=TICK_MS)
        self._ticker.timeout.connect(self.tick)
        self._ticker.start()
        self._admin_idle = QTimer(self, singleShot=True, interval=ADMIN_IDLE_MS)
        self._admin_idle.timeout.connect(self.leave_admin)
        self.set_language(self.home_language)
        self.window.stack.setCurrentWidget(self.attract)

    def _connect(self) -> None:
        self.attract.touched.connect(self.begin_session)
        self.start.chosen.connect(self.open_choice)
        self.start.language_chosen.connect(self.set_language)
        self.start.finish_requested.connect(lambda: citizen_end.finish(self))
        self.idle_warning.keep_alive.connect(lambda: self.lifecycle.keep_alive(self._clock()))
        self.pin_pad.unlocked.connect(self.open_admin_menu)
        self.pin_pad.cancelled.connect(self.leave_admin)
        self.admin_menu.back_requested.connect(self.leave_admin)
        self.admin_menu.end_session_requested.connect(self.end_session_by_staff)
        self.admin_menu.exit_requested.connect(lambda: self.exit_kiosk("technician"))
        self.admin_menu.scanner_requested.connect(self.scanning.open_technician)
        self.admin_menu.take_over_requested.connect(self.take_over)
        self.admin_menu.statistics_requested.connect(self.officer.open_dashboard)
        self.officer.survey_done.connect(self.lifecycle.reset)
        self.power.session_end_requested.connect(lambda: self.lifecycle.end(EndReason.SHUTDOWN))
        self.scanning.flow_made.connect(self.officer.watch_scan)
        self.scanning.settings_saved.connect(self.reload_config)
        self.portal.screen_made.connect(self.officer.watch_browser)
        self.portal.start_requested.connect(lambda: self.show_in_session(self.start))
        self.portal.finish_requested.connect(lambda: citizen_end.finish(self))
        self.portal.video_requested.connect(lambda step: self.videos.open(step, self.portal.open))
        self.portal.scan_requested.connect(lambda slot: self.open_scanner(self.portal.back_from_scanner, slot))
        self.portal.practice_changed.connect(self._refresh_notices)

    # --- the contract its parts see (ui/contract.py) ------------------------------------------

    @property
    def config(self) -> Config:
        """The settings in force."""
        return self._config

    @property
    def translate(self) -> Translator:
        """The catalogue in the current language."""
        return self._translate

    @property
    def scale(self) -> float:
        """Size factor of the screen."""
        return self.options.scale

    @property
    def practising(self) -> bool:
        """The kiosk runs as a practice kiosk."""
        return self.options.practice

    @property
    def session(self) -> Session | None:
        """The citizen's session, if one is open."""
        return self.lifecycle.session

    @property
    def owner(self) -> Owner:
        """This process's folders in RAM."""
        return self.options.owner

    @property
    def live_owners(self) -> tuple[str, ...]:
        """The kiosk processes running now (their open sessions are not interrupted ones)."""
        return (*self.options.live_owners, self.options.owner.token)

    def add_screen(self, screen: Screen) -> None:
        """A screen made on first use joins the window and the language switch."""
        self.screens.append(screen)
        self.window.stack.addWidget(screen)
        screen.retranslate(self._translate)

    def show_in_session(self, screen: QWidget) -> None:
        """A citizen's screen; shown now unless the idle warning or a staff screen is up."""
        self._session_screen = screen
        if self.lifecycle.phase is Phase.ACTIVE:
            self.window.stack.setCurrentWidget(screen)

    def show_staff(self, screen: Screen) -> None:
        """A staff screen, with the staff idle timer running."""
        self.window.stack.setCurrentWidget(screen)
        self._admin_idle.start()

    def show_staff_menu(self) -> None:
        """Back to the staff menu."""
        self.show_staff(self.admin_menu)

    def call_officer(self, where: str) -> None:
        """"Gọi cán bộ"."""
        self.officer.call_officer(where)

    def reach_step(self, name: str) -> None:
        """A step of the journey, for the statistics."""
        self.officer.step(name)

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def current(self) -> QWidget:
        """The screen on show."""
        return self.window.stack.currentWidget() or self.attract

    @property
    def browser(self) -> BrowserScreen | None:
        """The portal screen, once made."""
        return self.portal.screen

    @property
    def practice(self) -> PracticePart | None:
        """The practice portal in use (the kiosk's own, or one an offline citizen chose)."""
        return self.portal.practice

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
            if self.portal.practice is not None:
                self.portal.practice.attach(session)
            self.officer.session_started(self.portal.practice is not None, self.options.owner.token)

    def _on_phase(self, phase: Phase) -> None:
        if phase is Phase.ACTIVE:
            self.window.stack.setCurrentWidget(self._session_screen)
        elif phase is Phase.WARNING:
            self.idle_warning.set_seconds(self.lifecycle.seconds_left(self._clock()))
            self.window.stack.setCurrentWidget(self.idle_warning)
        elif phase is Phase.ENDED:
            if self.officer.session_ended(self.lifecycle.end_reason):
                self.window.stack.setCurrentWidget(self.officer.prepare_survey())  # it resets the lifecycle
            else:
                self.lifecycle.reset()
        else:
            self._session_screen = self.start
            self.portal.session_ended()
            self.set_language(self.home_language)
            self.window.stack.setCurrentWidget(self.attract)

    def open_choice(self, choice_id: str) -> None:
        """A start-screen choice."""
        to_start = self.show_in_session
        handlers: dict[str, Callable[[], None]] = {
            "submit": self.portal.open, "track": self.tracking.open, "help": lambda: self.call_officer("start"),
            "scan": lambda: self.open_scanner(lambda _path: to_start(self.start)),
            "videos": lambda: self.videos.open(None, lambda: to_start(self.start)),
        }
        handlers[choice_id]()

    def open_scanner(self, return_to: Callable[[str | None], None], asked: str = "") -> None:
        """"Quét giấy tờ": scan, review and file a document (named `asked` first), then `return_to(path or None)`."""
        if (session := self.lifecycle.session) is not None:
            self.scanning.begin(session, return_to, asked)

    def reload_config(self) -> None:
        """A technician saved the site file: the shell holds what is on disk now."""
        loaded = load_layers(*self.options.config_files)
        for problem in loaded.problems:
            log.config.warning("%s", problem.render(Translator("en")))
        self._config = loaded.config
        self.scanning.reconfigure()

    # --- language ----------------------------------------------------------------------------

    def set_language(self, code: str) -> None:
        """Switch every screen to `code` (vi or en)."""
        self._translate.set_language(code)
        for screen in self.screens:
            screen.retranslate(self._translate)
        self.start.show_language(self._translate.language)
        self.officer.retranslate()
        self._refresh_notices()

    def _refresh_notices(self) -> None:
        tr = self._translate
        technician = []
        if self.options.problems:
            technician.append(tr("banner.config", count=len(self.options.problems)))
        if not self.gate.has_pins:
            technician.append(tr("banner.no_pin"))
        self.window.technician_banner.show_text("  ·  ".join(technician))
        self.window.practice_banner.show_text(tr("banner.practice") if self.portal.practice is not None else "")
        missing = missing_practice_parts() if self.options.practice else []
        parts = ", ".join(tr(key) for key in missing)
        self.start.set_notice(tr("practice.missing", parts=parts) if missing else "")

    # --- staff -------------------------------------------------------------------------------

    @property
    def _staff_screens(self) -> tuple[QObject, ...]:
        extra = (self.scanning.technician,) if self.scanning.technician is not None else ()
        parts = (self.officer, self.doctor, self.printers)
        return (self.pin_pad, self.admin_menu, *extra, *(screen for part in parts for screen in part.staff_screens()))

    def open_pin_pad(self) -> None:
        """The hidden corner gesture was made."""
        if self.current in self._staff_screens:
            return
        self.pin_pad.open()
        self.window.stack.setCurrentWidget(self.pin_pad)
        self._admin_idle.start()

    def open_admin_menu(self, role: StaffRole) -> None:
        """Right PIN entered."""
        problems = [problem.render(self._translate) for problem in self.options.problems]
        self.officer.answered()
        self.admin_menu.show_for(role, problems, self._translate, self.lifecycle.session is not None)
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
        tasks.cancel_all()
        if self.lifecycle.session is not None:
            self.lifecycle.end(EndReason.SHUTDOWN)
        if self.portal.screen is not None:
            # Delete the session's web view, page and profile now, in order, before Qt tears down.
            from ui.browser.session_browser import flush_deletions

            flush_deletions()
        if self.portal.practice is not None:
            self.portal.practice.stop()
        self.scanning.close()
