"""The dossier code in a QR: the one on a receipt or appointment slip, read from a scanned or photographed page.

What a receipt's QR holds is not verified here (Circular 01/2023/TT-VPCP says the receipt carries the dossier
code as a QR; the kiosk's own slip holds the tracking page's address). So every reading of the content is tried:
an address whose query or last path part is a code, a text that names the code among other words, or the plain
code. OpenCV finds and decodes the QR; a small or soft one is tried again enlarged and sharpened. Nothing here
is Qt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import cv2
import numpy as np

from kiosk import tracking

WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]*[A-Za-z0-9]")
ENLARGE_BELOW_PX = 2000  # a page narrower than this is also read at twice its size: its QR modules are small


def code_in(content: str, practising: bool) -> str | None:
    """The dossier code a QR's content holds, or None when no part of it may be one."""
    for candidate in _candidates(content.strip()):
        code = tracking.normalise(candidate)
        if tracking.problem(code, practising) is None:
            return code
    return None


def _candidates(content: str) -> Iterator[str]:
    parts = urlsplit(content)
    if parts.scheme in ("http", "https") and parts.netloc:
        for _name, value in parse_qsl(parts.query):
            yield value
        segments = [unquote(segment) for segment in parts.path.split("/") if segment]
        if segments:
            yield segments[-1]
        return  # an address is never itself a code, nor are its host's words
    yield content
    yield from WORD.findall(content)


def contents(grey: np.ndarray) -> list[str]:
    """The texts of the QR codes found in a grey image, the clearest reading first."""
    found: list[str] = []
    for attempt in _attempts(grey):
        for text in _decode(attempt):
            if text and text not in found:
                found.append(text)
        if found:
            return found
    return found


def _attempts(grey: np.ndarray) -> Iterator[np.ndarray]:
    yield grey
    if grey.shape[1] < ENLARGE_BELOW_PX:
        yield cv2.resize(grey, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    yield cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 31, 10)


def _decode(grey: np.ndarray) -> list[str]:
    detector = cv2.QRCodeDetector()
    ok, texts, _points, _straight = detector.detectAndDecodeMulti(grey)
    if ok:
        return [str(text) for text in texts if text]
    text, _corners, _image = detector.detectAndDecode(grey)
    return [str(text)] if text else []


def code_on_page(path: Path, practising: bool) -> str | None:
    """The dossier code of the first QR on a scanned page that holds one; None when none does (or the file is
    not an image)."""
    image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    if image is None:
        return None
    for content in contents(image):
        code = code_in(content, practising)
        if code is not None:
            return code
    return None
