"""`kiosk devices`, `kiosk scan` and `kiosk detect-page`: the scanner for technicians and scripts.

Exit codes: 0 done; 2 bad arguments or config; a device error returns its type's code (10 device,
11 invalid options, 12 paper jam, 13 feeder empty, 14 cover open, 15 busy, 16 offline, 17 not found,
18 cancelled, 19 driver crashed); `detect-page` returns 1 when the photo shows no page. Pages scanned
before a fault are still written, and `--json` reports them with the error.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from drivers.base import Capabilities, Device, DriverKind, Mode, Page, ScanDriver, ScanOptions, Source
from drivers.errors import DeviceError, NotFound
from kiosk import paths
from kiosk.config import load_layers
from kiosk.scanning.setup import ScannerChoice, pick_device, scanner_choice

EXIT_OK = 0
EXIT_NOT_FOUND_PAGE = 1
EXIT_PROBLEM = 2
Translate = Callable[..., str]


def add_parsers(commands: Any) -> None:
    """The three subcommands on the `kiosk` parser."""
    devices = commands.add_parser("devices", help="list the scanners the configured driver finds")
    devices.add_argument("--driver", choices=[kind.value for kind in DriverKind], help="default: scanner.driver")
    devices.add_argument("--json", action="store_true", help="print devices and capabilities as JSON")
    scan = commands.add_parser("scan", help="scan pages into a PDF or JPEG (through the document pipeline)")
    scan.add_argument("--driver", choices=[kind.value for kind in DriverKind], help="default: scanner.driver")
    scan.add_argument("--device", help="device id from `kiosk devices` (default: scanner.device, else the first)")
    scan.add_argument("--source", choices=("flatbed", "adf", "camera"), default="flatbed")
    scan.add_argument("--dpi", type=int, default=200)
    scan.add_argument("--mode", choices=("color", "gray"), default="gray")
    scan.add_argument("-o", "--output", type=Path, required=True, help="OUT.pdf or OUT.jpg")
    scan.add_argument("--raw", action="store_true", help="write the pages as scanned, without the pipeline")
    scan.add_argument("--json", action="store_true", help="print a JSON summary (pages, device, error)")
    detect = commands.add_parser("detect-page", help="find the page in a camera photo (the camera path)")
    detect.add_argument("photo", type=Path)
    detect.add_argument("--json", action="store_true", help='print {"found": …, "corners": …}')
    detect.add_argument("-o", "--output", type=Path, help="write the page seen straight on")


def _choice(args: argparse.Namespace) -> tuple[ScannerChoice, str] | None:
    loaded = load_layers(paths.site_config_file(), args.config)
    settings = loaded.config.scanner
    if args.driver:
        settings = dataclasses.replace(settings, driver=args.driver)
    choice = scanner_choice(settings, args.practice)
    return (choice, settings.device) if choice.kind is not None else None


def _driver(choice: ScannerChoice) -> ScanDriver:
    from kiosk.scanning.service import worker_driver

    return worker_driver(choice)


def _caps_json(capabilities: Capabilities) -> dict[str, object]:
    return {
        "sources": [source.value for source in capabilities.sources],
        "resolutions": list(capabilities.resolutions),
        "modes": [mode.value for mode in capabilities.modes],
        "max_mm": [round(capabilities.max_width_mm, 1), round(capabilities.max_height_mm, 1)],
        "duplex": capabilities.duplex,
    }


def _device_json(device: Device) -> dict[str, object]:
    return {"id": device.id, "driver": device.kind.value, "vendor": device.vendor, "model": device.model,
            "address": device.address, "serial": device.serial}


def _say_error(error: DeviceError, tr: Translate) -> None:
    print(f"{tr(error.message_key)} ({error.kind}: {error.detail})", file=sys.stderr)


def devices_command(args: argparse.Namespace, tr: Translate) -> int:
    """List devices (and, with --json, what each can do)."""
    chosen = _choice(args)
    if chosen is None:
        print(tr("cli.no_scanner_driver"), file=sys.stderr)
        return EXIT_PROBLEM
    driver = _driver(chosen[0])
    try:
        found = [(device, driver.capabilities(device)) for device in driver.list_devices()]
    except DeviceError as error:
        _say_error(error, tr)
        return error.exit_code
    finally:
        driver.close()
    if args.json:
        print(json.dumps([{**_device_json(device), "capabilities": _caps_json(caps)} for device, caps in found],
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    if not found:
        print(tr("cli.no_devices"))
    for device, caps in found:
        sources = ", ".join(source.value for source in caps.sources)
        print(f"{device.id}\t{device.label}\t{device.address}\t{sources}")
    return EXIT_OK


def scan_command(args: argparse.Namespace, tr: Translate) -> int:
    """Scan, write OUT.pdf/OUT.jpg; the exit code says how it ended."""
    output = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg"}.get(args.output.suffix.lower())
    if output is None:
        print(tr("process.bad_output", path=args.output), file=sys.stderr)
        return EXIT_PROBLEM
    chosen = _choice(args)
    if chosen is None:
        print(tr("cli.no_scanner_driver"), file=sys.stderr)
        return EXIT_PROBLEM
    choice, configured = chosen
    pages: list[Page] = []
    failure: DeviceError | None = None
    device: Device | None = None
    driver = _driver(choice)
    try:
        device = pick_device(driver.list_devices(), args.device or configured)
        if device is None:
            raise NotFound(f"no device {args.device or configured or '(any)'}")
        options = ScanOptions(device.id, Source(args.source), args.dpi, Mode(args.mode))
        driver.scan(options, threading.Event(), pages.append)
    except DeviceError as error:
        failure = error
        _say_error(error, tr)
    finally:
        driver.close()
    written = _write(pages, args.output, output, args.raw) if pages else []
    if args.json:
        print(json.dumps({
            "device": device.id if device else None, "pages": len(pages), "files": [str(path) for path in written],
            "error": {"type": failure.kind, "detail": failure.detail, "exit_code": failure.exit_code}
            if failure else None,
        }, ensure_ascii=False))
    elif written:
        print(tr("cli.scanned", count=len(pages), path=", ".join(map(str, written))))
    return failure.exit_code if failure else EXIT_OK


def _write(pages: list[Page], target: Path, output: str, raw: bool) -> list[Path]:
    """The pages as one PDF, or one JPEG per page (OUT.jpg, OUT-2.jpg, …)."""
    import cv2
    import img2pdf

    from kiosk.documents.pipeline import build

    dpi = pages[0].dpi
    if output == "pdf":
        if raw:
            jpegs = [cv2.imencode(".jpg", page.image, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes() for page in pages]
            target.write_bytes(img2pdf.convert(jpegs, layout_fun=img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))))
        else:
            target.write_bytes(build([page.image for page in pages], dpi).data)
        return [target]
    written = []
    for index, page in enumerate(pages):
        path = target if index == 0 else target.with_name(f"{target.stem}-{index + 1}{target.suffix}")
        data = (cv2.imencode(".jpg", page.image, [cv2.IMWRITE_JPEG_QUALITY, 85])[1].tobytes() if raw
                else build([page.image], dpi, output="jpeg").data)
        path.write_bytes(data)
        written.append(path)
    return written


def detect_page_command(args: argparse.Namespace, tr: Translate) -> int:
    """Find the page in a photo; exit 1 when there is none."""
    import cv2

    from kiosk.documents.page_detect import find_page, straighten

    photo = cv2.imread(str(args.photo), cv2.IMREAD_COLOR)
    if photo is None:
        print(tr("process.unreadable", path=args.photo), file=sys.stderr)
        return EXIT_PROBLEM
    outline = find_page(photo)
    if args.json:
        corners = [[round(float(x), 1), round(float(y), 1)] for x, y in outline.corners] if outline else []
        print(json.dumps({"found": outline is not None, "corners": corners}))
    elif outline is None:
        print(tr("cli.no_page"))
    if outline is None:
        return EXIT_NOT_FOUND_PAGE
    if args.output is not None:
        cv2.imwrite(str(args.output), straighten(photo, outline))
    if not args.json:
        print(tr("cli.page_found", corners=" ".join(f"{x:.0f},{y:.0f}" for x, y in outline.corners)))
    return EXIT_OK
