"""A finger scrolls what is taller than the screen (ui/touch_scroll.py): touch events delivered to the kiosk's
window, as a touch screen sends them. Before, a drag over a Qt scroll area moved nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QListWidget, QScrollArea

from tests.finger import Finger, touch_screen
from tests.test_technician_scanner import open_screen, site_config  # noqa: F401 - its fixture


@pytest.mark.usefixtures("site_config")
def test_a_finger_drags_the_technician_form_and_a_tap_inside_it_is_still_a_tap(qtbot, make_shell, write_config):
    shell, screen = open_screen(qtbot, make_shell, write_config)
    column = next(area for area in screen.findChildren(QScrollArea) if area.widget().isAncestorOf(screen.buttons["copy"]))
    bar = column.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0  # taller than 1080 lines: it must scroll
    finger = Finger(qtbot, shell.window)
    finger.drag(column.viewport(), -bar.maximum())
    assert bar.value() > 0
    copy = screen.buttons["copy"]
    assert column.viewport().rect().contains(copy.mapTo(column.viewport(), copy.rect().center()))
    point = finger.at(copy)
    QTest.touchEvent(finger.handle, touch_screen()).press(0, point).commit()
    QTest.touchEvent(finger.handle, touch_screen()).release(0, point).commit()
    qtbot.waitUntil(lambda: screen.message.text() != "", timeout=5000)  # "Đã chép…": the tap reached the button


def test_the_guide_s_step_list_follows_a_finger(qtbot, make_shell, write_config):
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", "1366x768")
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    finger = Finger(qtbot, shell.window)
    finger.tap(shell.attract)
    qtbot.waitUntil(lambda: shell.current is shell.start, timeout=5000)
    finger.tap(shell.start.tiles["submit"])
    qtbot.waitUntil(lambda: shell.current is shell.browser and shell.browser.guide.steps.isVisible(), timeout=15_000)
    steps: QListWidget = shell.browser.guide.steps
    bar = steps.verticalScrollBar()
    assert bar.maximum() > 0, "the step list fits: nothing to drag at this size"
    before = bar.value()
    finger.drag(steps.viewport(), -steps.viewport().height() // 2)
    assert bar.value() > before
    assert steps.viewport().mapTo(shell.window, QPoint(0, 0)).y() >= 0
