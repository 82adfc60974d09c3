"""The citizen's scan screen with real widgets and SANE's test scanner in its worker process."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import QTimer

from drivers.worker import WorkerDriver
from kiosk.config.schema import ScannerSettings
from kiosk.documents.files import read_page
from kiosk.i18n import Translator
from kiosk.scanning.job import State
from kiosk.scanning.kinds import PaperKind
from kiosk.scanning.service import ScannerService
from kiosk.scanning.setup import scanner_choice
from kiosk.session_documents import list_documents
from tests.camera_photos import page_arriving, page_never_still, write_video
from tests.finger import tap
from ui.scanner.runner import ScanRunner
from ui.scanner.scan_screen import ScanScreen

FAST_SCANNER = '[scanner]\nsane_backends = []\nbatch_dpi = 100\na4_dpi = 100\n'


def test_from_the_start_screen_to_a_filed_document(qtbot, make_shell, write_config):
    shell = make_shell(write_config(FAST_SCANNER), "--practice")
    shell.begin_session()
    tap(shell.start.tiles["scan"])
    scan = shell.scanning.flow.scan
    assert shell.current is scan and scan.views.currentIndex() == 0
    tap(scan.tiles[PaperKind.BATCH])
    assert scan.message.text().startswith("Đặt xấp giấy vào khay")
    tap(scan.buttons["scan"])
    review = shell.scanning.flow.review
    qtbot.waitUntil(lambda: shell.current is review, timeout=30_000)
    assert len(review.pages.pages) == 10  # the test scanner's feeder holds ten sheets
    with qtbot.waitSignal(review.text_layer_done, timeout=60_000):  # OCR runs after filing, off the GUI thread
        tap(review.buttons["save"])
        qtbot.waitUntil(lambda: shell.current is shell.start, timeout=30_000)
    (document,) = list_documents(shell.lifecycle.session.directory)
    assert document.name == "Giấy tờ.pdf" and document.pages == 10


def test_the_paper_choice_has_a_way_back_to_where_the_citizen_was(make_shell, write_config):
    """Issue 20, trap 5: the paper choice had no way out but scanning, an officer or the timeout."""
    shell = make_shell(write_config(FAST_SCANNER), "--practice")
    shell.begin_session()
    tap(shell.start.tiles["scan"])
    scan = shell.scanning.flow.scan
    assert shell.current is scan and scan.leave.isVisible() and scan.leave.text() == "Quay lại"
    tap(scan.tiles[PaperKind.A4])
    assert not scan.leave.isVisible()  # while placing the page its own "Quay lại" goes back to the choice
    tap(scan.buttons["back"])
    assert scan.views.currentIndex() == 0 and scan.leave.isVisible()
    tap(scan.leave)
    assert shell.current is shell.start and shell.lifecycle.session is not None


@pytest.fixture
def screen_with(qtbot, tmp_path):
    """A scan screen whose scanner is the SANE test scanner with the given faults switched on."""
    made = []

    def make(**faults):
        settings = ScannerSettings(sane_backends=(), a4_dpi=300, a4_mode="gray", batch_dpi=100)
        choice = scanner_choice(settings, practice=True, sane_config_dir=tmp_path / "sane.d")
        service = ScannerService(choice, settings, lambda chosen: WorkerDriver(
            chosen.kind, chosen.setup, "tests.scanner.faulty_sane:make", faults))
        screen = ScanScreen(0.8, ScanRunner(service))
        screen.retranslate(Translator("vi"))
        qtbot.addWidget(screen)
        screen.resize(1366, 768)
        screen.show()
        screen.open(tmp_path / "scans")
        made.append(service)
        return screen

    yield make
    for service in made:
        service.close()


@pytest.mark.expected_log_warnings
def test_a_jam_keeps_two_pages_and_the_citizen_finishes_with_them(qtbot, screen_with):
    screen = screen_with(status_after=(2, "SANE_STATUS_JAMMED"))
    tap(screen.tiles[PaperKind.BATCH])
    tap(screen.buttons["scan"])
    qtbot.waitUntil(lambda: screen.job.state is State.STOPPED, timeout=30_000)
    assert screen.message.text() == ("Đã quét được 2 trang. Giấy bị kẹt — hãy gỡ giấy rồi bấm Tiếp tục. "
                                     "Hoặc bấm “Xong” để dùng các trang đã quét.")
    assert screen.strip.count() == 2
    assert screen.buttons["resume"].isVisible() and screen.buttons["finish"].isVisible()
    tap(screen.buttons["resume"])  # jam cleared: the batch goes on, the two pages stay
    qtbot.waitUntil(lambda: screen.job.state is State.STOPPED, timeout=30_000)
    assert screen.strip.count() == 4
    with qtbot.waitSignal(screen.done) as delivered:
        tap(screen.buttons["finish"])
    paths, dpi = delivered.args
    assert len(paths) == 4 and dpi == 100


def test_a_slow_scanner_never_freezes_the_screen_and_stop_works_within_a_second(qtbot, screen_with):
    screen = screen_with(read_delay_us=125_000)  # ~2 s per page, like an office feeder
    tap(screen.tiles[PaperKind.A4])
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    tap(screen.buttons["scan"])
    qtbot.waitUntil(lambda: screen.job.page_progress > 0.1, timeout=20_000)
    qtbot.wait(500)
    timer.stop()
    gaps = [later - earlier for earlier, later in zip(ticks, ticks[1:], strict=False)]
    assert max(gaps) < 0.25  # the event loop kept running while the page was read
    assert screen.bar.isVisible() and screen.bar.value() > 0
    stopped_at = time.monotonic()
    tap(screen.buttons["stop"])
    qtbot.waitUntil(lambda: screen.job.state is State.STOPPED, timeout=2_000)
    assert time.monotonic() - stopped_at < 1.0
    assert screen.message.text() == "Đã dừng quét."
    assert screen.strip.count() == 0  # the cut-off page was not kept
    assert not screen.buttons["finish"].isVisible()


def test_an_id_card_is_scanned_front_then_back_into_one_page(qtbot, screen_with):
    screen = screen_with()
    tap(screen.tiles[PaperKind.CARD])
    assert screen.message.text().startswith("Úp mặt trước của thẻ")
    tap(screen.buttons["scan"])
    qtbot.waitUntil(lambda: screen.job.state is State.PLACING and screen.job.side == 2, timeout=30_000)
    assert screen.message.text().startswith("Lật thẻ lại")
    with qtbot.waitSignal(screen.done, timeout=30_000) as delivered:
        tap(screen.buttons["scan"])
    paths, dpi = delivered.args
    assert len(paths) == 1 and dpi == 300  # both sides on one A4 page


def screen_for(qtbot, tmp_path, settings: ScannerSettings):
    """A Vietnamese scan screen at 1366x768 on its own, scanning with `settings` (not a practice kiosk's)."""
    service = ScannerService(scanner_choice(settings, practice=False), settings)
    screen = ScanScreen(0.8, ScanRunner(service))
    screen.retranslate(Translator("vi"))
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitExposed(screen)
    screen.open(tmp_path / "scans")
    return screen, service


def camera_screen(qtbot, tmp_path, video):
    return screen_for(qtbot, tmp_path, ScannerSettings(driver="camera", camera_sources=(str(video),),
                                                       a4_source="camera", a4_dpi=100, a4_mode="gray"))


def test_the_document_camera_shows_the_page_and_captures_it_when_still(qtbot, tmp_path):
    frames, _, _ = page_arriving(np.random.default_rng(31), still_frames=40)
    screen, service = camera_screen(qtbot, tmp_path, write_video(tmp_path / "camera.avi", frames))
    try:
        tap(screen.tiles[PaperKind.A4])
        assert screen.message.text().startswith("Đặt giấy dưới camera")
        previews = []
        screen.runner.preview.connect(previews.append)
        with qtbot.waitSignal(screen.done, timeout=30_000) as delivered:
            tap(screen.buttons["scan"])
            qtbot.waitUntil(lambda: bool(previews), timeout=20_000)
            assert screen.buttons["capture"].isVisible()
            assert screen.left.currentWidget() is screen.camera_view and not screen.camera_view.pixmap().isNull()
        pages, _ = delivered.args
        image, dpi = read_page(pages[0].path)
        assert image.shape[:2] == (1169, 827) and dpi == pytest.approx(100, abs=0.1)
    finally:
        service.close()


def test_chup_ngay_takes_a_page_that_never_lies_still(qtbot, tmp_path):
    frames = page_never_still(np.random.default_rng(32), 250)  # 10 s of video
    screen, service = camera_screen(qtbot, tmp_path, write_video(tmp_path / "moving.avi", frames))
    try:
        tap(screen.tiles[PaperKind.A4])
        previews = []
        screen.runner.preview.connect(previews.append)
        with qtbot.waitSignal(screen.done, timeout=30_000) as delivered:
            tap(screen.buttons["scan"])
            qtbot.waitUntil(lambda: bool(previews), timeout=20_000)
            tap(screen.buttons["capture"])
        assert len(delivered.args[0]) == 1
    finally:
        service.close()


def test_a_scan_still_running_when_the_session_ends_puts_nothing_back_on_disk(qtbot, make_shell, write_config):
    """The citizen leaves during a slow feeder batch: the wipe stops the scan, and no page that finishes
    afterwards makes the session folder again (the survey is still up: the attract screen is not yet back)."""
    from kiosk.lifecycle import EndReason

    shell = make_shell(write_config(FAST_SCANNER), "--practice")
    shell.begin_session()
    session = shell.lifecycle.session
    tap(shell.start.tiles["scan"])
    flow = shell.scanning.flow
    flow.service.close()
    flow.service._factory = lambda chosen: WorkerDriver(  # the test scanner at an office feeder's pace
        chosen.kind, chosen.setup, "tests.scanner.faulty_sane:make", {"read_delay_us": 125_000})
    tap(flow.scan.tiles[PaperKind.BATCH])
    tap(flow.scan.buttons["scan"])
    qtbot.waitUntil(lambda: flow.scan.job.page_progress > 0.2, timeout=20_000)
    shell.lifecycle.end(EndReason.CITIZEN)
    assert shell.current is shell.officer.survey and not session.directory.exists()
    qtbot.waitUntil(lambda: not flow.runner.busy, timeout=5_000)  # stopped by the wipe, not by the attract screen
    qtbot.wait(2_500)  # longer than a page takes: a page still coming would have been written by now
    assert not session.directory.exists()
    assert flow.review.pages.pages == [] and flow.scan.strip.count() == 0
