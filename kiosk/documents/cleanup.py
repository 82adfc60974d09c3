"""Page clean-up, in the order measured to work (docs/platform-facts.md): crop to the paper, deskew, then check
(the blank check is blank.py).

All functions take and return 8-bit images (grey HxW or colour HxWx3, BGR as OpenCV reads them).
"""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np

from drivers.base import GREY_AXES
from kiosk.documents.page_detect import quadrilateral

MAX_SKEW_DEG = 15.0
# Paper is much brighter than a scanner lid's dark backing; below this share of the image it is not "the page".
MIN_PAGE_SHARE = 0.2
MAX_PAGE_SHARE = 0.97  # above it the "paper" is the whole scan: there is no backing to cut away
BRIGHT_BACKING = 200  # a backing this bright is a white lid, not a dark one
INK_CONTRAST = 60  # how much darker than the paper around it a pixel must be to count as ink
MIN_INK_POINTS = 50  # fewer marks than this say nothing about the skew
NO_TURN_DEG = 1e-3
SATURATED, LIT = 80, 60  # HSV saturation and value of a clearly coloured pixel
COLOUR_SHARE = 0.002  # this share of clearly coloured pixels means colour matters (a red stamp)


def grey(image: np.ndarray) -> np.ndarray:
    """A grey view of the image."""
    return image if image.ndim == GREY_AXES else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def colour(image: np.ndarray) -> np.ndarray:
    """A colour (BGR) view of the image."""
    return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == GREY_AXES else image


@dataclasses.dataclass(frozen=True)
class Crop:
    """Whether the paper's edges were found, and the rotation applied to straighten it (degrees)."""

    found: bool
    angle: float = 0.0


def crop_to_paper(image: np.ndarray) -> tuple[np.ndarray, Crop]:
    """Cut the paper out of a darker backing by its four corners: tilt and perspective both undone.

    On a white lid there is no edge to find: the image comes back as it was (deskew then works on the text).
    """
    shade = grey(image)
    small_scale = min(1.0, 1600 / max(shade.shape))
    small = cv2.resize(shade, None, fx=small_scale, fy=small_scale, interpolation=cv2.INTER_AREA)
    _, mask = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # Close the text holes inside the paper without growing its outline.
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((25, 25), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return image, Crop(False)
    paper = max(contours, key=cv2.contourArea)
    share = cv2.contourArea(paper) / float(mask.size)
    if share < MIN_PAGE_SHARE or share > MAX_PAGE_SHARE or np.mean(small[mask == 0]) > BRIGHT_BACKING:
        return image, Crop(False)  # no dark backing around the paper (white lid) or nothing page-like
    corners = quadrilateral(paper) / small_scale
    top_left, top_right, bottom_right, bottom_left = corners
    width = round((np.linalg.norm(top_right - top_left) + np.linalg.norm(bottom_right - bottom_left)) / 2)
    height = round((np.linalg.norm(bottom_left - top_left) + np.linalg.norm(bottom_right - top_right)) / 2)
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    upright = cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_CUBIC,
                                  borderMode=cv2.BORDER_REPLICATE)
    top = top_right - top_left
    return upright, Crop(True, float(np.degrees(np.arctan2(top[1], top[0]))))


