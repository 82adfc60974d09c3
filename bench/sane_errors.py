"""Device errors from the real SANE `test` backend, many times over: does each reach the kiosk typed?

Usage: `python bench/sane_errors.py [--scans 400]`. Each scan asks the test backend's feeder for a page
whose first `sane_read` returns SANE_STATUS_DEVICE_BUSY, through the worker process as the kiosk does.
libsane's reader thread sometimes deadlocks in the `sane_cancel` that follows; the driver then gives up
on the release, reports `Busy` anyway and the worker is replaced. Prints how often each outcome came.
Target: every scan ends in `Busy`; none in `DriverCrashed`.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drivers.base import DriverKind, DriverSetup, ScanOptions, Source
from drivers.worker import WorkerDriver

DEVICE = "sane:Noname:frontend-tester"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=400)
    parser.add_argument("--fresh", action="store_true", help="a new worker process for every scan, as in the tests")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        setup = DriverSetup(sane_backends=("test",), sane_config_dir=Path(directory), page_timeout_s=20)
        driver = WorkerDriver(DriverKind.SANE, setup, "tests.scanner.faulty_sane:make",
                              {"status_after": (0, "SANE_STATUS_DEVICE_BUSY")})
        outcomes: collections.Counter[str] = collections.Counter()
        workers, slowest = set(), 0.0
        started = time.monotonic()
        try:
            for _ in range(arguments.scans):
                driver.list_devices()
                workers.add(driver.pid)
                began = time.monotonic()
                try:
                    driver.scan(ScanOptions(DEVICE, Source.ADF, 150), threading.Event(), lambda _page: None)
                    outcomes["no error"] += 1
                except Exception as error:  # noqa: BLE001 - counting which error it was
                    outcomes[type(error).__name__] += 1
                slowest = max(slowest, time.monotonic() - began)
                if arguments.fresh:
                    driver.close()
        finally:
            driver.close()
    print(f"{arguments.scans} scans in {time.monotonic() - started:.1f} s; slowest {slowest:.2f} s")
    print(f"outcomes: {dict(outcomes)}; worker processes used: {len(workers)}")


if __name__ == "__main__":
    main()
