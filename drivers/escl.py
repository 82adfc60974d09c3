"""Network scanners over eSCL (AirScan), natively on requests: the same driver on Linux and Windows.

A job is: POST ScanSettings to /ScanJobs (201 + Location), then GET {job}/NextDocument until the feeder
is done; 503 means "not ready yet" and is retried with backoff; DELETE {job} cancels. A feeder is done on
404, or on 409/503 with ScannerStatus' AdfState "ScannerAdfEmpty" once a page came (many devices end a batch
so, as sane-airscan reads it). Whenever a request or a page fails, the device's ScannerStatus says why: its
feeder state (jam, empty, open cover), our job's JobState and JobStateReasons (the scanner aborted or was
cancelled on its own panel) or its own state (busy). Only a scanner that does not answer is `Offline`.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from http import HTTPStatus
from urllib.parse import urljoin

import cv2
import numpy as np
import requests

from drivers import escl_xml
from drivers.base import (
    CancelFlag,
    Capabilities,
    Device,
    DriverKind,
    DriverSetup,
    Mode,
    Page,
    PageCallback,
    Progress,
    ProgressCallback,
    ScanOptions,
    Source,
    validate,
)
from drivers.errors import (
    Busy,
    Cancelled,
    CoverOpen,
    DeviceError,
    FeederEmpty,
    NotFound,
    Offline,
    PaperJam,
    ScannerStopped,
)
from drivers.log import scanner as log

CONNECT_TIMEOUT_S = 3.0
READ_TIMEOUT_S = 30.0
RETRY_DELAYS_S = (0.25, 0.5, 1.0, 2.0)  # then 2 s until the page timeout
CHUNK = 64 * 1024
ADF_STATES: dict[str, type[DeviceError]] = {
    "ScannerAdfJam": PaperJam,
    "ScannerAdfEmpty": FeederEmpty,
    "ScannerAdfDoorOpen": CoverOpen,
    "ScannerAdfHatchOpen": CoverOpen,
    "ScannerAdfMispick": PaperJam,
    "ScannerAdfMultipickDetected": PaperJam,
}
ADF_EMPTY = "ScannerAdfEmpty"
# sane-airscan retries a 503 that comes with "feeder empty" (a sensor may say so while the next sheet feeds);
# after this long of it, following a page, the batch is done.
ADF_EMPTY_GRACE_S = 3.0
JOB_ENDED = ("Aborted", "Canceled")


class _BrokeOff(Exception):
    """A page's transfer broke off (the connection dropped or timed out mid-page)."""


@dataclasses.dataclass(frozen=True)
class _Job:
    """A scan job the device accepted: where it runs, and with which (validated) options."""

    device: Device
    url: str
    options: ScanOptions


def base_url(url: str) -> str:
    """The eSCL root with one trailing slash (`http://host:port/eSCL/`)."""
    return url.rstrip("/") + "/"


