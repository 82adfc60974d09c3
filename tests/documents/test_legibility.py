"""Size against legibility, measured with tesseract (installed by the setup): the 1 MB dossier still reads."""

from __future__ import annotations

import difflib
import io

import pikepdf
import pytest

from kiosk.documents import ocr
from kiosk.documents.pipeline import build
from tests.pages import scanned, vietnamese_page

MB = 1024 * 1024


def similarity(read: str, truth: str) -> float:
    return difflib.SequenceMatcher(None, " ".join(read.split()), " ".join(truth.split())).ratio()


def test_tesseract_with_vietnamese_is_installed_by_the_setup():
    assert ocr.available("vie"), "installer/apt-packages.txt installs tesseract-ocr and tesseract-ocr-vie"


def test_five_page_dossier_under_1mb_reads_back_at_98_percent(tmp_path):
    pages, texts = [], []
    for seed, angle in zip(range(5), (0.9, -1.4, 0.2, 2.3, -0.7), strict=True):
        page, text = vietnamese_page(seed)
        pages.append(scanned(page, angle, seed))
        texts.append(text)
    result = build(pages, 300, max_bytes=MB)
    assert len(result.data) <= MB
    scores = []
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        for number, page in enumerate(pdf.pages):
            (raw,) = page.get_images().values()
            written = pikepdf.PdfImage(raw).extract_to(fileprefix=str(tmp_path / f"page{number}"))
            scores.append(similarity(ocr.page_text(tmp_path / written) or "", texts[number]))
    print(f"{len(result.data) / 1024:.0f} KB, OCR similarity per page: {[round(s, 4) for s in scores]}")
    assert min(scores) >= 0.98


@pytest.mark.parametrize("turn", [180, 90])
def test_orientation_detection_on_a_turned_page(tmp_path, turn):
    import cv2

    page, _ = vietnamese_page(3)
    code = {180: cv2.ROTATE_180, 90: cv2.ROTATE_90_CLOCKWISE}[turn]
    path = tmp_path / "turned.png"
    cv2.imwrite(str(path), cv2.rotate(page, code))
    assert ocr.rotation_needed(path) == (360 - turn) % 360


@pytest.mark.parametrize(("turn", "upside_down_check"), [(90, False), (270, False), (180, True), (0, True)])
def test_pipeline_turns_pages_upright(turn, upside_down_check):
    import cv2

    from kiosk.documents.orientation import TURN, lies_sideways

    page, _ = vietnamese_page(1)
    turned = cv2.rotate(page, TURN[turn]) if turn else page
    assert lies_sideways(turned) is (turn in (90, 270))
    result = build([turned], 300, check_upside_down=upside_down_check)
    assert result.pages[0].turned_deg == (360 - turn) % 360


def test_upright_pages_cost_no_osd():
    page, _ = vietnamese_page(2)
    assert build([page], 300).pages[0].turned_deg == 0


def test_text_layer_makes_the_pdf_searchable_without_touching_the_images():
    from kiosk.documents.pipeline import with_text_layer

    page, _ = vietnamese_page(0)
    result = build([scanned(page, 0.4)], 300)
    layered = with_text_layer(result)
    assert layered is not None and len(layered) > len(result.data)
    with pikepdf.open(io.BytesIO(result.data)) as before, pikepdf.open(io.BytesIO(layered)) as after:
        (image_before,) = before.pages[0].get_images().values()
        images_after = list(after.pages[0].get_images(recursive=True).values())
        assert any(bytes(image.read_raw_bytes()) == bytes(image_before.read_raw_bytes()) for image in images_after)
        forms = [x for x in after.pages[0].Resources.XObject.values() if x.get("/Subtype") == pikepdf.Name.Form]
        font_names = [str(font.get("/BaseFont")) for form in forms
                      for font in form.get("/Resources", {}).get("/Font", {}).values()]
        assert any("GlyphLessFont" in name for name in font_names)  # tesseract's invisible text came along
