"""Every citizen screen laid out, not clipped, at 1366x768 and 1920x1080 (issue 20): walked by taps alone from the
attract screen to the survey, the layout checker (tests/layout.py) run on each, and each QR code read off the screen.
The portal screen with its guide has its own tests (tests/test_guide_panel.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.scanning.kinds import PaperKind
from tests import layout
from tests.finger import tap
from tests.keyboard import wait_shown

SURVEY_URL = "https://dichvucong.laocai.gov.vn/khao-sat"
SIZES = ["1366x768", "1920x1080"]


def tap_item(window, view, row: int) -> None:
    """A tap on a row of a list, where it is on the screen."""
    item = view.item(row)
    view.scrollToItem(item)
    point = view.viewport().mapTo(window, view.visualItemRect(item).center())
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


@pytest.mark.parametrize("size", SIZES)
def test_attract_start_videos_idle_warning_and_survey_are_laid_out(qtbot, make_shell, write_config, clock, size,
                                                                   rendered_videos):
    config = write_config(f'[paths]\nvideos_dir = "{rendered_videos.parent}"\n'
                          f'[officer]\nchime = false\nsurvey_url = "{SURVEY_URL}"\n')
    shell = make_shell(config, "--practice", "--windowed", "--size", size)
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    window = shell.window
    layout.assert_laid_out(qtbot, window, "attract")
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(window.width() // 2, window.height() // 2))
    qtbot.waitUntil(lambda: shell.current is shell.start, timeout=5000)
    layout.assert_laid_out(qtbot, window, "start")
    tap(shell.start.tiles["videos"])
    library = shell.videos.library
    qtbot.waitUntil(lambda: shell.current is library, timeout=5000)
    layout.assert_laid_out(qtbot, window, "video library")
    rows = [library.chapters.item(row).text() for row in range(library.chapters.count())]
    tap_item(window, library.chapters, rows.index("4. Đăng nhập bằng mã QR"))
    qtbot.waitUntil(lambda: library.player.caption.text().startswith("Đăng nhập bằng mã QR"), timeout=15_000)
    layout.assert_laid_out(qtbot, window, "video playing with its captions")
    tap(library.back)
    qtbot.waitUntil(lambda: shell.current is shell.start, timeout=5000)
    clock.advance(shell.config.session.idle_timeout_s)
    qtbot.waitUntil(lambda: shell.current is shell.idle_warning, timeout=5000)
    layout.assert_laid_out(qtbot, window, "idle warning")
    tap(shell.idle_warning.stay)
    qtbot.waitUntil(lambda: shell.current is shell.start, timeout=5000)
    tap(shell.start.finish)
    survey = shell.officer.survey
    qtbot.waitUntil(lambda: survey is not None and shell.current is survey, timeout=5000)
    layout.assert_laid_out(qtbot, window, "survey")
    tap(survey.faces[1])
    qtbot.waitUntil(survey.send.isVisible, timeout=5000)
    layout.assert_laid_out(qtbot, window, "survey reasons")
    assert layout.decoded_qr_codes(window) == [SURVEY_URL]


def scanning_kiosk(qtbot, make_shell, write_config, size: str):
    """The practice kiosk at `size` with a citizen's session, its test scanner fast (100 dpi A4)."""
    shell = make_shell(write_config('[scanner]\nsane_backends = []\na4_dpi = 100\n'), "--practice", "--windowed",
                       "--size", size)
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    shell.begin_session()
    return shell


@pytest.mark.parametrize("size", SIZES)
def test_the_scan_screens_are_laid_out(qtbot, make_shell, write_config, size):
    shell = scanning_kiosk(qtbot, make_shell, write_config, size)
    window = shell.window
    tap(shell.start.tiles["scan"])
    scan = shell.scanning.flow.scan
    qtbot.waitUntil(lambda: shell.current is scan, timeout=5000)
    layout.assert_laid_out(qtbot, window, "scan: choose the paper")
    tap(scan.tiles[PaperKind.A4])
    qtbot.waitUntil(scan.buttons["scan"].isVisible, timeout=5000)
    layout.assert_laid_out(qtbot, window, "scan: put the paper on the glass")


@pytest.mark.parametrize("size", SIZES)
def test_the_review_screen_is_laid_out_with_and_without_the_keyboard(qtbot, make_shell, write_config, size):
    shell = scanning_kiosk(qtbot, make_shell, write_config, size)
    window = shell.window
    tap(shell.start.tiles["scan"])
    scan = shell.scanning.flow.scan
    tap(scan.tiles[PaperKind.A4])
    qtbot.waitUntil(scan.buttons["scan"].isVisible, timeout=5000)
    tap(scan.buttons["scan"])
    review = shell.scanning.flow.review
    qtbot.waitUntil(lambda: shell.current is review, timeout=30_000)
    layout.assert_laid_out(qtbot, window, "review")
    tap(review.name.lineEdit())
    wait_shown(qtbot, window.keyboard)
    layout.assert_laid_out(qtbot, window, "review, keyboard up")
