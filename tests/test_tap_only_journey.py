"""Issue 20's tap-only journey: a first-time citizen on a kiosk configured as in a commune (staff PINs set, no
technician banner), from the attract screen to the dossier code, by taps on the screen and keys of an ordinary
keyboard only (tests/finger.py delivers every one to the kiosk's QWindow), at 1366×768 and 1920×1080.

The child's name is typed by taps on the on-screen keyboard, accents by a long press and a slide; the dates and the
phone on the keyboard's digit layout; the address on the physical keyboard in Telex. The birth certificate is scanned
from the portal's upload slot and attached. A screenshot is taken at each step: into $TAP_JOURNEY_SHOTS when set
(`make screenshots` sets docs/screenshots), else into the test's temporary folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QListWidget
from pytestqt.exceptions import TimeoutError as WaitTimeout

from kiosk.admin_pin import hash_pin
from kiosk.scanning.kinds import PaperKind
from kiosk.stats.report import followups
from tests.finger import Finger
from tests.keyboard import _shown as shown
from tests.web import js, wait_js

CHILD = "Phạm Nguyễn Hồng Thương"  # ạ, ễ, ồ, ư and ơ, by taps
ADDRESS_TELEX = "Thoon 1, xax Bawcs Haf"
ADDRESS = "Thôn 1, xã Bắc Hà"
PHONE_FRAME = "#phone"


class Journey:
    """The citizen's finger on one kiosk, and the screenshots of what they saw."""

    def __init__(self, qtbot, shell, shots: Path, size: str) -> None:
        self.qtbot, self.shell, self.shots, self.size = qtbot, shell, shots, size
        self.finger = Finger(qtbot, shell.window)
        self.taken: list[Path] = []

    @property
    def view(self):
        return self.shell.browser.browser.view  # made when the portal first opens

    def shot(self, name: str) -> None:
        self.qtbot.wait(300)  # the last paint of what the finger changed
        path = self.shots / f"tap-journey-{name}-{self.size}.png"
        assert self.shell.window.grab().save(str(path))
        self.taken.append(path)

    def tap_page(self, selector: str, frame: str = "") -> None:
        self.finger.tap_web(self.view, selector, frame)

    def until_page(self, script: str, timeout: int = 20_000) -> None:
        wait_js(self.qtbot, self.view, script, timeout=timeout)

    def log_in(self) -> None:
        """Đăng nhập → VNeID → allow web login in the (practice) phone app → scan the QR → confirm."""
        self.tap_page("#login-link")
        self.until_page("document.getElementById('login-vneid')")
        self.tap_page("#login-vneid")
        phone = "document.getElementById('phone').contentDocument"
        self.until_page(f"{phone}.getElementById('phone-settings')")
        self.shot("2-login-qr")
        for button, next_one in (("#phone-settings", "web-login"), ("#web-login", "phone-save"),
                                 ("#phone-save", "phone-saved"), ("#phone-home", "phone-scan"),
                                 ("#phone-scan", "phone-confirm")):
            self.tap_page(button, PHONE_FRAME)
            self.until_page(f"{phone}.getElementById('{next_one}')")
        self.tap_page("#phone-confirm", PHONE_FRAME)
        self.until_page("document.getElementById('user-name')")

    def type_by_taps(self, field: str, text: str) -> None:
        self.tap_page(f"#{field}")
        self.until_page(f"document.activeElement === document.getElementById('{field}')")
        panel = self.shell.window.keyboard
        if not any(char.isalpha() for char in text):  # a date or a phone: the keyboard came up with its digits
            self.qtbot.waitUntil(lambda: panel.isVisible() and digit_layout(panel), timeout=10_000)
        self.finger.type_by_taps(panel, text)
        self.field_reads(field, text)

    def type_on_keys(self, field: str, keys: str, wanted: str) -> None:
        self.tap_page(f"#{field}")
        self.until_page(f"document.activeElement === document.getElementById('{field}')")
        self.finger.keys(keys)
        self.field_reads(field, wanted)

    def field_reads(self, field: str, wanted: str) -> None:
        value = f"document.getElementById('{field}').value"
        try:
            self.until_page(f"{value} === {json.dumps(wanted)}", timeout=10_000)
        except WaitTimeout:
            raise AssertionError(f"{field} reads {js(self.qtbot, self.view, value)!r}, not {wanted!r}") from None

    def scan_and_attach(self, slot: str) -> None:
        """Tap the upload slot; in the kiosk's own file picker: scan the paper, then attach the new document."""
        shell, finger = self.shell, self.finger
        panel = shell.browser.attach
        done: dict[str, object] = {}

        def in_the_picker() -> None:  # the picker runs its own event loop: the finger acts from inside it
            if not panel.running:
                QTimer.singleShot(50, in_the_picker)
                return
            try:
                self.shot("6-picker")
                finger.tap(panel.scan)
                scan = shell.scanning.flow.scan
                self.qtbot.waitUntil(lambda: shell.current is scan, timeout=10_000)
                finger.tap(scan.tiles[PaperKind.A4])
                self.shot("7-scan")
                finger.tap(scan.buttons["scan"])
                review = shell.scanning.flow.review
                self.qtbot.waitUntil(lambda: shell.current is review, timeout=60_000)
                self.shot("8-review")
                finger.tap(review.buttons["save"])
                self.qtbot.waitUntil(lambda: shell.current is shell.browser and panel.items.count() == 1,
                                     timeout=60_000)
                tap_row(finger, panel.items, 0)
                finger.tap(panel.attach)
                done["ok"] = True
            except (AssertionError, WaitTimeout) as error:  # told below; the picker closed so the test goes on
                done["error"] = error
                panel.cancel()

        QTimer.singleShot(50, in_the_picker)
        self.tap_page(f"#{slot}")
        self.qtbot.waitUntil(lambda: bool(done), timeout=180_000)
        if "error" in done:
            raise AssertionError(f"in the kiosk's file picker: {done['error']!r}")
        self.until_page(f"document.getElementById('{slot}').files.length === 1")


