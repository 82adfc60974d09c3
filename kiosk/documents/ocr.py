"""Optional OCR with tesseract (`vie`): text for legibility checks and page orientation. Absent tesseract: None.

Tesseract runs single-threaded (OMP_THREAD_LIMIT=1: 2.2 s/page instead of 17 s on two cores, docs/platform-facts.md),
in a subprocess, so a caller can run it in the background without holding the GIL.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

TIMEOUT_S = 60
_ROTATE = re.compile(r"^Rotate:\s*(\d+)", re.MULTILINE)


def available(language: str = "vie") -> bool:
    """True when tesseract and the language data are installed."""
    if shutil.which("tesseract") is None:
        return False
    listed = subprocess.run(["tesseract", "--list-langs"], check=False, capture_output=True, text=True,
                            timeout=TIMEOUT_S)
    return language in listed.stdout.split()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run(["tesseract", *args], check=False, capture_output=True, text=True, timeout=TIMEOUT_S,
                          env=env)


def page_text(image_file: Path, language: str = "vie") -> str | None:
    """The text tesseract reads on one page image (None when tesseract is missing or fails)."""
    if shutil.which("tesseract") is None:
        return None
    result = _run(str(image_file), "-", "-l", language, "--psm", "6")
    return result.stdout if result.returncode == 0 else None


def rotation_needed(image_file: Path) -> int | None:
    """Degrees (0, 90, 180, 270) tesseract's orientation detection says to rotate clockwise; None if unknown."""
    if shutil.which("tesseract") is None:
        return None
    found = _ROTATE.search(_run(str(image_file), "-", "--psm", "0").stdout)
    return int(found.group(1)) if found else None


def text_layer(pdf: bytes, pages: list[tuple[bytes, str]], dpi: int, language: str = "vie") -> bytes | None:
    """The PDF with tesseract's invisible text laid over each page (searchable, copyable); None without OCR.

    `pages`: each page's encoded image and its file suffix (".tif", ".jpg"), as wrapped in `pdf`. The images
    themselves are not touched: tesseract writes a text-only PDF and pikepdf overlays it page by page.
    """
    import io
    import tempfile

    import pikepdf

    if not available(language):
        return None
    with tempfile.TemporaryDirectory() as folder, pikepdf.open(io.BytesIO(pdf)) as target:
        for number, (data, suffix) in enumerate(pages):
            image = Path(folder) / f"page{number}{suffix}"
            image.write_bytes(data)
            base = Path(folder) / f"text{number}"
            result = _run(str(image), str(base), "-l", language, "--dpi", str(dpi), "-c", "textonly_pdf=1", "pdf")
            if result.returncode != 0:
                return None
            with pikepdf.open(base.with_suffix(".pdf")) as text:
                page = target.pages[number]
                page.add_overlay(text.pages[0], pikepdf.Rectangle(*[float(v) for v in page.mediabox]))
        out = io.BytesIO()
        target.save(out)
        return out.getvalue()
