"""Practice mode's running parts: the practice portal, started once, with a clean state for each session.

`start()` blocks while the servers start (Flask loads then): the kiosk runs it as a background task.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import log
from kiosk.config.schema import PracticeSettings
from kiosk.session import Session

if TYPE_CHECKING:
    from kiosk.practice_portal import PracticePortal

PORTAL_FOLDER = "practice-portal"
TRACKING_BOOK = "practice-tracking.sqlite"  # in the data folder: practice codes that later sessions can track


class PracticeMode:
    """The practice portal of the kiosk and the session whose state it keeps."""

    def __init__(self, settings: PracticeSettings, data_dir: Path | None = None) -> None:
        """`data_dir`: where the tracking book of practice codes lives (None: codes last as long as a session)."""
        self._settings = settings
        self._book = data_dir / TRACKING_BOOK if data_dir is not None else None
        self.portal: PracticePortal | None = None
        self.error: str | None = None
        self._session: Session | None = None
        self._lock = threading.Lock()  # `start` runs on a task's thread, `attach` on the GUI thread
        self._stopped = False

    def start(self) -> None:
        """Start the servers (blocking); a failure is kept in `error`, the kiosk runs on without practice."""
        try:
            from kiosk.practice_portal import PracticePortal

            portal = PracticePortal(self._settings, book=self._book)
            portal.start()
        except Exception as error:  # noqa: BLE001 - a port in use, a missing package: practice mode says so
            log.portal.exception("practice portal could not start")
            self.error = str(error)
            return
        with self._lock:
            if self._stopped:  # stopped while it was starting: nobody wants it any more
                portal.stop()
                return
            self.portal = portal
            if self._session is not None and not self._session.ended:
                portal.use_folder(self._session.directory / PORTAL_FOLDER)

    @property
    def home_url(self) -> str | None:
        """The practice portal's start page once it runs."""
        return self.portal.home_url if self.portal is not None else None

    def attach(self, session: Session) -> None:
        """A new citizen: a clean practice portal whose state lives (and dies) in the session folder."""
        with self._lock:
            self._session = session
            if self.portal is not None:
                self.portal.use_folder(session.directory / PORTAL_FOLDER)
        session.add_cleanup("practice portal", self._detach)

    def _detach(self) -> None:
        with self._lock:
            self._session = None
            if self.portal is not None:
                self.portal.use_folder(None)

    def stop(self) -> None:
        """Stop the servers (kiosk exit); a start still under way stops them as soon as they run."""
        with self._lock:
            self._stopped = True
            if self.portal is not None:
                self.portal.stop()
                self.portal = None
