"""The kiosk shell in a real window under Xvfb: lockdown, idle countdown, admin PIN, language."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QKeySequence, QShortcut, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

import kiosk
from kiosk.admin_pin import hash_pin
from kiosk.lifecycle import Phase

TECH_PIN = "482913"
OFFICER_PIN = "1357"
PINS = f'[admin]\ntechnician_pin_hash = "{hash_pin(TECH_PIN)}"\nofficer_pin_hash = "{hash_pin(OFFICER_PIN)}"\n'

Key = Qt.Key
Mod = Qt.KeyboardModifier
ESCAPES = [
    (Key.Key_F4, Mod.AltModifier),
    (Key.Key_W, Mod.ControlModifier),
    (Key.Key_Q, Mod.ControlModifier),
    (Key.Key_N, Mod.ControlModifier),
    (Key.Key_T, Mod.ControlModifier),
    (Key.Key_F11, Mod.NoModifier),
    (Key.Key_Escape, Mod.NoModifier),
    (Key.Key_P, Mod.ControlModifier),
    (Key.Key_F5, Mod.NoModifier),
]


@pytest.fixture
def shell(make_shell, write_config):
    return make_shell(write_config(PINS))


def start_session(qtbot, shell):
    qtbot.mouseClick(shell.attract, Qt.MouseButton.LeftButton, pos=QPoint(900, 600))
    assert shell.current is shell.start
    return shell.lifecycle.session


@pytest.mark.parametrize(("key", "modifier"), ESCAPES, ids=lambda v: getattr(v, "name", str(v)))
def test_escape_keys_leave_the_window_up(qtbot, shell, key, modifier):
    start_session(qtbot, shell)
    # A shortcut on the same keys stands for what a browser view or the OS would do with them.
    reached = []
    shortcut = QShortcut(QKeySequence(key | modifier), shell.window)
    shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
    shortcut.activated.connect(lambda: reached.append(True))
    closed = []
    QApplication.instance().aboutToQuit.connect(lambda: closed.append(True))
    # Keys arrive at the window as the platform delivers them (QTest's QWindow overload).
    QTest.keyClick(shell.window.windowHandle(), key, modifier)
    QTest.keyClick(shell.window.windowHandle(), key, modifier)
    qtbot.wait(50)
    assert shell.window.isVisible()
    assert shell.window.isFullScreen()
    assert shell.current is shell.start
    assert closed == []
    assert reached == []


def test_close_requests_are_refused(qtbot, shell):
    assert shell.window.close() is False
    QApplication.closeAllWindows()
    qtbot.wait(50)
    assert shell.window.isVisible()


def test_minimising_comes_back_fullscreen(qtbot, shell):
    shell.window.showMinimized()
    qtbot.waitUntil(lambda: shell.window.isFullScreen() and not shell.window.isMinimized())


def test_right_clicks_and_context_menus_are_swallowed(qtbot, shell):
    seen = []
    shell.start.contextMenuEvent = seen.append
    shell.start.mousePressEvent = seen.append
    start_session(qtbot, shell)
    QTest.mouseClick(shell.window.windowHandle(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(900, 700))
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(10, 10), QPoint(10, 10))
    QApplication.sendEvent(shell.window.windowHandle(), event)
    qtbot.wait(50)
    assert seen == []


class WheelRecorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = []

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget):
            self.seen.append(event.modifiers())
        return False


def test_ctrl_wheel_does_not_reach_the_screens(qtbot, shell):
    start_session(qtbot, shell)
    recorder = WheelRecorder()
    QApplication.instance().installEventFilter(recorder)  # no QtWebEngine in this test: safe here
    try:
        window = shell.window.windowHandle()
        for modifiers in (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.NoModifier):
            wheel = QWheelEvent(QPointF(900, 700), QPointF(900, 700), QPoint(0, 0), QPoint(0, 120),
                                Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False)
            QApplication.sendEvent(window, wheel)
    finally:
        QApplication.instance().removeEventFilter(recorder)
    assert set(recorder.seen) == {Qt.KeyboardModifier.NoModifier}


def test_idle_countdown_appears_and_ends_the_session(qtbot, shell, clock):
    session = start_session(qtbot, shell)
    (session.directory / "scan.pdf").write_bytes(b"%PDF-1.7 citizen scan")
    clock.advance(shell.config.session.idle_timeout_s - 1)
    qtbot.wait(400)
    assert shell.current is shell.start
    clock.advance(1)
    qtbot.waitUntil(lambda: shell.current is shell.idle_warning, timeout=2000)
    assert shell.idle_warning.countdown.text() == f"{shell.config.session.warning_countdown_s} giây"
    clock.advance(10)
    qtbot.waitUntil(lambda: shell.idle_warning.countdown.text() == "20 giây", timeout=2000)
    clock.advance(20)
    qtbot.waitUntil(lambda: shell.current is shell.attract, timeout=2000)
    assert shell.lifecycle.phase is Phase.ATTRACT
    assert session.end_reason == "timeout"
    assert not session.directory.exists()


def test_still_here_keeps_the_session(qtbot, shell, clock):
    session = start_session(qtbot, shell)
    shell.open_choice("track")
    clock.advance(shell.config.session.idle_timeout_s)
    qtbot.waitUntil(lambda: shell.current is shell.idle_warning, timeout=2000)
    qtbot.mouseClick(shell.idle_warning.stay, Qt.MouseButton.LeftButton)
    assert shell.current is shell.tracking.screen
    clock.advance(shell.config.session.warning_countdown_s + 1)
    qtbot.wait(400)
    assert shell.current is shell.tracking.screen
    assert session.directory.exists()


def test_touches_keep_the_session_alive(qtbot, shell, clock):
    start_session(qtbot, shell)
    for _ in range(3):
        clock.advance(shell.config.session.idle_timeout_s - 10)
        QTest.mouseClick(shell.window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         shell.start.title.mapTo(shell.window, QPoint(5, 5)))
    qtbot.wait(400)
    assert shell.current is shell.start


def test_every_start_choice_has_its_own_screen_and_none_is_a_coming_soon_page(qtbot, shell):
    start_session(qtbot, shell)
    assert set(shell.start.tiles) == {"submit", "videos", "scan", "track", "help"}
    qtbot.mouseClick(shell.start.tiles["track"], Qt.MouseButton.LeftButton)  # the others: their own tests
    assert shell.current is shell.tracking.screen
    assert shell.tracking.screen.title.text() == shell.start.tiles["track"].title.text()
    qtbot.mouseClick(shell.tracking.screen.back, Qt.MouseButton.LeftButton)
    assert shell.current is shell.start
    catalogue = Path(kiosk.__file__).with_name("locale") / "vi" / "LC_MESSAGES" / "kiosk.po"
    assert "đang được hoàn thiện" not in catalogue.read_text(encoding="utf-8")  # no "coming soon" page is left


def test_finish_wipes_then_asks_the_survey_then_returns_to_attract(qtbot, shell):
    session = start_session(qtbot, shell)
    qtbot.mouseClick(shell.start.finish, Qt.MouseButton.LeftButton)
    assert not session.directory.exists()  # wiped before the survey is even shown
    skip_survey(qtbot, shell)
    assert shell.current is shell.attract


def tap_corner(shell, times=5):
    for _ in range(times):
        QTest.mouseClick(shell.window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(5, 5))


def enter_pin(qtbot, shell, pin):
    for digit in pin:
        qtbot.mouseClick(shell.pin_pad.digit_buttons[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(shell.pin_pad.ok, Qt.MouseButton.LeftButton)


def skip_survey(qtbot, shell):
    """After a session the survey comes first; "Bỏ qua" leads to the attract screen."""
    assert shell.current is shell.officer.survey
    qtbot.mouseClick(shell.officer.survey.skip, Qt.MouseButton.LeftButton)


def test_corner_taps_on_attract_do_not_start_a_session(shell):
    tap_corner(shell, times=4)
    assert shell.current is shell.attract
    assert shell.lifecycle.phase is Phase.ATTRACT


def test_right_pin_opens_the_technician_menu_and_exit_works(qtbot, shell):
    session = start_session(qtbot, shell)
    tap_corner(shell)
    assert shell.current is shell.pin_pad
    enter_pin(qtbot, shell, TECH_PIN)
    assert shell.current is shell.admin_menu
    assert shell.admin_menu.exit.isVisibleTo(shell.admin_menu)
    qtbot.mouseClick(shell.admin_menu.exit, Qt.MouseButton.LeftButton)
    assert not shell.window.isVisible()
    assert not session.directory.exists()


def test_officer_menu_has_no_exit_and_can_end_the_session(qtbot, shell):
    session = start_session(qtbot, shell)
    tap_corner(shell)
    enter_pin(qtbot, shell, OFFICER_PIN)
    assert shell.current is shell.admin_menu
    assert not shell.admin_menu.exit.isVisibleTo(shell.admin_menu)
    qtbot.mouseClick(shell.admin_menu.end_session, Qt.MouseButton.LeftButton)
    assert not session.directory.exists()
    skip_survey(qtbot, shell)
    assert shell.current is shell.attract


@pytest.mark.expected_log_warnings
def test_five_wrong_pins_lock_the_pad(qtbot, shell):
    tap_corner(shell)
    assert shell.current is shell.pin_pad
    for attempt in range(1, 5):
        enter_pin(qtbot, shell, "0000")
        assert shell.pin_pad.message.text() == f"Sai mã PIN. Còn {5 - attempt} lần thử trước khi bị khoá."
    enter_pin(qtbot, shell, "0000")
    assert shell.pin_pad.message.text() == "Đã khoá vì nhập sai nhiều lần. Hãy thử lại sau 5 phút."
    enter_pin(qtbot, shell, TECH_PIN)
    assert shell.current is shell.pin_pad
    qtbot.mouseClick(shell.pin_pad.cancel, Qt.MouseButton.LeftButton)
    assert shell.current is shell.attract


def test_pin_pad_gives_up_after_a_minute_without_input(qtbot, shell):
    shell._admin_idle.setInterval(100)
    tap_corner(shell)
    assert shell.current is shell.pin_pad
    qtbot.waitUntil(lambda: shell.current is shell.attract, timeout=2000)


def test_language_switch_and_reset_at_session_end(qtbot, shell):
    start_session(qtbot, shell)
    qtbot.mouseClick(shell.start.languages["en"], Qt.MouseButton.LeftButton)
    assert shell.start.title.text() == "What would you like to do?"
    assert shell.start.tiles["help"].title.text() == "Call an officer"
    qtbot.mouseClick(shell.start.finish, Qt.MouseButton.LeftButton)
    assert shell.officer.survey.title.text() == "How was the self-service kiosk today?"  # still the citizen's
    skip_survey(qtbot, shell)
    assert shell.attract.cta.text() == "Chạm vào màn hình để bắt đầu"


def test_the_lang_option_is_the_kiosk_s_language_and_each_session_starts_in_it(qtbot, make_shell, write_config):
    shell = make_shell(write_config(PINS + '[ui]\nlanguage = "vi"\n'), "--lang", "en")
    assert shell.attract.cta.text() == "Touch the screen to start"
    start_session(qtbot, shell)
    assert shell.start.title.text() == "What would you like to do?"
    qtbot.mouseClick(shell.start.languages["vi"], Qt.MouseButton.LeftButton)  # this citizen reads Vietnamese
    qtbot.mouseClick(shell.start.finish, Qt.MouseButton.LeftButton)
    skip_survey(qtbot, shell)
    assert shell.attract.cta.text() == "Touch the screen to start"  # the next citizen gets the kiosk's language


def test_no_pin_configured_shows_a_technician_banner(make_shell, write_config):
    shell = make_shell(write_config())
    assert shell.window.technician_banner.isVisible()
    assert "chưa đặt mã PIN" in shell.window.technician_banner.text()
    tap_corner(shell)
    assert "kiosk admin hash-pin" in shell.pin_pad.message.text()


def test_practice_mode_labels_every_screen_and_has_all_its_parts(qtbot, make_shell, write_config):
    shell = make_shell(write_config(PINS), "--practice")
    assert shell.window.practice_banner.text() == "BẢN TẬP HUẤN — không phải Cổng Dịch vụ công thật"
    start_session(qtbot, shell)
    assert shell.window.practice_banner.isVisible()
    assert not shell.start.notice.isVisible()  # the practice portal and the SANE test scanner are both here
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    assert shell.practice.portal is not None and shell.practice.error is None
    session = shell.lifecycle.session
    store = shell.practice.portal.context.store
    assert store is not None and store.folder == session.directory / "practice-portal"
    import requests

    home = requests.get(shell.practice.portal.home_url, timeout=10)
    assert "BẢN TẬP HUẤN" in home.text
    qtbot.mouseClick(shell.start.finish, Qt.MouseButton.LeftButton)
    assert shell.practice.portal.context.store is None
    assert not session.directory.exists()


@pytest.mark.parametrize(
    ("body", "count"),
    [('[ui]\nlangauge = "en"\n', 1), ('[ui]\nlanguage = 5\nhide_cursor = "no"\n', 2)],
)
def test_bad_config_starts_on_defaults_with_a_banner(qtbot, make_shell, write_config, body, count):
    shell = make_shell(write_config(PINS + body))
    assert shell.current is shell.attract
    assert shell.config.ui.language == "vi"
    assert shell.window.technician_banner.text().startswith(f"Kỹ thuật viên: tệp cấu hình có {count} lỗi")
    tap_corner(shell)
    enter_pin(qtbot, shell, TECH_PIN)
    assert shell.admin_menu.problems.text().count("kiosk.toml:") == count


def test_screens_fit_1366x768_with_both_banners(make_shell, write_config):
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", "1366x768")
    assert shell.window.technician_banner.isVisible() and shell.window.practice_banner.isVisible()
    hint = shell.window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768, hint


def test_help_tile_calls_an_officer_without_leaving_the_screen(qtbot, shell):
    start_session(qtbot, shell)
    qtbot.mouseClick(shell.start.tiles["help"], Qt.MouseButton.LeftButton)
    assert shell.current is shell.start
    assert shell.window.officer_bar.isVisible()
    assert shell.window.officer_bar.text.text().startswith("Cán bộ sẽ đến ngay")


def test_the_scan_screen_calls_an_officer_and_goes_back_to_the_start(qtbot, shell):
    start_session(qtbot, shell)
    qtbot.mouseClick(shell.start.tiles["scan"], Qt.MouseButton.LeftButton)
    scan = shell.scanning.flow.scan
    assert shell.current is scan and scan.help.isVisible()
    qtbot.mouseClick(scan.help, Qt.MouseButton.LeftButton)
    assert shell.current is scan and shell.window.officer_bar.isVisible()
    qtbot.mouseClick(scan.buttons["back"], Qt.MouseButton.LeftButton)
    assert shell.current is shell.start
