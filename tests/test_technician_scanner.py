"""The technician's scanner screen behind the PIN: devices, a network scanner by URL, a test scan, save."""

from __future__ import annotations

import tomllib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from kiosk.admin_pin import hash_pin
from kiosk.config import load_layers
from tests.escl_server import EsclServer
from tests.test_shell import enter_pin, tap_corner

TECH_PIN = "482913"
CONFIG = f'[admin]\ntechnician_pin_hash = "{hash_pin(TECH_PIN)}"\n[scanner]\nsane_backends = []\na4_dpi = 100\n'


@pytest.fixture
def site_config(tmp_path, monkeypatch):
    path = tmp_path / "site" / "kiosk.toml"
    monkeypatch.setenv("KIOSK_SITE_CONFIG", str(path))
    return path


def open_screen(qtbot, make_shell, write_config):
    shell = make_shell(write_config(CONFIG), "--practice")
    tap_corner(shell)
    enter_pin(qtbot, shell, TECH_PIN)
    assert shell.current is shell.admin_menu and shell.admin_menu.scanner.isVisible()
    qtbot.mouseClick(shell.admin_menu.scanner, Qt.MouseButton.LeftButton)
    screen = shell.scanning.technician
    assert shell.current is screen
    qtbot.waitUntil(lambda: not screen.busy and screen.devices.count() > 0, timeout=20_000)
    return shell, screen


@pytest.mark.usefixtures("site_config")
def test_devices_test_scan_and_diagnostics(qtbot, make_shell, write_config):
    shell, screen = open_screen(qtbot, make_shell, write_config)
    assert "sane:Noname:frontend-tester" in screen.devices.item(0).text()
    report = screen.diagnostics.toPlainText()
    assert "(SANE 1." in report and "backends: test" in report and "sane:Noname:frontend-tester" in report
    qtbot.mouseClick(screen.buttons["test_scan"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not screen.busy, timeout=20_000)
    assert screen.message.text().startswith("Quét thử xong: 826×1169")  # A4 at 100 dpi
    assert not screen.preview.pixmap().isNull()
    qtbot.mouseClick(screen.buttons["copy"], Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == screen.diagnostics.toPlainText()
    qtbot.mouseClick(screen.buttons["back"], Qt.MouseButton.LeftButton)
    assert shell.current is shell.admin_menu


def test_add_a_network_scanner_and_save(qtbot, make_shell, write_config, site_config):
    shell, screen = open_screen(qtbot, make_shell, write_config)
    with EsclServer() as server:
        screen.form.url.setText("http://127.0.0.1:9/eSCL")
        qtbot.mouseClick(screen.form.add, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not screen.busy, timeout=20_000)
        assert screen.message.text().startswith("Không kết nối được http://127.0.0.1:9/eSCL")
        assert screen.form.urls.count() == 0
        screen.form.url.setText(server.url)
        qtbot.mouseClick(screen.form.add, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not screen.busy, timeout=20_000)
        assert screen.message.text() == "Đã thêm: Kiosk eSCL-Test"
        screen.form.driver.setCurrentIndex(screen.form.driver.findData("escl"))
        qtbot.mouseClick(screen.buttons["refresh"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not screen.busy, timeout=20_000)
        assert screen.devices.count() == 1 and "Kiosk eSCL-Test" in screen.devices.item(0).text()
        qtbot.mouseClick(screen.buttons["test_scan"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not screen.busy, timeout=20_000)
        assert screen.message.text().startswith("Quét thử xong")
        qtbot.mouseClick(screen.buttons["save"], Qt.MouseButton.LeftButton)
    saved = tomllib.loads(site_config.read_text(encoding="utf-8"))["scanner"]
    assert saved == {"driver": "escl", "escl_urls": [server.url]}  # only what changed
    assert shell.scanning.settings.driver == "escl"
    # The shell holds the config as it is on disk now (site file under the test's own file), not the one it
    # started with.
    on_disk = load_layers(site_config, shell.options.config_files[1]).config
    assert shell.config == on_disk and shell.config.scanner.escl_urls == (server.url,)
    assert screen.message.text().startswith("Đã lưu vào")


def window_tap(qtbot, widget):
    """A tap on the kiosk's window where the widget is (platform input), scrolled into sight as a technician
    would (the form is taller than the screen)."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QScrollArea

    window = widget.window()
    scroller = widget.parentWidget()
    while scroller is not None and not (isinstance(scroller, QScrollArea) and scroller.objectName() != "Screens"):
        scroller = scroller.parentWidget()
    if scroller is not None:
        scroller.ensureWidgetVisible(widget)
    qtbot.waitUntil(lambda: window.childAt(widget.mapTo(window, widget.rect().center())) is widget)
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     widget.mapTo(window, widget.rect().center()))


@pytest.mark.expected_log_warnings
@pytest.mark.usefixtures("site_config")
def test_network_scanner_failures_are_told_in_the_technicians_language(qtbot, make_shell, write_config):
    _shell, screen = open_screen(qtbot, make_shell, write_config)
    screen.form.url.setText("http://127.0.0.1:9/eSCL")
    window_tap(qtbot, screen.form.add)
    qtbot.waitUntil(lambda: not screen.busy and "127.0.0.1:9" in screen.message.text(), timeout=20_000)
    assert screen.message.text() == ("Không kết nối được http://127.0.0.1:9/eSCL: địa chỉ này không trả lời như một "
                                     "máy quét mạng. Hãy xem lại địa chỉ và dây mạng.")
    with EsclServer() as server:
        screen.form.url.setText(server.url)
        window_tap(qtbot, screen.form.add)
        qtbot.waitUntil(lambda: screen.message.text() == "Đã thêm: Kiosk eSCL-Test", timeout=20_000)
        screen.form.driver.setCurrentIndex(screen.form.driver.findData("escl"))
        window_tap(qtbot, screen.buttons["refresh"])
        qtbot.waitUntil(lambda: not screen.busy and screen.devices.count() == 1, timeout=20_000)
        server.scanner.switched_off = True  # the scanner lost its power after it was found
        window_tap(qtbot, screen.buttons["test_scan"])
        qtbot.waitUntil(lambda: not screen.busy and screen.message.text().startswith("Quét thử"), timeout=30_000)
    assert screen.message.text() == "Quét thử không được: Không thấy máy quét. Hãy gọi cán bộ. Chi tiết kỹ thuật ở " \
                                    "phần Chẩn đoán."
    assert "NotFound" in screen.diagnostics.toPlainText()  # the driver's own detail stays for the technician
