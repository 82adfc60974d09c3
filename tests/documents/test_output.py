"""Output that fits the portal: size limits met at legible resolutions, PDFs that wrap JPEGs, the CLI."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import cv2
import pikepdf
import pytest

from kiosk.documents.encode import FLOOR_DPI, TooLarge
from kiosk.documents.files import parse_size
from kiosk.documents.pipeline import build
from tests.pages import noisy_blank, text_page, tilt

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024


@pytest.fixture(scope="module")
def dossier_300():
    """A 5-page 300 dpi grey text dossier, slightly skewed like real scans, with noise."""
    import numpy as np

    rng = np.random.default_rng(5)
    pages = []
    for seed, angle in zip(range(5), (0.8, -1.2, 0.3, 2.1, -0.6), strict=True):
        page = tilt(text_page(300, seed=seed), angle).astype(np.int16)
        page += rng.normal(0, 4, page.shape).astype(np.int16)
        pages.append(np.clip(page, 0, 255).astype(np.uint8))
    return pages


def test_five_page_dossier_fits_one_megabyte_legibly(dossier_300):
    result = build(dossier_300, 300, max_bytes=MB)
    assert len(result.data) <= MB
    assert result.dpi >= FLOOR_DPI
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        assert len(pdf.pages) == 5
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
        assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2  # still A4
        (image,) = pdf.pages[0].get_images().values()
        assert list(image.Filter) == [pikepdf.Name.CCITTFaxDecode]  # 1-bit G4 text, wrapped as made
    assert all(abs(page.skew_corrected_deg) > 0.2 for page in result.pages if page.index != 2)


def test_without_a_limit_the_best_step_is_used(dossier_300):
    result = build(dossier_300[:1], 300)
    assert (result.dpi, result.quality) == (300, 80)


def test_impossible_limit_says_so_instead_of_going_below_the_floor(dossier_300):
    with pytest.raises(TooLarge) as error:
        build(dossier_300, 300, max_bytes=50_000)
    assert error.value.smallest > 50_000


def test_blank_pages_are_flagged_not_dropped():
    result = build([text_page(150), noisy_blank(150), text_page(150, seed=2)], 150)
    report = result.report()
    assert report["blank_pages"] == [1]
    assert report["pages_out"] == 3


def test_single_jpeg_output():
    result = build([text_page(150)], 150, output="jpeg")
    assert result.data[:3] == b"\xff\xd8\xff"
    with pytest.raises(ValueError):
        build([text_page(150), text_page(150)], 150, output="jpeg")


@pytest.mark.parametrize(("text", "size"), [("2MB", 2 * MB), ("500 KB", 512000), ("1.5mb", 1572864), ("900", 900)])
def test_parse_size(text, size):
    assert parse_size(text) == size


def run_cli(*args):
    env = {**os.environ, "LANG": "C.UTF-8"}
    return subprocess.run([sys.executable, "-m", "kiosk", "process", *args], check=False, capture_output=True, text=True,
                          env=env, timeout=120, cwd=ROOT)


def test_cli_json_report(tmp_path, dossier_300):
    paths = []
    for index, page in enumerate(dossier_300[:2]):
        path = tmp_path / f"page{index}.png"
        cv2.imwrite(str(path), page)
        paths.append(str(path))
    out = tmp_path / "out.pdf"
    result = run_cli(*paths, "-o", str(out), "--max-size", "1MB", "--dpi", "300", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["pages_in"] == 2 and report["pages_out"] == 2
    assert report["output_bytes"] == out.stat().st_size <= MB
    assert report["effective_dpi"] >= 150 and report["blank_pages"] == []
    assert [abs(angle) > 0.5 for angle in report["skew_corrected_deg"]] == [True, True]


def test_cli_problems_are_one_vietnamese_line(tmp_path):
    bogus = tmp_path / "not-an-image.png"
    bogus.write_bytes(b"nope")
    result = run_cli(str(bogus), "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 2 and result.stderr.strip().endswith("không đọc được ảnh này")
    page = tmp_path / "p.png"
    cv2.imwrite(str(page), text_page(150))
    result = run_cli(str(page), str(page), "-o", str(tmp_path / "x.jpg"))
    assert result.returncode == 2 and "Một tệp JPG chỉ chứa một trang" in result.stderr
    result = run_cli(str(page), "-o", str(tmp_path / "x.pdf"), "--max-size", "1KB", "--dpi", "150")
    assert result.returncode == 2 and "Hãy chia giấy tờ thành nhiều tệp" in result.stderr
    assert "Traceback" not in result.stderr
