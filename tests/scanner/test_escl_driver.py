"""The native eSCL driver against a spec-faithful eSCL server on 127.0.0.1 (and that server through sane-airscan)."""

from __future__ import annotations

import threading
import time

import pytest

from drivers.base import DriverKind, DriverSetup, Mode, ScanOptions, Source
from drivers.errors import Cancelled, CoverOpen, FeederEmpty, InvalidOptions, Offline, PaperJam
from drivers.escl import EsclDriver
from drivers.worker import WorkerDriver
from tests.escl_server import EsclServer


@pytest.fixture
def server():
    with EsclServer() as running:
        yield running


def driver_for(server, **setup):
    return EsclDriver(DriverSetup(escl_urls=(server.url,), **setup))


def run(driver, options, cancel=None):
    pages, progress = [], []
    try:
        driver.scan(options, cancel or threading.Event(), pages.append, progress.append)
    except Exception as error:  # noqa: BLE001
        return pages, progress, error
    return pages, progress, None


def only_device(driver):
    devices = driver.list_devices()
    assert len(devices) == 1
    return devices[0]


def test_device_is_known_by_its_uuid_and_lists_what_it_offers(server):
    driver = driver_for(server)
    device = only_device(driver)
    assert device.id == f"escl:{server.scanner.uuid}"
    assert (device.vendor, device.model, device.serial) == ("Kiosk", "eSCL-Test", "KT-0001")
    capabilities = driver.capabilities(device)
    assert capabilities.sources == (Source.FLATBED, Source.ADF)
    assert capabilities.resolutions == (100, 150, 200, 300)
    assert capabilities.modes == (Mode.COLOR, Mode.GRAY)
    assert not capabilities.duplex
    assert abs(capabilities.max_width_mm - 215.9) < 0.1 and abs(capabilities.max_height_mm - 297.0) < 0.1


def test_flatbed_page_at_the_asked_size(server):
    driver = driver_for(server)
    device = only_device(driver)
    pages, progress, error = run(driver, ScanOptions(device.id, Source.FLATBED, 150, Mode.COLOR))
    assert error is None
    assert len(pages) == 1 and pages[0].image.shape == (1754, 1240, 3)
    assert progress[-1].fraction == 1.0
    assert b"<pwg:InputSource>Platen</pwg:InputSource>" in server.scanner.settings[0]
    assert b"Duplex" not in server.scanner.settings[0]  # never asked of a flatbed


def test_feeder_batch_until_404(server):
    server.scanner.feeder_pages = 7
    driver = driver_for(server)
    pages, _, error = run(driver, ScanOptions(only_device(driver).id, Source.ADF, 100))
    assert error is None
    assert [page.number for page in pages] == list(range(1, 8))
    assert pages[0].image.ndim == 2


def test_not_ready_answers_are_retried(server):
    server.scanner.not_ready_polls = 1
    driver = driver_for(server)
    pages, _, error = run(driver, ScanOptions(only_device(driver).id, Source.ADF, 100))
    assert error is None and len(pages) == 5
    next_documents = [line for line in server.scanner.requests if line.endswith("NextDocument")]
    assert len(next_documents) == 6 * 2  # a 503 before each answer: five pages and the final 404


def test_jam_mid_batch_keeps_the_pages(server):
    server.scanner.jam_after = 2
    driver = driver_for(server)
    pages, _, error = run(driver, ScanOptions(only_device(driver).id, Source.ADF, 100))
    assert isinstance(error, PaperJam) and "ScannerAdfJam" in error.detail
    assert len(pages) == 2


def test_empty_feeder_and_open_cover(server):
    driver = driver_for(server)
    device = only_device(driver)
    server.scanner.feeder_pages = 0
    assert isinstance(run(driver, ScanOptions(device.id, Source.ADF, 100))[2], FeederEmpty)
    server.scanner.feeder_pages = 3
    server.scanner.cover_open = True
    assert isinstance(run(driver, ScanOptions(device.id, Source.ADF, 100))[2], CoverOpen)


def test_duplex_is_never_asked_of_a_single_sided_feeder(server):
    driver = driver_for(server)
    _, _, error = run(driver, ScanOptions(only_device(driver).id, Source.ADF, 100, duplex=True))
    assert isinstance(error, InvalidOptions)
    assert not any(line.startswith("POST") for line in server.scanner.requests)


def test_cancel_deletes_the_job_and_returns_within_a_second(server):
    server.scanner.page_seconds = 30  # the device takes its time: NextDocument waits
    driver = driver_for(server)
    device = only_device(driver)
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    pages, _, error = run(driver, ScanOptions(device.id, Source.ADF, 100), cancel)
    assert isinstance(error, Cancelled)
    assert time.monotonic() - started < 1.5
    assert pages == []
    assert any(line.startswith("DELETE /eSCL/ScanJobs/") for line in server.scanner.requests)


def test_server_gone_mid_page_is_offline_without_hanging(server):
    server.scanner.die_mid_page = 2
    driver = driver_for(server)
    started = time.monotonic()
    pages, _, error = run(driver, ScanOptions(only_device(driver).id, Source.ADF, 300))
    assert isinstance(error, Offline)
    assert len(pages) == 1
    assert time.monotonic() - started < 10


def test_server_switched_off_between_pages(server):
    driver = driver_for(server)
    device = only_device(driver)
    pages: list = []

    def first_page_then_off(page):
        pages.append(page)
        server.stop()

    with pytest.raises(Offline):
        driver.scan(ScanOptions(device.id, Source.ADF, 100), threading.Event(), first_page_then_off)
    assert len(pages) == 1


@pytest.mark.expected_log_warnings
def test_unreachable_scanner_is_left_out_of_the_list():
    driver = EsclDriver(DriverSetup(escl_urls=("http://127.0.0.1:9/eSCL",)))
    assert driver.list_devices() == []


def test_the_server_speaks_escl_as_sane_airscan_expects(server, tmp_path):
    server.scanner.feeder_pages = 3
    setup = DriverSetup(sane_backends=("airscan",), sane_config_dir=tmp_path / "sane.d", escl_urls=(server.url,))
    driver = WorkerDriver(DriverKind.SANE, setup)
    try:
        devices = driver.list_devices()
        assert [device.address for device in devices] == ["airscan:e0:Network 1"]
        pages, _, error = run(driver, ScanOptions(devices[0].id, Source.ADF, 150))
        assert error is None and len(pages) == 3
        server.scanner.feeder_pages = 5
        server.scanner.jam_after = 1
        pages, _, error = run(driver, ScanOptions(devices[0].id, Source.ADF, 150))
        assert isinstance(error, PaperJam)
        assert len(pages) == 1
    finally:
        driver.close()


def test_the_kiosk_runs_the_escl_driver_in_its_worker_process(server):
    driver = WorkerDriver(DriverKind.ESCL, DriverSetup(escl_urls=(server.url,)))
    try:
        device = only_device(driver)
        pages, _, error = run(driver, ScanOptions(device.id, Source.ADF, 100))
    finally:
        driver.close()
    assert error is None and len(pages) == 5
