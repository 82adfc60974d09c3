"""`kiosk stats export --from DATE --to DATE --format csv|xlsx -o FILE`: the reform-report export."""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk import paths
from kiosk.config import load_layers
from kiosk.stats.database import open_database
from kiosk.stats.export import write_csv, write_xlsx
from kiosk.stats.report import build_report

EXIT_OK = 0
EXIT_PROBLEM = 2


def add_parser(commands: Any) -> None:
    """`stats export` on the `kiosk` parser."""
    stats = commands.add_parser("stats", help="usage statistics (no personal data)")
    actions = stats.add_subparsers(dest="stats_command", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write the statistics of a date range as CSV or XLSX")
    export.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    export.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD (included)")
    export.add_argument("--format", choices=("csv", "xlsx"), default="xlsx")
    export.add_argument("-o", "--output", type=Path, required=True)


def export_command(args: argparse.Namespace, tr: Callable[..., str]) -> int:
    """Write the export; a bad date is one clear line and exit 2."""
    dates = []
    for text in (args.start, args.end):
        try:
            dates.append(datetime.date.fromisoformat(text))
        except ValueError:
            print(tr("cli.bad_date", text=text), file=sys.stderr)
            return EXIT_PROBLEM
    config = load_layers(paths.site_config_file(), args.config).config
    folder = paths.data_dir(config.paths.data_dir)
    report = build_report(open_database(folder), min(dates), max(dates))
    (write_csv if args.format == "csv" else write_xlsx)(report, args.output, tr)
    print(tr("cli.stats_written", path=args.output, days=len(report.days), sessions=report.total.sessions))
    return EXIT_OK
