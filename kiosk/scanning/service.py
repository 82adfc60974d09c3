"""The kiosk's scanner: one driver (in its worker process), the device to use, and pages saved as files.

Every call here blocks (a page takes seconds): the UI calls them off the GUI thread. Pages are
written as lossless PNG into the session's folder, so they go when the session goes. The last
device errors are kept, without any personal data, for the technician's diagnostics.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import struct
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import cv2

from drivers.base import CancelFlag, Device, Page, Progress, ScanDriver
from drivers.errors import DeviceError, NotFound
from drivers.worker import WorkerDriver
from kiosk.config.schema import ScannerSettings
from kiosk.documents.files import read_page
from kiosk.documents.idcard import CardNotFound, card_sheet, find_card
from kiosk.scanning.kinds import PaperKind, scan_options
from kiosk.scanning.setup import ScannerChoice, pick_device

log = logging.getLogger("scanner")
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
    return WorkerDriver(choice.kind, choice.setup)


@dataclasses.dataclass(frozen=True)
class ErrorRecord:
    """A device error for the diagnostics page: when, which type, the driver's detail."""

    at: float
    kind: str
    detail: str


def save_page(page: Page, path: Path) -> Path:
    """Write a scanned page as PNG with its resolution (the review screen reads both back)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
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


def card_page(front: Path, back: Path, dpi: int) -> Path:
    """Both sides of an ID card on one A4 page (each side cut out; a side not found is used whole)."""
    sides = []
    for path in (front, back):
        image, _ = read_page(path)
        try:
            sides.append(find_card(image))
        except CardNotFound:
            log.warning("card not found on one side; using the whole scan")
            sides.append(image)
    return save_page(Page(card_sheet(sides[0], sides[1], dpi), dpi, 1), front.with_name(f"card-{front.stem}.png"))


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

    def scan(self, kind: PaperKind, folder: Path, cancel: CancelFlag, on_page: Callable[[Path], None],
             on_progress: Callable[[Progress], None] | None = None) -> int:
        """Scan one side of `kind` into `folder`; pages are reported as saved files. Raises DeviceError."""
        with self._lock:
            try:
                device = self.device()
                options = scan_options(kind, self.settings, device.id)
                existing = len(list(folder.glob("scan-*.png"))) if folder.exists() else 0

                def page_done(page: Page) -> None:
                    on_page(save_page(page, folder / f"scan-{existing + page.number:04d}.png"))

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
        log.warning("scanner: %s: %s", error.kind, error.detail)

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

