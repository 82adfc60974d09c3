"""Vietnamese on an ordinary keyboard (issue 20, trap 10): Telex and VNI in a kiosk field and in a portal field,
keys delivered to the kiosk's QWindow as the platform delivers them; the on-screen keyboard is not touched."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.lifecycle import Phase
from tests.finger import Finger, tap
from tests.journeys import birth_registration_form, scan_one_a4_page
from tests.keyboard import type_on_physical_keyboard
from tests.web import click, js, wait_js

FAST_SCANNER = '[scanner]\nsane_backends = []\na4_dpi = 100\n'


def review_name_field(qtbot, shell):
    field = scan_one_a4_page(qtbot, shell).name.lineEdit()
    tap(field)
    field.selectAll()
    return field


@pytest.mark.parametrize(("method", "keys"), [("telex", "Nguyeenx Thij Hoofng"), ("vni", "Nguye6n4 Thi5 Ho6ng2")])
def test_a_name_typed_on_the_keyboard_in_a_kiosk_field(qtbot, make_shell, write_config, clock, method, keys):
    shell = make_shell(write_config(FAST_SCANNER + f'[ui]\naccent_typing = "{method}"\n'), "--practice",
                       "--windowed", "--size", "1366x768")
    field = review_name_field(qtbot, shell)
    window = shell.window.windowHandle()
    almost = shell.lifecycle.idle_timeout_s - 1
    clock.advance(almost)
    type_on_physical_keyboard(window, keys)
    assert field.text() == "Nguyễn Thị Hồng"
    clock.advance(almost)
    shell.tick()
    assert shell.lifecycle.phase is Phase.ACTIVE  # the keys, replaced or not, were activity
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):  # Backspace takes one letter, as it should
        QApplication.sendEvent(window, QKeyEvent(kind, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier))
    type_on_physical_keyboard(window, "g")
    assert field.text() == "Nguyễn Thị Hồng"


def test_the_switch_beside_the_field_goes_telex_vni_off(qtbot, make_shell, write_config):
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    shell = make_shell(write_config(FAST_SCANNER), "--practice", "--windowed", "--size", "1366x768")
    field = review_name_field(qtbot, shell)
    switch = shell.window.findChild(QWidget, "AccentSwitch")
    qtbot.waitUntil(switch.isVisible)
    assert switch.text() == "Gõ dấu: Telex"
    assert switch.geometry().bottom() < shell.window.height() and switch.geometry().right() < shell.window.width()
    window = shell.window.windowHandle()
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     switch.mapTo(shell.window, QPoint(switch.width() // 2, switch.height() // 2)))
    assert switch.text() == "Gõ dấu: VNI" and field.hasFocus()
    type_on_physical_keyboard(window, "Ho6ng2")
    assert field.text() == "Hồng"


def test_marks_off_types_the_keys(qtbot, make_shell, write_config):
    shell = make_shell(write_config(FAST_SCANNER + '[ui]\naccent_typing = "off"\n'), "--practice")
    field = review_name_field(qtbot, shell)
    type_on_physical_keyboard(shell.window.windowHandle(), "Nguyeenx")
    assert field.text() == "Nguyeenx"


def test_an_address_in_telex_in_the_portal_form_and_the_phone_left_as_typed(qtbot, make_shell, write_config):
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", "1920x1080")
    view = birth_registration_form(qtbot, shell)
    window = shell.window.windowHandle()
    click(qtbot, view, "#dia_chi")
    type_on_physical_keyboard(window, "Thoon 1, xax Bawcs Haf")
    wait_js(qtbot, view, "document.getElementById('dia_chi').value === 'Thôn 1, xã Bắc Hà'")
    click(qtbot, view, "#dien_thoai")
    type_on_physical_keyboard(window, "0912345678")
    wait_js(qtbot, view, "document.getElementById('dien_thoai').value === '0912345678'")
    assert js(qtbot, view, "document.getElementById('dia_chi').value") == "Thôn 1, xã Bắc Hà"


def test_typing_goes_on_after_a_backspace_and_after_a_tap_at_a_word_s_end(qtbot, make_shell, write_config):
    """Issue 20: Backspace ended the word, so "Nguyeen", Backspace, "nx" gave "Nguyênx"; a mark forgotten could not
    be added later by tapping after the word."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    shell = make_shell(write_config(FAST_SCANNER), "--practice", "--windowed", "--size", "1366x768")
    field = review_name_field(qtbot, shell)
    window = shell.window.windowHandle()
    type_on_physical_keyboard(window, "Nguyeen")
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(window, QKeyEvent(kind, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier))
    type_on_physical_keyboard(window, "nx Van")
    assert field.text() == "Nguyễn Van"
    end = field.mapTo(shell.window, QPoint(field.width() - 8, field.height() // 2))  # a tap after the last word
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    type_on_physical_keyboard(window, "w")
    assert field.text() == "Nguyễn Văn"
    after_v = len("Nguyễn V")  # a tap between "V" and "ăn": a new word, the key inserted as it is
    x = next(x for x in range(field.width()) if field.cursorPositionAt(QPoint(x, field.height() // 2)) == after_v)
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     field.mapTo(shell.window, QPoint(x + 1, field.height() // 2)))
    assert field.cursorPosition() == after_v
    type_on_physical_keyboard(window, "s")
    assert field.text() == "Nguyễn Vsăn"


def test_a_mark_added_to_a_portal_field_s_last_word_after_a_tap(qtbot, make_shell, write_config):
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", "1366x768")
    view = birth_registration_form(qtbot, shell)
    window = shell.window.windowHandle()
    click(qtbot, view, "#dia_chi")
    type_on_physical_keyboard(window, "Thon")
    wait_js(qtbot, view, "document.getElementById('dia_chi').value === 'Thon'")
    finger = Finger(qtbot, shell.window)  # taps as the platform delivers them, through the kiosk's QWindow
    finger.tap_web(view, "#noi_sinh")  # elsewhere, then back: a tap in the field, past its text
    finger.tap_web(view, "#dia_chi")
    wait_js(qtbot, view, "document.activeElement === document.getElementById('dia_chi')")
    type_on_physical_keyboard(window, "o")
    wait_js(qtbot, view, "document.getElementById('dia_chi').value === 'Thôn'")
