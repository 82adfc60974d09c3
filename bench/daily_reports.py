"""A day's statistics should cost a day: the fleet sends one report a day (up to 60 at once, for a kiosk back
after a month), so each must read only its own day's sessions, not the kiosk's whole history.

Usage: `python bench/daily_reports.py [--days 60] [--sessions 50] [--runs 5]`. Records `--days` days of
`--sessions` citizens each (the fleet tests' mix of steps, scans, help calls and surveys), then times, per run:
- the baseline: one report over every day (`kiosk stats`' export, read once);
- every day's fleet payload, one report a day (what a kiosk back after `--days` days sends).
Printed: the medians and their ratio. Near 1: a day's report reads a day. Near `--days`: each reads everything.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.fleet.daily import day_payload
from kiosk.fleet.topics import KioskId
from kiosk.stats.database import open_database
from kiosk.stats.report import build_report
from tests.fleet.kiosks import FIRST_DAY, record_day


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--sessions", type=int, default=50, help="citizens a day")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    days = [FIRST_DAY + datetime.timedelta(days=offset) for offset in range(args.days)]
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as folder:
        for day in days:
            record_day(Path(folder), day, sessions=args.sessions, seed=1)
        database = open_database(Path(folder))
        kiosk = KioskId("tinh", "xa", "may-1")
        whole, each = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            build_report(database, days[0], days[-1])
            whole.append(time.perf_counter() - start)
            start = time.perf_counter()
            for day in days:
                day_payload(database, kiosk, day)
            each.append(time.perf_counter() - start)
        database.close()
    print(f"{args.days} days x {args.sessions} citizens, {args.runs} runs, medians: one {args.days}-day report "
          f"{statistics.median(whole) * 1000:.1f} ms; {args.days} one-day fleet payloads "
          f"{statistics.median(each) * 1000:.1f} ms; ratio {statistics.median(each) / statistics.median(whole):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
