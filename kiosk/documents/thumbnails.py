"""Small copies of scanned pages for the screens, made once from the pixels in memory, never by decoding the
saved file again; turning a page turns its thumbnail (a quarter turn of a small array costs nothing).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import cv2
import numpy as np

from kiosk.documents.cleanup import colour

HEIGHT = 300  # the tallest a page is shown in a strip or a review grid (297 px at 1920x1080)
TURNS = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def thumbnail(image: np.ndarray, height: int = HEIGHT) -> np.ndarray:
    """A BGR copy of a page (grey or colour) `height` pixels tall."""
    scale = min(1.0, height / image.shape[0])
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image
    return np.ascontiguousarray(colour(small))


def turned(small: np.ndarray, turn: int) -> np.ndarray:
    """A thumbnail turned clockwise by `turn` degrees (0, 90, 180 or 270)."""
    return np.ascontiguousarray(cv2.rotate(small, TURNS[turn])) if turn else small


@dataclasses.dataclass(frozen=True)
class ScannedPage:
    """A page just scanned: where it was saved, and its thumbnail."""

    path: Path
    thumbnail: np.ndarray
