"""Running the practice portal and its SSO server on loopback, one state folder per citizen session."""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, make_server

from kiosk import log
from kiosk.config.schema import PracticeSettings
from kiosk.practice_portal.catalogue import load_catalogue
from kiosk.practice_portal.portal_app import HOME, build_portal_app
from kiosk.practice_portal.sso_app import build_sso_app
from kiosk.practice_portal.store import Store
from kiosk.practice_portal.tracking_book import TrackingBook
from kiosk.practice_portal.uploads import MB, UploadLimits
from kiosk.practice_portal.web import Context

POLL_S = 0.05  # how fast stop() takes effect


class PracticePortal:
    """Two threaded HTTP servers: the portal on `host`, the SSO on `settings.sso_host`."""

    def __init__(
        self, settings: PracticeSettings, host: str = "127.0.0.1", clock: Callable[[], float] = time.time,
        book: Path | None = None,
    ) -> None:
        """`book`: the file of the tracking book (practice codes findable in later sessions); None keeps codes
        only as long as each session (`kiosk practice-portal` on its own)."""
        limits = UploadLimits(
            allowed=settings.allowed_types,
            max_file_bytes=int(settings.max_file_mb * MB),
            max_dossier_bytes=int(settings.max_dossier_mb * MB),
        )
        self.context = Context(load_catalogue(), limits, settings.qr_lifetime_s, settings.status_step_s)
        self._settings = settings
        self._host = host
        self._clock = clock
        self._book = book
        self._servers: list[BaseWSGIServer] = []
        self._threads: list[threading.Thread] = []
        self._ports: tuple[int, int] | None = None

    @property
    def home_url(self) -> str:
        """The page a citizen starts on."""
        return self.context.portal_url + HOME

    def start(self, data_dir: Path | None = None) -> None:
        """Bind both servers (port 0: a free one) and serve them in daemon threads."""
        if self._book is not None and self.context.book is None:
            self.context.book = TrackingBook(self._book, self._clock)
        portal = build_portal_app(self.context, secrets.token_bytes(32))
        sso = build_sso_app(self.context, secrets.token_bytes(32))
        # A restarted portal keeps its addresses, so open pages can simply retry.
        portal_port, sso_port = self._ports or (self._settings.portal_port, self._settings.sso_port)
        portal_server = make_server(self._host, portal_port, portal, threaded=True)
        sso_server = make_server(self._settings.sso_host, sso_port, sso, threaded=True)
        self._ports = (portal_server.server_port, sso_server.server_port)
        self.context.portal_url = f"http://{self._host}:{portal_server.server_port}"
        self.context.sso_url = f"http://{self._settings.sso_host}:{sso_server.server_port}"
        for server in (portal_server, sso_server):
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": POLL_S}, name="practice-portal", daemon=True
            )
            thread.start()
            self._servers.append(server)
            self._threads.append(thread)
        if data_dir is not None:
            self.use_folder(data_dir)
        log.portal.info("practice portal on %s, login server on %s", self.context.portal_url, self.context.sso_url)

    def use_folder(self, data_dir: Path | None) -> None:
        """Start a clean practice portal in `data_dir` (a new session), or close it (None)."""
        old, self.context.store = self.context.store, None
        if old is not None:
            old.close()
        if data_dir is not None:
            self.context.store = Store(data_dir, self._clock)

    def stop(self, keep_state: bool = False) -> None:
        """Shut both servers down and close the state (unless `keep_state`: a restart follows)."""
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()
        if not keep_state:
            self.use_folder(None)
            if self.context.book is not None:
                self.context.book.close()
                self.context.book = None
