"""An eSCL scanner on 127.0.0.1 for tests, answering as real servers do (no emulator exists in the registries).

It speaks what real devices and sane-airscan speak: ScannerCapabilities, ScannerStatus (with a JobInfo
per job: JobState and JobStateReasons, as AirSane writes them), ScanJobs (201 + Location), NextDocument
until the feeder is done, 503 while a page is not ready, 409 when the feeder is empty or jammed or the
cover is open (the reason is in ScannerStatus' AdfState), DELETE to cancel.
Faults and the ways real servers differ are switches on `EsclScanner`: how a feeder batch ends (404, or
409/503 with AdfState ScannerAdfEmpty), a job the scanner aborts with an empty 200 page, a cancel on the
device's own panel, a slow scanner. Pages are JPEGs with the page number printed on them.
"""

from __future__ import annotations

import dataclasses
import http.server
import threading
import time
import uuid
from xml.etree import ElementTree

import cv2
import numpy as np

from drivers.escl_xml import NAMES, PWG, SCAN

CAPABILITIES = """<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerCapabilities xmlns:scan="{scan}" xmlns:pwg="{pwg}">
  <pwg:Version>2.63</pwg:Version>
  <pwg:MakeAndModel>Kiosk eSCL-Test</pwg:MakeAndModel>
  <pwg:SerialNumber>KT-0001</pwg:SerialNumber>
  <scan:UUID>{uuid}</scan:UUID>
  <scan:Platen><scan:PlatenInputCaps>{input_caps}</scan:PlatenInputCaps></scan:Platen>
  <scan:Adf><scan:AdfSimplexInputCaps>{input_caps}</scan:AdfSimplexInputCaps>{duplex}</scan:Adf>
</scan:ScannerCapabilities>
"""
INPUT_CAPS = """
  <scan:MinWidth>16</scan:MinWidth><scan:MaxWidth>2550</scan:MaxWidth>
  <scan:MinHeight>16</scan:MinHeight><scan:MaxHeight>3508</scan:MaxHeight>
  <scan:SettingProfiles><scan:SettingProfile>
    <scan:ColorModes><scan:ColorMode>Grayscale8</scan:ColorMode><scan:ColorMode>RGB24</scan:ColorMode></scan:ColorModes>
    <scan:DocumentFormats><pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat></scan:DocumentFormats>
    <scan:SupportedResolutions><scan:DiscreteResolutions>{resolutions}</scan:DiscreteResolutions></scan:SupportedResolutions>
  </scan:SettingProfile></scan:SettingProfiles>
"""
RESOLUTION = "<scan:DiscreteResolution><scan:XResolution>{0}</scan:XResolution>" \
             "<scan:YResolution>{0}</scan:YResolution></scan:DiscreteResolution>"
STATUS = """<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerStatus xmlns:scan="{scan}" xmlns:pwg="{pwg}">
  <pwg:Version>2.63</pwg:Version><pwg:State>{state}</pwg:State><scan:AdfState>{adf}</scan:AdfState>
  <scan:Jobs>{jobs}</scan:Jobs>
</scan:ScannerStatus>
"""
JOB_INFO = """
    <scan:JobInfo><pwg:JobUri>/eSCL/ScanJobs/{id}</pwg:JobUri><pwg:JobUuid>{id}</pwg:JobUuid>
      <scan:Age>1</scan:Age><pwg:ImagesCompleted>{images}</pwg:ImagesCompleted><pwg:JobState>{state}</pwg:JobState>
      <pwg:JobStateReasons><pwg:JobStateReason>{reason}</pwg:JobStateReason></pwg:JobStateReasons></scan:JobInfo>"""


@dataclasses.dataclass
class Job:
    source: str
    mode: str
    dpi: int
    width: int  # 1/300 inch
    height: int
    duplex: bool
    delivered: int = 0
    cancelled: bool = False
    not_ready_left: int = 0
    state: str = "Processing"  # pwg:JobState: Processing, Completed, Aborted, Canceled
    reason: str = "JobScanning"  # its pwg:JobStateReason

    def end(self, state: str, reason: str) -> None:
        self.state, self.reason = state, reason


