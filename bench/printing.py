"""Printing through CUPS on a private cupsd (tests/cups_server.py) with a cups-pdf queue.

Usage (as root, cups and printer-driver-cups-pdf installed): `python bench/printing.py [--runs 10]`.

- print: the practice receipt from `print_pdf` to CUPS's "completed" (the kiosk's "Đã in xong"), and on to the
  PDF in cups-pdf's output (Ghostscript finishing the file: the paper, on a real printer);
- faults: a stopped queue, a refusing queue and cupsd not running, each from `print_pdf` to its typed fault;
- one CUPS call (`lpstat -r -d`).
It prints every run's median per measure and the fault/print ratio.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.practice_portal.receipt_pdf import receipt_pdf  # noqa: E402
from kiosk.printing import cups_tools  # noqa: E402
from kiosk.printing.faults import PrintFault  # noqa: E402
from kiosk.printing.job import print_pdf  # noqa: E402
from tests.cups_server import CupsServer, private_cups  # noqa: E402


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    with contextlib.suppress(PrintFault):  # the faults are what is timed
        action()
    return time.perf_counter() - started


def run_once(document: bytes) -> dict[str, float]:
    with private_cups() as server:
        os.environ["CUPS_SERVER"] = str(server.socket)
        server.add_pdf_queue("receipts", default=True)
        figures = {"one lpstat call": timed(lambda: cups_tools.run_tool(["lpstat", "-r", "-d"]))}
        started = time.perf_counter()
        print_pdf(document, "")
        figures["print to completed"] = time.perf_counter() - started
        server.printed()
        figures["print to PDF written"] = time.perf_counter() - started
        figures["fault: queue stopped"] = fault(server, ("cupsdisable", "receipts"), document)
        server.tool("cupsenable", "receipts", check=True)
        figures["fault: not accepting"] = fault(server, ("cupsreject", "receipts"), document)
        server.stop()
        figures["fault: cupsd down"] = timed(lambda: print_pdf(document, ""))
    return figures


def fault(server: CupsServer, command: tuple[str, ...], document: bytes) -> float:
    server.tool(*command, check=True)
    return timed(lambda: print_pdf(document, ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    document = receipt_pdf([("Thủ tục", "Đăng ký khai sinh")], "TH-2026-000001", time.time())
    results: dict[str, list[float]] = {}
    for run in range(runs):
        for name, seconds in run_once(document).items():
            results.setdefault(name, []).append(seconds)
        print(f"run {run + 1}/{runs} done", flush=True)
    medians = {name: statistics.median(values) for name, values in results.items()}
    for name, median in medians.items():
        print(f"{name:24} median {median * 1000:8.1f} ms  (min {min(results[name]) * 1000:.1f}, "
              f"max {max(results[name]) * 1000:.1f})")
    slowest_fault = max(value for name, value in medians.items() if name.startswith("fault"))
    print(f"slowest fault / print to completed: {slowest_fault / medians['print to completed']:.2f}")


if __name__ == "__main__":
    main()
