"""Every message between the kiosk and its scanner worker process, as frozen records (after NAPS2's typed
WorkerService messages): the kiosk sends one request at a time; the worker answers with pages and progress while
it scans, then exactly one answer. Nothing else crosses the pipe, so each side checks what it got by its type.
"""

from __future__ import annotations

import dataclasses

from drivers.base import Capabilities, Device, Page, Progress, ScanOptions

# --- kiosk -> worker ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ListDevices:
    """Which devices does the driver reach now?"""


@dataclasses.dataclass(frozen=True)
class ReadCapabilities:
    """What can this device do?"""

    device: Device


@dataclasses.dataclass(frozen=True)
class StartScan:
    """Scan with these options (pages come back one by one)."""

    options: ScanOptions


Request = ListDevices | ReadCapabilities | StartScan

# --- worker -> kiosk ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Ready:
    """The driver started; `version` names it for the technician's diagnostics (e.g. "SANE 1.2.1")."""

    version: str


@dataclasses.dataclass(frozen=True)
class PageScanned:
    """A page finished during a scan."""

    page: Page


@dataclasses.dataclass(frozen=True)
class Progressed:
    """How far the current page is (in steps of 5 %), during a scan."""

    progress: Progress


@dataclasses.dataclass(frozen=True)
class Previewed:
    """What a camera sees now, as a small JPEG with the page outline drawn, during a scan."""

    progress: Progress


@dataclasses.dataclass(frozen=True)
class DevicesFound:
    """The answer to `ListDevices`."""

    devices: tuple[Device, ...]


@dataclasses.dataclass(frozen=True)
class CapabilitiesRead:
    """The answer to `ReadCapabilities`."""

    capabilities: Capabilities


@dataclasses.dataclass(frozen=True)
class ScanFinished:
    """The answer to `StartScan` when it went well: how many pages were sent."""

    pages: int


@dataclasses.dataclass(frozen=True)
class Failed:
    """The answer to any request that raised: the device error's type name and detail, and the traceback of an
    error that is not a device error (a bug, logged by the kiosk)."""

    kind: str
    detail: str
    trace: str = ""


Answer = DevicesFound | CapabilitiesRead | ScanFinished | Failed


@dataclasses.dataclass(frozen=True)
class Retire:
    """The driver's native code hung after its work was done: here is the real answer; the worker then exits,
    and the kiosk's next call starts a fresh one."""

    answer: Answer


Message = Ready | PageScanned | Progressed | Previewed | Answer | Retire
