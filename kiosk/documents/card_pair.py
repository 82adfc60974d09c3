"""The ID card as two images, front and back: what a portal slot asking for "two images" (or one) wants.

Each side is found on its own scan, straightened, and scaled to the card's real size (85.6 x 54 mm) at the scan's
resolution, with that resolution written in the JPEG, so the picture prints and displays at the card's size.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from kiosk.documents.encode import TooLarge
from kiosk.documents.idcard import CARD_MM, CARD_SIDES, CardNotFound, find_card

QUALITIES = (85, 75, 65, 55)  # best first; a card's small print needs more than a text page's q45
SIDE_NAMES = ("front", "back")


@dataclasses.dataclass(frozen=True)
class CardPair:
    """The two JPEGs (front, back) and what was made."""

    front: bytes
    back: bytes
    dpi: int
    quality: int
    size_px: tuple[int, int]  # width, height of each side

    def report(self) -> dict[str, object]:
        """The `kiosk process --split --json` report."""
        width, height = self.size_px
        return {"pages_in": CARD_SIDES, "images_out": CARD_SIDES, "sides": list(SIDE_NAMES),
                "size_px": [width, height], "size_mm": [round(width / self.dpi * 25.4, 2),
                                                       round(height / self.dpi * 25.4, 2)],
                "output_bytes": [len(self.front), len(self.back)], "effective_dpi": self.dpi,
                "jpeg_quality": self.quality}


def real_size(card: np.ndarray, dpi: float) -> np.ndarray:
    """The cut-out card scaled to exactly 85.6 x 54 mm at `dpi`."""
    width, height = round(CARD_MM[0] / 25.4 * dpi), round(CARD_MM[1] / 25.4 * dpi)
    smaller = width * height < card.shape[0] * card.shape[1]
    return cv2.resize(card, (width, height), interpolation=cv2.INTER_AREA if smaller else cv2.INTER_CUBIC)


def jpeg_with_dpi(image: np.ndarray, quality: int, dpi: int) -> bytes:
    """A colour JPEG (BGR in) that says its resolution, so viewers and printers show it at real size."""
    out = io.BytesIO()
    Image.fromarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB)).save(out, "JPEG", quality=quality, optimize=True,
                                                                 dpi=(dpi, dpi))
    return out.getvalue()


def card_pair(front_scan: np.ndarray, back_scan: np.ndarray, dpi: float, max_bytes: int | None = None) -> CardPair:
    """Front and back, each cut out at real size; the best quality whose larger side fits `max_bytes` (each image
    goes to the portal on its own). Raises `CardNotFound` naming the side, like the one-sheet mode."""
    sides = []
    for name, scan in zip(SIDE_NAMES, (front_scan, back_scan), strict=True):
        try:
            sides.append(real_size(find_card(scan), dpi))
        except CardNotFound:
            raise CardNotFound(f"no card on the {name} scan") from None
    resolution = round(dpi)
    for quality in QUALITIES:
        front, back = (jpeg_with_dpi(side, quality, resolution) for side in sides)
        if max_bytes is None or max(len(front), len(back)) <= max_bytes:
            break
    else:
        raise TooLarge(max(len(front), len(back)), max_bytes or 0)
    height, width = sides[0].shape[:2]
    return CardPair(front, back, resolution, quality, (width, height))


def split_paths(output: Path) -> tuple[Path, Path]:
    """Where `-o card.jpg --split` writes: card-front.jpg and card-back.jpg."""
    front, back = (output.with_name(f"{output.stem}-{name}{output.suffix}") for name in SIDE_NAMES)
    return front, back