@dataclasses.dataclass
class EsclScanner:
    """The device's state and the faults a test switches on."""

    feeder_pages: int = 5
    duplex: bool = False
    resolutions: tuple[int, ...] = (100, 150, 200, 300)
    not_ready_polls: int = 0  # NextDocument answers 503 this many times before each page
    jam_after: int | None = None  # the feeder jams after this many pages
    cover_open: bool = False
    die_mid_page: int | None = None  # the device loses power halfway through this page number
    cut_page: int | None = None  # the connection drops halfway through this page; the device stays on
    page_seconds: float = 0.0  # how long a page takes to scan (NextDocument waits, like a real device)
    feeder_end: int = 404  # NextDocument's answer once the feeder is empty: 404, or 409/503 with ScannerAdfEmpty
    abort_at_page: int | None = None  # the backend fails this page's read: 200 with an empty body, job Aborted
    abort_reason: str = "ResourcesAreNotReady"  # the aborted job's JobStateReason (AirSane's for a failed read)
    panel_cancel_at_page: int | None = None  # someone presses cancel on the device before this page: 404
    empty_sensor: bool = True  # False: AdfState never says ScannerAdfEmpty; only the job's state tells the end
    uuid: str = dataclasses.field(default_factory=lambda: str(uuid.uuid4()))
    jobs: dict[str, Job] = dataclasses.field(default_factory=dict)
    requests: list[str] = dataclasses.field(default_factory=list)
    settings: list[bytes] = dataclasses.field(default_factory=list)
    adf_state: str = "ScannerAdfLoaded"
    switched_off: bool = False  # open connections drop every request, like a device without power
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    def capabilities(self) -> bytes:
        caps = INPUT_CAPS.format(resolutions="".join(RESOLUTION.format(dpi) for dpi in self.resolutions))
        duplex = f"<scan:AdfDuplexInputCaps>{caps}</scan:AdfDuplexInputCaps>" if self.duplex else ""
        return CAPABILITIES.format(scan=SCAN, pwg=PWG, uuid=self.uuid, input_caps=caps, duplex=duplex).encode()

    def status(self) -> bytes:
        busy = any(job.state == "Processing" and job.delivered == 0 for job in self.jobs.values())
        adf = "ScannerAdfDoorOpen" if self.cover_open else self.adf_state
        if adf == "ScannerAdfLoaded" and self.feeder_pages <= 0 and self.empty_sensor:
            adf = "ScannerAdfEmpty"
        jobs = "".join(JOB_INFO.format(id=job_id, images=job.delivered, state=job.state, reason=job.reason)
                       for job_id, job in self.jobs.items())
        return STATUS.format(scan=SCAN, pwg=PWG, state="Processing" if busy else "Idle", adf=adf,
                             jobs=jobs).encode()


def page_jpeg(job: Job, number: int) -> bytes:
    """A grey or colour page of the job's size with "Trang N" on it."""
    width, height = round(job.width * job.dpi / 300), round(job.height * job.dpi / 300)
    page = np.full((height, width, 3), 245, np.uint8)
    scale = job.dpi / 100
    cv2.putText(page, f"Trang {number}", (int(width * 0.1), int(height * 0.2)), cv2.FONT_HERSHEY_SIMPLEX,
                2 * scale, (20, 20, 20), max(1, int(3 * scale)))
    cv2.rectangle(page, (int(width * 0.1), int(height * 0.3)), (int(width * 0.9), int(height * 0.35)),
                  (40, 40, 160), -1)
    if job.mode == "Grayscale8":
        page = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    return cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()


