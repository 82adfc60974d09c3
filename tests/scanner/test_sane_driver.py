"""The SANE driver in its worker process, against SANE's real `test` backend (private config, A4)."""

from __future__ import annotations

import threading
import time

import pytest

from drivers.base import DriverKind, DriverSetup, Mode, ScanOptions, Source
from drivers.errors import (
    Busy,
    Cancelled,
    CoverOpen,
    DeviceError,
    DriverCrashed,
    FeederEmpty,
    InvalidOptions,
    Offline,
    PaperJam,
)
from drivers.sane_driver import RELEASE_TIMEOUT_S
from drivers.worker import WorkerDriver

FAULTY = "tests.scanner.faulty_sane:make"
TEST_DEVICE = "sane:Noname:frontend-tester"


@pytest.fixture
def setup(tmp_path):
    return DriverSetup(sane_backends=("test",), sane_config_dir=tmp_path / "sane.d", page_timeout_s=20)


def worker(setup, **faults):
    return WorkerDriver(DriverKind.SANE, setup, FAULTY, faults)


def scan(driver, options, cancel=None):
    pages, progress = [], []
    error = None
    try:
        driver.scan(options, cancel or threading.Event(), pages.append, progress.append)
    except Exception as caught:  # noqa: BLE001 - the tests look at which error it was
        error = caught
    return pages, progress, error


def test_lists_the_test_scanner_with_an_a4_flatbed_and_feeder(setup):
    driver = worker(setup)
    try:
        devices = driver.list_devices()
        assert [device.id for device in devices] == [TEST_DEVICE]
        assert devices[0].address == "test:0"  # reached by its SANE name, known by vendor and model
        capabilities = driver.capabilities(devices[0])
    finally:
        driver.close()
    assert capabilities.sources == (Source.FLATBED, Source.ADF)
    assert {Mode.GRAY, Mode.COLOR} <= set(capabilities.modes)
    assert 300 in capabilities.resolutions
    assert capabilities.max_width_mm >= 210 and capabilities.max_height_mm >= 297
    assert (setup.sane_config_dir / "dll.conf").read_text() == "test\n"


def test_flatbed_page_is_a4_at_the_asked_resolution_with_progress(setup):
    driver = worker(setup)
    try:
        pages, progress, error = scan(driver, ScanOptions(TEST_DEVICE, Source.FLATBED, 300, Mode.COLOR))
    finally:
        driver.close()
    assert error is None
    assert len(pages) == 1
    width, height = pages[0].size_mm
    assert abs(width - 210) < 1 and abs(height - 297) < 1
    assert pages[0].image.shape[2] == 3
    assert progress and progress[-1].fraction == 1.0


def test_feeder_batch_gives_ten_pages_then_ends_normally(setup):
    driver = worker(setup)
    try:
        pages, _, error = scan(driver, ScanOptions(TEST_DEVICE, Source.ADF, 150))
    finally:
        driver.close()
    assert error is None
    assert [page.number for page in pages] == list(range(1, 11))


def test_jam_after_page_two_keeps_both_pages(setup):
    driver = worker(setup, status_after=(2, "SANE_STATUS_JAMMED"))
    try:
        pages, _, error = scan(driver, ScanOptions(TEST_DEVICE, Source.ADF, 150))
    finally:
        driver.close()
    assert isinstance(error, PaperJam)
    assert len(pages) == 2
    assert "jammed" in error.detail


@pytest.mark.parametrize(("status", "expected"), [
    ("SANE_STATUS_COVER_OPEN", CoverOpen),
    ("SANE_STATUS_NO_DOCS", FeederEmpty),
    ("SANE_STATUS_DEVICE_BUSY", Busy),
    ("SANE_STATUS_IO_ERROR", Offline),
    ("SANE_STATUS_ACCESS_DENIED", DeviceError),
])
def test_device_status_before_the_first_page_is_typed(setup, status, expected):
    driver = worker(setup, status_after=(0, status))
    try:
        pages, _, error = scan(driver, ScanOptions(TEST_DEVICE, Source.ADF, 150))
    finally:
        driver.close()
    assert type(error) is expected
    assert pages == []


def test_options_the_device_lacks_are_refused_before_scanning(setup):
    driver = worker(setup)
    try:
        _, _, error = scan(driver, ScanOptions(TEST_DEVICE, Source.ADF, 150, duplex=True))
    finally:
        driver.close()
    assert isinstance(error, InvalidOptions)


