"""The end-of-submission screen in the real practice kiosk: after a real submission on the practice portal its
receipt page brings the end panel over the page (the code huge, the procedure, three ways to keep the code), its
on-screen QR reads as the tracking page of the code, "In phiếu hẹn" tapped through the window prints the slip on a
private cups-pdf queue (read back: one page, the code, the QR), and the end asks before it wipes — leaving no slip
and no print job behind. At 1366×768 and 1920×1080."""

from __future__ import annotations

import os
import time
from pathlib import Path

import cv2
import pytest
from PySide6.QtWidgets import QApplication

from kiosk.admin_pin import hash_pin
from kiosk.practice_portal.portal_app import TRACKING
from tests import layout
from tests.finger import Finger
from tests.printing.printed_pages import page_count, page_image, page_qr_codes, page_shows
from tests.printing.test_print_screen import FAULT_LIMIT_S, PAUSE_LIMIT_S, PRINTED, Ticker
from tests.test_portal_browser import open_portal
from tests.web import click, fill_marital_status_form, js, log_in_with_practice_phone, wait_js
from ui.confirm import ConfirmPanel

# As a commune sets it up: the centre on the slip, staff PINs set (no technician banner on the screenshots).
CENTRE = ('[centre]\nname = "Bộ phận Một cửa UBND xã Bắc Hà"\nhotline = "0214 3880 123"\n'
          f'[admin]\nofficer_pin_hash = "{hash_pin("1357")}"\ntechnician_pin_hash = "{hash_pin("246810")}"\n')


