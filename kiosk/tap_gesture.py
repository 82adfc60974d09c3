"""The hidden admin gesture: several taps in one screen corner within a short time."""

from __future__ import annotations

import collections


class CornerTaps:
    """Counts taps in the corner; `tap()` returns True when `count` fall within `window_s`."""

    def __init__(self, count: int = 5, window_s: float = 3.0) -> None:
        self._count = count
        self._window_s = window_s
        self._times: collections.deque[float] = collections.deque(maxlen=count)

    def tap(self, now: float) -> bool:
        """Record a tap at `now` (seconds); True (and reset) when the gesture is complete."""
        self._times.append(now)
        if len(self._times) == self._count and now - self._times[0] <= self._window_s:
            self._times.clear()
            return True
        return False

    def recent(self, now: float) -> int:
        """How many taps so far are still within the gesture's time at `now`."""
        return sum(1 for when in self._times if now - when <= self._window_s)

    def reset(self) -> None:
        """Forget taps so far (a tap elsewhere breaks the gesture)."""
        self._times.clear()
