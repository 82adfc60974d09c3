"""The guide follows the citizen: the portal page moves it on by itself, but never against the citizen.

A citizen's own choice (a step tapped in the list, Next or Back) wins until the page clearly moves on: while
the browser stays on the page it was on when the citizen chose, its signals are ignored; the first page that
is a different step takes the guide there again.
"""

from __future__ import annotations

import dataclasses

from kiosk.guide.journey import Journey, Step


@dataclasses.dataclass
class Guide:
    """Which step the guide shows. `page(...)` is fed every URL/title change of the portal browser."""

    journey: Journey
    index: int = 0
    _page_step: str | None = None  # the step the shown page is (None: a page the journey does not know)
    _held_on: str | None = None  # the page step at the moment of the citizen's last own choice
    _holding: bool = False

    @property
    def current(self) -> Step:
        """The step on show."""
        return self.journey.steps[self.index]

    def choose(self, index: int) -> None:
        """The citizen picked a step themselves."""
        self.index = max(0, min(index, len(self.journey.steps) - 1))
        self._held_on, self._holding = self._page_step, True

    def next(self) -> None:
        """"Tiếp"."""
        self.choose(self.index + 1)

    def back(self) -> None:
        """"Quay lại"."""
        self.choose(self.index - 1)

    def page(self, url: str, title: str, text: str = "") -> bool:
        """A portal page was shown; True when the guide moved because of it."""
        step = self.journey.recognise(url, title, text)
        if step is None:
            return False
        if self._holding and step == self._held_on:
            return False  # the citizen's choice stands while the page has not moved on
        self._page_step, self._holding = step, False
        target = self.journey.index(step)
        if target == self.index:
            return False
        self.index = target
        return True
