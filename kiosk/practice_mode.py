"""Practice mode's running parts: the practice portal, started once off the UI thread, clean per session."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from kiosk.config.schema import PracticeSettings
from kiosk.session import Session

if TYPE_CHECKING:
    from kiosk.practice_portal import PracticePortal

log = logging.getLogger("portal")
PORTAL_FOLDER = "practice-portal"


class PracticeMode:
    """Starts the practice portal in the background and gives each session its own clean state."""

    def __init__(self, settings: PracticeSettings) -> None:
        self._settings = settings
        self.portal: PracticePortal | None = None
        self.error: str | None = None
        self.ready = threading.Event()
        self._session: Session | None = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._start, name="practice-start", daemon=True)

    def start(self) -> None:
        """Begin starting the servers (Flask is imported there, not on the UI thread)."""
        self._thread.start()

    def _start(self) -> None:
        try:
            from kiosk.practice_portal import PracticePortal

            portal = PracticePortal(self._settings)
            portal.start()
        except Exception as error:  # a port in use, a missing package: practice mode says so, kiosk runs on
            log.exception("practice portal could not start")
            self.error = str(error)
        else:
            with self._lock:
                self.portal = portal
                if self._session is not None and not self._session.ended:
                    portal.use_folder(self._session.directory / PORTAL_FOLDER)
        finally:
            self.ready.set()

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
        """Stop the servers (kiosk exit)."""
        self.ready.wait(timeout=10)
        with self._lock:
            if self.portal is not None:
                self.portal.stop()
                self.portal = None
