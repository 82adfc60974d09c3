"""A document camera or webcam as a scanner: frames in, one page out — when the citizen says "Chụp", or when the
page watch it was given says the page has lain still long enough.

The driver knows cameras, not paper: where the page is in a frame and how it looks straight on is the kiosk's
document geometry (kiosk/documents/page_detect.py), handed in as a `PageWatch` (kiosk/scanning/camera_watch.py
builds the driver with one inside the worker process). Without a watch it captures the whole view on demand.
The same code reads a live camera (an index like "0") or a video file through `cv2.VideoCapture`, so tests and
the bench run it on generated video. A 1080p camera gives ~72 dpi on A4: enough for an ID card, too little for
small print (docs/scanning-facts.md); the captured page is resampled to A4 at the asked resolution so the
document pipeline gets the same page size from every driver.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from drivers.base import (
    A4_MM,
    GREY_AXES,
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
from drivers.errors import Cancelled, FeederEmpty, NotFound, Offline

PREVIEW_WIDTH = 640
PREVIEW_EVERY_S = 0.1  # ~10 previews a second: smooth enough to place a page, light on the pipe
STILL_ENOUGH_TO_SHOW = 0.5  # the outline turns green halfway to the capture
RESOLUTIONS = (100, 150, 200)
SYSFS = Path("/sys/class/video4linux")


@dataclasses.dataclass(frozen=True)
class Sighting:
    """What a page watch saw in one frame: the page's corners (4x2, clockwise from top-left; None: no page) and
    how long it has lain still (0..1, 1 meaning capture now)."""

    corners: np.ndarray | None
    stillness: float


class PageWatch(Protocol):
    """Finds the page in each frame and says when it is still; straightens the captured frame."""

    def look(self, frame: np.ndarray, now: float) -> Sighting:
        """The page in `frame`, seen at `now` (seconds)."""
        ...

    def straighten(self, frame: np.ndarray, corners: np.ndarray, size: tuple[int, int]) -> np.ndarray:
        """The page inside `corners` seen straight on, `size` (width, height) pixels."""
        ...


def _camera_name(index: str) -> str:
    name_file = SYSFS / f"video{index}" / "name"
    return name_file.read_text(encoding="utf-8").strip() if name_file.is_file() else f"Camera {index}"


def page_size(corners: np.ndarray | None, dpi: int) -> tuple[int, int]:
    """A4 at `dpi`, turned the way the page lies (landscape when it is wider than tall)."""
    width, height = (round(side / 25.4 * dpi) for side in A4_MM)
    if corners is None:
        return width, height
    top_left, top_right, _, bottom_left = corners
    lies_wide = np.linalg.norm(top_right - top_left) > np.linalg.norm(bottom_left - top_left)
    return (height, width) if lies_wide else (width, height)


def preview_jpeg(frame: np.ndarray, sighting: Sighting) -> bytes:
    """A small JPEG of the frame with the page outline drawn: orange while it moves, green once still."""
    scale = PREVIEW_WIDTH / frame.shape[1]
    small = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if small.ndim == GREY_AXES:
        small = cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
    if sighting.corners is not None:
        colour = (60, 170, 40) if sighting.stillness >= STILL_ENOUGH_TO_SHOW else (0, 120, 230)
        cv2.polylines(small, [np.round(sighting.corners * scale).astype(np.int32)], True, colour, 4, cv2.LINE_AA)
    return cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 70])[1].tobytes()


NO_PAGE = Sighting(None, 0.0)


@dataclasses.dataclass(frozen=True)
class _Looking:
    """One scan's wait for a page: when to give up, when to take it now, and what watches the page."""

    cancel: CancelFlag
    capture: CancelFlag | None
    watch: PageWatch | None


