"""The document pipeline: raw pages in, one portal-ready PDF (or JPEG) out, with a report of what it did."""

from __future__ import annotations

import dataclasses

import numpy as np

from kiosk.documents import blank as blank_check
from kiosk.documents import cleanup, ocr, orientation
from kiosk.documents.encode import Encoded, encode_to_fit, wrap_pdf
from kiosk.documents.idcard import CARD_SIDES, card_sheet_from_scans


@dataclasses.dataclass(frozen=True)
class PageReport:
    """What happened to one page (no image data, nothing personal)."""

    index: int
    cropped: bool
    turned_deg: int
    skew_corrected_deg: float
    blank: bool
    colour: bool
    bilevel: bool


@dataclasses.dataclass(frozen=True)
class Result:
    """The output file and its report."""

    data: bytes
    kind: str  # "pdf" or "jpeg"
    encoded: Encoded
    pages: tuple[PageReport, ...]
    dpi: int
    quality: int
    pages_in: int

    def report(self) -> dict[str, object]:
        """The `kiosk process --json` report."""
        return {
            "pages_in": self.pages_in,
            "pages_out": len(self.pages) if self.kind == "pdf" else 1,
            "blank_pages": [page.index for page in self.pages if page.blank],
            "skew_corrected_deg": [round(page.skew_corrected_deg, 3) for page in self.pages],
            "turned_deg": [page.turned_deg for page in self.pages],
            "colour_pages": [page.index for page in self.pages if page.colour],
            "bilevel_pages": [page.index for page in self.pages if page.bilevel and self.kind == "pdf"],
            "output_bytes": len(self.data),
            "effective_dpi": self.dpi,
            "jpeg_quality": self.quality,
        }


def clean_page(
    image: np.ndarray, dpi: float, index: int, kind: str = "document", check_upside_down: bool = False
) -> tuple[np.ndarray, PageReport]:
    """Crop, deskew, turn upright, check for blankness, choose colour or grey, whiten a text page."""
    turn = 0
    if kind == "idcard":  # a sheet the kiosk laid out itself from cards it found: straight, and never blank
        crop, straight, correction, blank = cleanup.Crop(False), image, 0.0, False
    else:
        cropped, crop = cleanup.crop_to_paper(image)
        # Checked before the deskew: on a nearly empty sheet a hole or a staple would set the "text" angle.
        blank = blank_check.blankness(cropped, dpi).blank
        if blank:
            straight, correction = cropped, 0.0
        else:
            straight, correction, preview = cleanup.deskew_with_preview(cropped)
            if kind == "document":
                straight, turn = orientation.upright(straight, check_upside_down, preview=preview)
    colour = kind == "photo" or cleanup.needs_colour(straight)
    if colour:
        final = cleanup.colour(straight)
    else:
        shade = cleanup.grey(straight)
        final = cleanup.whiten(shade) if kind == "document" else shade
    # A text document without colour is black ink on white paper: 1-bit keeps it crisp and tiny.
    bilevel = kind == "document" and not colour
    return final, PageReport(index, crop.found, turn, crop.angle + correction, blank, colour, bilevel)


def build(  # noqa: PLR0913 - the options of one run, all keyword-only
    pages: list[np.ndarray], dpi: float, *, kind: str = "document", output: str = "pdf",
    max_bytes: int | None = None, check_upside_down: bool = False,
) -> Result:
    """Run the whole pipeline. Blank pages are kept and flagged: the citizen decides, not the machine."""
    pages_in = len(pages)
    if kind == "idcard":
        # Front and back, each found on its scan, side by side at real size on one A4 page.
        if len(pages) != CARD_SIDES:
            raise ValueError("ID card mode needs the front and the back")
        pages = [card_sheet_from_scans(pages[0], pages[1], dpi)]
    if output == "jpeg" and len(pages) != 1:
        raise ValueError("a JPEG holds one page")
    cleaned, reports = [], []
    for index, page in enumerate(pages):
        image, report = clean_page(page, dpi, index, kind, check_upside_down)
        cleaned.append(image)
        reports.append(report)
    # A JPEG file cannot hold a 1-bit page: single-image output stays grey or colour.
    bilevel = [report.bilevel and output == "pdf" for report in reports]
    encoded: Encoded = encode_to_fit(cleaned, dpi, max_bytes, bilevel)
    data = wrap_pdf(encoded) if output == "pdf" else encoded.pages[0]
    return Result(data, output, encoded, tuple(reports), encoded.dpi, encoded.quality, pages_in)


def with_text_layer(result: Result) -> bytes | None:
    """The result's PDF with an OCR text layer (slow: ~1-2 s a page; run it in the background)."""
    if result.kind != "pdf":
        return None
    pages = [(page, ".tif" if page[:2] in (b"II", b"MM") else ".jpg") for page in result.encoded.pages]
    return ocr.text_layer(result.data, pages, result.dpi)
