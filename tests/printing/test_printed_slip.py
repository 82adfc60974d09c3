"""The slip and the practice receipt as they come out of a real, private cupsd's cups-pdf queue (the "paper"): one
page each, the dossier code legible on it, and its QR code read by OpenCV off the rendered page leading to the
tracking page of that code."""

from __future__ import annotations

import time

from kiosk.i18n import Translator
from kiosk.practice_portal.portal_app import TRACKING
from kiosk.practice_portal.receipt_pdf import receipt_pdf
from kiosk.printing.slip import Centre, SlipFacts, slip_pdf
from kiosk.tracking import tracking_address
from tests.printing.printed_pages import from_the_tray, page_count, page_qr_codes, page_text

CODE = "TH-261204-004217"
PORTAL = "http://127.0.0.1:8123"
URL = tracking_address(f"{PORTAL}{TRACKING}?ma_ho_so={{code}}", CODE)


def read_back(cups, document: bytes) -> tuple[int, str, list[str]]:
    with from_the_tray(cups, document) as paper:
        return page_count(paper), page_text(paper).replace(" ", ""), page_qr_codes(paper)


def test_the_printed_slip_has_one_page_the_code_and_a_qr_to_its_tracking_page(cups):
    facts = SlipFacts(CODE, "Đăng ký khai sinh", "", URL, time.time())
    pages, text, codes = read_back(cups, slip_pdf(facts, Centre("Bộ phận Một cửa UBND xã", "0214 3880 123"),
                                                  Translator("vi"), practice=True))
    assert pages == 1
    assert CODE in text
    assert codes == [URL]


def test_the_printed_practice_receipt_carries_a_qr_to_its_tracking_page(cups):
    document = receipt_pdf([("Thủ tục", "Đăng ký khai sinh")], CODE, time.time(), URL)
    pages, text, codes = read_back(cups, document)
    assert pages == 1
    assert CODE in text
    assert codes == [URL]
