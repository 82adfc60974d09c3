"""Nearly-blank sheets as a flatbed returns them, for the blank check: the paper on a dark, grey or white backing,
with what is not content (dust, punched holes, a staple, the scanner's edge line, the paper's edge shadow) and
the least that is (one line, a signature)."""

from __future__ import annotations

import cv2
import numpy as np

from tests.pages import blank_page, one_line_page, signature_page

BACKINGS = {"dark": 35, "grey": 140, "white": 244}  # a white lid is a little greyer than paper
PAPER = 250


def _mm(dpi: int, mm: float) -> int:
    return round(mm / 25.4 * dpi)


def dusty(page: np.ndarray, dpi: int, seed: int = 3) -> np.ndarray:
    """Dust specks 0.15-0.5 mm across and one fibre ~1.2 mm long, scattered over the page."""
    rng = np.random.default_rng(seed)
    out = page.copy()
    height, width = out.shape
    for _ in range(9):
        y, x = int(rng.integers(40, height - 40)), int(rng.integers(40, width - 40))
        cv2.circle(out, (x, y), max(1, _mm(dpi, float(rng.uniform(0.08, 0.25)))), int(rng.integers(40, 120)), -1)
    y, x = int(rng.integers(200, height - 200)), int(rng.integers(200, width - 200))
    cv2.line(out, (x, y), (x + _mm(dpi, 1.0), y + _mm(dpi, 0.6)), 90, 1, cv2.LINE_AA)
    return out


def punched(page: np.ndarray, dpi: int, backing: int) -> np.ndarray:
    """Two filing holes (6 mm, 80 mm apart, 12 mm from the left edge): the backing shows through, with the
    hole's edge shadow on one side (all that shows of a hole on a white lid)."""
    out = page.copy()
    height = out.shape[0]
    radius = _mm(dpi, 3.0)
    for centre_y in (height // 2 - _mm(dpi, 40), height // 2 + _mm(dpi, 40)):
        centre = (_mm(dpi, 12), centre_y)
        cv2.circle(out, centre, radius, backing, -1, cv2.LINE_AA)
        cv2.ellipse(out, centre, (radius, radius), 0, 90, 270, 150, max(1, _mm(dpi, 0.4)), cv2.LINE_AA)
    return out


def stapled(page: np.ndarray, dpi: int) -> np.ndarray:
    """A staple in the top-left corner, at 45 degrees, with its soft shadow below it."""
    out = page.copy()
    start, end = (_mm(dpi, 8), _mm(dpi, 16)), (_mm(dpi, 16), _mm(dpi, 8))
    shadow = np.zeros_like(out)
    cv2.line(shadow, (start[0] + 3, start[1] + 3), (end[0] + 3, end[1] + 3), 40, _mm(dpi, 1.5), cv2.LINE_AA)
    out = cv2.subtract(out, cv2.GaussianBlur(shadow, (0, 0), 2))
    cv2.line(out, start, end, 70, max(1, _mm(dpi, 0.7)), cv2.LINE_AA)
    return out


def sheet(content: str, dpi: int, backing: int) -> np.ndarray:
    """The paper (grey, A4 at `dpi`) with one kind of content: blank, dusty, punched, staple, one-line, signature."""
    makers = {
        "blank": lambda: blank_page(dpi),
        "dusty": lambda: dusty(blank_page(dpi), dpi),
        "punched": lambda: punched(dusty(blank_page(dpi), dpi, seed=5), dpi, backing),
        "staple": lambda: stapled(blank_page(dpi), dpi),
        "one-line": lambda: one_line_page(dpi),
        "signature": lambda: signature_page(dpi),
    }
    return makers[content]()


def on_bed(page: np.ndarray, dpi: int, degrees: float, backing: int, seed: int = 0) -> np.ndarray:
    """The page laid tilted on a backing a little larger than A4, scanned: the paper's edge casts a thin shadow,
    the scanner draws a dark line along the top of the scan, and the sensor adds noise."""
    height, width = page.shape
    bed_w, bed_h = width + _mm(dpi, 12), height + _mm(dpi, 16)
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    matrix[0, 2] += (bed_w - width) / 2
    matrix[1, 2] += (bed_h - height) / 2
    bed = cv2.warpAffine(page, matrix, (bed_w, bed_h), flags=cv2.INTER_CUBIC, borderValue=backing)
    corners = (np.array([[0, 0, 1], [width, 0, 1], [width, height, 1], [0, height, 1]], np.float64) @ matrix.T)
    # The paper's edge: a one-pixel shadow line all round it (a light sheet on a white lid shows nothing else).
    cv2.polylines(bed, [corners.astype(np.int32)], True, min(backing, 170), 1, cv2.LINE_AA)
    bed[: max(1, _mm(dpi, 0.4))] = 50  # the scanner's edge line
    noisy = bed.astype(np.int16) + np.random.default_rng(seed).normal(0, 3, bed.shape).astype(np.int16)
    return np.clip(noisy, 0, 255).astype(np.uint8)


CONTENTS = ("blank", "dusty", "punched", "staple", "one-line", "signature")
BLANK_CONTENTS = ("blank", "dusty", "punched", "staple")
SKEWS = (1.3, -3.7)
