"""The slip's or receipt's QR read for "Tra cứu hồ sơ": what a QR may hold (kiosk/tracking_qr.py), a photographed
slip, and a citizen laying the slip under the document camera and landing on the tracking page of its code
(ui/tracking_part.py, through the scanner's own screen and the camera driver on generated video).

The slip is the kiosk's own (kiosk/printing/slip.py), rendered by poppler and photographed on a desk at an angle in
uneven light, as it came out of a private cupsd's cups-pdf queue (A4, the A5 slip fitted to the page)."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np

from kiosk import tracking_qr
from kiosk.i18n import Translator
from kiosk.printing.slip import Centre, SlipFacts, slip_pdf
from kiosk.tracking_qr import code_in
from tests.camera_photos import FRAME, page_arriving, photo, write_video
from tests.printing.printed_pages import from_the_tray, page_image
from tests.test_tracking_screen import open_tracking, submitted_code
from tests.web import js, wait_js

CODE = "TH-261204-012345"
ADDRESS = f"http://127.0.0.1:5000/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so={CODE}"
CENTRE = Centre("Bộ phận Một cửa UBND xã Bắc Hà", "0214 3880 123")


def test_a_qr_s_content_gives_the_code_whether_an_address_a_sentence_or_the_code_itself():
    assert code_in(ADDRESS, practising=True) == CODE
    assert code_in(f"https://dichvucong.gov.vn/tra-cuu/{CODE.lower()}", practising=True) == CODE
    assert code_in(CODE, practising=True) == CODE
    assert code_in(f"Mã hồ sơ: {CODE}; Ngày nhận: 04/12/2026", practising=True) == CODE
    assert code_in("H42.16-231122-0001", practising=False) == "H42.16-231122-0001"
    assert code_in("https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html", practising=True) is None
    assert code_in("PRACTICE-PAYMENT|abc|0VND", practising=True) is None  # the practice payment's QR is no code
    assert code_in("", practising=False) is None


def slip(code: str, address: str) -> bytes:
    """The kiosk's own slip (PDF) for `code`, its QR holding `address`."""
    facts = SlipFacts(code, "Đăng ký khai sinh", "", address, time.time())
    return slip_pdf(facts, CENTRE, Translator("vi"), practice=True)


def sheet(pdf: Path) -> np.ndarray:
    """A PDF's page as a person sees it (poppler at 100 dpi, BGR): the paper photographed."""
    return cv2.cvtColor(page_image(pdf, dpi=100), cv2.COLOR_GRAY2BGR)


def printed(cups, document: bytes) -> np.ndarray:
    """`document` as it came out of the cups-pdf queue: the A5 slip fitted to an A4 sheet."""
    with from_the_tray(cups, document) as paper:
        return sheet(paper)


def test_a_photographed_slip_s_qr_is_read_at_an_angle_in_uneven_light(cups):
    paper = printed(cups, slip(CODE, ADDRESS))
    for seed in range(5):
        rng = np.random.default_rng(seed)
        frame, _corners = photo(rng, "light_desk", FRAME, paper)
        grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        assert ADDRESS in tracking_qr.contents(grey), f"seed {seed}"


def test_a_page_without_a_qr_has_no_code(tmp_path):
    page = tmp_path / "page.png"
    cv2.imwrite(str(page), np.full((1169, 827), 235, np.uint8))
    assert tracking_qr.code_on_page(page, practising=True) is None
    (tmp_path / "not-an-image.png").write_bytes(b"%PDF-1.4")
    assert tracking_qr.code_on_page(tmp_path / "not-an-image.png", practising=True) is None


def camera_config(video) -> str:
    return (f'[scanner]\ndriver = "camera"\ncamera_sources = ["{video}"]\na4_source = "camera"\n'
            'a4_dpi = 150\na4_mode = "gray"\n')


def test_a_citizen_lays_the_slip_under_the_camera_and_lands_on_the_tracking_page_of_its_code(
        qtbot, make_shell, write_config, tmp_path, cups):
    rng = np.random.default_rng(7)
    video = tmp_path / "camera.avi"
    write_video(video, [])  # the camera is configured before the slip's code exists: its video is written then
    shell, screen, finger = open_tracking(qtbot, make_shell, write_config, extra=camera_config(video))
    code = submitted_code(shell)
    # The slip as it came out of the A4 cups-pdf queue, fitted to the page (printed at A5's size on A4, its QR was
    # ~2 px a module in the camera's 720p video, too small for OpenCV to read).
    paper = printed(cups, slip(code, shell.tracking.address(code)))
    frames, _still, _corners = page_arriving(rng, still_frames=60, sheet=paper)
    write_video(video, frames)
    assert screen.qr.text() == "Quét mã QR"
    finger.tap(screen.qr)
    scan = shell.scanning.flow.scan
    qtbot.waitUntil(lambda: shell.current is scan, timeout=10_000)
    assert scan.message.text().startswith("Đặt giấy dưới camera")  # straight at the placing step: no paper choice
    finger.tap(scan.buttons["scan"])
    qtbot.waitUntil(lambda: shell.current is shell.browser, timeout=30_000)  # captured when still, read, opened
    browser = shell.browser
    view = browser.browser.view
    wait_js(qtbot, view, "document.getElementById('tracking-result') && document.readyState === 'complete'")
    assert js(qtbot, view, "document.getElementById('ma_ho_so').value") == code
    assert js(qtbot, view, "document.getElementById('status').textContent") == "Đã tiếp nhận"
    shell.scanning.close()


def test_a_sheet_without_a_qr_says_so_and_the_code_can_still_be_typed(qtbot, make_shell, write_config, tmp_path):
    frames, _still, _corners = page_arriving(np.random.default_rng(8), still_frames=60)  # a form, no QR on it
    video = write_video(tmp_path / "camera.avi", frames)
    shell, screen, finger = open_tracking(qtbot, make_shell, write_config, extra=camera_config(video))
    finger.tap(screen.qr)
    scan = shell.scanning.flow.scan
    qtbot.waitUntil(lambda: shell.current is scan, timeout=10_000)
    finger.tap(scan.buttons["scan"])
    qtbot.waitUntil(lambda: shell.current is screen and screen.message.text().startswith("Máy chưa đọc được mã QR"),
                    timeout=30_000)
    assert screen.message.isVisible()
    shell.scanning.close()


def test_back_from_the_scan_screen_returns_to_the_code_screen(qtbot, make_shell, write_config, tmp_path):
    video = write_video(tmp_path / "camera.avi", page_arriving(np.random.default_rng(9), still_frames=5)[0])
    shell, screen, finger = open_tracking(qtbot, make_shell, write_config, extra=camera_config(video))
    finger.tap(screen.qr)
    scan = shell.scanning.flow.scan
    qtbot.waitUntil(lambda: shell.current is scan, timeout=10_000)
    finger.tap(scan.buttons["back"])  # no paper choice to go back to: out of the scan screen
    qtbot.waitUntil(lambda: shell.current is screen, timeout=5000)
    assert not screen.message.isVisible()
    shell.scanning.close()
