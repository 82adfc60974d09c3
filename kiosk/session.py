"""One citizen's session: a private folder, the cleanup hooks that wipe everything, and its events.

Whatever belongs to a citizen (scans, downloads, the browser profile) registers a cleanup
here; `end()` runs them all, removes the folder and tells the listeners. Events hold names
and times only, never personal data.
"""

from __future__ import annotations

import dataclasses
import errno
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


class SessionGone(OSError):
    """Something tried to write into a session's folder after the session ended (its folder is wiped)."""


def make_folder(folder: Path) -> Path:
    """`folder`, a folder inside a session's folder, made private if it is not there yet. A session folder is never
    made again after its wipe: when it is gone this raises `SessionGone` (logged), and nothing is written."""
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except FileNotFoundError:
        log.session.warning("a write into %s/%s came after its session ended: refused", folder.parent.name[:20],
                            folder.name)
        raise SessionGone(f"the session of {folder} has ended") from None
    return folder


def is_disk_full(error: BaseException) -> bool:
    """Whether an error says there is no room left (or the user's quota is used up) where it wrote."""
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)
