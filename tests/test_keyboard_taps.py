"""Issue 20, traps 0 and 7: a production-style kiosk's keyboard comes up on a tapped web field, and the portal's
dossier form is filled by taps alone, with real X input (xdotool, the path a
touch screen's taps take) on a kiosk configured with staff PINs. The keyboard comes up on a tap, the ground does
not move under the finger (toolbar, banners and the fields in sight stay put; the view shrinks above the band),
dates and phone numbers get the digit layouts, and the hide key puts the keyboard away while the field keeps its
focus."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication

from kiosk.admin_pin import hash_pin
from tests.keyboard import keys_shown, wait_shown, x_tap, x_tap_hide_key, x_tap_keys
from tests.test_portal_browser import open_portal
from tests.web import Site, centre, js, open_birth_registration, wait_js

PINS = f'[admin]\nofficer_pin_hash = "{hash_pin("1357")}"\ntechnician_pin_hash = "{hash_pin("246810")}"\n'
LETTERS = set("qwertyuiopasdfghjklzxcvbnm")


def on_screen(widget) -> QRect:
    """Where a widget is on the screen, as a finger sees it."""
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def field_on_screen(qtbot, view, field: str) -> QRect:
    box = js(qtbot, view, f"(() => {{ const r = document.getElementById({json.dumps(field)})"
                          ".getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()")
    zoom = view.zoomFactor()
    left, top = view.mapToGlobal(QPoint(round(box[0] * zoom), round(box[1] * zoom))).toTuple()
    return QRect(left, top, round(box[2] * zoom), round(box[3] * zoom))


def settle(qtbot, view, field: str) -> QRect:
    """Where the field is once the page has stopped moving (the same place on three looks in a row)."""
    seen: list[QRect] = []

    def still() -> bool:
        seen.append(field_on_screen(qtbot, view, field))
        qtbot.wait(100)
        return len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]

    qtbot.waitUntil(still, timeout=10_000)
    return seen[-1]


def page_resized(qtbot, view) -> None:
    """Until the page knows the view's new height (the renderer hears of a resize a little later than Qt)."""
    qtbot.waitUntil(lambda: abs(js(qtbot, view, "innerHeight") * view.zoomFactor() - view.height()) <= 1,
                    timeout=5000)


def ground(shell) -> dict[str, QRect]:
    """What a finger aims at outside the page: the banners and the toolbar's buttons."""
    window = shell.window
    places = {f"button {name}": on_screen(button) for name, button in shell.browser.toolbar_buttons.items()}
    places["practice banner"] = on_screen(window.practice_banner)
    return places


def open_form(qtbot, shell):
    view = open_portal(qtbot, shell)
    open_birth_registration(qtbot, view)
    return view


@pytest.mark.parametrize("size", ["1366x768", "1920x1080"])
def test_a_date_and_a_phone_typed_by_taps_without_the_ground_moving(qtbot, make_shell, write_config, size):
    shell = make_shell(write_config(PINS), "--practice", "--windowed", "--size", size)
    assert not shell.window.technician_banner.isVisible()  # a production-style config: PINs set, no banner
    qtbot.waitUntil(lambda: shell.practice.started and shell.window.keyboard.loaded, timeout=10_000)
    shell.begin_session()
    view = open_form(qtbot, shell)
    panel = shell.window.keyboard
    # The applicant's row "Ngày sinh | Số điện thoại" near the top of the page, where the finger will find it.
    js(qtbot, view, "(() => { const r = document.getElementById('so_dinh_danh').getBoundingClientRect();"
                    " window.scrollBy(0, r.top - 40); return true; })()")
    settle(qtbot, view, "ngay_sinh")
    assert field_on_screen(qtbot, view, "dien_thoai").bottom() < on_screen(view).bottom() - panel.height(), \
        "the test needs the date and phone fields where the keyboard will not cover them"
    before = ground(shell)
    date, phone = field_on_screen(qtbot, view, "ngay_sinh"), field_on_screen(qtbot, view, "dien_thoai")

    x_tap(view, view.mapFromGlobal(date.center()))
    wait_shown(qtbot, panel)
    band_top = on_screen(panel).top()
    qtbot.waitUntil(lambda: on_screen(view).bottom() < band_top, timeout=5000)  # the view shrank above the band
    page_resized(qtbot, view)  # the page has heard of its new height: anything that would move has moved
    assert ground(shell) == before
    assert settle(qtbot, view, "ngay_sinh") == date  # in sight, so not scrolled from under the finger
    assert field_on_screen(qtbot, view, "dien_thoai") == phone
    assert {"/", *"0123456789"} <= keys_shown(panel) and not LETTERS & keys_shown(panel), "no digit layout"
    x_tap_keys(qtbot, panel, "01/02/1958")
    wait_js(qtbot, view, "document.getElementById('ngay_sinh').value === '01/02/1958'")

    x_tap(view, view.mapFromGlobal(phone.center()))  # where the phone field was before the keyboard came
    wait_js(qtbot, view, "document.activeElement.id === 'dien_thoai'")
    qtbot.waitUntil(lambda: {"*", "#", *"0123456789"} <= keys_shown(panel), timeout=5000)  # the dial pad
    assert not LETTERS & keys_shown(panel)
    x_tap_keys(qtbot, panel, "0987654321")
    wait_js(qtbot, view, "document.getElementById('dien_thoai').value === '0987654321'")
    assert js(qtbot, view, "document.getElementById('ngay_sinh').value") == "01/02/1958"  # nothing strayed there
    assert ground(shell) == before