class CameraDriver:
    """Cameras and video files listed in the setup's `camera_sources`."""

    kind = DriverKind.CAMERA
    version = f"OpenCV {cv2.__version__}"
    stuck = False

    def __init__(self, setup: DriverSetup, new_watch: Callable[[], PageWatch] | None = None) -> None:
        """`new_watch` makes the page watch of each scan (a fresh one: stillness never carries over)."""
        self._sources = setup.camera_sources
        self._page_timeout_s = setup.page_timeout_s
        self._new_watch = new_watch

    def close(self) -> None:
        """Nothing stays open between scans."""

    def list_devices(self) -> list[Device]:
        """The configured cameras that exist now (a device node or a video file)."""
        found = []
        for source in self._sources:
            if source.isdigit():
                if not Path(f"/dev/video{source}").exists():
                    continue
                name = _camera_name(source)
            elif Path(source).is_file():
                name = Path(source).name
            else:
                continue
            found.append(Device(f"camera:{name}", DriverKind.CAMERA, "", name, source))
        return found

    def capabilities(self, _device: Device) -> Capabilities:
        """A camera sees one page at a time, in colour or grey (every camera alike)."""
        return Capabilities((Source.CAMERA,), RESOLUTIONS, (Mode.COLOR, Mode.GRAY), *A4_MM)

    def scan(self, options: ScanOptions, cancel: CancelFlag, on_page: PageCallback,
             on_progress: ProgressCallback | None = None, *, capture: CancelFlag | None = None) -> int:
        """Capture one page once the watch says it lies still, or when `capture` is set (the citizen's "Chụp"
        button); progress is how still it has been, with a preview of what the camera sees."""
        device = next((device for device in self.list_devices() if device.id == options.device_id), None)
        if device is None:
            raise NotFound(f"no camera {options.device_id}")
        checked = validate(options, self.capabilities(device))
        video = cv2.VideoCapture(int(device.address) if device.address.isdigit() else device.address)
        if not video.isOpened():
            raise Offline(f"camera {device.address} does not open")
        watch = self._new_watch() if self._new_watch is not None else None
        try:
            page = self._wait_for_page(video, device, _Looking(cancel, capture, watch), on_progress)
        finally:
            video.release()
        if page is None:
            raise Cancelled("cancelled before a page lay still")
        frame, corners = page
        size = page_size(corners, checked.dpi)
        if corners is None or watch is None:  # captured by hand with no page outline: the whole view
            image = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
        else:
            image = watch.straighten(frame, corners, size)
        if checked.mode is Mode.GRAY and image.ndim != GREY_AXES:
            image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        on_page(Page(image, checked.dpi, 1))
        return 1

    def _wait_for_page(self, video: cv2.VideoCapture, device: Device, looking: _Looking,
                       on_progress: ProgressCallback | None) -> tuple[np.ndarray, np.ndarray | None] | None:
        from_file = not device.address.isdigit()
        started = time.monotonic()
        last_preview = -PREVIEW_EVERY_S
        watch, capture = looking.watch, looking.capture
        while not looking.cancel.is_set():
            ok, frame = video.read()
            if not ok:
                if from_file:
                    raise FeederEmpty(f"no still page in {device.address}")
                raise Offline(f"camera {device.address} stopped sending frames")
            # A file's own clock, so a test video is judged as the camera would have seen it.
            now = video.get(cv2.CAP_PROP_POS_MSEC) / 1000 if from_file else time.monotonic()
            seen = watch.look(frame, now) if watch is not None else NO_PAGE
            if on_progress is not None:
                preview = b""
                if now - last_preview >= PREVIEW_EVERY_S:
                    preview, last_preview = preview_jpeg(frame, seen), now
                on_progress(Progress(1, seen.stillness, preview))
            if (seen.stillness >= 1.0 and seen.corners is not None) or (capture is not None and capture.is_set()):
                return frame, seen.corners
            if time.monotonic() - started > self._page_timeout_s:
                raise FeederEmpty(f"no still page within {self._page_timeout_s:.0f} s")
        return None