def digit_layout(panel) -> bool:
    """Whether the keyboard shows digit keys and no letter keys."""
    texts = {key.property("text") for key in shown(panel, "Key_")}
    return "5" in texts and "a" not in texts


def tap_row(finger: Finger, items: QListWidget, row: int) -> None:
    rect = items.visualItemRect(items.item(row))
    finger.tap_point(items.viewport().mapTo(finger.window, rect.center()))
    finger.qtbot.waitUntil(lambda: items.item(row).isSelected(), timeout=5000)


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("TAP_JOURNEY_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("size", ["1366x768", "1920x1080"])
def test_a_citizen_submits_a_birth_registration_by_taps_alone(qtbot, make_shell, write_config, shots, size):
    config = write_config(f'[admin]\nofficer_pin_hash = "{hash_pin("1357")}"\n'
                          f'technician_pin_hash = "{hash_pin("246810")}"\n'
                          '[scanner]\nsane_backends = []\na4_dpi = 100\n')
    shell = make_shell(config, "--practice", "--windowed", "--size", size)
    qtbot.waitUntil(lambda: shell.practice.started and shell.window.keyboard.loaded, timeout=20_000)
    assert not shell.window.technician_banner.isVisible()
    journey = Journey(qtbot, shell, shots, size)
    finger = journey.finger

    journey.shot("0-attract")
    finger.tap(shell.attract)
    qtbot.waitUntil(lambda: shell.current is shell.start, timeout=10_000)
    journey.shot("1-start")
    finger.tap(shell.start.tiles["submit"])
    qtbot.waitUntil(lambda: shell.current is shell.browser, timeout=10_000)
    journey.until_page("document.getElementById('login-link')")
    journey.log_in()
    journey.tap_page('a[href*="TH.HT.01"]')
    journey.until_page("document.getElementById('submit-online')")
    journey.tap_page("#submit-online")
    journey.until_page("document.getElementById('dossier-form')")
    journey.shot("3-form")

    for select, choice in (("#tinh", "Tỉnh Lào Cai"), ("#co_quan", "Xã Bắc Hà"), ("#gioi_tinh_tre", "Nữ")):
        finger.choose_option(journey.view, select, choice)
    journey.type_by_taps("ngay_sinh", "05/09/1960")
    journey.type_by_taps("dien_thoai", "0912345678")
    journey.type_on_keys("dia_chi", ADDRESS_TELEX, ADDRESS)
    journey.type_by_taps("ten_tre", CHILD)
    journey.shot("4-keyboard")
    journey.type_by_taps("ngay_sinh_tre", "01/01/2025")
    journey.type_on_keys("noi_sinh", "Trajm y tees", "Trạm y tế")
    journey.tap_page("#form-next")
    journey.until_page("document.getElementById('attach-form')")
    journey.shot("5-attach")

    journey.scan_and_attach("tep_giay_chung_sinh")
    journey.tap_page("#attach-next")
    journey.until_page("document.getElementById('submit-dossier')")
    journey.tap_page("#submit-dossier")
    journey.until_page("document.getElementById('dossier-code')")
    code = js(qtbot, journey.view, "document.getElementById('dossier-code').textContent")
    journey.shot("9-receipt")

    assert code.startswith("TH-")
    store = shell.practice.portal.context.store
    dossier = store.dossier_by_code(code)
    assert dossier is not None
    typed = {key: dossier.form.get(key) for key in ("ngay_sinh", "dien_thoai", "dia_chi", "ten_tre", "ngay_sinh_tre",
                                                    "noi_sinh", "gioi_tinh_tre")}
    assert typed == {"ngay_sinh": "05/09/1960", "dien_thoai": "0912345678", "dia_chi": ADDRESS, "ten_tre": CHILD,
                     "ngay_sinh_tre": "01/01/2025", "noi_sinh": "Trạm y tế", "gioi_tinh_tre": "Nữ"}
    (attachment,) = store.attachments(dossier.id)
    assert attachment.name.endswith(".pdf")
    qtbot.waitUntil(lambda: code in [entry.code for entry in followups(shell.officer.db, 0)], timeout=10_000)
    assert all(path.stat().st_size > 10_000 for path in journey.taken)
