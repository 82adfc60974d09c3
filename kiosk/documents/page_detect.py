"""Page geometry shared by the whole kiosk: finding a sheet of paper in a camera frame (its four corners), the
corners of any outline in a fixed order, and a page seen straight on. The document camera's page watch
(kiosk/scanning/camera_watch.py), the scan clean-up's crop and the ID card's cut-out all use these.

Several candidate outlines are tried on a small copy of the frame (a brightness mask, Canny edges,
Canny after a median blur: each alone fails on some desks), each scored by how strong the edge is
along all four sides; the best one above a minimum contrast is refined at full resolution. A frame
without a page gives no outline rather than a guess.
"""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np

from drivers.base import GREY_AXES

WORK_WIDTH = 480  # detection runs on a copy this wide: ~4× smaller than 1080p, fast enough for live video
MIN_SHARE = 0.08  # of the frame: smaller outlines are not a page held under the camera
MAX_SHARE = 0.97
MIN_EDGE_CONTRAST = 18.0  # mean grey step across the page border; a desk's own texture stays well below
SIDE_SAMPLES = 24
CORNERS = 4


@dataclasses.dataclass(frozen=True)
class Outline:
    """A page found in a frame: corners clockwise from top-left, in frame pixels, and the edge score."""

    corners: np.ndarray  # 4×2 float
    contrast: float

    @property
    def size(self) -> tuple[float, float]:
        """Mean width and height of the page in frame pixels."""
        tl, tr, br, bl = self.corners
        return (float(np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2,
                float(np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2)


def quadrilateral(contour: np.ndarray) -> np.ndarray:
    """A contour's four corners (top-left, top-right, bottom-right, bottom-left), perspective included."""
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for tolerance in (0.01, 0.02, 0.03, 0.05):
        approx = cv2.approxPolyDP(hull, tolerance * perimeter, True)
        if len(approx) == CORNERS:
            points = approx.reshape(CORNERS, 2).astype(np.float64)
            break
    else:
        points = cv2.boxPoints(cv2.minAreaRect(contour)).astype(np.float64)
    return clockwise_from_top_left(points)


def clockwise_from_top_left(points: np.ndarray) -> np.ndarray:
    """Four points ordered by angle around their centre, starting at the one nearest the image's top-left."""
    centre = points.mean(axis=0)
    points = points[np.argsort(np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0]))]
    return np.roll(points, -int(np.argmin(points.sum(axis=1))), axis=0)


def _candidates(small: np.ndarray) -> list[np.ndarray]:
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    masks = [bright]
    kernel = np.ones((3, 3), np.uint8)
    for source in (blurred, cv2.medianBlur(small, 7)):
        edges = cv2.dilate(cv2.Canny(source, 30, 90), kernel)
        masks.append(edges)
    outlines = []
    for mask in masks:
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
            share = cv2.contourArea(cv2.convexHull(contour)) / mask.size
            if MIN_SHARE <= share <= MAX_SHARE:
                outlines.append(quadrilateral(contour))
    return outlines


def _convex_quad(corners: np.ndarray) -> bool:
    signs = []
    for index in range(CORNERS):
        a, b, c = corners[index], corners[(index + 1) % CORNERS], corners[(index + 2) % CORNERS]
        signs.append(float(np.sign((b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]))))
    return abs(sum(signs)) == CORNERS  # every turn the same way round


def edge_contrast(shade: np.ndarray, corners: np.ndarray) -> float:
    """The weakest side's mean brightness step from just inside to just outside the outline."""
    centre = corners.mean(axis=0)
    offset = max(2.0, shade.shape[1] / 160)
    height, width = shade.shape
    weakest = float("inf")
    for index in range(4):
        start, end = corners[index], corners[(index + 1) % 4]
        steps = []
        for t in np.linspace(0.15, 0.85, SIDE_SAMPLES):
            point = start + (end - start) * t
            inward = (centre - point) / (np.linalg.norm(centre - point) + 1e-9)
            inner, outer = point + inward * offset, point - inward * offset
            if not (0 <= outer[0] < width and 0 <= outer[1] < height):
                return 0.0  # a side on the frame's border: the page is cut off, not found
            steps.append(abs(float(shade[int(inner[1]), int(inner[0])]) - float(shade[int(outer[1]), int(outer[0])])))
        weakest = min(weakest, float(np.median(steps)))
    return weakest


def find_page(frame: np.ndarray) -> Outline | None:
    """The page in a camera frame (grey or BGR), or None when there is none."""
    shade = frame if frame.ndim == GREY_AXES else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    scale = min(1.0, WORK_WIDTH / shade.shape[1])
    small = cv2.resize(shade, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    best: tuple[float, np.ndarray] | None = None
    for corners in _candidates(small):
        if not _convex_quad(corners):
            continue
        contrast = edge_contrast(small, corners)
        if contrast >= MIN_EDGE_CONTRAST and (best is None or contrast > best[0]):
            best = (contrast, corners)
    if best is None:
        return None
    return Outline(_refine(shade, best[1] / scale, 1 / scale), best[0])


def _refine(shade: np.ndarray, corners: np.ndarray, scale: float) -> np.ndarray:
    """Corners moved onto the full-resolution corner (the small copy is ~4 px per step off)."""
    window = max(3, int(round(scale * 2)))
    points = corners.astype(np.float32).reshape(-1, 1, 2)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 30, 0.05)
    refined = cv2.cornerSubPix(shade, points.copy(), (window, window), (-1, -1), criteria).reshape(4, 2)
    # cornerSubPix can wander off on a blurred corner: keep the coarse corner then.
    moved = np.linalg.norm(refined - corners, axis=1)
    return np.where((moved <= window * 1.5)[:, None], refined, corners).astype(np.float64)


def straighten(frame: np.ndarray, outline: Outline, size: tuple[int, int] | None = None) -> np.ndarray:
    """The page seen straight on; `size` (width, height) in pixels, else its measured size."""
    width, height = size or tuple(round(side) for side in outline.size)
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    matrix = cv2.getPerspectiveTransform(outline.corners.astype(np.float32), target)
    return cv2.warpPerspective(frame, matrix, (width, height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)
