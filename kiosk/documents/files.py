"""Reading page images from files (with their resolution) and parsing size limits like "2MB"."""

from __future__ import annotations

import re
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

DEFAULT_DPI = 300
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?\s*$", re.IGNORECASE)
_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


class UnreadableImage(Exception):
    """A file that is not an image OpenCV can read."""


def parse_size(text: str) -> int:
    """ "2MB" -> 2097152; "500 KB" -> 512000; a plain number is bytes."""
    found = _SIZE.match(text)
    if not found:
        raise ValueError(f"not a size: {text!r} (e.g. 2MB, 500KB)")
    return round(float(found.group(1)) * _UNITS[(found.group(2) or "B").upper()])


def read_page(path: Path) -> tuple[np.ndarray, float | None]:
    """The image (BGR) and the resolution stored in the file, if any."""
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise UnreadableImage(str(path))
    try:
        with Image.open(path) as source:
            dpi = source.info.get("dpi")
    except OSError:
        dpi = None
    resolution = float(dpi[0]) if dpi and dpi[0] and dpi[0] > 1 else None
    return image, resolution
