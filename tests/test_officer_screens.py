"""The officer's side, driven through the window as a finger would: the help banner in the citizen's language,
the PIN pad's way back, the statistics chart and the export to a USB stick."""

from __future__ import annotations

import subprocess
import time

import pytest
from openpyxl import load_workbook
from PySide6.QtCharts import QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from tests.finger import tap
from tests.test_officer import OFFICER_PIN, config_for, seed
from tests.test_shell import tap_corner


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


def test_a_citizens_lone_tap_in_the_corner_still_reaches_what_is_there(qtbot, make_shell, write_config, tmp_path):
    shell = make_shell(config_for(write_config, tmp_path), "--windowed", "--size", "1366x768")
    shell.begin_session()
    qtbot.waitExposed(shell.window)
    tap(shell.start.tiles["scan"])
    corner = shell.admin_corner
    qtbot.waitUntil(lambda: isinstance(shell.window.childAt(corner.bottomRight()), QPushButton))
    QTest.mouseClick(shell.window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     corner.bottomRight())
    qtbot.waitUntil(lambda: shell.current is shell.start, timeout=5_000)  # "Quay lại", a moment later

def enter_pin_by_taps(shell, pin: str) -> None:
    for digit in pin:
        tap(shell.pin_pad.digit_buttons[digit])
    tap(shell.pin_pad.ok)


def axis_labels(axis) -> list[str]:
    """The labels a QValueAxis draws, from its tick settings (fixed count or dynamic interval)."""
    low, high = axis.min(), axis.max()
    if axis.tickType() == QValueAxis.TickType.TicksDynamic:
        count = int((high - axis.tickAnchor()) // axis.tickInterval()) + 1
        values = [axis.tickAnchor() + index * axis.tickInterval() for index in range(count)]
    else:
        values = [low + index * (high - low) / (axis.tickCount() - 1) for index in range(axis.tickCount())]
    return [axis.labelFormat() % value for value in values if low <= value <= high]


def dashboard_by_taps(qtbot, make_shell, write_config, tmp_path):
    """A kiosk with three dossiers in its statistics; the corner, the officer's PIN and "Thống kê" tapped."""
    seed(tmp_path / "data", time.time())
    shell = make_shell(config_for(write_config, tmp_path), "--windowed", "--size", "1366x768")
    qtbot.waitExposed(shell.window)
    tap_corner(shell)
    enter_pin_by_taps(shell, OFFICER_PIN)
    tap(shell.admin_menu.statistics)
    return shell


def test_the_dashboards_count_axis_reads_whole_numbers_once_each(qtbot, make_shell, write_config, tmp_path):
    shell = dashboard_by_taps(qtbot, make_shell, write_config, tmp_path)
    dashboard = shell.officer.dashboard
    assert shell.current is dashboard
    for choice in ("days7", "days30", "weeks"):
        tap(dashboard.buttons[choice])
        (axis,) = dashboard.chart.axes(Qt.Orientation.Vertical)
        labels = axis_labels(axis)
        assert labels[0] == "0" and len(labels) == len(set(labels)) >= 2, (choice, labels)
        assert [int(text) for text in labels] == sorted(int(text) for text in labels)


@pytest.fixture
def media(tmp_path, monkeypatch):
    """Where the system mounts a plugged-in stick (its automount folder), here a folder of the test's own."""
    import kiosk.stats.usb

    root = tmp_path / "media"
    root.mkdir()
    monkeypatch.setattr(kiosk.stats.usb, "MEDIA_ROOTS", (root,))
    return root


@pytest.fixture
def plug_stick(tmp_path, media):
    """A real file system on a loop device, mounted where a stick labelled KIOSKUSB would be (this kernel has no
    vfat: ext4 stands in for the stick's FAT)."""
    image, mounted = tmp_path / "stick.img", []

    def plug():
        subprocess.run(["truncate", "-s", "8M", str(image)], check=True)
        subprocess.run(["mkfs.ext4", "-q", "-L", "KIOSKUSB", str(image)], check=True)
        point = media / "KIOSKUSB"
        point.mkdir()
        subprocess.run(["mount", "-o", "loop", str(image), str(point)], check=True)
        mounted.append(point)
        return point

    yield plug
    for point in mounted:
        subprocess.run(["umount", str(point)], check=False)


def test_the_export_goes_to_the_usb_stick_or_asks_for_one(qtbot, make_shell, write_config, tmp_path, plug_stick):
    shell = dashboard_by_taps(qtbot, make_shell, write_config, tmp_path)
    dashboard = shell.officer.dashboard
    tap(dashboard.buttons["xlsx"])
    assert dashboard.message.text() == "Cắm USB vào máy để chép tệp, rồi bấm xuất lại."
    stick = plug_stick()
    tap(dashboard.buttons["xlsx"])
    qtbot.waitUntil(lambda: dashboard.message.text().startswith("Đã chép"), timeout=30_000)
    (exported,) = (tmp_path / "data" / "exports").glob("*.xlsx")
    assert dashboard.message.text() == f"Đã chép vào USB «KIOSKUSB»: {exported.name}. Có thể rút USB ra."
    assert "/" not in dashboard.message.text()  # a name the officer finds on the stick, never a path
    copied = stick / exported.name
    assert copied.read_bytes() == exported.read_bytes() and load_workbook(copied)["Theo ngày"].max_row == 7 + 2
    assert sorted(path.name for path in stick.iterdir()) == sorted(["lost+found", exported.name])
