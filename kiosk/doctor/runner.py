"""Running the doctor's checks side by side, each on its own thread with its own time limit."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from kiosk import log
from kiosk.doctor import devices, storage, system
from kiosk.doctor.check import Check, Context

CheckFunction = Callable[[Context], Check]
DEFAULT_LIMIT_S = 6.0


def _registry() -> list[tuple[str, CheckFunction, float]]:
    """The checks in the order they are shown, each with its time limit in seconds."""
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
