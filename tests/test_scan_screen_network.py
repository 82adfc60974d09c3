"""Issue 21 on the citizen's scan screen: a network scanner (the loopback eSCL server, in the worker process) as
real servers answer, and what the citizen reads. Every tap goes to the screen's window as platform input."""

from __future__ import annotations

import contextlib

import pytest

from kiosk.config.schema import ScannerSettings
from kiosk.scanning.job import State
from kiosk.scanning.kinds import PaperKind
from tests.escl_server import EsclServer
from tests.finger import Finger
from tests.test_scan_screen import screen_for

OFFLINE = "Máy quét không trả lời"
STOPPED = ("Máy quét đã tự dừng giữa chừng — hãy bấm Tiếp tục để quét tiếp. "
           "Hoặc bấm “Xong” để dùng các trang đã quét.")


@pytest.fixture
def network_screen(qtbot, tmp_path):
    """A scan screen whose scanner is the loopback eSCL server with the given modes switched on."""
    made = []
    servers = contextlib.ExitStack()

    def make(**modes):
        server = servers.enter_context(EsclServer())
        for name, value in modes.items():
            setattr(server.scanner, name, value)
        settings = ScannerSettings(driver="escl", escl_urls=(server.url,), sane_backends=(), batch_dpi=100,
                                   a4_dpi=100, a4_mode="gray", page_timeout_s=30)
        screen, service = screen_for(qtbot, tmp_path, settings)
        made.append(service)
        return screen, server.scanner, Finger(qtbot, screen)

    with servers:
        yield make
        for service in made:
            service.close()


def test_a_ten_sheet_batch_ending_409_and_feeder_empty_reaches_the_citizen_as_ten_pages(qtbot, network_screen):
    screen, _, finger = network_screen(feeder_pages=10, feeder_end=409)
    finger.tap(screen.tiles[PaperKind.BATCH])
    with qtbot.waitSignal(screen.done, timeout=60_000) as delivered:
        finger.tap(screen.buttons["scan"])
    paths, dpi = delivered.args
    assert len(paths) == 10 and dpi == 100
    assert screen.job.state is State.DONE and screen.job.error is None
    assert screen.message.text() == "Đã quét xong 10 trang."


@pytest.mark.expected_log_warnings
def test_an_aborted_job_says_the_scanner_stopped_and_tiep_tuc_goes_on_with_the_pages(qtbot, network_screen):
    screen, scanner, finger = network_screen(feeder_pages=6, abort_at_page=3)
    finger.tap(screen.tiles[PaperKind.BATCH])
    finger.tap(screen.buttons["scan"])
    qtbot.waitUntil(lambda: screen.job.state is State.STOPPED, timeout=60_000)
    assert screen.message.text() == f"Đã quét được 2 trang. {STOPPED}"
    assert OFFLINE not in screen.message.text()
    assert screen.strip.count() == 2
    scanner.abort_at_page = None  # the scanner is ready again: the rest of the sheets go through
    with qtbot.waitSignal(screen.done, timeout=60_000) as delivered:
        finger.tap(screen.buttons["resume"])
    assert len(delivered.args[0]) == 5  # two before, three after (the aborted sheet went through the feeder)


@pytest.mark.expected_log_warnings
def test_a_cancel_on_the_scanners_panel_keeps_the_page_and_xong_uses_it(qtbot, network_screen):
    screen, _, finger = network_screen(feeder_pages=5, panel_cancel_at_page=2)
    finger.tap(screen.tiles[PaperKind.BATCH])
    finger.tap(screen.buttons["scan"])
    qtbot.waitUntil(lambda: screen.job.state is State.STOPPED, timeout=60_000)
    assert screen.message.text() == f"Đã quét được 1 trang. {STOPPED}"
    assert screen.buttons["resume"].isVisible() and screen.buttons["finish"].isVisible()
    with qtbot.waitSignal(screen.done, timeout=10_000) as delivered:
        finger.tap(screen.buttons["finish"])
    assert len(delivered.args[0]) == 1


def test_a_scanner_taking_more_than_5_s_a_page_is_waited_for(qtbot, network_screen):
    screen, _, finger = network_screen(feeder_pages=2, page_seconds=5.5)
    finger.tap(screen.tiles[PaperKind.BATCH])
    finger.tap(screen.buttons["scan"])
    qtbot.waitUntil(lambda: screen.strip.count() == 1, timeout=20_000)
    assert screen.job.state is State.SCANNING and screen.message.text() == "Đang quét trang 2…"
    with qtbot.waitSignal(screen.done, timeout=30_000) as delivered:
        pass
    assert len(delivered.args[0]) == 2 and screen.job.error is None
