"""The slip's or receipt's QR read for "Tra cứu hồ sơ": what a QR may hold (kiosk/tracking_qr.py), a photographed
slip, and a citizen laying the slip under the document camera and landing on the tracking page of its code
(ui/tracking_part.py, through the scanner's own screen and the camera driver on generated video)."""

from __future__ import annotations

import io

import cv2
import numpy as np
import segno

from kiosk import tracking_qr
from kiosk.tracking_qr import code_in
from tests.camera_photos import FRAME, page_arriving, photo, write_video
from tests.test_tracking_screen import open_tracking, submitted_code
from tests.web import js, wait_js

CODE = "TH-261204-012345"
ADDRESS = f"http://127.0.0.1:5000/p/home/dvc-tra-cuu-ho-so.html?ma_ho_so={CODE}"


def test_a_qr_s_content_gives_the_code_whether_an_address_a_sentence_or_the_code_itself():
    assert code_in(ADDRESS, practising=True) == CODE
    assert code_in(f"https://dichvucong.gov.vn/tra-cuu/{CODE.lower()}", practising=True) == CODE
    assert code_in(CODE, practising=True) == CODE
    assert code_in(f"Mã hồ sơ: {CODE}; Ngày nhận: 04/12/2026", practising=True) == CODE
    assert code_in("H42.16-231122-0001", practising=False) == "H42.16-231122-0001"
    assert code_in("https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html", practising=True) is None
    assert code_in("PRACTICE-PAYMENT|abc|0VND", practising=True) is None  # the practice payment's QR is no code
    assert code_in("", practising=False) is None


def slip(content: str, rng: np.random.Generator) -> np.ndarray:
    """An A4 appointment slip at 75 dpi (BGR): a heading, lines of text and the QR of `content` in its upper part."""
    sheet = np.full((877, 620, 3), 240, np.uint8)
    cv2.putText(sheet, "PHIEU HEN", (200, 70), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (20, 20, 20), 2, cv2.LINE_AA)
    buffer = io.BytesIO()
    segno.make(content, error="m").save(buffer, kind="png", scale=8, border=2)
    code = cv2.imdecode(np.frombuffer(buffer.getvalue(), np.uint8), cv2.IMREAD_COLOR)
    code = cv2.resize(code, (300, 300), interpolation=cv2.INTER_AREA)
    sheet[110:410, 160:460] = code
    for row in range(int(rng.integers(6, 10))):
        y = 460 + row * 40
        cv2.line(sheet, (50, y), (50 + int(rng.integers(200, 520)), y), (70, 70, 70), 3)
    return sheet


def test_a_photographed_slip_s_qr_is_read_at_an_angle_in_uneven_light():
    for seed in range(5):
        rng = np.random.default_rng(seed)
        frame, _corners = photo(rng, "light_desk", FRAME, slip(ADDRESS, rng))
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
        qtbot, make_shell, write_config, tmp_path):
    rng = np.random.default_rng(7)
    video = tmp_path / "camera.avi"
    write_video(video, [])  # the camera is configured before the slip's code exists: its video is written then
    shell, screen, finger = open_tracking(qtbot, make_shell, write_config, extra=camera_config(video))
    code = submitted_code(shell)
    frames, _still, _corners = page_arriving(rng, still_frames=60, sheet=slip(shell.tracking.address(code), rng))
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
