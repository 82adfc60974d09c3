"""`kiosk process IMAGES... -o OUT`: the document pipeline on image files, for technicians and tests."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from kiosk.documents.encode import TooLarge
from kiosk.documents.files import DEFAULT_DPI, UnreadableImage, parse_size, read_page
from kiosk.documents.idcard import CardNotFound
from kiosk.documents.pipeline import build

EXIT_OK = 0
EXIT_PROBLEM = 2


def process_command(args: argparse.Namespace, tr: Callable[..., str]) -> int:
    """Run the pipeline; problems are one clear line on stderr and exit code 2, never a traceback."""
    suffix = args.output.suffix.lower()
    output = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg"}.get(suffix)
    if output is None:
        print(tr("process.bad_output", path=args.output), file=sys.stderr)
        return EXIT_PROBLEM
    if output == "jpeg" and len(args.images) != 1:
        print(tr("process.jpeg_one_page"), file=sys.stderr)
        return EXIT_PROBLEM
    try:
        limit = parse_size(args.max_size) if args.max_size else None
    except ValueError:
        print(tr("process.bad_size", size=args.max_size), file=sys.stderr)
        return EXIT_PROBLEM
    pages, resolutions = [], []
    for path in args.images:
        try:
            image, dpi = read_page(path)
        except UnreadableImage:
            print(tr("process.unreadable", path=path), file=sys.stderr)
            return EXIT_PROBLEM
        pages.append(image)
        resolutions.append(dpi)
    dpi = args.dpi or next((value for value in resolutions if value), DEFAULT_DPI)
    if args.kind == "idcard" and len(pages) != 2:
        print(tr("process.idcard_two"), file=sys.stderr)
        return EXIT_PROBLEM
    try:
        result = build(pages, dpi, kind=args.kind, output=output, max_bytes=limit,
                       check_upside_down=args.upside_down)
    except CardNotFound:
        print(tr("process.no_card"), file=sys.stderr)
        return EXIT_PROBLEM
    except TooLarge as error:
        print(tr("process.too_large", smallest=f"{error.smallest / 1024 / 1024:.1f}",
                 limit=f"{error.limit / 1024 / 1024:.1f}"), file=sys.stderr)
        return EXIT_PROBLEM
    args.output.write_bytes(result.data)
    if args.json:
        print(json.dumps(result.report(), ensure_ascii=False))
    return EXIT_OK
