"""Page orientation: a cheap check for pages lying on their side, tesseract's OSD for the direction.

Text lines make the row profile of a page sharp; on a page scanned sideways the column profile is
the sharp one (cheap: one projection each way). Which way round, and upside-down pages, need OSD
(tesseract --psm 0, ~0.7 s a page): asked only when installed, and for upside-down only on request.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.documents import ocr
from kiosk.documents.cleanup import grey, ink_mask

MIN_INK = 100  # fewer ink pixels than this on the working copy: nothing to read the direction from
TURN = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def _sharpness(profile: np.ndarray) -> float:
    total = profile.sum()
    return float((profile.astype(np.float64) ** 2).sum() / (total * total)) if total else 0.0


def lies_sideways(image: np.ndarray) -> bool:
    """True when the text runs top to bottom (the page was scanned turned by a quarter)."""
    shade = grey(image)
    scale = min(1.0, 600 / max(shade.shape))
    small = cv2.resize(shade, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else shade
    ink = ink_mask(small)
    if ink.sum() < MIN_INK:
        return False
    rows, columns = ink.sum(axis=1), ink.sum(axis=0)
    # Normalise by length so a portrait page's longer axis does not win by itself.
    return _sharpness(columns) * len(columns) > 1.5 * _sharpness(rows) * len(rows)


def osd_turn(image: np.ndarray) -> int | None:
    """Clockwise quarter turns (0/90/180/270) tesseract says the page needs; None without tesseract. The page goes
    to tesseract in memory, never through a file."""
    ok, png = cv2.imencode(".png", grey(image))
    return ocr.rotation_needed(png.tobytes()) if ok else None


def upright(
    image: np.ndarray, check_upside_down: bool = False, preview: np.ndarray | None = None
) -> tuple[np.ndarray, int]:
    """The page turned the right way up, and the clockwise turn applied (degrees).

    `preview`: a reduced grey copy of the same page, if the caller has one (saves a full-size resize).
    """
    sideways = lies_sideways(preview if preview is not None else image)
    if not sideways and not check_upside_down:
        return image, 0
    turn = osd_turn(image)
    if turn is None:
        turn = 90 if sideways else 0  # no OSD: at least lay the text flat
    return (cv2.rotate(image, TURN[turn]) if turn else image), turn
