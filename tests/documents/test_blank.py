"""The blank check does not depend on the backing: generated sheets on dark, grey and white backings, at two skews,
through the pipeline's own page clean-up; and no content page of the other tests' corpora is called blank."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.documents.blank import blankness
from kiosk.documents.idcard import card_sheet, find_card
from kiosk.documents.pipeline import clean_page
from tests import pages
from tests.blank_sheets import BACKINGS, BLANK_CONTENTS, CONTENTS, SKEWS, on_bed, sheet

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("skew", SKEWS)
@pytest.mark.parametrize("content", CONTENTS)
@pytest.mark.parametrize("backing", BACKINGS)
def test_blank_or_not_whatever_the_backing(backing, content, skew):
    scan = on_bed(sheet(content, 150, BACKINGS[backing]), 150, skew, BACKINGS[backing])
    _, report = clean_page(scan, 150, 0)
    assert report.blank is (content in BLANK_CONTENTS)
    if backing != "white":
        assert report.cropped  # the blank check ran on the cut-out paper, its cut edge included
    if report.blank:  # not turned by a hole or a staple taken for text: only the crop straightened it
        paper_edge = 0.0 if backing == "white" else -skew
        assert report.turned_deg == 0 and abs(report.skew_corrected_deg - paper_edge) < 1.0


def _content_pages() -> dict[str, tuple[np.ndarray, int]]:
    """Every kind of content page the document tests generate, as the pipeline sees it."""
    found: dict[str, tuple[np.ndarray, int]] = {}
    for seed in range(4):
        found[f"text-{seed}"] = (pages.text_page(150, seed=seed), 150)
        found[f"text-short-{seed}"] = (pages.text_page(150, lines=2, seed=seed), 150)
        found[f"vietnamese-{seed}"] = (pages.scanned(pages.vietnamese_page(seed)[0], 1.5 - seed, seed), 300)
    found["one-line"] = (pages.one_line_page(150), 150)
    found["signature"] = (pages.signature_page(150), 150)
    for angle in (-11.0, 9.0):
        found[f"dark-bed-{angle}"] = (pages.on_dark_bed(pages.one_line_page(150), angle)[0], 150)
        found[f"tilted-{angle}"] = (pages.tilt(pages.signature_page(150), angle), 150)
    found["keystoned"] = (pages.keystoned_on_dark_bed(pages.one_line_page(150)), 150)
    front, back = find_card(pages.card_on_lid(300, 5.0)), find_card(pages.card_on_lid(300, -3.0))
    found["idcard-sheet"] = (card_sheet(front, back, 300), 300)
    return found


@pytest.mark.parametrize("name", list(_content_pages()))
def test_no_content_page_of_the_corpora_is_called_blank(name):
    image, dpi = _content_pages()[name]
    _, report = clean_page(image, dpi, 0, "idcard" if name.startswith("idcard") else "document")
    assert not report.blank
    if not name.startswith("idcard"):  # the card sheet is the kiosk's own layout of cards it found
        assert not blankness(image, dpi).blank  # nor uncropped


def test_six_page_scan_on_a_dark_backing_flags_its_three_blanks(tmp_path):
    # The report that filed the issue: `kiosk process` on a dark backing said blank_pages: [].
    sheets = [pages.text_page(300, seed=1), sheet("dusty", 300, 35), pages.one_line_page(300),
              sheet("punched", 300, 35), pages.signature_page(300), sheet("staple", 300, 35)]
    paths = []
    for index, page in enumerate(sheets):
        path = tmp_path / f"page{index}.png"
        cv2.imwrite(str(path), on_bed(page, 300, (1.3, -3.7)[index % 2], 35, seed=index))
        paths.append(str(path))
    result = subprocess.run([sys.executable, "-m", "kiosk", "process", *paths, "-o", str(tmp_path / "out.pdf"),
                             "--dpi", "300", "--json"], check=False, capture_output=True, text=True,
                            env={**os.environ, "LANG": "C.UTF-8"}, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["blank_pages"] == [1, 3, 5]
