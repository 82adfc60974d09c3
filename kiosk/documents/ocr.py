"""Optional OCR with tesseract (`vie`): text for legibility checks and page orientation. Absent tesseract: None.

Tesseract runs single-threaded (OMP_THREAD_LIMIT=1: 2.2 s/page instead of 17 s on two cores, docs/platform-facts.md),
in a subprocess, so a caller can run it in the background without holding the GIL. A citizen's page goes to it
on its standard input and the answer comes back on its standard output: no image of a page is ever written to a
temp folder (measured with strace: tesseract 5.3 then creates no file at all).
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


def _run(image: Path | bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    """tesseract on an image file, or on an encoded image given as bytes (sent on its standard input)."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    source, given = ("stdin", image) if isinstance(image, bytes) else (str(image), None)
    return subprocess.run(["tesseract", source, *args], check=False, input=given, capture_output=True,
                          timeout=TIMEOUT_S, env=env)


def page_text(image: Path | bytes, language: str = "vie") -> str | None:
    """The text tesseract reads on one page image, a file or encoded bytes (None when tesseract is missing or
    fails)."""
    if shutil.which("tesseract") is None:
        return None
    result = _run(image, "stdout", "-l", language, "--psm", "6")
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


def rotation_needed(image: Path | bytes) -> int | None:
    """Degrees (0, 90, 180, 270) tesseract's orientation detection says to rotate clockwise; None if unknown."""
    if shutil.which("tesseract") is None:
        return None
    found = _ROTATE.search(_run(image, "stdout", "--psm", "0").stdout.decode("utf-8", "replace"))
    return int(found.group(1)) if found else None


def text_layer(pdf: bytes, pages: list[tuple[bytes, str]], dpi: int, language: str = "vie") -> bytes | None:
    """The PDF with tesseract's invisible text laid over each page (searchable, copyable); None without OCR.

    `pages`: each page's encoded image and its file suffix (".tif", ".jpg"), as wrapped in `pdf`. The images
    themselves are not touched: tesseract writes a text-only PDF and pikepdf overlays it page by page.
    """
    import io

    import pikepdf

    if not available(language):
        return None
    with pikepdf.open(io.BytesIO(pdf)) as target:
        for number, (data, _suffix) in enumerate(pages):
            result = _run(data, "stdout", "-l", language, "--dpi", str(dpi), "-c", "textonly_pdf=1", "pdf")
            if result.returncode != 0 or not result.stdout.startswith(b"%PDF"):
                return None
            with pikepdf.open(io.BytesIO(result.stdout)) as text:
                page = target.pages[number]
                page.add_overlay(text.pages[0], pikepdf.Rectangle(*[float(v) for v in page.mediabox]))
        out = io.BytesIO()
        target.save(out)
        return out.getvalue()
