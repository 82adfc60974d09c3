"""The officer's side, driven through the window as a finger would: the help banner in the citizen's language,
the PIN pad's way back, the statistics chart and the export to a USB stick."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from tests.test_officer import config_for


def tap(widget) -> None:
    """A tap delivered to the kiosk's window where the widget is on screen (platform input)."""
    window = widget.window()
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     widget.mapTo(window, widget.rect().center()))


def test_the_help_banner_follows_the_language_switch(qtbot, make_shell, write_config, tmp_path):
    shell = make_shell(config_for(write_config, tmp_path), "--windowed", "--size", "1366x768")
    shell.begin_session()
    qtbot.waitExposed(shell.window)
    tap(shell.start.tiles["help"])
    bar = shell.window.officer_bar
    qtbot.waitUntil(bar.isVisible)
    assert bar.text.text().startswith("Cán bộ sẽ đến ngay")
    tap(shell.start.languages["en"])
    assert shell.translate.language == "en"
    assert bar.isVisible() and bar.text.text() == "An officer is coming — please wait here a moment."
    tap(shell.start.languages["vi"])
    assert bar.text.text().startswith("Cán bộ sẽ đến ngay")


def test_the_pin_pads_cancel_returns_to_the_screen_the_officer_was_on(qtbot, make_shell, write_config, tmp_path):
    shell = make_shell(config_for(write_config, tmp_path), "--windowed", "--size", "1366x768")
    shell.begin_session()
    qtbot.waitExposed(shell.window)
    tap(shell.start.tiles["scan"])
    scan = shell.scanning.flow.scan
    assert shell.current is scan
    # The hidden corner lies over the scan screen's "Quay lại": the officer's five taps land on both.
    # The hidden corner lies over the scan screen's "Quay lại": the officer's five taps land on both.
    corner = shell.admin_corner
    qtbot.waitUntil(lambda: isinstance(shell.window.childAt(corner.bottomRight()), QPushButton))
    assert shell.window.childAt(corner.bottomRight()).text() == "Quay lại"
    for _ in range(5):
        QTest.mouseClick(shell.window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         corner.bottomRight())
    assert shell.current is shell.pin_pad
    tap(shell.pin_pad.cancel)
    assert shell.current is scan