class EsclDriver:
    """The network scanners configured by URL (no discovery: a kiosk does not probe the commune's LAN)."""

    kind = DriverKind.ESCL
    version = "eSCL (kiosk's own client)"
    stuck = False

    def __init__(self, setup: DriverSetup) -> None:
        self._urls = tuple(base_url(url) for url in setup.escl_urls)
        self._page_timeout_s = setup.page_timeout_s
        self._http = requests.Session()
        self._devices: dict[str, Device] = {}

    def close(self) -> None:
        """Close the HTTP connections."""
        self._http.close()

    def _get(self, url: str) -> requests.Response:
        try:
            return self._http.get(url, timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S))
        except requests.RequestException as error:
            raise Offline(f"eSCL GET {url}: {error}") from error

    def _document(self, url: str) -> bytes:
        response = self._get(url)
        if response.status_code != HTTPStatus.OK:
            raise Offline(f"eSCL GET {url}: HTTP {response.status_code}")
        return response.content

    def list_devices(self) -> list[Device]:
        """The configured scanners that answer now (the others are logged and left out)."""
        found = []
        for url in self._urls:
            try:
                who = escl_xml.identity(self._document(url + "ScannerCapabilities"))
            except (DeviceError, escl_xml.BadDocument) as error:
                log.warning("network scanner %s not available: %s", url, error)
                continue
            # The UUID or serial number identifies the device if its address changes (DHCP).
            key = who.uuid or who.serial or url
            vendor, _, model = who.make_and_model.partition(" ")
            found.append(Device(f"escl:{key}", DriverKind.ESCL, vendor, model or vendor, url, who.serial))
        self._devices = {device.id: device for device in found}
        return found

    def capabilities(self, device: Device) -> Capabilities:
        """What the scanner lists in its ScannerCapabilities."""
        try:
            return escl_xml.capabilities(self._document(device.address + "ScannerCapabilities"))
        except escl_xml.BadDocument as error:
            raise DeviceError(f"eSCL capabilities of {device.address}: {error}") from error

    def _device(self, device_id: str) -> Device:
        if device_id not in self._devices:
            self.list_devices()
        if device_id not in self._devices:
            raise NotFound(f"no network scanner {device_id} among {', '.join(self._urls) or 'none configured'}")
        return self._devices[device_id]

    def _status(self, device: Device) -> escl_xml.Status:
        return escl_xml.status(self._document(device.address + "ScannerStatus"))

    def _read_status(self, device: Device, what: str) -> escl_xml.Status | Offline:
        """The device's status, or `Offline` when it does not answer (the only way a job becomes `Offline`)."""
        try:
            return self._status(device)
        except (DeviceError, escl_xml.BadDocument) as error:
            return Offline(f"{what}; status unreadable: {error}")

    @staticmethod
    def _named(state: escl_xml.Status, source: Source, job_url: str, what: str) -> DeviceError | None:
        """The fault the status names: the feeder's (feeder jobs only), else our job ended by the scanner."""
        job = state.job(job_url) if job_url else None
        detail = _detail(state, job, what)
        if source is Source.ADF and state.adf_state in ADF_STATES:
            return ADF_STATES[state.adf_state](detail)
        if job is not None and job.state in JOB_ENDED:
            return ScannerStopped(detail)
        return None

    def _classify(self, state: escl_xml.Status, source: Source, job_url: str, what: str) -> DeviceError:
        named = self._named(state, source, job_url, what)
        if named is not None:
            return named
        detail = _detail(state, None, what)
        if state.state in ("Processing", "Testing"):
            return Busy(detail)
        if state.state in ("Stopped", "Down"):
            return ScannerStopped(detail)  # it answers: not offline
        return DeviceError(detail)

    def _failure(self, device: Device, source: Source, what: str, job_url: str = "") -> DeviceError:
        """Why a request failed, from the device's status (a feeder problem only counts for feeder jobs)."""
        state = self._read_status(device, what)
        return state if isinstance(state, Offline) else self._classify(state, source, job_url, what)

    def _page_failure(self, running: _Job, what: str) -> DeviceError:
        """A page failed, came empty or cut off: the scanner that still answers says why (else it stopped the job)."""
        state = self._read_status(running.device, what)
        if isinstance(state, Offline):
            return state
        named = self._named(state, running.options.source, running.url, what)
        return named or ScannerStopped(_detail(state, None, what))

    def scan(self, options: ScanOptions, cancel: CancelFlag, on_page: PageCallback,
             on_progress: ProgressCallback | None = None, *, capture: CancelFlag | None = None) -> int:
        """Run one eSCL job; see `ScanDriver.scan` (a scanner needs no `capture`)."""
        del capture
        device = self._device(options.device_id)
        checked = validate(options, self.capabilities(device))
        job = self._create_job(device, checked, cancel)
        done = threading.Event()
        watcher = threading.Thread(target=self._cancel_when_asked, args=(job, cancel, done), daemon=True)
        watcher.start()
        try:
            return self._pages(_Job(device, job, checked), cancel, on_page, on_progress)
        finally:
            done.set()
            watcher.join()

    def _create_job(self, device: Device, options: ScanOptions, cancel: CancelFlag) -> str:
        body = escl_xml.scan_settings(options)
        for delay in (*RETRY_DELAYS_S, None):
            if cancel.is_set():
                raise Cancelled("cancelled before the job started")
            try:
                response = self._http.post(device.address + "ScanJobs", data=body, headers={
                    "Content-Type": "text/xml"}, timeout=(CONNECT_TIMEOUT_S, READ_TIMEOUT_S))
            except requests.RequestException as error:
                raise Offline(f"eSCL POST ScanJobs: {error}") from error
            if response.status_code == HTTPStatus.CREATED and response.headers.get("Location"):
                return urljoin(device.address, response.headers["Location"]).rstrip("/") + "/"
            if response.status_code != HTTPStatus.SERVICE_UNAVAILABLE or delay is None:
                raise self._failure(device, options.source, f"POST ScanJobs: HTTP {response.status_code}")
            time.sleep(delay)
        raise AssertionError("unreachable")

    def _cancel_when_asked(self, job: str, cancel: CancelFlag, done: threading.Event) -> None:
        while not done.wait(0.05):
            if cancel.is_set():
                try:
                    # A device ends the pending NextDocument when its job is deleted.
                    requests.delete(job, timeout=(CONNECT_TIMEOUT_S, 5))
                except requests.RequestException as error:
                    log.warning("eSCL cancel of %s failed: %s", job, error)
                return

    def _pages(self, running: _Job, cancel: CancelFlag, on_page: PageCallback,
               on_progress: ProgressCallback | None) -> int:
        options = running.options
        delivered = 0
        waited = 0.0
        retries = 0
        while True:
            if cancel.is_set():
                raise Cancelled(f"cancelled after {delivered} pages")
            try:
                data, status = self._next_document(running.url, cancel, delivered + 1, on_progress)
            except _BrokeOff as broke:
                if cancel.is_set():
                    raise Cancelled(f"cancelled during page {delivered + 1}") from broke
                raise self._page_failure(running, str(broke)) from broke
            if cancel.is_set():
                raise Cancelled(f"cancelled during page {delivered + 1}")
            if status == HTTPStatus.OK:
                image = _decode(data, options)
                if image is None:
                    raise self._page_failure(
                        running, f"page {delivered + 1} arrived empty or unreadable ({len(data)} bytes)")
                delivered += 1
                on_page(Page(image, options.dpi, delivered))
                if options.source is Source.FLATBED:
                    return delivered
                waited, retries = 0.0, 0
                continue
            try:
                if self._batch_done(running, status, waited, delivered):
                    return delivered
            except DeviceError as error:
                if cancel.is_set():  # our own DELETE shows as a cancelled job: the citizen stopped it
                    raise Cancelled(f"cancelled after {delivered} pages") from error
                raise
            if waited > self._page_timeout_s:
                raise Busy(f"page {delivered + 1} not ready after {waited:.0f} s")
            delay = RETRY_DELAYS_S[min(retries, len(RETRY_DELAYS_S) - 1)]
            retries += 1
            waited += delay
            time.sleep(delay)

    def _batch_done(self, running: _Job, status: int, waited: float, delivered: int) -> bool:
        """Whether a NextDocument answer other than 200 ends the feeder batch normally (True) or means "not ready
        yet" (False: retry). Raises what the scanner names instead: an empty feeder before any page, a jam, an
        open cover, our job aborted or cancelled on its panel, or `Offline` when it does not answer."""
        what = f"NextDocument: HTTP {status}"
        source = running.options.source
        if status not in (HTTPStatus.NOT_FOUND, HTTPStatus.CONFLICT, HTTPStatus.SERVICE_UNAVAILABLE) or (
                not delivered and status != HTTPStatus.SERVICE_UNAVAILABLE):
            raise self._failure(running.device, source, what, running.url)
        state = self._read_status(running.device, what)
        if isinstance(state, Offline):
            if status == HTTPStatus.NOT_FOUND:
                return True  # "no more pages" was the device's own answer
            raise state
        if source is Source.ADF and state.adf_state == ADF_EMPTY:
            if status == HTTPStatus.SERVICE_UNAVAILABLE and waited < ADF_EMPTY_GRACE_S:
                return False
            if delivered:
                return True
            raise FeederEmpty(_detail(state, state.job(running.url), what))
        job = state.job(running.url)
        if delivered and job is not None and job.state == "Completed":
            return True  # the device says the job is done, whatever it answered
        if status == HTTPStatus.SERVICE_UNAVAILABLE:
            named = self._named(state, source, running.url, what)
            if named is not None:
                raise named
            return False
        if status == HTTPStatus.CONFLICT:
            raise self._classify(state, source, running.url, what)
        named = self._named(state, source, running.url, what)  # a 404 after pages: the end, unless a fault
        if named is not None:
            raise named
        return True

    def _next_document(self, job: str, cancel: CancelFlag, number: int,
                       on_progress: ProgressCallback | None) -> tuple[bytes, int]:
        url = job + "NextDocument"
        # A device holds NextDocument while it scans the page: a slow one is not a dead one.
        read_timeout = max(READ_TIMEOUT_S, self._page_timeout_s)
        try:
            with self._http.get(url, stream=True, timeout=(CONNECT_TIMEOUT_S, read_timeout)) as response:
                if response.status_code != HTTPStatus.OK:
                    return b"", response.status_code
                total = int(response.headers.get("Content-Length") or 0)
                chunks = []
                received = 0
                for chunk in response.iter_content(CHUNK):
                    chunks.append(chunk)
                    received += len(chunk)
                    if on_progress is not None and total:
                        on_progress(Progress(number, min(received / total, 1.0)))
                    if cancel.is_set():
                        break
                return b"".join(chunks), 200
        except requests.RequestException as error:
            raise _BrokeOff(f"eSCL page {number} broke off: {error}") from error


def _detail(state: escl_xml.Status, job: escl_xml.JobInfo | None, what: str) -> str:
    detail = f"{what}; State={state.state} AdfState={state.adf_state or '-'}"
    if job is not None:
        detail += f" JobState={job.state} JobStateReasons={','.join(job.reasons) or '-'}"
    return detail


def _decode(data: bytes, options: ScanOptions) -> np.ndarray | None:
    """The page's pixels, or None for an empty or cut-off JPEG."""
    flag = cv2.IMREAD_COLOR if options.mode is Mode.COLOR else cv2.IMREAD_GRAYSCALE
    return cv2.imdecode(np.frombuffer(data, np.uint8), flag) if data else None
