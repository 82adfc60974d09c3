"""The on-screen keyboard in the real kiosk: Vietnamese typed by taps into a kiosk field and into a portal field,
the field kept in sight above the keyboard, the keyboard gone when the field is left, taps counted as activity."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from kiosk.lifecycle import Phase
from kiosk.session_documents import list_documents
from tests.finger import tap
from tests.journeys import birth_registration_form, scan_one_a4_page
from tests.keyboard import _centre as centre
from tests.keyboard import _labels as labels
from tests.keyboard import _shown as shown
from tests.keyboard import in_band, type_on_keyboard, wait_shown
from tests.web import click, js, wait_js
from ui.keyboard import enabled

FAST_SCANNER = '[scanner]\nsane_backends = []\na4_dpi = 100\n'


def keyboard_top(shell) -> int:
    """The keyboard's top edge in the kiosk window's coordinates."""
    return shell.window.keyboard.mapTo(shell.window, QPoint(0, 0)).y()


def test_the_kiosk_and_its_tests_use_the_vietnamese_keyboard(qtbot, make_shell, write_config):
    assert enabled()
    shell = make_shell(write_config(), "--windowed", "--size", "1366x768")
    qtbot.waitUntil(lambda: shell.window.keyboard.loaded)  # loaded just after the window's first paint
    panel = shell.window.keyboard
    assert panel.loaded and not panel.isVisible()
    # Keys a finger hits: the band is at most 45 % of the window's height, and the whole keyboard fits in it.
    assert 280 <= panel.height() <= 0.45 * 768
    (keys,) = [item for item in panel.rootObject().childItems() if item.metaObject().className().startswith("InputPanel")]
    assert keys.height() <= panel.height() and keys.width() < 1366


def test_a_document_named_in_vietnamese_on_the_keyboard(qtbot, make_shell, write_config, clock):
    shell = make_shell(write_config(FAST_SCANNER), "--practice")
    review = scan_one_a4_page(qtbot, shell)
    assert not QGuiApplication.inputMethod().isVisible()  # nothing typed yet: no keyboard in the way
    field = review.name.lineEdit()
    tap(field)
    wait_shown(qtbot, shell.window.keyboard)
    # The screen moved up above the keyboard: the field sits above it, not under it.
    qtbot.waitUntil(lambda: field.mapTo(shell.window, QPoint(0, field.height())).y() <= keyboard_top(shell))
    assert shell.window.geometry().size() == shell.window.screen().geometry().size()  # the window did not grow
    field.selectAll()
    almost_idle = shell.lifecycle.idle_timeout_s - 1
    clock.now += almost_idle
    type_on_keyboard(qtbot, shell.window.keyboard, "Giấy xác nhận cư trú")
    assert review.name.currentText() == "Giấy xác nhận cư trú"
    # Only the keyboard was touched since the field: those taps restarted the idle clock.
    clock.now += almost_idle
    shell.lifecycle.tick(clock.now)
    assert shell.lifecycle.phase is Phase.ACTIVE
    with qtbot.waitSignal(review.text_layer_done, timeout=60_000):  # OCR runs after filing, off the GUI thread
        tap(review.buttons["save"])
        qtbot.waitUntil(lambda: shell.current is shell.start, timeout=30_000)
    qtbot.waitUntil(lambda: not shell.window.keyboard.isVisible())
    (document,) = list_documents(shell.lifecycle.session.directory)
    assert document.name == "Giấy xác nhận cư trú.pdf"


def test_typing_vietnamese_into_the_portal_form(qtbot, make_shell, write_config):
    shell = make_shell(write_config(), "--practice")
    view = birth_registration_form(qtbot, shell)
    assert shell.practice.portal is not None
    click(qtbot, view, "#noi_sinh")
    wait_shown(qtbot, shell.window.keyboard)
    # The page scrolled the field into the part of the view the keyboard leaves free.
    zoom = view.zoomFactor()

    def field_in_sight() -> bool:
        top = view.mapTo(shell.window, QPoint(0, 0)).y()
        box = js(qtbot, view, "(() => { const r = document.getElementById('noi_sinh').getBoundingClientRect();"
                              " return [r.top, r.bottom]; })()")
        return bool(box) and box[0] >= 0 and top + box[1] * zoom <= keyboard_top(shell)

    qtbot.waitUntil(field_in_sight, timeout=5000)
    type_on_keyboard(qtbot, shell.window.keyboard, "Trạm y tế xã Bản Phố")
    wait_js(qtbot, view, "document.getElementById('noi_sinh').value === 'Trạm y tế xã Bản Phố'")


def test_the_keyboard_comes_up_on_a_portal_field_of_a_kiosk_configured_with_staff_pins(qtbot, make_shell,
                                                                                      write_config):
    """Trap 0 of issue 20: with the PINs set (no technician banner) the keyboard never came up on a web field."""
    from kiosk.admin_pin import hash_pin

    config = write_config(f'[admin]\nofficer_pin_hash = "{hash_pin("1357")}"\n'
                          f'technician_pin_hash = "{hash_pin("246810")}"\n')
    shell = make_shell(config, "--practice", "--windowed", "--size", "1366x768")
    assert not shell.window.technician_banner.isVisible()
    view = birth_registration_form(qtbot, shell)
    click(qtbot, view, "#noi_sinh")
    wait_shown(qtbot, shell.window.keyboard)
    type_on_keyboard(qtbot, shell.window.keyboard, "Trạm y tế")
    wait_js(qtbot, view, "document.getElementById('noi_sinh').value === 'Trạm y tế'")


@pytest.mark.parametrize("size", ["1366x768", "1920x1080"])
def test_every_vowel_s_accented_letters_show_inside_the_keyboard_band(qtbot, make_shell, write_config, size):
    """Issue 20, trap 1: a long press on e, i, o, u, y showed the accents clipped to a strip above the band."""
    shell = make_shell(write_config(FAST_SCANNER), "--practice", "--windowed", "--size", size)
    qtbot.waitUntil(lambda: shell.window.keyboard.loaded)
    review = scan_one_a4_page(qtbot, shell)  # any kiosk field will do: the review's document name
    tap(review.name.lineEdit())
    panel = shell.window.keyboard
    wait_shown(qtbot, panel)
    for vowel, accented in (("e", "ễ"), ("i", "ị"), ("o", "ờ"), ("u", "ử"), ("y", "ỹ"), ("a", "ậ"), ("d", "đ")):
        (key,) = [item for item in shown(panel, "Key_") if item.property("text") == vowel]
        QTest.mousePress(panel, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre(key))
        qtbot.waitUntil(lambda wanted=accented: bool(labels(panel, wanted)), timeout=5000)
        popup = [item for item in shown(panel, "QQuickText") if len(item.property("text") or "") == 1
                 and item.mapRectToScene(item.boundingRect()).bottom() < key.mapRectToScene(key.boundingRect()).top()]
        assert popup and all(in_band(panel, item) for item in popup), vowel
        QTest.mouseRelease(panel, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre(key))
        qtbot.wait(50)