def paper_level(shade: np.ndarray) -> np.ndarray:
    """The paper's brightness around each pixel (ink removed), estimated at 1/8 size: cheap and smooth."""
    height, width = shade.shape
    small = cv2.resize(shade, (max(1, width // 8), max(1, height // 8)), interpolation=cv2.INTER_AREA)
    small = cv2.dilate(small, np.ones((3, 3), np.uint8))  # ink is darker than paper: take the lighter neighbour
    small = cv2.medianBlur(small, 5)
    return cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)


def ink_mask(shade: np.ndarray) -> np.ndarray:
    """Dark marks on the page (text, stamps, signatures): relative to the paper, so shading and
    bleed-through (which are only a little darker than the paper) stay out."""
    contrast = cv2.subtract(paper_level(shade), shade)
    return (contrast > INK_CONTRAST).astype(np.uint8)


SKEW_SIZE = 1300  # longest side, in pixels, that the skew is measured on


def working_copy(image: np.ndarray) -> np.ndarray:
    """A grey copy at most SKEW_SIZE pixels long: what skew, orientation and similar checks look at."""
    shade = grey(image)
    scale = min(1.0, SKEW_SIZE / max(shade.shape))
    return cv2.resize(shade, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else shade


def measure_skew(image: np.ndarray, limit: float = MAX_SKEW_DEG) -> float:
    """Text skew in degrees (counter-clockwise positive), by the projection profile of ink points."""
    return skew_of(working_copy(image), limit)


def skew_of(small: np.ndarray, limit: float = MAX_SKEW_DEG) -> float:
    """`measure_skew` on a grey working copy made already."""
    ys, xs = np.nonzero(ink_mask(small))
    if len(xs) < MIN_INK_POINTS:
        return 0.0
    # A random sample (with replacement: drawing it costs only its own size, not the page's ink count).
    order = np.random.default_rng(0).integers(0, len(xs), size=min(len(xs), 120_000))
    xs, ys = xs[order], ys[order]
    # Pixel centres sit on a grid: without a little jitter, angle 0 wins just because every point lands on a bin.
    jitter = np.random.default_rng(1).uniform(-0.5, 0.5, (2, len(xs)))
    xs = xs - xs.mean() + jitter[0]
    ys = ys - ys.mean() + jitter[1]

    def score(angle: float, count: int) -> float:
        # Text lines make sharp peaks in the row profile when the angle is right: sum of squares rewards that.
        theta = np.deg2rad(angle)
        rows = ys[:count] * np.cos(theta) + xs[:count] * np.sin(theta)
        hist = np.bincount((rows - rows.min()).astype(np.int64))
        return float(np.sum(hist.astype(np.float64) ** 2))

    best = 0.0
    # Coarse steps on part of the sample (it is random, so any prefix is too), fine steps on all of it.
    for step, span, count in ((1.0, limit, 10_000), (0.1, 1.1, 30_000), (0.02, 0.1, len(xs))):
        candidates = [float(angle) for angle in np.arange(best - span, best + span + step / 2, step)]
        scores = [score(angle, count) for angle in candidates]
        best = candidates[int(np.argmax(scores))]
    return best


def rotate(image: np.ndarray, angle: float) -> np.ndarray:
    """Rotate by `angle` degrees about the centre, keeping the size, filling with the page's own edge."""
    if abs(angle) < NO_TURN_DEG:
        return image
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def deskew(image: np.ndarray) -> tuple[np.ndarray, float]:
    """Straighten the text; returns the image and the correction applied (degrees)."""
    straight, correction, _ = deskew_with_preview(image)
    return straight, correction


def deskew_with_preview(image: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """`deskew`, plus the straightened grey working copy for further checks (orientation) at no extra resize."""
    small = working_copy(image)
    correction = -skew_of(small)
    return rotate(image, correction), correction, rotate(small, correction)


def whiten(shade: np.ndarray) -> np.ndarray:
    """Flatten the paper to white and keep the ink dark: scanner noise is most of a JPEG's size."""
    flat = cv2.divide(shade, paper_level(shade), scale=255)
    # Map near-white to white and stretch the rest, so faint show-through disappears.
    lut = np.clip((np.arange(256, dtype=np.float32) - 40) * 255 / (225 - 40), 0, 255).astype(np.uint8)
    return cv2.LUT(flat, lut)


def needs_colour(image: np.ndarray) -> bool:
    """True when colour carries meaning (a red stamp, a photo): enough clearly saturated pixels."""
    if image.ndim == GREY_AXES:
        return False
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    saturated = (hsv[..., 1] > SATURATED) & (hsv[..., 2] > LIT)
    return float(saturated.mean()) > COLOUR_SHARE