def test_cancel_mid_page_returns_no_partial_page_within_a_second(setup):
    # read-delay 125 ms per call: ~2 s per page, like a real office feeder.
    driver = worker(setup, read_delay_us=125_000)
    cancel = threading.Event()
    got_progress = threading.Event()
    pages: list = []
    outcome: dict = {}

    def run():
        try:
            driver.scan(ScanOptions(TEST_DEVICE, Source.ADF, 300), cancel, pages.append,
                        lambda step: got_progress.set() if step.page == 2 else None)
        except Exception as error:  # noqa: BLE001
            outcome["error"] = error
        outcome["ended"] = time.monotonic()

    thread = threading.Thread(target=run)
    try:
        thread.start()
        assert got_progress.wait(30), "page 2 never started"
        cancelled_at = time.monotonic()
        cancel.set()
        thread.join(10)
        assert not thread.is_alive()
    finally:
        driver.close()
    assert isinstance(outcome["error"], Cancelled)
    assert outcome["ended"] - cancelled_at < 1.0
    assert len(pages) == 1  # page 2 was cut off: it is not passed off as a page
    assert pages[0].image.shape[0] >= 3500


@pytest.mark.expected_log_errors
def test_segfaulting_driver_is_reported_and_the_next_scan_gets_a_fresh_worker(setup):
    driver = worker(setup, crash=True)
    try:
        driver.list_devices()
        first_pid = driver.pid
        _, _, error = scan(driver, ScanOptions(TEST_DEVICE, Source.FLATBED, 150))
        assert isinstance(error, DriverCrashed)
        assert "-11" in error.detail  # SIGSEGV
        assert driver.pid is None
        assert driver.list_devices()[0].id == TEST_DEVICE
        assert driver.pid not in (None, first_pid)
    finally:
        driver.close()


@pytest.mark.expected_log_errors
@pytest.mark.usefixtures("setup")
def test_hanging_driver_is_reported_after_the_page_timeout(tmp_path):
    slow = DriverSetup(sane_backends=("test",), sane_config_dir=tmp_path / "slow.d", page_timeout_s=2)
    driver = worker(slow, read_delay_us=200_000)  # the test backend's slowest: ~12 minutes a page
    started = time.monotonic()
    try:
        _, _, error = scan(driver, ScanOptions(TEST_DEVICE, Source.FLATBED, 300))
    finally:
        driver.close()
    assert isinstance(error, DriverCrashed)
    assert 2 <= time.monotonic() - started < 6


@pytest.mark.expected_log_warnings
def test_a_device_that_hangs_in_cancel_still_reports_its_status_and_is_replaced(setup):
    driver = worker(setup, status_after=(0, "SANE_STATUS_DEVICE_BUSY"), cancel_hangs=True)
    try:
        driver.list_devices()
        first_pid = driver.pid
        started = time.monotonic()
        pages, _, error = scan(driver, ScanOptions(TEST_DEVICE, Source.ADF, 150))
        took = time.monotonic() - started
        assert type(error) is Busy  # the citizen hears "busy", not "the scanner crashed"
        assert pages == []
        assert RELEASE_TIMEOUT_S <= took < RELEASE_TIMEOUT_S + 5
        assert driver.pid is None
        assert driver.list_devices()[0].id == TEST_DEVICE
        assert driver.pid not in (None, first_pid)
    finally:
        driver.close()


@pytest.mark.expected_log_warnings
def test_pages_scanned_before_a_hung_cancel_are_all_delivered(setup):
    driver = worker(setup, cancel_hangs=True)
    try:
        pages, _, error = scan(driver, ScanOptions(TEST_DEVICE, Source.FLATBED, 150))
        assert error is None
        assert len(pages) == 1
        assert driver.pid is None  # the stuck worker is gone; the next call starts afresh
    finally:
        driver.close()


def test_closing_the_driver_during_a_scan_ends_that_scan_as_cancelled(setup):
    driver = worker(setup, read_delay_us=125_000)
    outcome: dict = {}
    started = threading.Event()

    def run():
        try:
            driver.scan(ScanOptions(TEST_DEVICE, Source.FLATBED, 300), threading.Event(), lambda _page: None,
                        lambda _step: started.set())
        except Exception as error:  # noqa: BLE001
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    assert started.wait(20)
    driver.close()  # e.g. the technician leaves the screen, or the kiosk shuts down
    thread.join(5)
    assert not thread.is_alive()
    assert isinstance(outcome["error"], Cancelled)
