"""The doctor's checks of what the kiosk talks to: the scanner, the portal (or the practice portal), the printer."""

from __future__ import annotations

import tempfile
from pathlib import Path

from kiosk.doctor.check import Check, Context

PORTAL_LIMIT_S = 4.0  # the doctor's limit for the portal's answer, whatever portal.connect_timeout_s says


def scanner(context: Context) -> Check:
    """The configured scanner driver finds at least one device (practice mode: SANE's test scanner counts)."""
    from drivers.errors import DeviceError
    from kiosk.scanning.service import worker_driver
    from kiosk.scanning.setup import pick_device, scanner_choice

    settings = context.config.scanner
    choice = scanner_choice(settings, context.practice)
    if choice.kind is None:
        return Check("scanner", False, "doctor.scanner.none", "doctor.scanner.none.fix")
    driver = worker_driver(choice)
    try:
        devices = driver.list_devices()
    except DeviceError as error:
        return Check("scanner", False, "doctor.scanner.error", "doctor.scanner.fix", {"error": error.kind})
    finally:
        driver.close()
    if not devices:
        return Check("scanner", False, "doctor.scanner.not_found", "doctor.scanner.fix")
    chosen = pick_device(devices, settings.device)
    if chosen is None:
        return Check("scanner", False, "doctor.scanner.configured_missing", "doctor.scanner.configured_missing.fix",
                     {"device": settings.device, "count": len(devices)})
    return Check("scanner", True, "doctor.scanner.ok", values={"count": len(devices), "device": chosen.label})


def portal(context: Context) -> Check:
    """The portal answers HTTP; in practice mode, the practice portal starts and serves its home page."""
    import requests

    if context.practice:
        return _practice_portal(context)
    url = context.config.portal.start_url
    limit = min(context.config.portal.connect_timeout_s, PORTAL_LIMIT_S)
    values = {"url": url, "seconds": round(limit)}
    try:
        requests.head(url, timeout=limit, allow_redirects=False)
    except requests.exceptions.SSLError:
        return Check("portal", False, "doctor.portal.tls", "doctor.portal.tls.fix", values)
    except requests.Timeout:
        return Check("portal", False, "doctor.portal.slow", "doctor.portal.fix", values)
    except requests.RequestException:
        return Check("portal", False, "doctor.portal.unreachable", "doctor.portal.fix", values)
    return Check("portal", True, "doctor.portal.ok", values=values)


def _practice_portal(context: Context) -> Check:
    if context.practice_home:  # the running kiosk's own practice portal
        return _practice_answer(context.practice_home)
    from kiosk.practice_portal import PracticePortal

    server = PracticePortal(context.config.practice)
    with tempfile.TemporaryDirectory(prefix="kiosk-doctor-") as folder:
        try:
            server.start(Path(folder))
        except OSError as error:
            return Check("portal", False, "doctor.practice.no_start", "doctor.practice.fix",
                         {"error": error.strerror or type(error).__name__})
        try:
            return _practice_answer(server.home_url)
        finally:
            server.stop()


def _practice_answer(url: str) -> Check:
    import requests

    try:
        answer = requests.get(url, timeout=PORTAL_LIMIT_S)
    except requests.RequestException as error:
        return Check("portal", False, "doctor.practice.no_answer", "doctor.practice.fix",
                     {"error": type(error).__name__})
    if answer.status_code != 200:  # noqa: PLR2004 - HTTP's "OK"
        return Check("portal", False, "doctor.practice.no_answer", "doctor.practice.fix",
                     {"error": f"HTTP {answer.status_code}"})
    return Check("portal", True, "doctor.practice.ok")


def printer(context: Context) -> Check:
    """The receipt printer's CUPS queue is there, running and accepting, as a print would find it
    (kiosk/printing). No printer at all passes: the kiosk then shows the receipt on screen and the citizen keeps
    its code, which is how it works on most commune kiosks."""
    from kiosk.printing import cups_tools
    from kiosk.printing.faults import FaultKind, PrintFault
    from kiosk.printing.job import check_queue, resolve_queue

    configured = context.config.printer.queue
    try:
        queue = resolve_queue(configured)
        check_queue(cups_tools.queue_state(queue))
    except PrintFault as fault:
        if not configured and fault.kind in (FaultKind.NO_PRINTER, FaultKind.CUPS_DOWN):
            return Check("printer", True, "doctor.printer.none")
        return Check("printer", False, fault.detail_key, fault.fix_key,
                     {"queue": fault.queue or configured, "detail": fault.detail})
    return Check("printer", True, "doctor.printer.ok", values={"name": queue})
