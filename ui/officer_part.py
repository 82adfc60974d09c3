"""The shell's officer part: statistics recording, "Gọi cán bộ" (banner, chime, webhook), officer
take-over and hand-back, the end-of-session survey and the officers' dashboard.

The shell calls it at the lifecycle's moments; screens report steps and counts through it. It never
passes on what a citizen typed: steps are names, counts are numbers, device errors are their type.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from drivers.errors import Cancelled, DeviceError
from kiosk import log, paths
from kiosk.help_call import HelpNotifier, play_chime
from kiosk.lifecycle import EndReason
from kiosk.stats.database import FILE_NAME, open_database
from kiosk.stats.milestones import looks_like_receipt, submission_in
from kiosk.stats.recorder import Event, StatsRecorder
from ui.qr import qr_png

if TYPE_CHECKING:
    from ui.browser.screen import BrowserScreen
    from ui.scanner.flow import ScanFlow
    from ui.screens.dashboard import DashboardScreen
    from ui.screens.survey import SurveyScreen
    from ui.shell import KioskShell

CALLED_BANNER_MS = 5 * 60 * 1000  # an unanswered call stays on screen this long
SURVEY_AFTER = (EndReason.CITIZEN, EndReason.STAFF)  # not after a time-out: nobody is there to answer
stats_log = logging.getLogger("stats")


def open_statistics(folder: Path) -> sqlite3.Connection:
    """The statistics database; a damaged file is set aside (never deleted) and a new one started."""
    try:
        return open_database(folder)
    except sqlite3.DatabaseError as error:
        broken = folder / f"{FILE_NAME}.broken-{int(time.time())}"
        stats_log.error("statistics database unreadable (%s); moved to %s", error, broken.name)
        (folder / FILE_NAME).rename(broken)
        return open_database(folder)


class OfficerPart:
    """Owns the recorder, the help notifier, the survey and the dashboard of one shell."""

    def __init__(self, shell: KioskShell) -> None:
        self.shell = shell
        settings = shell.config.officer
        self.data_dir = Path(shell.config.paths.data_dir) if shell.config.paths.data_dir else paths.default_data_dir()
        self.db = open_statistics(self.data_dir)
        self.recorder = StatsRecorder(self.db)
        purged = self.recorder.purge_followups(settings.followup_retention_days)
        if purged:
            stats_log.info("follow-up list: %d entries past retention deleted", purged)
        self.notifier = HelpNotifier(settings.webhook_url, settings.kiosk_name)
        self.survey: SurveyScreen | None = None
        self.dashboard: DashboardScreen | None = None
        self.assisting = False
        self._called = QTimer(shell)  # owned by the shell: it goes when the shell goes
        self._called.setSingleShot(True)
        self._called.timeout.connect(lambda: self._bar("assisting" if self.assisting else ""))
        shell.window.officer_bar.hand_back_requested.connect(self.hand_back)

    def _bar(self, state: str) -> None:
        self.shell.window.officer_bar.show_state(state, self.shell.translate)

    # --- the session ---------------------------------------------------------------------------

    def session_started(self) -> None:
        """A citizen started a session."""
        self.recorder.session_started(self.shell.practice is not None, self.shell.translate.language)
        self.recorder.step("start")

    def step(self, name: str) -> None:
        """The citizen reached a step of the journey."""
        self.recorder.step(name)

    def session_ended(self, reason: EndReason | None) -> bool:
        """The session was wiped; True when the survey should be shown."""
        self.assisting = False
        self._called.stop()
        self._bar("")
        if reason is None:
            return False
        outcome = self.recorder.session_ended(reason)
        log.audit.info("session outcome: %s", outcome)
        return reason in SURVEY_AFTER

    # --- calling an officer ----------------------------------------------------------------------

    def call_officer(self, screen: str) -> None:
        """"Gọi cán bộ": the banner, the chime, the webhook — at once, none of them waits."""
        self.recorder.event(Event.HELP_CALL)
        log.audit.info("help call from %s", screen)
        self.notifier.send(screen)
        if self.shell.config.officer.chime:
            play_chime(self.data_dir)
        if not self.assisting:
            self._bar("called")
            self._called.start(CALLED_BANNER_MS)

    def answered(self) -> None:
        """A staff PIN was entered: the call is answered, the "coming" banner goes."""
        if not self.assisting and self.shell.window.officer_bar.state == "called":
            self._called.stop()
            self._bar("")

    def take_over(self) -> None:
        """The officer works in the citizen's session (portal, scanner) until hand-back."""
        self.assisting = True
        self._called.stop()
        self.recorder.event(Event.TAKEOVER)
        log.audit.info("officer took over the session")
        self._bar("assisting")

    def hand_back(self) -> None:
        """"Trả lại cho công dân"."""
        self.assisting = False
        log.audit.info("officer handed the session back")
        self._bar("")

    # --- what screens report ---------------------------------------------------------------------

    def watch_browser(self, browser: BrowserScreen) -> None:
        """The guide's steps; a receipt page's dossier code for the follow-up list."""
        browser.guide.step_changed.connect(self.recorder.step)  # the guide's steps are the statistics' steps
        # The receipt's text is read once the page has loaded: its title arrives before its body.
        browser.page_loaded.connect(lambda title: self._maybe_receipt(browser, title))
        browser.documents_attached.connect(lambda count: self.recorder.event(Event.DOCUMENTS_ATTACHED, count))

    def _maybe_receipt(self, browser: BrowserScreen, title: str) -> None:
        if looks_like_receipt(title):
            browser.page_text(self._receipt_text)

    def _receipt_text(self, text: str) -> None:
        found = submission_in(text)
        if found is not None:
            self.recorder.submission(found.code, found.procedure)

    def watch_scan(self, flow: ScanFlow) -> None:
        """Pages scanned, device errors by type, and the scan and review steps."""
        flow.runner.page_saved.connect(lambda *_: self.recorder.event(Event.PAGES_SCANNED))
        flow.runner.failed.connect(self._device_error)
        flow.shown.connect(self.recorder.step)

    def _device_error(self, error: DeviceError) -> None:
        if not isinstance(error, Cancelled):
            self.recorder.event(Event.DEVICE_ERROR, detail=error.kind)

    # --- survey and dashboard ------------------------------------------------------------------

    def show_survey(self) -> None:
        """The end-of-session survey; the attract screen follows it."""
        shell = self.shell
        if self.survey is None:
            from ui.screens.survey import SurveyScreen  # noqa: PLC0415

            self.survey = SurveyScreen(shell.options.scale)
            self.survey.answered.connect(self._answered)
            self.survey.skipped.connect(shell.lifecycle.reset)
            shell.add_screen(self.survey)
        settings = shell.config.officer
        png = qr_png(settings.survey_url) if settings.survey_url else None
        self.survey.open(settings.survey_seconds, png)
        shell.window.stack.setCurrentWidget(self.survey)

    def _answered(self, rating: int, reasons: tuple[str, ...]) -> None:
        self.recorder.survey(rating, reasons)
        self.shell.lifecycle.reset()

    def open_dashboard(self) -> None:
        """The officers' dashboard, from the staff menu."""
        shell = self.shell
        if self.dashboard is None:
            from ui.screens.dashboard import DashboardScreen  # noqa: PLC0415

            self.dashboard = DashboardScreen(shell.options.scale, self.db, self.data_dir / "exports",
                                             shell.config.officer.followup_alert_hours)
            self.dashboard.back_requested.connect(lambda: shell.show_staff(shell.admin_menu))
            shell.add_screen(self.dashboard)
        self.dashboard.open()
        log.audit.info("dashboard opened")
        shell.show_staff(self.dashboard)

    def staff_screens(self) -> tuple[Any, ...]:
        """Screens that count as the staff's (idle timer, corner gesture)."""
        return (self.dashboard,) if self.dashboard is not None else ()

