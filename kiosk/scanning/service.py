"""The kiosk's scanner: one driver (in its worker process), the device to use, and pages saved as files.

Every call here blocks (a page takes seconds): the UI calls them off the GUI thread. Pages are
written as lossless PNG into the session's folder, so they go when the session goes. The last
device errors are kept, without any personal data, for the technician's diagnostics.
"""

from __future__ import annotations

import collections
import dataclasses
import struct
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import cv2

from drivers.base import CancelFlag, Device, DriverKind, DriverSetup, Page, Progress, ScanDriver
from drivers.errors import Cancelled, DeviceError, NotFound
from drivers.worker import WorkerDriver
from kiosk import log
from kiosk.config.schema import ScannerSettings
from kiosk.documents.card_pair import card_pair
from kiosk.documents.files import read_page
from kiosk.documents.idcard import card_sheet_from_scans
from kiosk.documents.thumbnails import ScannedPage, thumbnail
from kiosk.scanning.camera_watch import FACTORY as KIOSK_DRIVERS
from kiosk.scanning.kinds import PaperKind, scan_options
from kiosk.scanning.setup import ScannerChoice, pick_device
from kiosk.session import is_disk_full, make_folder

PNG_FAST = [cv2.IMWRITE_PNG_COMPRESSION, 1]  # ~4× faster than the default level, files ~15 % larger
KEPT_ERRORS = 20


class DriverFactory(Protocol):
    """Makes the driver for a choice (tests pass one that runs a fault-injecting driver)."""

    def __call__(self, choice: ScannerChoice) -> ScanDriver:
        """A driver ready for `choice`."""
        ...


def worker_driver(choice: ScannerChoice) -> ScanDriver:
    """The configured driver in its own worker process."""
    assert choice.kind is not None
    return WorkerDriver(choice.kind, choice.setup, KIOSK_DRIVERS)


def network_scanners_at(url: str, timeout_s: float = 10.0) -> list[Device]:
    """The eSCL scanners an address answers for (the technician adding one), asked through the worker like every
    other driver call (blocking)."""
    driver = WorkerDriver(DriverKind.ESCL, DriverSetup(escl_urls=(url,), page_timeout_s=timeout_s), KIOSK_DRIVERS)
    try:
        return driver.list_devices()
    finally:
        driver.close()


class DiskFull(DeviceError):
    """The session's folder (in RAM) has no room for another page: an officer must free space."""

    message_key = "scanner.error.disk_full"
    exit_code = 20


@dataclasses.dataclass(frozen=True)
class ErrorRecord:
    """A device error for the diagnostics page: when, which type, the driver's detail."""

    at: float
    kind: str
    detail: str


def save_page(page: Page, path: Path) -> Path:
    """Write a scanned page as PNG with its resolution (the review screen reads both back)."""
    make_folder(path.parent)  # never the session folder itself: a page after the session's end is refused
    ok, data = cv2.imencode(".png", page.image, PNG_FAST)
    if not ok:
        raise OSError(f"cannot encode {path.name}")
    path.write_bytes(_with_dpi(data.tobytes(), page.dpi))
    return path


def _with_dpi(png: bytes, dpi: int) -> bytes:
    """A pHYs chunk after IHDR, so the page's resolution travels with the file."""
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    header_end = 8 + 25  # signature, then the IHDR chunk
    return png[:header_end] + chunk + png[header_end:]


def card_page(front: Path, back: Path, dpi: int) -> ScannedPage:
    """Both sides of an ID card on one A4 page, saved beside the scans; raises `CardNotFound` (kiosk/documents/
    idcard.py) when a side shows no card."""
    sheet = card_sheet_from_scans(read_page(front)[0], read_page(back)[0], dpi)
    return ScannedPage(save_page(Page(sheet, dpi, 1), front.with_name(f"card-{front.stem}.png")), thumbnail(sheet))


