"""The doctor's result type and what its checks are given: one `Check` per line, a `Context` for every check."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.config import Config

Translate = Callable[..., str]


@dataclasses.dataclass(frozen=True)
class DisplayFacts:
    """What the screen is: its size, and whether the kiosk window fills it (None: no kiosk window to ask)."""

    width: int
    height: int
    fullscreen: bool | None = None


@dataclasses.dataclass(frozen=True)
class Context:
    """What the checks need: the settings, practice mode, and what a running kiosk already knows (the technician
    screen): its display, and its practice portal's home page. None / "": the checks find out themselves (the
    command line asks the display server and starts a practice portal of its own)."""

    config: Config
    practice: bool
    display: DisplayFacts | None = None
    practice_home: str = ""


@dataclasses.dataclass(frozen=True)
class Check:
    """One line of the doctor: `name` is the check (its title is `doctor.<name>`), `found` the key of what was
    found, `fix` the key of what to do ("" when it passed); `values` fill both texts' placeholders."""

    name: str
    ok: bool
    found: str
    fix: str = ""
    values: Mapping[str, object] = dataclasses.field(default_factory=dict)

    def title(self, tr: Translate) -> str:
        """The check's name, e.g. "Máy quét"."""
        return tr(f"doctor.{self.name}")

    def finding(self, tr: Translate) -> str:
        """What was found, e.g. "không tìm thấy máy quét nào"."""
        return tr(self.found, **self.values)

    def advice(self, tr: Translate) -> str:
        """What to do about it; "" when the check passed."""
        return tr(self.fix, **self.values) if self.fix else ""


