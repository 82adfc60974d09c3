"""The shell's doctor part: "Kiểm tra máy" in the technician menu runs `kiosk doctor`'s checks beside the running
kiosk, off the GUI thread (ui/tasks.py), and shows each line as its check ends.

The display check gets what only the kiosk window knows (the screen's size, whether the window fills it), measured
on the GUI thread before the checks start; the practice portal check asks the kiosk's own practice portal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk import log
from kiosk.doctor.check import Check, Context, DisplayFacts
from kiosk.doctor.runner import check_names, run_checks
from ui.contract import Shell
from ui.screens.admin_menu import AdminMenuScreen
from ui.tasks import Task

if TYPE_CHECKING:
    from ui.screens.doctor import DoctorScreen

TASK_LIMIT_S = 40.0  # the doctor's own limits end every check within ~15 s


class DoctorPart(QObject):
    """`open()` (the menu's "Kiểm tra máy") shows the doctor screen and runs the checks; `practice_home()` is the
    running practice portal's home page ("" when none runs)."""

    def __init__(self, shell: Shell, menu: AdminMenuScreen, practice_home: Callable[[], str]) -> None:
        super().__init__()
        self._shell = shell
        self._practice_home = practice_home
        self.screen: DoctorScreen | None = None
        self.task: Task[list[Check]] | None = None
        menu.doctor_requested.connect(self.open)

    def open(self) -> None:
        """"Kiểm tra máy" from the technician menu."""
        if self.screen is None:
            from ui.screens.doctor import DoctorScreen

            self.screen = DoctorScreen(self._shell.scale)
            self.screen.again_requested.connect(self.run)
            self.screen.back_requested.connect(self._shell.show_staff_menu)
            self._shell.add_screen(self.screen)
        log.audit.info("technician ran the doctor")
        self._shell.show_staff(self.screen)
        self.run()

    def run(self) -> None:
        """Run every check again (once at a time)."""
        screen = self.screen
        if screen is None or (self.task is not None and self.task.running):
            return
        self._shell.show_staff(screen)  # a new run keeps the staff idle timer from closing the screen under it
        context = Context(self._shell.config, self._shell.practising, self._display(screen), self._practice_home())
        screen.begin(check_names())
        self.task = Task(lambda job: run_checks(context, job.report), "doctor", owner=screen, limit_s=TASK_LIMIT_S)
        self.task.progress(screen.show_check).success(lambda _checks: screen.finish()) \
            .failure(lambda error: self._stopped(screen, error)).start()

    @staticmethod
    def _display(screen: DoctorScreen) -> DisplayFacts | None:
        window = screen.window()
        on = window.screen() if window is not None else None
        if on is None:
            return None
        size = on.size() * on.devicePixelRatio()
        filled = window.isFullScreen() or window.geometry() == on.geometry()  # without a window manager, either
        return DisplayFacts(size.width(), size.height(), filled)

    @staticmethod
    def _stopped(screen: DoctorScreen, error: BaseException) -> None:
        log.admin.warning("doctor stopped: %s", type(error).__name__)
        screen.finish()

    def staff_screens(self) -> tuple[QObject, ...]:
        """Screens that count as the staff's (idle timer, corner gesture)."""
        return (self.screen,) if self.screen is not None else ()
