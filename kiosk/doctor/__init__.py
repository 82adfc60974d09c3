"""`kiosk doctor`: one line per check of the kiosk computer, each OK or a plain Vietnamese fix.

Every check is a function of a `Context` that returns a `Check` (catalogue keys and values, so the technician
screen can show it in either language). `run_checks` runs them side by side, each on its own thread with its own
time limit: a portal or a scanner that does not answer becomes a failed line, never a hung doctor.
"""

from __future__ import annotations

import dataclasses
import threading
import time
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
    """What the checks need: the settings, practice mode, and the display when the caller already knows it
    (the technician screen); None: the display check asks the display server itself (the command line)."""

    config: Config
    practice: bool
    display: DisplayFacts | None = None


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


CheckFunction = Callable[[Context], Check]
DEFAULT_LIMIT_S = 6.0


def _registry() -> list[tuple[str, CheckFunction, float]]:
    """The checks in the order they are shown, each with its time limit in seconds."""
    from kiosk.doctor import devices, storage, system

    return [
        ("display", system.display, 10.0),  # starts Qt in a process of its own
        ("fonts", system.fonts, DEFAULT_LIMIT_S),
        ("scanner", devices.scanner, 15.0),  # the scanner worker loads SANE and asks every backend
        ("portal", devices.portal, DEFAULT_LIMIT_S),
        ("printer", devices.printer, DEFAULT_LIMIT_S),
        ("sessions", storage.sessions, DEFAULT_LIMIT_S),
        ("statistics", storage.statistics, DEFAULT_LIMIT_S),
        ("clock", system.clock, DEFAULT_LIMIT_S),
        ("watchdog", system.watchdog, DEFAULT_LIMIT_S),
        ("version", system.version, DEFAULT_LIMIT_S),
    ]


def check_names() -> list[str]:
    """The names of every check, in order."""
    return [name for name, _function, _limit in _registry()]


def _guarded(name: str, function: CheckFunction, context: Context) -> Check:
    try:
        return function(context)
    except Exception as error:  # noqa: BLE001 - a check that breaks is a failed line, not a traceback
        from kiosk import log

        log.admin.warning("doctor check %s failed: %s", name, error, exc_info=True)
        return Check(name, False, "doctor.broken", "doctor.broken.fix", {"error": type(error).__name__})


def run_checks(context: Context, on_result: Callable[[Check], None] | None = None) -> list[Check]:
    """Every check, side by side; `on_result(check)` as each one ends (from a worker thread). A check past its
    limit is a failed line saying so (its thread is left to end on its own)."""
    results: dict[str, Check] = {}
    lock = threading.Lock()
    threads = []
    started = time.monotonic()
    for name, function, limit in _registry():
        def work(name: str = name, function: CheckFunction = function) -> None:
            result = _guarded(name, function, context)
            with lock:
                if name in results:
                    return
                results[name] = result
            if on_result is not None:
                on_result(result)

        thread = threading.Thread(target=work, name=f"doctor: {name}", daemon=True)
        thread.start()
        threads.append((name, thread, limit))
    for name, thread, limit in threads:
        thread.join(max(0.0, started + limit - time.monotonic()))  # all started together: limits run from then
        with lock:
            late = name not in results
            if late:
                results[name] = Check(name, False, "doctor.timed_out", "doctor.timed_out.fix",
                                      {"seconds": round(limit)})
        if late and on_result is not None:
            on_result(results[name])
    return [results[name] for name, _thread, _limit in threads]
