"""The officer's side, driven through the window as a finger would: the help banner in the citizen's language,
the PIN pad's way back, the statistics chart and the export to a USB stick."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

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
