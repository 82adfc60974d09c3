"""Encoding pages so a document fits the portal's size limit without becoming illegible.

Text pages become 1-bit CCITT G4 images (a tenth of a grey JPEG's size, crisper text);
pages with colour or shades become JPEG, encoded once from the cleaned image (never JPEG
to JPEG). All pages use the first (resolution, quality) step of a ladder whose total fits;
PDFs wrap the encoded pages as they are (img2pdf).
"""

from __future__ import annotations

import dataclasses
import io

import cv2
import img2pdf
import numpy as np
from PIL import Image

# (dots per inch, JPEG quality), best first. 150 dpi is the legibility floor for text.
LADDER = ((300, 80), (250, 75), (200, 70), (200, 60), (175, 55), (150, 55), (150, 45))
FLOOR_DPI = 150
PDF_OVERHEAD = 1500  # bytes per page that the PDF wrapper adds, about


class TooLarge(Exception):
    """Even at the legibility floor the document is over the limit."""

    def __init__(self, smallest: int, limit: int) -> None:
        super().__init__(f"smallest legible size {smallest} bytes > limit {limit}")
        self.smallest = smallest
        self.limit = limit


INK_THRESHOLD = 160  # on a whitened page: darker is ink


@dataclasses.dataclass(frozen=True)
class Encoded:
    """Encoded pages (JPEG or G4 TIFF) and the step of the ladder they were made at."""

    pages: tuple[bytes, ...]
    dpi: int
    quality: int

    @property
    def size(self) -> int:
        """Bytes of all pages."""
        return sum(len(page) for page in self.pages)


def jpeg(image: np.ndarray, quality: int) -> bytes:
    """One JPEG (baseline, optimised Huffman tables)."""
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality, cv2.IMWRITE_JPEG_OPTIMIZE, 1])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return data.tobytes()


def g4(image: np.ndarray, dpi: int) -> bytes:
    """A 1-bit CCITT G4 TIFF in one strip (img2pdf then embeds it unchanged)."""
    bits = Image.fromarray(image > INK_THRESHOLD)  # a bool array is a 1-bit image: no dithering pass
    out = io.BytesIO()
    bits.save(out, "TIFF", compression="group4", dpi=(dpi, dpi), strip_size=2**30)
    return out.getvalue()


def resample(image: np.ndarray, source_dpi: float, target_dpi: float) -> np.ndarray:
    """Scale a page from one resolution to a lower one (never up)."""
    if target_dpi >= source_dpi:
        return image
    factor = target_dpi / source_dpi
    return cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)


def encode_to_fit(
    pages: list[np.ndarray], source_dpi: float, limit: int | None, bilevel: list[bool] | None = None
) -> Encoded:
    """The best ladder step whose pages (plus PDF overhead) fit `limit`; raises TooLarge when none does.

    `bilevel[i]`: page i is black text on white and is stored as 1-bit G4 instead of JPEG.
    """
    flags = bilevel or [False] * len(pages)
    steps = [(min(dpi, round(source_dpi)), quality) for dpi, quality in LADDER if dpi <= max(source_dpi, FLOOR_DPI)]
    smallest: Encoded | None = None
    for dpi, quality in dict.fromkeys(steps):
        scaled = [resample(page, source_dpi, dpi) for page in pages]
        parts = tuple(g4(page, dpi) if one_bit else jpeg(page, quality) for page, one_bit in zip(scaled, flags,
                                                                                               strict=True))
        encoded = Encoded(parts, dpi, quality)
        smallest = encoded
        if limit is None or encoded.size + PDF_OVERHEAD * len(pages) <= limit:
            return encoded
    assert smallest is not None
    raise TooLarge(smallest.size + PDF_OVERHEAD * len(pages), limit or 0)


def wrap_pdf(encoded: Encoded) -> bytes:
    """A PDF of the JPEG pages, each page sized by its resolution (A4 stays A4), nothing re-encoded."""
    layout = img2pdf.get_fixed_dpi_layout_fun((encoded.dpi, encoded.dpi))
    return bytes(img2pdf.convert(list(encoded.pages), layout_fun=layout))