def card_sides(front: Path, back: Path, dpi: int) -> tuple[Path, Path]:
    """The card's front and back as two JPEGs at real size (for a portal slot that wants images), saved beside
    the scans; raises `CardNotFound` like `card_page`."""
    pair = card_pair(read_page(front)[0], read_page(back)[0], dpi)
    front_path, back_path = (front.with_name(f"card-{side}-{front.stem}.jpg") for side in ("front", "back"))
    front_path.write_bytes(pair.front)
    back_path.write_bytes(pair.back)
    return front_path, back_path


class ScannerService:
    """The scanner as the kiosk's screens use it. One scan at a time."""

    def __init__(self, choice: ScannerChoice, settings: ScannerSettings,
                 factory: DriverFactory = worker_driver) -> None:
        self.choice = choice
        self.settings = settings
        self._factory = factory
        self._driver: ScanDriver | None = None
        self._device: Device | None = None
        self._lock = threading.Lock()
        self._capture = threading.Event()
        self.errors: collections.deque[ErrorRecord] = collections.deque(maxlen=KEPT_ERRORS)

    @property
    def available(self) -> bool:
        """Whether a scanner driver is configured at all."""
        return self.choice.kind is not None

    def driver(self) -> ScanDriver:
        """The driver, started on first use."""
        if self._driver is None:
            self._driver = self._factory(self.choice)
        return self._driver

    def devices(self) -> list[Device]:
        """Every device the driver finds now (blocking)."""
        return self.driver().list_devices()

    def device(self) -> Device:
        """The device scans go to (looked up again after a NotFound)."""
        if self._device is None:
            self._device = pick_device(self.devices(), self.settings.device)
        if self._device is None:
            raise NotFound(f"no device (configured: {self.settings.device or 'first found'})")
        return self._device

    def scan(self, kind: PaperKind, folder: Path, cancel: CancelFlag, on_page: Callable[[ScannedPage], None],
             on_progress: Callable[[Progress], None] | None = None) -> int:
        """Scan one side of `kind` into `folder`; each page is reported saved, with its thumbnail (made from the
        pixels in memory). Raises DeviceError."""
        with self._lock:
            try:
                device = self.device()
                options = scan_options(kind, self.settings, device.id)
                existing = len(list(folder.glob("scan-*.png"))) if folder.exists() else 0

                def page_done(page: Page) -> None:
                    try:
                        path = save_page(page, folder / f"scan-{existing + page.number:04d}.png")
                    except OSError as error:
                        if is_disk_full(error):
                            raise DiskFull(f"no room for page {page.number} in the session folder") from error
                        raise
                    on_page(ScannedPage(path, thumbnail(page.image)))

                self._capture.clear()
                return self.driver().scan(options, cancel, page_done, on_progress, capture=self._capture)
            except DeviceError as error:
                self.record(error)
                if isinstance(error, NotFound):
                    self._device = None
                raise

    def record(self, error: DeviceError) -> None:
        """Keep a device error for the diagnostics (type and technical detail, no citizen data)."""
        self.errors.append(ErrorRecord(time.time(), error.kind, error.detail))
        if isinstance(error, Cancelled):  # the citizen (or the session's end) stopped it: not a device problem
            log.scanner.info("scanner: scan stopped: %s", error.detail)
        else:
            log.scanner.warning("scanner: %s: %s", error.kind, error.detail)

    def capture_now(self) -> None:
        """The citizen pressed "Chụp": a camera takes the picture now (scanners ignore it)."""
        self._capture.set()

    def driver_version(self) -> str:
        """What the driver said it is when it started (e.g. "SANE 1.2.1"), empty before the first call."""
        return self._driver.version if self._driver is not None else ""

    def reconfigure(self, choice: ScannerChoice, settings: ScannerSettings) -> None:
        """New settings from the technician: the next call starts a driver with them."""
        self.close()
        self.choice, self.settings = choice, settings

    def close(self) -> None:
        """Stop the driver's worker."""
        if self._driver is not None:
            self._driver.close()
            self._driver = None
        self._device = None

