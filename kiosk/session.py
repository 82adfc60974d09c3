"""One citizen's session: a private folder, the cleanup hooks that wipe everything, and its events.

Whatever belongs to a citizen (scans, downloads, the browser profile) registers a cleanup
here; `end()` runs them all, removes the folder and tells the listeners. Events hold names
and times only, never personal data.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from kiosk import log

_PREFIX = "session-"


@dataclasses.dataclass(frozen=True)
class SessionEvent:
    """Something that happened in a session, e.g. `started`, `ended:timeout`."""

    at: float
    name: str


class Session:
    """Owns everything of one citizen until `end()`."""

    def __init__(self, root: Path, clock: Callable[[], float] = time.time) -> None:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.id = uuid.uuid4().hex[:12]
        self.directory = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{self.id}-", dir=root))
        self.directory.chmod(0o700)
        self._clock = clock
        self.started_at = clock()
        self.events: list[SessionEvent] = []
        self._cleanups: list[tuple[str, Callable[[], None]]] = []
        self._listeners: list[Callable[[Session, str], None]] = []
        self.end_reason: str | None = None
        self.record("started")
        log.audit.info("session %s started", self.id)

    @property
    def ended(self) -> bool:
        """True once `end()` has run."""
        return self.end_reason is not None

    def record(self, name: str) -> None:
        """Add an event (a name, never personal data)."""
        self.events.append(SessionEvent(self._clock(), name))

    def add_cleanup(self, name: str, cleanup: Callable[[], None]) -> None:
        """Run `cleanup` at `end()`; cleanups run newest first, like a stack of resources."""
        self._cleanups.append((name, cleanup))

    def on_ended(self, listener: Callable[[Session, str], None]) -> None:
        """Call `listener(session, reason)` after the session has been wiped."""
        self._listeners.append(listener)

    def end(self, reason: str) -> None:
        """Run every cleanup, delete the folder, notify listeners. Safe to call twice."""
        if self.ended:
            return
        self.end_reason = reason
        for name, cleanup in reversed(self._cleanups):
            try:
                cleanup()
            except Exception:  # noqa: BLE001 - one failing cleanup must stop neither the others nor the wipe
                log.session.exception("cleanup %s failed in session %s", name, self.id)
        self._cleanups.clear()
        shutil.rmtree(self.directory, ignore_errors=True)
        if self.directory.exists():
            log.session.error("session folder %s could not be removed", self.directory)
        self.record(f"ended:{reason}")
        duration = self._clock() - self.started_at
        log.audit.info("session %s ended (%s) after %.0f s", self.id, reason, duration)
        for listener in list(self._listeners):
            listener(self, reason)


def purge_leftovers(root: Path) -> int:
    """Remove session folders a crash or power cut left behind; returns how many were removed."""
    if not root.is_dir():
        return 0
    removed = 0
    for child in root.iterdir():
        if child.is_dir() and child.name.startswith(_PREFIX):
            shutil.rmtree(child, ignore_errors=True)
            removed += 1
    if removed:
        log.session.warning("removed %d session folder(s) left by an earlier run", removed)
    return removed
