"""`kiosk process --kind idcard --split`: the card's front and back as two JPEGs at real size, both legible."""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from kiosk.documents import ocr
from kiosk.documents.card_pair import card_pair
from kiosk.documents.encode import TooLarge
from tests.pages import card_on_lid

ROOT = Path(__file__).resolve().parents[2]
FRONT_TEXT, BACK_TEXT = "CAN CUOC CONG DAN 0991234567", "NOI THUONG TRU XA AN BINH 2031"
FRONT_TINT, BACK_TINT = (236, 226, 212), (214, 230, 238)


def similarity(read: str, truth: str) -> float:
    letters = " ".join(re.sub(r"[^A-Z0-9 ]", " ", read.upper()).split())  # tesseract's specks at the card's edge
    return difflib.SequenceMatcher(None, letters, truth).ratio()


def run_split(tmp_path: Path, dpi: int, *extra: str) -> subprocess.CompletedProcess[str]:
    for name, degrees, tint, text in (("front", 6.0, FRONT_TINT, FRONT_TEXT), ("back", -9.0, BACK_TINT, BACK_TEXT)):
        cv2.imwrite(str(tmp_path / f"{name}.png"), card_on_lid(dpi, degrees, tint, text))
    return subprocess.run([sys.executable, "-m", "kiosk", "process", str(tmp_path / "front.png"),
                           str(tmp_path / "back.png"), "--kind", "idcard", "--dpi", str(dpi), *extra],
                          check=False, capture_output=True, text=True, env={**os.environ, "LANG": "C.UTF-8"},
                          timeout=120, cwd=ROOT)


@pytest.mark.parametrize("dpi", [300, 200])
def test_two_jpegs_at_the_cards_real_size_both_legible(tmp_path, dpi):
    result = run_split(tmp_path, dpi, "-o", str(tmp_path / "cccd.jpg"), "--split", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    written = [tmp_path / "cccd-front.jpg", tmp_path / "cccd-back.jpg"]
    assert report["outputs"] == [str(path) for path in written] and not (tmp_path / "cccd.jpg").exists()
    expected_w, expected_h = 85.6 / 25.4 * dpi, 53.98 / 25.4 * dpi
    for path, tint, truth, other in ((written[0], FRONT_TINT, FRONT_TEXT, BACK_TEXT),
                                     (written[1], BACK_TINT, BACK_TEXT, FRONT_TEXT)):
        with Image.open(path) as image:
            assert image.format == "JPEG" and image.info["dpi"] == (dpi, dpi)
            width, height = image.size
        assert abs(width - expected_w) <= 0.01 * expected_w and abs(height - expected_h) <= 0.01 * expected_h
        picture = cv2.imread(str(path))
        # Cropped to the card: its edges are the card's tint, no white lid left round it.
        edges = np.concatenate([picture[6, 20:-20], picture[-7, 20:-20], picture[20:-20, 6], picture[20:-20, -7]])
        assert np.abs(np.median(edges, axis=0) - np.array(tint)).max() <= 8
        if dpi == 300:  # the generated print is 1.4 mm tall in a one-pixel stroke: OCR reads it at 300 dpi
            read = ocr.page_text(path) or ""
            lines = [line for line in read.splitlines() if line.strip()]
            assert sum(similarity(line, truth) >= 0.9 for line in lines) == 4, read  # the four printed lines
            assert all(similarity(line, other) < 0.6 for line in lines), read  # and the front is the front


def test_a_size_limit_per_image_is_met_or_refused():
    front, back = card_on_lid(300, 4.0), card_on_lid(300, -4.0, BACK_TINT, BACK_TEXT)
    best = card_pair(front, back, 300)
    limited = card_pair(front, back, 300, max_bytes=max(len(best.front), len(best.back)) - 1)
    assert limited.quality < best.quality and max(len(limited.front), len(limited.back)) < len(best.back) + 1
    with pytest.raises(TooLarge):
        card_pair(front, back, 300, max_bytes=2000)


def test_split_is_only_for_the_card_as_jpegs(tmp_path):
    result = run_split(tmp_path, 300, "-o", str(tmp_path / "cccd.pdf"), "--split")
    assert result.returncode == 2 and "Tách hai mặt chỉ dùng cho căn cước" in result.stderr
    assert "Traceback" not in result.stderr