def submit_marital_status(qtbot, view) -> str:
    """Log in, then the whole of TH.HT.05 (a fee, no required attachment) up to its receipt page; its code."""
    log_in_with_practice_phone(qtbot, view)
    click(qtbot, view, 'a[href*="TH.HT.05"]')
    wait_js(qtbot, view, "document.getElementById('submit-online')")
    click(qtbot, view, "#submit-online")
    wait_js(qtbot, view, "document.getElementById('dossier-form')")
    fill_marital_status_form(qtbot, view)
    click(qtbot, view, "#form-next")
    wait_js(qtbot, view, "document.getElementById('attach-form')")
    click(qtbot, view, "#attach-next")
    wait_js(qtbot, view, "document.getElementById('paid')")
    click(qtbot, view, "#paid")
    wait_js(qtbot, view, "document.getElementById('submit-dossier')")
    click(qtbot, view, "#submit-dossier")
    wait_js(qtbot, view, "document.getElementById('dossier-code')")
    return js(qtbot, view, "document.getElementById('dossier-code').textContent")


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("END_SCREEN_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def receipt_screen(qtbot, make_shell, write_config, size: str, extra: str = ""):
    shell = make_shell(write_config(CENTRE + extra), "--practice", "--windowed", "--size", size)
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    shell.begin_session()
    view = open_portal(qtbot, shell)
    code = submit_marital_status(qtbot, view)
    panel = shell.ending.panel
    qtbot.waitUntil(lambda: shell.browser.layers.currentWidget() is panel, timeout=10_000)
    return shell, panel, code


@pytest.mark.parametrize("size", ["1366x768", "1920x1080"])
def test_the_receipt_brings_the_end_screen_and_in_phieu_hen_prints_the_slip(qtbot, make_shell, write_config, cups,
                                                                           shots, size):
    shell, panel, code = receipt_screen(qtbot, make_shell, write_config, size)
    session = shell.lifecycle.session
    finger = Finger(qtbot, shell.window)
    address = f"{shell.practice.portal.context.portal_url}{TRACKING}?ma_ho_so={code}"
    assert panel.code.text() == code
    assert panel.procedure.text().startswith("Thủ tục: Xác nhận tình trạng hôn nhân")
    assert panel.print_button.text() == "In phiếu hẹn"
    assert "Chụp màn hình" in panel.way_titles["photo"].text()
    assert panel.code.font().pixelSize() > 2 * panel.procedure.font().pixelSize()  # huge beside the body text
    layout.assert_laid_out(qtbot, shell.window, f"end screen {size}")
    help_button = shell.browser.toolbar_buttons["help"]  # "Gọi cán bộ" stays within reach
    assert help_button.isVisible() and shell.window.rect().contains(help_button.mapTo(shell.window,
                                                                                        help_button.rect().center()))
    shell.window.grab().save(str(shots / f"end-screen-{size}.png"))
    assert address in layout.decoded_qr_codes(shell.window)

    ticker = Ticker()
    finger.tap(panel.print_button)
    qtbot.waitUntil(lambda: panel.message.text() == PRINTED, timeout=20_000)
    assert ticker.longest < PAUSE_LIMIT_S, f"the event loop paused {ticker.longest:.3f} s"
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [shell.window]  # no OS dialog
    layout.assert_laid_out(qtbot, shell.window, f"end screen, printed, {size}")
    (paper,) = cups.printed()
    cv2.imwrite(str(shots / "slip.png"), page_image(paper, dpi=110))  # the paper the citizen takes home
    assert page_count(paper) == 1
    assert page_shows(paper, code)
    assert page_qr_codes(paper) == [address]
    slip = session.directory / "slips" / "phieu-hen.pdf"
    assert slip.exists()

    finger.tap(panel.finish)  # "Kết thúc và xoá dữ liệu": asked first, the dossier was submitted here
    question = ConfirmPanel.over(shell.window)
    qtbot.waitUntil(lambda: question.asking, timeout=5000)
    finger.tap(question.discard)
    qtbot.waitUntil(lambda: shell.lifecycle.session is None, timeout=10_000)
    assert not slip.exists()
    qtbot.waitUntil(lambda: cups.jobs_left() == "" and cups.spool_files() == [], timeout=10_000)
    assert panel.code.text() == ""


def test_back_on_the_receipt_page_the_code_is_outlined_and_the_panel_does_not_come_again(qtbot, make_shell,
                                                                                         write_config):
    shell, panel, code = receipt_screen(qtbot, make_shell, write_config, "1366x768")
    finger = Finger(qtbot, shell.window)
    browser = shell.browser
    finger.tap(panel.back)
    assert browser.layers.currentWidget() is browser.web_slot
    qtbot.waitUntil(lambda: browser.pointer.isVisible() and not browser.pointer.outline.isEmpty(), timeout=5000)
    loads = []
    browser.page_loaded.connect(loads.append)
    finger.tap(browser.toolbar_buttons["reload"])
    qtbot.waitUntil(lambda: bool(loads), timeout=10_000)
    qtbot.wait(500)  # the page's text read after its load
    assert browser.layers.currentWidget() is browser.web_slot
    assert js(qtbot, browser.browser.view, "document.getElementById('dossier-code').textContent") == code


def test_a_printer_fault_on_the_end_screen_says_so_plainly_within_3_s_and_fits(qtbot, make_shell, write_config, cups):
    shell, panel, _code = receipt_screen(qtbot, make_shell, write_config, "1366x768",
                                         '[printer]\nqueue = "nowhere"\n')  # the longest of the faults' messages
    ticker = Ticker()
    started = time.monotonic()
    Finger(qtbot, shell.window).tap(panel.print_button)
    expected = "Máy này chưa có máy in sẵn sàng. Hãy gọi cán bộ để in giúp, hoặc ghi lại mã hồ sơ."
    qtbot.waitUntil(lambda: panel.message.text() == expected, timeout=5000)
    assert time.monotonic() - started < FAULT_LIMIT_S
    assert ticker.longest < PAUSE_LIMIT_S, f"the event loop paused {ticker.longest:.3f} s"
    assert panel.print_button.isEnabled()  # tried again once an officer has fixed it
    layout.assert_laid_out(qtbot, shell.window, "end screen, printer fault")
    assert not list(cups.out.iterdir())
