"""The citizen's slip ("In phiếu hẹn", kiosk/printing/slip.py) as a PDF, without Qt: one page, the code in its text
and large, the QR decoding to the tracking address, the centre's hotline from the config, nothing personal; and what
the end screen reads off a receipt page (kiosk/receipt_page.py)."""

from __future__ import annotations

import re
import subprocess
import time

import pytest

from kiosk.config import load_layers
from kiosk.i18n import Translator
from kiosk.printing.slip import Centre, SlipFacts, slip_pdf, write_slip
from kiosk.receipt_page import read_receipt
from kiosk.session import Session
from kiosk.tracking import tracking_address
from tests.printing.printed_pages import page_count, page_qr_codes

CODE = "TH-261204-012345"
URL = tracking_address("http://127.0.0.1:8123/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so={code}", CODE)
FACTS = SlipFacts(CODE, "Xác nhận tình trạng hôn nhân", "Thứ Hai, 08/12/2026", URL, time.time())
CENTRE = Centre("Bộ phận Một cửa UBND xã Bắc Hà", "0214 3880 123")


def text_of(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


@pytest.fixture
def slip(tmp_path):
    session = Session(tmp_path)
    path = write_slip(session.directory, slip_pdf(FACTS, CENTRE, Translator("vi"), practice=True))
    yield path
    session.end("test")


def test_the_slip_is_one_page_with_the_code_the_qr_and_how_to_track(slip):
    assert page_count(slip) == 1
    text = text_of(slip)
    for shown in (CODE, "Xác nhận tình trạng hôn nhân", "Ngày hẹn trả kết quả: Thứ Hai, 08/12/2026",
                  "Bộ phận Một cửa UBND xã Bắc Hà", "0214 3880 123", "Cách tra cứu hồ sơ", "Tra cứu hồ sơ",
                  "BẢN TẬP HUẤN", time.strftime("%d/%m/%Y", time.localtime(FACTS.submitted_at))):
        assert shown in text, f"{shown!r} is not on the slip"
    assert page_qr_codes(slip) == [URL]


def test_the_code_is_the_largest_type_on_the_slip(slip):
    words = subprocess.run(["pdftotext", "-bbox", str(slip), "-"], capture_output=True, check=True, text=True).stdout
    heights = {}
    for found in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', words):
        heights[found[3]] = max(heights.get(found[3], 0.0), float(found[2]) - float(found[1]))
    tallest = max(heights, key=heights.__getitem__)
    assert tallest == CODE
    assert heights[CODE] > 1.4 * heights["HẸN"]  # the title "PHIẾU HẸN", itself larger than the rest


def test_the_slip_lives_in_the_session_folder_and_goes_with_it(tmp_path):
    session = Session(tmp_path)
    path = write_slip(session.directory, slip_pdf(FACTS, CENTRE, Translator("vi")))
    assert path.is_relative_to(session.directory) and oct(path.stat().st_mode & 0o777) == "0o600"
    session.end("test")
    assert not path.exists() and not session.directory.exists()


def test_a_long_code_steps_down_to_fit_and_an_empty_hotline_names_no_number(tmp_path):
    long_code = "000.00.19.H31-261204-0001234567890"
    facts = SlipFacts(long_code, "", "", tracking_address("https://example.gov.vn/t?c={code}", long_code), 0.0)
    path = tmp_path / "slip.pdf"
    path.write_bytes(slip_pdf(facts, Centre("Bộ phận Một cửa", ""), Translator("vi")))
    text = text_of(path)
    assert page_count(path) == 1
    assert long_code in text.replace(" ", "")
    assert "Đường dây nóng" not in text and "Thủ tục" not in text and "Ngày hẹn" not in text
    assert page_qr_codes(path) == [facts.tracking_url]


def test_the_slip_follows_the_citizen_s_language(tmp_path):
    path = tmp_path / "slip.pdf"
    path.write_bytes(slip_pdf(FACTS, CENTRE, Translator("en")))
    text = text_of(path)
    assert "APPOINTMENT SLIP" in text and "How to track your dossier" in text and "Hotline: 0214 3880 123" in text


def test_the_centre_comes_from_the_config(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text('[centre]\nname = "Trung tâm Phục vụ hành chính công xã Si Ma Cai"\nhotline = "0214 1022"\n',
                    encoding="utf-8")
    loaded = load_layers(None, path)
    assert not loaded.problems
    assert (loaded.config.centre.name, loaded.config.centre.hotline) == (
        "Trung tâm Phục vụ hành chính công xã Si Ma Cai", "0214 1022")


RECEIPT_TEXT = """Nộp hồ sơ thành công
Mã hồ sơ của bạn — hãy ghi lại hoặc in biên nhận:
TH-261204-012345
Thủ tục\tXác nhận tình trạng hôn nhân (TH.HT.05)
Người nộp\tNguyễn Văn An
Ngày hẹn trả kết quả\tThứ Hai, 08/12/2026
Trạng thái\tĐã tiếp nhận"""


def test_the_receipt_gives_its_code_procedure_and_appointment_and_nothing_else():
    receipt = read_receipt(RECEIPT_TEXT)
    assert receipt is not None
    assert (receipt.code, receipt.procedure, receipt.appointment) == (
        CODE, "Xác nhận tình trạng hôn nhân (TH.HT.05)", "Thứ Hai, 08/12/2026")
    assert "Nguyễn" not in repr(receipt)


def test_a_receipt_without_an_appointment_or_a_code():
    without = read_receipt(RECEIPT_TEXT.replace("Ngày hẹn trả kết quả\tThứ Hai, 08/12/2026\n", ""))
    assert without is not None and without.appointment == ""
    assert read_receipt("Nộp hồ sơ thành công\nTrạng thái\tĐã tiếp nhận") is None