def _text(root: ElementTree.Element, path: str, default: str) -> str:
    found = root.find(path, NAMES)
    return found.text.strip() if found is not None and found.text else default


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    scanner: EsclScanner

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/xml", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _dropped(self) -> bool:
        if self.scanner.switched_off:
            self.close_connection = True
            self.connection.shutdown(2)
        return self.scanner.switched_off

    def do_GET(self) -> None:
        scanner = self.scanner
        if self._dropped():
            return
        scanner.requests.append(f"GET {self.path}")
        if self.path == "/eSCL/ScannerCapabilities":
            self._send(200, scanner.capabilities())
        elif self.path == "/eSCL/ScannerStatus":
            self._send(200, scanner.status())
        elif self.path.startswith("/eSCL/ScanJobs/") and self.path.endswith("/NextDocument"):
            job = scanner.jobs.get(self.path.split("/")[3])
            self._next_document(job)
            if job is not None and job.state == "Processing" and job.source == "Platen" and job.delivered:
                job.end("Completed", "JobCompletedSuccessfully")
        else:
            self._send(404)

    def _next_document(self, job: Job | None) -> None:  # noqa: PLR0911 - one answer per device state
        scanner = self.scanner
        if job is None or job.cancelled or job.state != "Processing":
            self._send(404)
            return
        if job.not_ready_left > 0:
            job.not_ready_left -= 1
            self._send(503)
            return
        deadline = time.monotonic() + scanner.page_seconds
        while time.monotonic() < deadline and not job.cancelled:
            time.sleep(0.02)
        if job.cancelled:
            self._send(404)
            return
        number = job.delivered + 1
        if scanner.panel_cancel_at_page == number:
            job.end("Canceled", "JobCanceledByUser")
            self._send(404)
            return
        if job.source == "Feeder":
            if scanner.jam_after is not None and job.delivered >= scanner.jam_after:
                scanner.adf_state = "ScannerAdfJam"
                job.end("Aborted", "ResourcesAreNotReady")
                self._send(409)
                return
            if scanner.feeder_pages <= 0:
                self._feeder_done(job)
                return
            scanner.feeder_pages -= 1
        elif job.delivered:
            self._send(404)
            return
        if scanner.abort_at_page == number:
            job.end("Aborted", scanner.abort_reason)
            self._send(200, b"", "image/jpeg")
            return
        job.delivered += 1
        job.not_ready_left = scanner.not_ready_polls
        body = page_jpeg(job, job.delivered)
        if number in (scanner.die_mid_page, scanner.cut_page):
            self._half_page(job, body)
            return
        self._send(200, body, "image/jpeg")

    def _half_page(self, job: Job, body: bytes) -> None:
        """Half the page, then the connection drops: the device lost power, or (cut_page) it stays on."""
        if self.scanner.cut_page == job.delivered:
            job.end("Aborted", "ErrorsDetected")
        else:
            self.scanner.switched_off = True
        self.send_response(200)
        self.send_header("Content-Type", "image/jpeg")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(2)

    def _feeder_done(self, job: Job) -> None:
        """The feeder ran out: the job is done after pages, and NextDocument answers as this device does."""
        if self.scanner.feeder_end != 503:  # a 503 says "not yet": the job stays open while the feeder is empty
            job.end(*(("Completed", "JobCompletedSuccessfully") if job.delivered else ("Aborted", "ResourcesAreNotReady")))
        self._send(self.scanner.feeder_end)

    def do_POST(self) -> None:
        scanner = self.scanner
        if self._dropped():
            return
        scanner.requests.append(f"POST {self.path}")
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path != "/eSCL/ScanJobs":
            self._send(404)
            return
        scanner.settings.append(body)
        root = ElementTree.fromstring(body)
        source = _text(root, "pwg:InputSource", _text(root, "scan:InputSource", "Platen"))
        duplex = _text(root, "scan:Duplex", "false") == "true"
        if (duplex and not scanner.duplex) or source not in ("Platen", "Feeder"):
            self._send(409)
            return
        if source == "Feeder" and (scanner.cover_open or scanner.feeder_pages <= 0):
            self._send(409)
            return
        job = Job(source, _text(root, "scan:ColorMode", "RGB24"), int(_text(root, "scan:XResolution", "300")),
                  int(_text(root, "pwg:ScanRegions/pwg:ScanRegion/pwg:Width", "2550")),
                  int(_text(root, "pwg:ScanRegions/pwg:ScanRegion/pwg:Height", "3508")), duplex,
                  not_ready_left=scanner.not_ready_polls)
        job_id = str(uuid.uuid4())
        scanner.jobs[job_id] = job
        self._send(201, Location=f"http://{self.headers.get('Host')}/eSCL/ScanJobs/{job_id}")

    def do_DELETE(self) -> None:
        self.scanner.requests.append(f"DELETE {self.path}")
        job = self.scanner.jobs.get(self.path.rstrip("/").split("/")[-1])
        if job is None:
            self._send(404)
            return
        job.cancelled = True
        if job.state == "Processing":
            job.end("Canceled", "JobCanceledByUser")
        self._send(200)


class EsclServer:
    """The scanner served on 127.0.0.1 in a thread; `url` is its eSCL root."""

    def __init__(self, scanner: EsclScanner | None = None) -> None:
        self.scanner = scanner or EsclScanner()
        handler = type("BoundHandler", (Handler,), {"scanner": self.scanner})
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/eSCL"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> EsclServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.scanner.switched_off = True
        self._server.shutdown()
        self._server.server_close()
