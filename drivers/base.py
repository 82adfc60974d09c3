"""The one scanner interface: devices, capabilities and options as frozen data, pages out through callbacks.

After NAPS2's IScanDriver: a driver lists devices, describes one device's capabilities, and scans
with options that were validated once at the entrance (`validate`). Nothing here assumes SANE:
SANE, eSCL, the document camera (and later Windows WIA) each implement `ScanDriver`.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from drivers.errors import InvalidOptions

if TYPE_CHECKING:
    import numpy as np  # only for annotations: the interface loads without numpy (fast `kiosk --help`)

A4_MM = (210.0, 297.0)
GREY_AXES = 2  # a grey image is height x width; a colour one has a third axis, its channels
COMMON_DPI = (75, 100, 150, 200, 240, 300, 400, 600)


class DriverKind(enum.Enum):
    """Which backend family serves a device (the factory's key)."""

    SANE = "sane"
    ESCL = "escl"
    CAMERA = "camera"


class Source(enum.Enum):
    """Where the paper is: on the glass, in the feeder, or under a camera."""

    FLATBED = "flatbed"
    ADF = "adf"
    CAMERA = "camera"


class Mode(enum.Enum):
    """Colour or grey pixels (the document pipeline decides later what is stored)."""

    COLOR = "color"
    GRAY = "gray"


@dataclasses.dataclass(frozen=True)
class Device:
    """A scanner as the kiosk knows it. `id` survives replugging: it is built from vendor, model and
    serial (or the network name), never from a USB bus path; `address` is how the driver reaches it now."""

    id: str
    kind: DriverKind
    vendor: str
    model: str
    address: str
    serial: str = ""

    @property
    def label(self) -> str:
        """Vendor and model for a technician's list."""
        return f"{self.vendor} {self.model}".strip()


@dataclasses.dataclass(frozen=True)
class Capabilities:
    """What one device can do. Resolutions are the common ones the device accepts."""

    sources: tuple[Source, ...]
    resolutions: tuple[int, ...]
    modes: tuple[Mode, ...]
    max_width_mm: float
    max_height_mm: float
    duplex: bool = False


@dataclasses.dataclass(frozen=True)
class ScanOptions:
    """One scan job. Width and height are the scanned area from the top-left corner, in mm."""

    device_id: str
    source: Source = Source.FLATBED
    dpi: int = 200
    mode: Mode = Mode.GRAY
    duplex: bool = False
    width_mm: float = A4_MM[0]
    height_mm: float = A4_MM[1]


@dataclasses.dataclass(frozen=True)
class Page:
    """One scanned page: grey (H×W) or colour (H×W×3, BGR like the rest of the pipeline) uint8 pixels."""

    image: np.ndarray
    dpi: int
    number: int  # 1-based within the job

    @property
    def size_mm(self) -> tuple[float, float]:
        """Width and height of the page in millimetres."""
        height, width = self.image.shape[:2]
        return width / self.dpi * 25.4, height / self.dpi * 25.4


@dataclasses.dataclass(frozen=True)
class Progress:
    """How far the current page is, 0.0–1.0 (pages are counted by `on_page`). A camera also sends what it
    sees, as a small JPEG with the detected page outline drawn (empty for scanners)."""

    page: int
    fraction: float
    preview: bytes = b""


@dataclasses.dataclass(frozen=True)
class DriverSetup:
    """Everything a driver needs to start, as plain data (it crosses into the worker process)."""

    sane_backends: tuple[str, ...] = ("test",)
    sane_config_dir: Path | None = None
    escl_urls: tuple[str, ...] = ()
    camera_sources: tuple[str, ...] = ("0",)
    page_timeout_s: float = 120.0  # longest one page may take before the driver counts as hung


class CancelFlag(Protocol):
    """A threading or multiprocessing Event: the driver only asks whether it is set."""

    def is_set(self) -> bool:
        """Whether the job should stop."""
        ...


PageCallback = Callable[[Page], None]
ProgressCallback = Callable[[Progress], None]


class ScanDriver(Protocol):
    """What every backend implements. `scan` calls `on_page` once per finished page and returns the count;
    it raises a `DeviceError` (pages already delivered stay delivered) and `Cancelled` when `cancel` is set.

    `version` names the driver for the technician's diagnostics. `stuck` turns True when native code hung in a
    thread of the driver's process after the work was done (SANE in `sane_cancel`): the process must then be
    replaced (drivers/worker.py does it)."""

    kind: DriverKind
    version: str
    stuck: bool

    def list_devices(self) -> list[Device]:
        """The devices this driver reaches now."""
        ...

    def capabilities(self, device: Device) -> Capabilities:
        """What `device` can do."""
        ...

    def scan(self, options: ScanOptions, cancel: CancelFlag, on_page: PageCallback,
             on_progress: ProgressCallback | None = None, *, capture: CancelFlag | None = None) -> int:
        """Scan with `options` (device by id), deliver pages as they finish, return how many. A driver that
        captures on demand (the camera) takes the picture once `capture` is set; scanners ignore it."""
        ...

    def close(self) -> None:
        """Release the driver's resources."""
        ...


def validate(options: ScanOptions, capabilities: Capabilities) -> ScanOptions:
    """The options checked against the device once, at the entrance; the area is clipped to the device.

    Raises `InvalidOptions` naming what the device does not offer: a driver never asks a device for a
    source, mode or duplex its capabilities do not list (a real feeder hung on an unasked-for duplex).
    """
    if options.source not in capabilities.sources:
        raise InvalidOptions(f"source {options.source.value} not offered (device has "
                             f"{', '.join(source.value for source in capabilities.sources)})")
    if options.mode not in capabilities.modes:
        raise InvalidOptions(f"mode {options.mode.value} not offered")
    if options.duplex and not (capabilities.duplex and options.source is Source.ADF):
        raise InvalidOptions("duplex is only possible from a duplex feeder")
    if options.dpi not in capabilities.resolutions:
        raise InvalidOptions(f"{options.dpi} dpi not offered (device has "
                             f"{', '.join(map(str, capabilities.resolutions))})")
    if options.width_mm <= 0 or options.height_mm <= 0:
        raise InvalidOptions("scan area must not be empty")
    return dataclasses.replace(
        options,
        width_mm=min(options.width_mm, capabilities.max_width_mm),
        height_mm=min(options.height_mm, capabilities.max_height_mm),
    )


def resolutions_in_range(low: float, high: float) -> tuple[int, ...]:
    """The common resolutions a device with a continuous range accepts."""
    return tuple(dpi for dpi in COMMON_DPI if low <= dpi <= high)


def expected_lines(options: ScanOptions) -> int:
    """Image rows a full page of these options has (to tell a cut-off page from a complete one)."""
    return round(options.height_mm / 25.4 * options.dpi)
