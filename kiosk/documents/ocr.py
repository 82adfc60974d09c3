"""Optional OCR with tesseract (`vie`): text for legibility checks and page orientation. Absent tesseract: None.

Tesseract runs single-threaded (OMP_THREAD_LIMIT=1: 2.2 s/page instead of 17 s on two cores, shared/SCANNING.md),
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
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=TIMEOUT_S)
    return language in listed.stdout.split()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run(["tesseract", *args], capture_output=True, text=True, timeout=TIMEOUT_S, env=env)


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
