"""Practice mode in the kiosk: the practice portal started as a background task, and `ready` once it runs.

The core (kiosk/practice_mode.py) starts the servers and keeps each citizen's practice state in the session
folder; this part only runs that start off the GUI thread and says when it is over, so nothing waits for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk import paths
from kiosk.config import Config
from kiosk.practice_mode import PracticeMode
from kiosk.session import Session
from ui.tasks import Task

if TYPE_CHECKING:
    from kiosk.practice_portal import PracticePortal

START_LIMIT_S = 30.0


class PracticePart(QObject):
    """Emits `ready()` once the start is over: the portal runs, or `error` says why not."""

    ready = Signal()

    def __init__(self, config: Config) -> None:
        super().__init__()
        self.mode = PracticeMode(config.practice, paths.data_dir(config.paths.data_dir))
        self.started = False
        self._waiting: list[Callable[[], None]] = []
        Task(lambda _job: self.mode.start(), "practice portal start", owner=self, limit_s=START_LIMIT_S) \
            .success(lambda _none: self._done()) \
            .failure(self._failed) \
            .start()

    @property
    def portal(self) -> PracticePortal | None:
        """The running practice portal (None before it runs, or when it could not start)."""
        return self.mode.portal

    @property
    def error(self) -> str | None:
        """Why the practice portal did not start, if it did not."""
        return self.mode.error

    def when_ready(self, action: Callable[[], None]) -> None:
        """Run `action` now if the start is over, else as soon as it is."""
        if self.started:
            action()
        else:
            self._waiting.append(action)

    def attach(self, session: Session) -> None:
        """A new citizen gets a clean practice portal."""
        self.mode.attach(session)

    def _failed(self, error: BaseException) -> None:
        self.mode.error = self.mode.error or f"{type(error).__name__}: {error}"
        self._done()

    def _done(self) -> None:
        self.started = True
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action()
        self.ready.emit()

    def stop(self) -> None:
        """Stop the servers (kiosk exit, or the end of a citizen's offline practice)."""
        self._waiting.clear()
        self.mode.stop()
