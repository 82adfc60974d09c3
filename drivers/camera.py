"""A document camera or webcam as a scanner: find the page, wait until it lies still, capture it straight.

The same code reads a live camera (an index like "0") or a video file through `cv2.VideoCapture`,
so tests and the bench run it on generated video. A 1080p camera gives ~72 dpi on A4: enough for an
ID card, too little for small print (SCANNING.md); the captured page is resampled to A4 at the
asked resolution so the document pipeline gets the same page size from every driver.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

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
from drivers.page_detect import Outline, find_page, straighten

PREVIEW_WIDTH = 640
PREVIEW_EVERY_S = 0.1  # ~10 previews a second: smooth enough to place a page, light on the pipe
STILL_SECONDS = 1.0
STILL_TOLERANCE = 0.006  # of the page diagonal: hand tremor and sensor noise stay below it
STILL_ENOUGH_TO_SHOW = 0.5  # the outline turns green halfway to the capture
RESOLUTIONS = (100, 150, 200)
SYSFS = Path("/sys/class/video4linux")


def _camera_name(index: str) -> str:
    name_file = SYSFS / f"video{index}" / "name"
    return name_file.read_text(encoding="utf-8").strip() if name_file.is_file() else f"Camera {index}"


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


def page_size(outline: Outline, dpi: int) -> tuple[int, int]:
    """A4 at `dpi`, turned the way the page lies (landscape when it is wider than tall)."""
    width, height = (round(side / 25.4 * dpi) for side in A4_MM)
    found_width, found_height = outline.size
    return (height, width) if found_width > found_height else (width, height)


def preview_jpeg(frame: np.ndarray, outline: Outline | None, stillness: float) -> bytes:
    """A small JPEG of the frame with the page outline drawn: orange while it moves, green once still."""
    scale = PREVIEW_WIDTH / frame.shape[1]
    small = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if small.ndim == GREY_AXES:
        small = cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
    if outline is not None:
        colour = (60, 170, 40) if stillness >= STILL_ENOUGH_TO_SHOW else (0, 120, 230)
        cv2.polylines(small, [np.round(outline.corners * scale).astype(np.int32)], True, colour, 4, cv2.LINE_AA)
    return cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 70])[1].tobytes()


class CameraDriver:
    """Cameras and video files listed in the setup's `camera_sources`."""

    kind = DriverKind.CAMERA
    version = f"OpenCV {cv2.__version__}"
    stuck = False

    def __init__(self, setup: DriverSetup) -> None:
        self._sources = setup.camera_sources
        self._page_timeout_s = setup.page_timeout_s

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
        """Capture one page once it has lain still for a second, or when `capture` is set (the citizen's
        "Chụp" button); progress is how still it has been, with a preview of what the camera sees."""
        device = next((device for device in self.list_devices() if device.id == options.device_id), None)
        if device is None:
            raise NotFound(f"no camera {options.device_id}")
        checked = validate(options, self.capabilities(device))
        video = cv2.VideoCapture(int(device.address) if device.address.isdigit() else device.address)
        if not video.isOpened():
            raise Offline(f"camera {device.address} does not open")
        try:
            page = self._wait_for_page(video, device, cancel, on_progress, capture)
        finally:
            video.release()
        if page is None:
            raise Cancelled("cancelled before a page lay still")
        frame, outline = page
        if outline is None:  # captured by hand with no page outline: the whole view, as it is
            height, width = frame.shape[:2]
            outline = Outline(np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float64), 0.0)
        image = straighten(frame, outline, page_size(outline, checked.dpi))
        if checked.mode is Mode.GRAY and image.ndim != GREY_AXES:
            image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        on_page(Page(image, checked.dpi, 1))
        return 1

    def _wait_for_page(self, video: cv2.VideoCapture, device: Device, cancel: CancelFlag,
                       on_progress: ProgressCallback | None,
                       capture: CancelFlag | None) -> tuple[np.ndarray, Outline | None] | None:
        from_file = not device.address.isdigit()
        watch = StillnessWatch()
        started = time.monotonic()
        last_preview = -PREVIEW_EVERY_S
        while not cancel.is_set():
            ok, frame = video.read()
            if not ok:
                if from_file:
                    raise FeederEmpty(f"no still page in {device.address}")
                raise Offline(f"camera {device.address} stopped sending frames")
            # A file's own clock, so a test video is judged as the camera would have seen it.
            now = video.get(cv2.CAP_PROP_POS_MSEC) / 1000 if from_file else time.monotonic()
            outline = find_page(frame)
            stillness = watch.update(outline, now)
            if on_progress is not None:
                preview = b""
                if now - last_preview >= PREVIEW_EVERY_S:
                    preview, last_preview = preview_jpeg(frame, outline, stillness), now
                on_progress(Progress(1, stillness, preview))
            if (stillness >= 1.0 and outline is not None) or (capture is not None and capture.is_set()):
                return frame, outline
            if time.monotonic() - started > self._page_timeout_s:
                raise FeederEmpty(f"no still page within {self._page_timeout_s:.0f} s")
        return None
