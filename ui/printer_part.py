"""The shell's printer part: "Máy in" in the technician menu. It asks CUPS for the queues and the chosen queue's
last jobs off the GUI thread (kiosk/printing/queues.py), saves the chosen queue as `printer.queue` in the site
config the way the scanner settings are saved (kiosk/config/writer.py), then has the shell read the config again so
the next print uses it; and prints a test page. A fault reads as the citizen's plain message plus CUPS's detail:
this is the technician's screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk import log, paths
from kiosk.config.writer import NotSaved, save_section
from kiosk.printing.faults import PrintFault
from kiosk.printing.job import Printed
from kiosk.printing.queues import JobLine, Queue, last_jobs, list_queues, print_test_page
from ui.contract import Shell
from ui.screens.admin_menu import AdminMenuScreen
from ui.tasks import Task, TaskTimeout

if TYPE_CHECKING:
    from ui.screens.printer import PrinterScreen

ASK_LIMIT_S = 10.0  # a handful of lpstat calls, each bounded by cups_tools.CALL_LIMIT_S
TEST_LIMIT_S = 140.0  # a whole print, bounded by kiosk/printing/job.py JOB_LIMIT_S


class PrinterPart(QObject):
    """`open()` shows the printer screen; `reload()` is the shell's: read the site config again after a save."""

    def __init__(self, shell: Shell, menu: AdminMenuScreen, reload: Callable[[], None],
                 config_file: Callable[[], Path] = paths.site_config_file) -> None:
        super().__init__()
        self._shell = shell
        self._reload = reload
        self._config_file = config_file
        self.screen: PrinterScreen | None = None
        self._asking: Task[tuple[list[Queue], list[JobLine]]] | None = None
        self._testing: Task[Printed] | None = None
        menu.printer_requested.connect(self.open)

    @property
    def configured(self) -> str:
        """The queue in the config now ("" for CUPS's default)."""
        return self._shell.config.printer.queue

    def open(self) -> None:
        """"Máy in" from the technician menu."""
        if self.screen is None:
            from ui.screens.printer import PrinterScreen

            self.screen = PrinterScreen(self._shell.scale)
            self.screen.use_requested.connect(self.use)
            self.screen.test_requested.connect(self.test)
            self.screen.refresh_requested.connect(self.refresh)
            self.screen.back_requested.connect(self._shell.show_staff_menu)
            self._shell.add_screen(self.screen)
        log.audit.info("technician opened the printer screen")
        self.screen.say("")
        self._shell.show_staff(self.screen)
        self.refresh()

    def refresh(self, then: tuple[str, str] = ("", "")) -> None:
        """Ask CUPS again: its queues, and the last jobs of the queue the kiosk prints on; then say `then` (a text
        and its tone: how the action that asked went)."""
        screen = self.screen
        if screen is None or (self._asking is not None and self._asking.running):
            return
        self._shell.show_staff(screen)  # the staff idle timer starts again
        screen.say(self._shell.translate("printer.loading"), "busy")
        configured = self.configured

        def ask() -> tuple[list[Queue], list[JobLine]]:
            queues = list_queues()
            known = {queue.name for queue in queues}
            queue = configured if configured in known else next((q.name for q in queues if q.default), "")
            return queues, (last_jobs(queue) if queue else [])

        self._asking = Task(lambda _job: ask(), "printer screen", owner=screen, limit_s=ASK_LIMIT_S)
        self._asking.success(lambda answer: self._asked(answer, then)).failure(self._fault).start()

    def _asked(self, answer: tuple[list[Queue], list[JobLine]], then: tuple[str, str]) -> None:
        if self.screen is not None:
            queues, jobs = answer
            self.screen.show_queues(queues, self.configured)
            self.screen.show_jobs(jobs)
            self.screen.say(*then)

    def use(self, queue: str) -> None:
        """Save `queue` as `printer.queue` ("" for CUPS's default); the shell reads the config again."""
        screen = self.screen
        if screen is None:
            return
        tr = self._shell.translate
        try:
            save_section(self._config_file(), "printer", {"queue": queue})
        except NotSaved as refused:
            screen.say(tr("printer.not_saved", problem="; ".join(problem.key for problem in refused.problems)))
            return
        except OSError as error:
            screen.say(tr("printer.not_saved", problem=error.strerror or str(error)))
            return
        log.audit.info("technician chose the print queue %r", queue or "(CUPS's default)")
        self._reload()
        self.refresh((tr("printer.saved", queue=queue or tr("printer.queue.default")), "good"))

    def test(self) -> None:
        """"In trang thử" on the configured queue."""
        screen = self.screen
        if screen is None or (self._testing is not None and self._testing.running):
            return
        self._shell.show_staff(screen)
        tr = self._shell.translate
        screen.say(tr("printer.test.printing"), "busy")
        configured = self.configured
        self._testing = Task(lambda _job: print_test_page(configured, tr), "printer test page", owner=screen,
                             limit_s=TEST_LIMIT_S)
        self._testing.success(self._tested).failure(self._fault).start()

    def _tested(self, printed: Printed) -> None:
        log.audit.info("technician printed a test page (job %d on %s)", printed.job_id, printed.queue)
        self.refresh((self._shell.translate("printer.test.printed", job=printed.job_id, queue=printed.queue), "good"))

    def _fault(self, error: BaseException) -> None:
        if self.screen is None:
            return
        tr = self._shell.translate
        if isinstance(error, TaskTimeout):
            self.screen.say(tr("print.fault.cups_down"))
            return
        if not isinstance(error, PrintFault):
            log.admin.error("printer screen failed", exc_info=error)
            self.screen.say(tr("print.fault.job_aborted"))
            return
        log.admin.info("printer screen: %s on %r: %s", error.kind.value, error.queue, error.detail)
        detail = tr(error.detail_key, queue=error.queue or self.configured, detail=error.detail)
        self.screen.say(tr("printer.fault", message=tr(error.message_key), detail=detail))

    def staff_screens(self) -> tuple[QObject, ...]:
        """Screens that count as the staff's (idle timer, corner gesture)."""
        return (self.screen,) if self.screen is not None else ()

