"""The document camera's page watch: the page found in every frame (kiosk/documents/page_detect.py) and whether it
has lain still for a second — and the driver factory that hands this watch to the camera inside the worker
process (drivers/ know cameras, the kiosk knows paper).
"""

from __future__ import annotations

import dataclasses

import numpy as np

from drivers.base import DriverKind, DriverSetup, ScanDriver
from drivers.camera import CameraDriver, Sighting
from drivers.factory import open_driver as open_plain_driver
from kiosk.documents.page_detect import Outline, find_page, straighten

FACTORY = "kiosk.scanning.camera_watch:open_driver"  # what the kiosk's worker processes build their driver with
STILL_SECONDS = 1.0
STILL_TOLERANCE = 0.006  # of the page diagonal: hand tremor and sensor noise stay below it


@dataclasses.dataclass
class StillnessWatch:
    """Says when a page has lain still long enough to capture: fed one outline (or None) per frame."""

    seconds: float = STILL_SECONDS
    tolerance: float = STILL_TOLERANCE
    _anchor: np.ndarray | None = None
    _since: float = 0.0

    def update(self, outline: Outline | None, now: float) -> float:
        """How long (0..1 of `seconds`) the page has been still; 1.0 means capture now."""
        if outline is None:
            self._anchor = None
            return 0.0
        diagonal = float(np.linalg.norm(outline.corners[2] - outline.corners[0]))
        if self._anchor is None or np.abs(outline.corners - self._anchor).max() > self.tolerance * diagonal:
            self._anchor = outline.corners
            self._since = now
        return min(1.0, (now - self._since) / self.seconds)


class PageWatcher:
    """The camera driver's `PageWatch`: one per scan (it remembers how long the page has been still)."""

    def __init__(self) -> None:
        self._still = StillnessWatch()

    def look(self, frame: np.ndarray, now: float) -> Sighting:
        """The page in this frame, and how still it has been."""
        outline = find_page(frame)
        stillness = self._still.update(outline, now)
        return Sighting(outline.corners if outline is not None else None, stillness)

    def straighten(self, frame: np.ndarray, corners: np.ndarray, size: tuple[int, int]) -> np.ndarray:
        """The page seen straight on."""
        return straighten(frame, Outline(corners, 0.0), size)


def open_driver(kind: DriverKind, setup: DriverSetup) -> ScanDriver:
    """The driver of `kind` for the kiosk: a camera watches for the page; every other kind as drivers/ make it."""
    if kind is DriverKind.CAMERA:
        return CameraDriver(setup, PageWatcher)
    return open_plain_driver(kind, setup)
