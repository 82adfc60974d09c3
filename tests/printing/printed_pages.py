"""Reading a printed PDF back: its pages (pikepdf) and its words (poppler's pdftoppm, then tesseract: cups-pdf's
PostScript round trip drops the fonts' Unicode maps, so the text is read off the page the way a person would)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf


def page_count(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def page_text(path: Path, page: int = 1) -> str:
    image = subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", "-f", str(page), "-l", str(page), str(path)],
                           capture_output=True, check=True, timeout=60).stdout
    return subprocess.run(["tesseract", "-", "-", "-l", "vie+eng"], input=image, capture_output=True, check=True,
                          timeout=60).stdout.decode()
