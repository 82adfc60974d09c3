"""`kiosk process IMAGES... -o OUT`: the document pipeline on image files, for technicians and tests."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from kiosk.documents.card_pair import CardPair, card_pair, split_paths
from kiosk.documents.encode import TooLarge
from kiosk.documents.files import DEFAULT_DPI, UnreadableImage, parse_size, read_page
from kiosk.documents.idcard import CARD_SIDES, CardNotFound
from kiosk.documents.pipeline import Result, build

EXIT_OK = 0
EXIT_PROBLEM = 2


class _Refused(Exception):
    """A problem with the command's input: its message is the one line printed."""


def process_command(args: argparse.Namespace, tr: Callable[..., str]) -> int:
    """Run the pipeline; problems are one clear line on stderr and exit code 2, never a traceback."""
    try:
        result = _process(args, tr)
    except _Refused as problem:
        print(problem, file=sys.stderr)
        return EXIT_PROBLEM
    if isinstance(result, CardPair):
        front, back = split_paths(args.output)
        front.write_bytes(result.front)
        back.write_bytes(result.back)
        report = {**result.report(), "outputs": [str(front), str(back)]}
    else:
        args.output.write_bytes(result.data)
        report = result.report()
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    return EXIT_OK


def _process(args: argparse.Namespace, tr: Callable[..., str]) -> Result | CardPair:
    suffix = args.output.suffix.lower()
    output = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg"}.get(suffix)
    if output is None:
        raise _Refused(tr("process.bad_output", path=args.output))
    if args.split and (args.kind != "idcard" or output != "jpeg"):
        raise _Refused(tr("process.split_idcard"))
    if output == "jpeg" and len(args.images) != 1 and not args.split:
        raise _Refused(tr("process.jpeg_one_page"))
    try:
        limit = parse_size(args.max_size) if args.max_size else None
    except ValueError:
        raise _Refused(tr("process.bad_size", size=args.max_size)) from None
    pages, resolutions = [], []
    for path in args.images:
        try:
            image, dpi = read_page(path)
        except UnreadableImage:
            raise _Refused(tr("process.unreadable", path=path)) from None
        pages.append(image)
        resolutions.append(dpi)
    dpi = args.dpi or next((value for value in resolutions if value), DEFAULT_DPI)
    if args.kind == "idcard" and len(pages) != CARD_SIDES:
        raise _Refused(tr("process.idcard_two"))
    try:
        if args.split:
            return card_pair(pages[0], pages[1], dpi, limit)
        return build(pages, dpi, kind=args.kind, output=output, max_bytes=limit, check_upside_down=args.upside_down)
    except CardNotFound:
        raise _Refused(tr("process.no_card")) from None
    except TooLarge as error:
        raise _Refused(tr("process.too_large", smallest=f"{error.smallest / 1024 / 1024:.1f}",
                          limit=f"{error.limit / 1024 / 1024:.1f}")) from None
