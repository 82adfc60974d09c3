""""Tra cứu hồ sơ" from the start screen, by taps and keys: the code checked as typed, then the practice portal's
tracking page for it in the locked browser, without a login (ui/screens/tracking.py, ui/tracking_part.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk import tracking
from kiosk.config import checks
from tests import layout
from tests.finger import Finger
from tests.keyboard import wait_shown
from tests.web import js, wait_js


def test_a_code_is_read_as_the_portal_writes_it_and_checked_for_what_no_code_has():
    assert tracking.normalise(" th-261204 - 012345 ") == "TH-261204-012345"
    assert tracking.problem("", practising=False) == "tracking.problem.empty"
    assert tracking.problem("TH_261204", practising=False) == "tracking.problem.characters"
    assert tracking.problem("ĐK-261204", practising=False) == "tracking.problem.characters"
    assert tracking.problem("H42.16-231122-0001", practising=False) is None  # the real format is unverified
    assert tracking.problem("A1", practising=False) == "tracking.problem.length"
    assert tracking.problem("H42.16-231122-0001", practising=True) == "tracking.problem.practice_shape"
    assert tracking.problem("TH-261204-012345", practising=True) is None
    assert tracking.tracking_address("https://portal.example/tra-cuu?ma={code}", "A B/1") == \
        "https://portal.example/tra-cuu?ma=A%20B%2F1"


def test_the_tracking_address_setting_must_say_where_the_code_goes():
    assert checks.tracking_url("https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html") == \
        ("config.problem.no_code", {"placeholder": "{code}"})
    assert checks.tracking_url("ftp://portal.example/{code}") == ("config.problem.url", {})
    assert checks.tracking_url("https://portal.example/tra-cuu?ma={code}") is None


def open_tracking(qtbot, make_shell, write_config, size="1366x768", extra=""):
    shell = make_shell(write_config(extra), "--practice", "--windowed", "--size", size)
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    finger = Finger(qtbot, shell.window)
    finger.tap(shell.attract)
    qtbot.waitUntil(lambda: shell.current is shell.start, timeout=5000)
    finger.tap(shell.start.tiles["track"])
    screen = shell.tracking.screen
    qtbot.waitUntil(lambda: shell.current is screen and screen.code.hasFocus(), timeout=5000)
    return shell, screen, finger


def submitted_code(shell) -> str:
    """A dossier submitted on the practice portal of this session (its store, as a finished submission leaves it)."""
    store = shell.practice.portal.context.require_store()
    identity = store.add_identity("Nguyễn Văn An", "001090012345")
    draft = store.new_draft(identity, "TH.HT.01", "Tỉnh Lào Cai", "Xã Bắc Hà", {}, 0)
    return store.submit(draft)


@pytest.mark.parametrize("size", ["1366x768", "1920x1080"])
def test_a_citizen_types_the_slip_s_code_and_sees_the_dossier_on_the_tracking_page(qtbot, make_shell, write_config,
                                                                                   size, tmp_path):
    shell, screen, finger = open_tracking(qtbot, make_shell, write_config, size)
    code = submitted_code(shell)
    finger.keys("th_")  # a character no code has is named at once
    qtbot.waitUntil(screen.message.isVisible, timeout=2000)
    assert screen.message.text().startswith("Mã hồ sơ chỉ có chữ không dấu")
    finger.key(Qt.Key.Key_Backspace)
    finger.keys("-2612")  # half a code is not wrong yet
    assert not screen.message.isVisible()
    finger.tap(screen.look_up)  # "Tra cứu" on half a code: what the practice code looks like, nothing opened
    assert screen.message.isVisible() and tracking.PRACTICE_EXAMPLE in screen.message.text()
    assert shell.current is screen
    for _ in range(len("th-2612")):
        finger.key(Qt.Key.Key_Backspace)
    finger.keys(code.lower().replace("-", " - "))  # copied in groups from the slip, in small letters
    assert screen.code.text() == code.lower().replace("-", " - ")  # Telex left the code alone
    finger.tap(screen.look_up)
    browser = shell.browser
    qtbot.waitUntil(lambda: shell.current is browser, timeout=10_000)
    view = browser.browser.view
    wait_js(qtbot, view, "document.getElementById('tracking-result') && document.readyState === 'complete'")
    assert js(qtbot, view, "document.getElementById('ma_ho_so').value") == code
    assert js(qtbot, view, "document.getElementById('status').textContent") == "Đã tiếp nhận"
    assert js(qtbot, view, "!!document.getElementById('login-link')")  # nobody logged in
    qtbot.waitUntil(lambda: browser.guide.guide.current.id == "track", timeout=5000)
    fact = browser.guide.fact  # the status, large beside the page, read from it
    qtbot.waitUntil(lambda: fact.isVisible() and fact.text() == "Đã tiếp nhận", timeout=5000)
    assert browser.guide.fact_heading.text() == "Trạng thái hồ sơ"
    assert fact.font().pixelSize() > browser.guide.text.font().pixelSize()
    layout.assert_laid_out(qtbot, shell.window, "tracking page with its status")
    folder = Path(os.environ.get("TRACKING_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shell.window.grab().save(str(folder / f"tracking-status-{size}.png"))


def test_an_unknown_code_says_what_may_be_wrong_without_blaming_the_citizen(qtbot, make_shell, write_config):
    shell, screen, finger = open_tracking(qtbot, make_shell, write_config)
    finger.keys("TH-261204-000000")
    finger.key(Qt.Key.Key_Return)
    view = None
    qtbot.waitUntil(lambda: shell.current is shell.browser, timeout=10_000)
    view = shell.browser.browser.view
    wait_js(qtbot, view, "document.getElementById('tracking-result') && document.readyState === 'complete'")
    text = js(qtbot, view, "document.getElementById('tracking-result').innerText")
    assert text.startswith("Chưa tìm thấy hồ sơ có mã «TH-261204-000000»") and "60 ngày qua" in text
    qtbot.waitUntil(lambda: shell.browser.guide.guide.current.id == "track", timeout=5000)
    qtbot.wait(300)  # the status read has answered by now: there is none on this page
    assert not shell.browser.guide.fact_box.isVisible()


def test_back_leaves_no_code_for_the_next_lookup(qtbot, make_shell, write_config):
    shell, screen, finger = open_tracking(qtbot, make_shell, write_config)
    finger.keys("TH-261204")
    finger.tap(screen.back)
    qtbot.waitUntil(lambda: shell.current is shell.start, timeout=5000)
    finger.tap(shell.start.tiles["track"])
    qtbot.waitUntil(lambda: shell.current is screen, timeout=5000)
    assert screen.code.text() == ""


@pytest.mark.parametrize("size", ["1366x768", "1920x1080"])
def test_the_tracking_screen_is_laid_out_with_its_message(qtbot, make_shell, write_config, size, tmp_path):
    shell, screen, finger = open_tracking(qtbot, make_shell, write_config, size)
    layout.assert_laid_out(qtbot, shell.window, "tracking, empty")
    finger.keys("TH-1")
    finger.tap(screen.look_up)
    assert screen.message.isVisible()
    layout.assert_laid_out(qtbot, shell.window, "tracking, with its message")
    folder = Path(os.environ.get("TRACKING_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    shell.window.grab().save(str(folder / f"tracking-{size}.png"))
    finger.tap(screen.code)  # the on-screen keyboard comes up: the whole screen stays usable above it
    wait_shown(qtbot, shell.window.keyboard)
    layout.assert_laid_out(qtbot, shell.window, "tracking, keyboard up")
    assert not screen.qr_row.isVisible()  # typing: the QR's way in gives way, nothing scrolls
    shell.window.grab().save(str(folder / f"tracking-keyboard-{size}.png"))
    finger.tap(screen.look_up)  # still there, still answering
    assert screen.message.isVisible()
