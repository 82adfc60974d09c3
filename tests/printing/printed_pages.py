"""Reading a printed PDF back: its pages (pikepdf), its words (poppler's pdftoppm, then tesseract: cups-pdf's
PostScript round trip drops the fonts' Unicode maps, so the text is read off the page the way a person would) and
its QR codes (OpenCV's detector on the rendered page, as a phone's camera reads the paper)."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pikepdf

from kiosk.printing.job import print_pdf, purge_session_jobs


@contextlib.contextmanager
def from_the_tray(cups, document: bytes) -> Iterator[Path]:
    """`document` printed on the default queue of the `cups` fixture: the one sheet that came out, taken from the
    tray afterwards (and the session's print jobs purged, as a session's end does)."""
    print_pdf(document, "")
    (paper,) = cups.printed()
    try:
        yield paper
    finally:
        paper.unlink()
        purge_session_jobs({"receipts"})


def page_count(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def page_text(path: Path, page: int = 1, dpi: int = 200) -> str:
    image = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", str(page), "-l", str(page), str(path)],
                           capture_output=True, check=True, timeout=60).stdout
    return subprocess.run(["tesseract", "-", "-", "-l", "vie+eng"], input=image, capture_output=True, check=True,
                          timeout=60).stdout.decode()


def page_shows(path: Path, words: str, page: int = 1) -> bool:
    """Whether `words` can be read off the page (spaces aside), as a person reads it: tesseract at 200 dpi, and
    again at 300 dpi when the first read misses them. Tesseract misreads one digit of a large bold code now and
    then (TH-261206-938720 as ...958720 at 200 dpi, right at 300; 30 other codes right at both), and the portal's
    codes are random, so one read alone made a test fail for one code in about thirty."""
    wanted = words.replace(" ", "")
    return any(wanted in page_text(path, page, dpi).replace(" ", "") for dpi in (200, 300))


def page_image(path: Path, page: int = 1, dpi: int = 150) -> np.ndarray:
    """One page rendered as a person (or a phone) sees it: poppler's pdftoppm, grey."""
    png = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", str(page), "-l", str(page), str(path)],
                         capture_output=True, check=True, timeout=60).stdout
    return cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)


def page_qr_codes(path: Path, page: int = 1) -> list[str]:
    """The texts of the QR codes OpenCV's detector reads on a rendered page."""
    detector = cv2.QRCodeDetector()
    image = page_image(path, page)
    found, texts, _points, _codes = detector.detectAndDecodeMulti(image)
    if found and any(texts):
        return [text for text in texts if text]
    text, _points, _code = detector.detectAndDecode(image)
    return [text] if text else []
