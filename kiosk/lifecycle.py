"""The kiosk's session lifecycle as a plain state machine: attract -> active -> warning -> ended.

The UI feeds it touches and clock ticks and shows the screen for the current phase; the
machine decides when to warn and when to end, so it is tested without Qt.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from kiosk.session import Session


class Phase(enum.Enum):
    """Where the kiosk is in a citizen's visit."""

    ATTRACT = "attract"
    ACTIVE = "active"
    WARNING = "warning"
    ENDED = "ended"


class EndReason(enum.StrEnum):
    """Why a session ended (kept in statistics, so no free text)."""

    TIMEOUT = "timeout"
    CITIZEN = "citizen"
    STAFF = "staff"
    SHUTDOWN = "shutdown"


class Lifecycle:
    """Drives phases from `touch()`, `tick(now)`, `keep_alive()` and `end()`."""

    def __init__(
        self,
        session_factory: Callable[[], Session],
        idle_timeout_s: float,
        warning_s: float,
    ) -> None:
        self._session_factory = session_factory
        self.idle_timeout_s = idle_timeout_s
        self.warning_s = warning_s
        self.phase = Phase.ATTRACT
        self.end_reason: EndReason | None = None  # why the last session ended
        self.session: Session | None = None
        self._last_activity = 0.0
        self._warning_since = 0.0
        self._listeners: list[Callable[[Phase], None]] = []

    def on_phase(self, listener: Callable[[Phase], None]) -> None:
        """Call `listener(phase)` on every phase change."""
        self._listeners.append(listener)

    def _enter(self, phase: Phase) -> None:
        self.phase = phase
        for listener in list(self._listeners):
            listener(phase)

    def start(self, now: float) -> Session:
        """Attract screen touched: a new session begins."""
        if self.phase is not Phase.ATTRACT:
            raise RuntimeError(f"cannot start a session while {self.phase.value}")
        self.session = self._session_factory()
        self._last_activity = now
        self._enter(Phase.ACTIVE)
        return self.session

    def touch(self, now: float) -> None:
        """The citizen did something: the idle clock restarts (not while the warning is up)."""
        if self.phase is Phase.ACTIVE:
            self._last_activity = now

    def keep_alive(self, now: float) -> None:
        """"Tôi vẫn đang dùng" pressed on the warning: back to the session."""
        if self.phase is Phase.WARNING:
            self._last_activity = now
            self._enter(Phase.ACTIVE)

    def tick(self, now: float) -> None:
        """Clock tick: warn after the idle time, end after the countdown."""
        if self.phase is Phase.ACTIVE and now - self._last_activity >= self.idle_timeout_s:
            self._warning_since = now
            self._enter(Phase.WARNING)
        elif self.phase is Phase.WARNING and now - self._warning_since >= self.warning_s:
            self.end(EndReason.TIMEOUT)

    def seconds_left(self, now: float) -> int:
        """Whole seconds left on the warning countdown (0 outside the warning)."""
        if self.phase is not Phase.WARNING:
            return 0
        return max(0, round(self.warning_s - (now - self._warning_since)))

    def end(self, reason: EndReason) -> None:
        """End the session (wiping it) and enter ENDED; `reset()` returns to the attract screen."""
        if self.session is not None:
            self.session.end(reason.value)
            self.session = None
            self.end_reason = reason
        if self.phase is not Phase.ATTRACT:
            self._enter(Phase.ENDED)

    def reset(self) -> None:
        """After the end screens: back to the attract screen for the next citizen."""
        if self.phase is Phase.ENDED:
            self._enter(Phase.ATTRACT)
