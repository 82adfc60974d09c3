"""The guide panel beside the portal, in the real shell: the VNeID question, the checklist, scanning from a step."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer

from kiosk.guide.speech import wav_level_db, wav_seconds
from tests import layout
from tests.finger import tap
from tests.keyboard import wait_shown
from tests.test_portal_browser import open_portal
from tests.web import click, fill_marital_status_form, log_in_with_practice_phone, wait_js


def test_no_vneid_account_shows_the_police_checklist_and_ends_politely(qtbot, make_shell, write_config):
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", "1366x768")
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    assert shell.practice.portal is not None
    shell.begin_session()
    session = shell.lifecycle.session
    open_portal(qtbot, shell)
    guide = shell.browser.guide
    assert guide.isVisible() and guide.title.text() == "Bạn đã có tài khoản VNeID mức 2 chưa?"
    tap(guide.buttons["no"])
    assert guide.no_title.text() == "Đăng ký tài khoản mức 2 tại Công an xã"
    assert guide.checklist.text().startswith("• Thẻ căn cước gắn chip")
    assert not guide.qr.pixmap().isNull()
    tap(guide.buttons["finish"])
    assert not session.directory.exists()
    assert shell.current is shell.officer.survey


def test_steps_by_hand_and_scanning_from_the_scan_step(qtbot, make_shell, write_config):
    shell = make_shell(write_config("[scanner]\nsane_backends = []\na4_dpi = 100\n"), "--practice",
                       "--windowed", "--size", "1366x768")
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    assert shell.practice.portal is not None
    shell.begin_session()
    open_portal(qtbot, shell)
    guide = shell.browser.guide
    tap(guide.buttons["yes"])
    assert guide.title.text() == "Kích hoạt tài khoản trong ứng dụng VNeID"
    tap(guide.buttons["next"])
    assert guide.steps.currentRow() == 2
    guide.steps.scrollToItem(guide.steps.item(6))
    rect = guide.steps.visualItemRect(guide.steps.item(6))
    qtbot.mouseClick(guide.steps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert guide.title.text() == "Chuẩn bị và quét giấy tờ" and guide.buttons["scan"].isVisible()
    tap(guide.buttons["scan"])
    assert shell.current is shell.scanning.flow.scan
    tap(shell.scanning.flow.scan.leave)  # the paper choice's way back
    assert shell.current is shell.browser and guide.title.text() == "Chuẩn bị và quét giấy tờ"
    shell.set_language("en")
    assert guide.title.text() == "Prepare and scan your papers" and guide.steps.item(0).text().startswith("1. Do you")


def test_listen_reads_the_step_aloud_in_vietnamese_and_a_second_tap_stops(qtbot, make_shell, write_config):
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", "1366x768")
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    assert shell.practice.portal is not None
    shell.begin_session()
    open_portal(qtbot, shell)
    guide = shell.browser.guide
    speech = guide.read_aloud
    assert guide.spoken_text().startswith("Bạn đã có tài khoản VNeID mức 2 chưa?\n")
    tap(guide.buttons["listen"])
    assert guide.buttons["listen"].text() == "■ Dừng đọc"
    qtbot.waitUntil(lambda: speech.media.playbackState() == QMediaPlayer.PlaybackState.PlayingState, timeout=10000)
    wav = Path(speech.media.source().toLocalFile())
    assert wav_seconds(wav) > 2 and wav_level_db(wav) > -35  # words, not silence
    tap(guide.buttons["listen"])
    assert not speech.playing and guide.buttons["listen"].text() == "Nghe hướng dẫn"
    tap(guide.buttons["no"])  # the checklist page is read, not the hidden step
    assert guide.spoken_text().startswith("Đăng ký tài khoản mức 2 tại Công an xã\n")
    assert "Thẻ căn cước gắn chip" in guide.spoken_text() and "•" not in guide.spoken_text()


@pytest.mark.expected_log_warnings
def test_without_espeak_the_guide_says_so_and_stays_usable(qtbot, make_shell, write_config, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # espeak-ng cannot be found
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", "1366x768")
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    assert shell.practice.portal is not None
    shell.begin_session()
    open_portal(qtbot, shell)
    guide = shell.browser.guide
    tap(guide.buttons["listen"])
    qtbot.waitUntil(guide.listen_notice.isVisible, timeout=5000)
    assert guide.listen_notice.text().startswith("Máy chưa đọc được hướng dẫn")
    assert guide.buttons["listen"].text() == "Nghe hướng dẫn"
    tap(guide.buttons["yes"])
    assert guide.title.text() == "Kích hoạt tài khoản trong ứng dụng VNeID"


@pytest.mark.parametrize("size", ["1366x768", "1920x1080"])
def test_nothing_of_the_step_is_cut_at_either_screen_size(qtbot, make_shell, write_config, size):
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", size)
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    assert shell.practice.portal is not None
    shell.begin_session()
    open_portal(qtbot, shell)
    guide = shell.browser.guide
    for step in (0, 4, 6):
        guide.choose(step)
        qtbot.wait(50)
        for name, action in guide.buttons.items():
            if action.isVisibleTo(guide):
                assert action.width() >= action.sizeHint().width(), f"{name} is cut at step {step + 1}"
                assert action.mapTo(guide, action.rect().bottomLeft()).y() <= guide.height()
        for part in (guide.title, guide.text, guide.needs):
            if part.isVisibleTo(guide):
                assert part.height() >= part.heightForWidth(part.width()), f"step {step + 1}: text cut"
        assert guide.steps.height() >= 2 * guide.steps.fontMetrics().height()  # some of the list stays in sight


def test_a_procedure_with_a_fee_takes_the_guide_through_payment_by_itself(qtbot, make_shell, write_config):
    shell = make_shell(write_config(), "--practice")
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    assert shell.practice.portal is not None
    shell.begin_session()
    view = open_portal(qtbot, shell)
    guide = shell.browser.guide
    steps = []
    guide.step_changed.connect(steps.append)
    log_in_with_practice_phone(qtbot, view)
    click(qtbot, view, 'a[href*="TH.HT.05"]')  # Xác nhận tình trạng hôn nhân: 15.000 đồng
    wait_js(qtbot, view, "document.getElementById('submit-online')")
    click(qtbot, view, "#submit-online")
    wait_js(qtbot, view, "document.getElementById('dossier-form')")
    fill_marital_status_form(qtbot, view)
    click(qtbot, view, "#form-next")
    wait_js(qtbot, view, "document.getElementById('attach-form')")
    click(qtbot, view, "#attach-next")
    wait_js(qtbot, view, "document.getElementById('paid')")
    assert guide.title.text() == "Nộp phí, lệ phí"
    click(qtbot, view, "#paid")
    wait_js(qtbot, view, "document.getElementById('submit-dossier')")
    click(qtbot, view, "#submit-dossier")
    wait_js(qtbot, view, "document.getElementById('dossier-code')")
    walked = [step for index, step in enumerate(steps) if index == 0 or step != steps[index - 1]]
    assert walked[-6:] == ["login", "procedure", "form", "attach", "payment", "submit"]
    assert guide.steps.currentRow() == 9  # "10. Nộp hồ sơ và giữ mã hồ sơ", no button touched in the guide


CHECKLIST_QR = {
    "vi": "Đăng ký tài khoản mức 2 tại Công an xã\nThẻ căn cước gắn chip (bản gốc)\n"
          "Số điện thoại chính chủ đang dùng\nĐiện thoại thông minh (nếu có)",
    "en": "Register a level-2 account at the commune police\nYour chip ID card (the original)\n"
          "A phone number registered in your name\nA smartphone (if you have one)",
}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("size", ["1366x768", "1920x1080"])
def test_every_step_and_the_police_checklist_are_laid_out_and_its_qr_code_reads(qtbot, make_shell, write_config,
                                                                                  size, language):
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", size, "--lang", language)
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    shell.begin_session()
    open_portal(qtbot, shell)
    window, guide = shell.window, shell.browser.guide
    tap(guide.buttons["yes"])
    for step in range(1, 11):  # "Tiếp ›" through the journey: every step's texts and buttons whole
        qtbot.waitUntil(lambda step=step: guide.steps.currentRow() == step, timeout=5000)
        layout.assert_laid_out(qtbot, window, f"step {step + 1}")
        if step < 10:
            tap(guide.buttons["next"])
    for _ in range(10):
        tap(guide.buttons["back"])
    qtbot.waitUntil(guide.buttons["no"].isVisible, timeout=5000)
    tap(guide.buttons["no"])
    qtbot.waitUntil(guide.no_title.isVisible, timeout=5000)
    layout.assert_laid_out(qtbot, window, "Chưa có")
    assert layout.decoded_qr_codes(window) == [CHECKLIST_QR[language]]
    assert not guide.scroller.verticalScrollBar().isVisible()  # all of it in sight, no swipe needed
    tap(guide.buttons["steps"])  # the way back to the steps
    qtbot.waitUntil(lambda: not guide.showing_account and guide.title.isVisible(), timeout=5000)
    assert guide.steps.isVisible()
    layout.assert_laid_out(qtbot, window, "back at the first step")


@pytest.mark.parametrize("size", ["1366x768", "1920x1080"])
def test_with_the_keyboard_up_no_text_of_the_guide_is_cut(qtbot, make_shell, write_config, size):
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", size)
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    shell.begin_session()
    view = open_portal(qtbot, shell)
    window, guide = shell.window, shell.browser.guide
    click(qtbot, view, "#keyword")  # the portal's search box: the on-screen keyboard comes up
    wait_shown(qtbot, window.keyboard)
    layout.assert_laid_out(qtbot, window, "step 1, keyboard up")
    click(qtbot, view, "nav a[href*='dvc-tthc-category']")
    qtbot.waitUntil(lambda: guide.title.text() == "Tìm thủ tục", timeout=10_000)
    click(qtbot, view, "#keyword")
    wait_shown(qtbot, window.keyboard)
    layout.assert_laid_out(qtbot, window, "step 5, keyboard up")


def practice_portal(qtbot, make_shell, write_config):
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", "1366x768")
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    shell.begin_session()
    return shell, open_portal(qtbot, shell)


def test_after_logging_in_the_guide_moves_on_to_finding_the_procedure(qtbot, make_shell, write_config):
    shell, view = practice_portal(qtbot, make_shell, write_config)
    guide = shell.browser.guide
    log_in_with_practice_phone(qtbot, view)  # from the portal's home page, back to it logged in
    qtbot.waitUntil(lambda: guide.title.text() == "Tìm thủ tục", timeout=10_000)  # step 5, not still "log in"


def test_a_login_another_page_asked_for_is_the_login_step_not_that_page(qtbot, make_shell, write_config):
    shell, view = practice_portal(qtbot, make_shell, write_config)
    guide = shell.browser.guide
    click(qtbot, view, 'nav a[href*="quan-ly-ho-so"]')  # "Quản lý hồ sơ cá nhân" while logged out
    wait_js(qtbot, view, "document.getElementById('login-vneid')")  # the login page, ?next=…quan-ly-ho-so…
    qtbot.waitUntil(lambda: guide.title.text() == "Đăng nhập bằng mã QR", timeout=10_000)
    assert guide.steps.currentRow() == 3  # step 4, not step 11 "Theo dõi hồ sơ" named in the address


@pytest.mark.parametrize("size", ["1366x768", "1920x1080"])
def test_at_every_a_plus_step_the_portal_reflows_beside_the_guide(qtbot, make_shell, write_config, size):
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", size)
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    shell.begin_session()
    view = open_portal(qtbot, shell)
    window = shell.window
    for _ in range(5):  # A+ up to twice the size
        zoom = view.zoomFactor()
        tap(shell.browser.toolbar_buttons["zoom_in"])
        qtbot.waitUntil(lambda zoom=zoom: view.zoomFactor() > zoom, timeout=5000)
        # No sideways scrolling: the page's width is the view's (a citizen never finds what lies to the right).
        wait_js(qtbot, view, "document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        layout.assert_laid_out(qtbot, window, f"A+ at {view.zoomFactor():.2f}")
    assert view.zoomFactor() == 2.0
