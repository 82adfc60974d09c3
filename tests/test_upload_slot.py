"""The portal's upload slot names the document scanned for it: the kiosk reads the slot's label from the page when
its file picker opens, and offers it first on the review screen (real QtWebEngine, real taps on the window)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl

from kiosk.scanning.kinds import PaperKind
from tests.test_portal_browser import open_portal
from tests.web import Site, click, wait_js
from ui.confirm import ConfirmPanel

SLOTS = ('<div><label for="birth">Giấy chứng sinh</label><input type="file" id="birth"></div>'
         '<div class="card"><h2>Căn cước công dân của người đi đăng ký <span>*</span></h2>'
         '<p>Bản chụp hai mặt.</p><input type="file" id="card" style="width:400px;height:60px"></div>')


@pytest.fixture
def slots():
    server = Site("127.0.0.1", {"/slots.html": SLOTS})
    yield server
    server.shutdown()
    server.server_close()


def when_the_picker_waits(shell, act, named: bool = True) -> None:
    """Run `act()` once the attach panel answers the page's file picker (it runs a local event loop, so the test acts
    from a timer inside it) and, when `named`, once the page has said which slot asked (or that it cannot)."""
    panel = shell.browser.attach

    def check() -> None:
        if not panel.running or (named and getattr(shell.browser.attaching, "slot", None) == ""):
            QTimer.singleShot(50, check)
            return
        act()

    QTimer.singleShot(50, check)


def window_tap(widget):
    """A tap on the kiosk's window where the widget is (platform input, as a finger's)."""
    from PySide6.QtTest import QTest

    window = widget.window()
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     widget.mapTo(window, widget.rect().center()))


def test_a_scan_for_an_upload_slot_is_first_offered_that_slots_name(qtbot, make_shell, write_config, slots):
    shell = make_shell(write_config("[scanner]\nsane_backends = []\na4_dpi = 100\n"), "--practice",
                       "--windowed", "--size", "1366x768")
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    shell.begin_session()
    view = open_portal(qtbot, shell)
    view.load(QUrl(f"{slots.url}/slots.html"))
    wait_js(qtbot, view, "document.getElementById('card')")
    panel = shell.browser.attach
    seen = {}

    def scan_from_the_panel() -> None:
        window_tap(panel.scan)
        scan = shell.scanning.flow.scan
        window_tap(scan.tiles[PaperKind.A4])
        window_tap(scan.buttons["scan"])
        review = shell.scanning.flow.review
        qtbot.waitUntil(lambda: shell.current is review, timeout=30_000)
        seen["names"] = [review.name.itemText(i) for i in range(review.name.count())]
        seen["shown"] = review.name.currentText()
        window_tap(review.buttons["back"])  # the panel's "Huỷ" then answers the picker with nothing
        qtbot.waitUntil(lambda: ConfirmPanel.over(shell.window).isVisible(), timeout=5_000)
        window_tap(ConfirmPanel.over(shell.window).discard)
        qtbot.waitUntil(lambda: shell.browser.layers.currentWidget() is panel, timeout=10_000)
        window_tap(panel.cancel_button)

    when_the_picker_waits(shell, scan_from_the_panel)
    click(qtbot, view, "#card")
    qtbot.waitUntil(lambda: "shown" in seen and not panel.running, timeout=60_000)
    assert seen["shown"] == "Căn cước công dân của người đi đăng ký"
    assert seen["names"][1:] == [name for name in seen["names"][1:] if name != seen["shown"]]  # no repeat
    assert "Giấy tờ" in seen["names"]  # the generic names still follow


def test_a_slot_is_named_by_its_label_when_it_has_one(qtbot, make_shell, write_config, slots):
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", "1366x768")
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    shell.begin_session()
    view = open_portal(qtbot, shell)
    view.load(QUrl(f"{slots.url}/slots.html"))
    wait_js(qtbot, view, "document.getElementById('birth')")
    panel, seen = shell.browser.attach, {}

    def read_then_cancel() -> None:
        seen["slot"] = getattr(shell.browser.attaching, "slot", None)
        window_tap(panel.cancel_button)

    when_the_picker_waits(shell, read_then_cancel)
    click(qtbot, view, "#birth")
    qtbot.waitUntil(lambda: "slot" in seen and not panel.running, timeout=30_000)
    assert seen["slot"] == "Giấy chứng sinh"