@pytest.mark.parametrize("size", ["1366x768", "1920x1080"])
def test_the_hide_key_hides_the_keyboard_while_the_field_keeps_its_focus(qtbot, make_shell, write_config, size):
    shell = make_shell(write_config(PINS), "--practice", "--windowed", "--size", size)
    qtbot.waitUntil(lambda: shell.practice.started and shell.window.keyboard.loaded, timeout=10_000)
    shell.begin_session()
    view = open_form(qtbot, shell)
    panel = shell.window.keyboard
    full = on_screen(view)
    for _ in range(3):  # trap 0: every tap on a field brings the keyboard, however often it was put away
        centre(qtbot, view, "#noi_sinh")  # scrolled into sight first
        x_tap(view, view.mapFromGlobal(settle(qtbot, view, "noi_sinh").center()))
        wait_shown(qtbot, panel)
        assert js(qtbot, view, "document.activeElement.id") == "noi_sinh"
        x_tap_hide_key(panel)
        qtbot.waitUntil(lambda: not panel.isVisible() and not QGuiApplication.inputMethod().isVisible(),
                        timeout=5000)
        qtbot.waitUntil(lambda: on_screen(view) == full, timeout=5000)  # the view has its height back
        page_resized(qtbot, view)
        qtbot.wait(300)
        assert not panel.isVisible(), "the keyboard came back by itself"
        assert js(qtbot, view, "document.activeElement.id") == "noi_sinh"  # the field kept its focus


@pytest.fixture
def plain_site():
    server = Site("127.0.0.1", {"/form.html": '<p>Họ và tên</p><input id="name" style="width:500px;height:60px">'})
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("flags", [(), ("--windowed", "--size", "1366x768")])
def test_the_keyboard_comes_up_on_a_kiosk_with_staff_pins_and_no_banner(qtbot, make_shell, write_config, plain_site,
                                                                        flags):
    """Trap 0: with the PINs set and the real portal (not practising) no banner shows, and the keyboard never
    loaded: it waited for the window's own first paint, which the screens covering it all never let happen."""
    config = write_config(f'{PINS}[portal]\nstart_url = "{plain_site.url}/form.html"\n'
                          'allowed_hosts = ["127.0.0.1"]\n')
    shell = make_shell(config, *flags)
    assert not shell.window.technician_banner.isVisible() and not shell.window.practice_banner.isVisible()
    shell.begin_session()
    tile = shell.start.tiles["submit"]
    x_tap(tile, tile.rect().center())
    qtbot.waitUntil(lambda: shell.current is shell.browser, timeout=10_000)
    view = shell.browser.browser.view
    wait_js(qtbot, view, "document.getElementById('name') && document.readyState === 'complete'")
    panel = shell.window.keyboard
    for _ in range(3):
        x_tap(view, view.mapFromGlobal(settle(qtbot, view, "name").center()))
        wait_shown(qtbot, panel)  # up to 10 s, as the issue waited
        assert js(qtbot, view, "document.activeElement.id") == "name"
        x_tap_hide_key(panel)
        qtbot.waitUntil(lambda: not panel.isVisible(), timeout=5000)
        page_resized(qtbot, view)
