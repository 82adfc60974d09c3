"""The portal screen's "In" on a real, private cupsd: the citizen taps it (platform input), sees "Đang in…" then
"Đã in xong" or a fault's plain message within 3 s, the event loop never pauses more than 0.25 s, no OS dialog
opens, and the session's end leaves no job, no job file and no title in CUPS."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.lifecycle import EndReason
from kiosk.practice_portal.receipt_pdf import receipt_pdf
from tests.finger import Finger
from tests.printing.printed_pages import page_count, page_shows
from tests.residue import files_under, holds
from tests.web import wait_js

CODE = "TH-2026-007351"
NAME = "Trần Thị Mai"
FAULT_LIMIT_S = 3.0
PAUSE_LIMIT_S = 0.25
TICK_MS = 10
PRINTED = "Đã in xong — hãy lấy giấy ở máy in."


class Ticker:
    """A timer on the GUI thread: the longest gap between its ticks is the longest pause of the event loop."""

    def __init__(self) -> None:
        self.last = time.monotonic()
        self.longest = 0.0
        self.timer = QTimer()
        self.timer.timeout.connect(self._tick)
        self.timer.start(TICK_MS)

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last, self.longest = time.monotonic(), 0.0


@pytest.fixture
def kiosk(qtbot, make_shell, write_config, cups):
    """The practice kiosk at 1366x768, the portal open, the practice portal's receipt shown in the PDF viewer."""
    assert cups.socket.exists()  # the private cupsd answers before the kiosk starts
    shell = make_shell(write_config(), "--practice", "--windowed", "--size", "1366x768")
    qtbot.waitUntil(lambda: shell.practice.started, timeout=10_000)
    shell.begin_session()
    finger = Finger(qtbot, shell.window)
    finger.tap(shell.start.tiles["submit"])
    qtbot.waitUntil(lambda: shell.current is shell.browser and shell.browser.browser is not None)
    wait_js(qtbot, shell.browser.browser.view, "document.getElementById('login-link')")  # the portal's home is in
    downloads = shell.lifecycle.session.directory / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    path = downloads / f"bien-nhan-{CODE}.pdf"
    path.write_bytes(receipt_pdf([("Thủ tục", "Đăng ký khai sinh"), ("Người nộp", NAME)], CODE, time.time()))
    shell.browser.show_download(str(path))  # as a finished download does
    qtbot.waitUntil(shell.browser.pdf.print_button.isVisible)
    return shell, finger


def press_print(qtbot, kiosk, ticker: Ticker, expected: str) -> float:
    """Tap "In" and wait for `expected` in the viewer's message; the seconds it took."""
    shell, finger = kiosk
    message = shell.browser.pdf.message
    ticker.reset()
    started = time.monotonic()
    finger.tap(shell.browser.pdf.print_button)
    qtbot.waitUntil(lambda: message.text() == expected, timeout=15_000)
    return time.monotonic() - started


def test_in_prints_the_receipt_and_the_session_end_leaves_nothing_in_cups(qtbot, kiosk, cups):
    shell, _finger = kiosk
    ticker = Ticker()
    press_print(qtbot, kiosk, ticker, PRINTED)
    assert ticker.longest < PAUSE_LIMIT_S, f"the event loop paused {ticker.longest:.3f} s"
    (paper,) = cups.printed()
    assert page_count(paper) == 1
    assert page_shows(paper, CODE)
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [shell.window]  # no OS dialog
    shell.lifecycle.end(EndReason.CITIZEN)
    qtbot.waitUntil(lambda: cups.jobs_left() == "" and cups.spool_files() == [], timeout=10_000)
    paper.unlink()  # the citizen took the paper (cups-pdf's output is this test printer's tray)
    for path in files_under(cups.folder):
        for marker in (CODE.encode(), NAME.encode(), b"bien-nhan"):
            assert not holds(path, marker), f"{path} holds {marker!r}"


@pytest.mark.parametrize(("fault", "message"), [
    (("cupsdisable", "receipts"), "Máy in đang tạm dừng nên chưa in được. Hãy gọi cán bộ giúp."),
    (("cupsreject", "receipts"), "Máy in đang không nhận bản in. Hãy gọi cán bộ giúp."),
    ((), "Máy in chưa hoạt động. Hãy gọi cán bộ để in giúp, hoặc ghi lại mã hồ sơ."),
], ids=["queue-stopped", "queue-disabled", "cupsd-not-running"])
def test_a_fault_shows_its_message_within_3_s_and_the_kiosk_never_pauses(qtbot, kiosk, cups, fault, message):
    if fault:
        cups.tool(*fault, check=True)
    else:
        cups.stop()
    ticker = Ticker()
    took = press_print(qtbot, kiosk, ticker, message)
    assert took < FAULT_LIMIT_S
    assert ticker.longest < PAUSE_LIMIT_S, f"the event loop paused {ticker.longest:.3f} s"
    shell, _finger = kiosk
    assert shell.browser.pdf.print_button.isEnabled()  # the citizen may try again once it is fixed
    assert not list(cups.out.iterdir())


def test_the_queue_a_technician_saves_is_the_next_prints_queue(qtbot, kiosk, cups, write_config):
    shell, _finger = kiosk
    cups.add_pdf_queue("counter")
    write_config('[printer]\nqueue = "counter"\n')  # the site file the kiosk was started with, as saved
    shell.reload_config()
    press_print(qtbot, kiosk, Ticker(), PRINTED)
    assert "counter-1 " in cups.tool("lpstat", "-W", "completed", "-o", "counter").stdout
    assert cups.tool("lpstat", "-W", "all", "-o", "receipts").stdout == ""
