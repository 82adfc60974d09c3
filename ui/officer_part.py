"""The shell's officer part: statistics recording, "Gọi cán bộ" (banner, chime, webhook), officer
take-over and hand-back, the end-of-session survey and the officers' dashboard.

The shell calls it at the lifecycle's moments; screens report steps and counts through it. It never
passes on what a citizen typed: steps are names, counts are numbers, device errors are their type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from drivers.errors import Cancelled, DeviceError
from kiosk import log, paths
from kiosk.help_call import HelpNotifier, play_chime
from kiosk.lifecycle import EndReason
from kiosk.stats.database import open_statistics
from kiosk.stats.milestones import looks_like_receipt, submission_in
from kiosk.stats.recorder import Event, StatsRecorder
from ui.contract import Shell
from ui.officer_bar import OfficerBar
from ui.qr import qr_png
from ui.tasks import Task

if TYPE_CHECKING:
    from ui.browser.screen import BrowserScreen
    from ui.scanner.flow import ScanFlow
    from ui.screens.dashboard import DashboardScreen
    from ui.screens.survey import SurveyScreen

CALLED_BANNER_MS = 5 * 60 * 1000  # an unanswered call stays on screen this long
SURVEY_AFTER = (EndReason.CITIZEN, EndReason.STAFF)  # not after a time-out: nobody is there to answer


class OfficerPart(QObject):
    """Owns the recorder, the help notifier, the survey and the dashboard. Emits `survey_done()` when the
    survey was answered or skipped (the attract screen is due)."""

    survey_done = Signal()

    def __init__(self, shell: Shell, bar: OfficerBar) -> None:
        super().__init__()
        self._shell = shell
        self._bar_widget = bar
        config = shell.config
        self.data_dir = paths.data_dir(config.paths.data_dir)
        self.db = open_statistics(self.data_dir)
        self.recorder = StatsRecorder(self.db)
        interrupted = self.recorder.mark_interrupted(shell.live_owners)
        if interrupted:
            log.stats.info("%d session(s) cut off by a stopped kiosk process counted as interrupted", interrupted)
        purged = self.recorder.purge_followups(config.officer.followup_retention_days)
        if purged:
            log.stats.info("follow-up list: %d entries past retention deleted", purged)
        self.notifier = HelpNotifier(config.officer.webhook_url, config.officer.kiosk_name)
        self.survey: SurveyScreen | None = None
        self.dashboard: DashboardScreen | None = None
        self.assisting = False
        self._called = QTimer(self)
        self._called.setSingleShot(True)
        self._called.timeout.connect(lambda: self._bar("assisting" if self.assisting else ""))
        bar.hand_back_requested.connect(self.hand_back)

    def _bar(self, state: str) -> None:
        self._bar_widget.show_state(state, self._shell.translate)

    def retranslate(self) -> None:
        """The language changed: the banner on show says it again in the new one."""
        self._bar(self._bar_widget.state)

    # --- the session ---------------------------------------------------------------------------

    def session_started(self, practice: bool, owner: str) -> None:
        """A citizen started a session (on the practice portal or the real one) in the process `owner`."""
        self.recorder.session_started(practice, self._shell.translate.language, owner)
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
        if self.notifier.url:
            # The banner and the chime have called already: a webhook that cannot be delivered only logs.
            Task(lambda _job: self.notifier.post(screen), "help call webhook", limit_s=self.notifier.longest_s + 5) \
                .failure(lambda error: log.officer.warning("help call webhook: %s", type(error).__name__)) \
                .start()
        if self._shell.config.officer.chime:
            play_chime(self.data_dir)
        if not self.assisting:
            self._bar("called")
            self._called.start(CALLED_BANNER_MS)

    def answered(self) -> None:
        """A staff PIN was entered: the call is answered, the "coming" banner goes."""
        if not self.assisting and self._bar_widget.state == "called":
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

    def prepare_survey(self) -> SurveyScreen:
        """The end-of-session survey, ready to show; `survey_done` follows it."""
        if self.survey is None:
            from ui.screens.survey import SurveyScreen

            self.survey = SurveyScreen(self._shell.scale)
            self.survey.answered.connect(self._answered)
            self.survey.skipped.connect(self.survey_done)
            self._shell.add_screen(self.survey)
        settings = self._shell.config.officer
        png = qr_png(settings.survey_url) if settings.survey_url else None
        self.survey.open(settings.survey_seconds, png)
        return self.survey

    def _answered(self, rating: int, reasons: tuple[str, ...]) -> None:
        self.recorder.survey(rating, reasons)
        self.survey_done.emit()

    def open_dashboard(self) -> None:
        """The officers' dashboard, from the staff menu."""
        if self.dashboard is None:
            from ui.screens.dashboard import DashboardScreen

            self.dashboard = DashboardScreen(self._shell.scale, self.db, self.data_dir / "exports",
                                             self._shell.config.officer.followup_alert_hours)
            self.dashboard.back_requested.connect(self._shell.show_staff_menu)
            self._shell.add_screen(self.dashboard)
        self.dashboard.open()
        log.audit.info("dashboard opened")
        self._shell.show_staff(self.dashboard)

    def staff_screens(self) -> tuple[QObject, ...]:
        """Screens that count as the staff's (idle timer, corner gesture)."""
        return (self.dashboard,) if self.dashboard is not None else ()
