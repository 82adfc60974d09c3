"""Issue 21: eSCL servers as real ones answer (AirSane, devices), through the native driver and through sane-airscan.

Each mode of the loopback server stands for a way servers out there end a batch or a job: a feeder batch that ends
with 409 or 503 and AdfState ScannerAdfEmpty, a job the scanner aborts with an empty 200 page, a cancel on the
device's own panel, a connection cut while the device stays on, a scanner that takes more than 5 s per page.
"""

from __future__ import annotations

import threading
import time

import pytest

from drivers import escl_xml
from drivers.base import DriverKind, DriverSetup, ScanOptions, Source
from drivers.errors import DeviceError, FeederEmpty, Offline, ScannerStopped
from drivers.escl import ADF_EMPTY_GRACE_S, EsclDriver
from drivers.worker import WorkerDriver
from tests.escl_server import EsclServer


@pytest.fixture
def server():
    with EsclServer() as running:
        yield running


def feeder_batch(driver):
    pages = []
    (device,) = driver.list_devices()
    try:
        driver.scan(ScanOptions(device.id, Source.ADF, 100), threading.Event(), pages.append)
    except DeviceError as error:
        return pages, error
    return pages, None


def native(server):
    return EsclDriver(DriverSetup(escl_urls=(server.url,)))


@pytest.mark.parametrize("answer", [409, 404])
def test_a_ten_sheet_batch_that_ends_with_the_feeder_empty_is_a_normal_end(server, answer):
    server.scanner.feeder_pages, server.scanner.feeder_end = 10, answer
    pages, error = feeder_batch(native(server))
    assert error is None
    assert [page.number for page in pages] == list(range(1, 11))


def test_a_feeder_that_stays_empty_behind_503_ends_the_batch_after_a_short_grace(server):
    server.scanner.feeder_pages, server.scanner.feeder_end = 3, 503
    started = time.monotonic()
    pages, error = feeder_batch(native(server))
    assert error is None and len(pages) == 3
    assert ADF_EMPTY_GRACE_S <= time.monotonic() - started < ADF_EMPTY_GRACE_S + 5


def test_a_409_after_pages_ends_the_batch_when_the_job_shows_completed_without_a_feeder_sensor(server):
    server.scanner.feeder_pages, server.scanner.feeder_end, server.scanner.empty_sensor = 3, 409, False
    pages, error = feeder_batch(native(server))
    assert error is None and len(pages) == 3


def test_409_before_the_first_page_is_an_empty_feeder(server):
    server.scanner.feeder_pages, server.scanner.feeder_end = 0, 409
    pages, error = feeder_batch(native(server))
    assert isinstance(error, FeederEmpty) and pages == []


def test_a_job_the_scanner_aborts_with_an_empty_page_is_stopped_not_offline(server):
    server.scanner.abort_at_page = 3
    pages, error = feeder_batch(native(server))
    assert isinstance(error, ScannerStopped) and not isinstance(error, Offline)
    assert "JobState=Aborted" in error.detail and "ResourcesAreNotReady" in error.detail
    assert len(pages) == 2


def test_a_cancel_on_the_devices_own_panel_keeps_the_pages_and_says_the_scanner_stopped(server):
    server.scanner.panel_cancel_at_page = 2
    pages, error = feeder_batch(native(server))
    assert isinstance(error, ScannerStopped) and "JobCanceledByUser" in error.detail
    assert len(pages) == 1


def test_a_page_cut_off_while_the_scanner_still_answers_is_not_offline(server):
    server.scanner.cut_page = 2
    pages, error = feeder_batch(native(server))
    assert isinstance(error, ScannerStopped) and "ErrorsDetected" in error.detail
    assert len(pages) == 1


def test_a_scanner_that_stopped_answering_mid_page_is_offline(server):
    server.scanner.die_mid_page = 2
    pages, error = feeder_batch(native(server))
    assert isinstance(error, Offline) and "status unreadable" in error.detail
    assert len(pages) == 1


def test_a_slow_scanner_more_than_5_s_a_page_is_waited_for_in_the_worker(server):
    server.scanner.feeder_pages, server.scanner.page_seconds = 2, 5.5
    driver = WorkerDriver(DriverKind.ESCL, DriverSetup(escl_urls=(server.url,), page_timeout_s=30))
    try:
        pages, error = feeder_batch(driver)
    finally:
        driver.close()
    assert error is None and len(pages) == 2


def through_sane_airscan(server, tmp_path):
    setup = DriverSetup(sane_backends=("airscan",), sane_config_dir=tmp_path / "sane.d", escl_urls=(server.url,),
                        page_timeout_s=30)
    return WorkerDriver(DriverKind.SANE, setup)


def test_sane_airscan_ends_a_409_batch_normally_with_all_ten_pages(server, tmp_path):
    server.scanner.feeder_pages, server.scanner.feeder_end = 10, 409
    driver = through_sane_airscan(server, tmp_path)
    try:
        pages, error = feeder_batch(driver)
    finally:
        driver.close()
    assert error is None and len(pages) == 10


def test_sane_airscan_keeps_the_pages_before_an_aborted_job_and_reports_an_error(server, tmp_path):
    """It sees an empty image, never the job's state: "Error during device I/O" (which SANE's text cannot tell
    from a dead scanner)."""
    server.scanner.abort_at_page = 3
    driver = through_sane_airscan(server, tmp_path)
    try:
        pages, error = feeder_batch(driver)
    finally:
        driver.close()
    assert error is not None and "Error during device I/O" in error.detail
    assert len(pages) == 2


def test_sane_airscan_ends_at_a_panel_cancel_with_the_pages_before_it(server, tmp_path):
    """sane-airscan reads only State and AdfState, so it takes the 404 for the feeder's end; the native driver also
    reads the job's state and tells the citizen the scanner stopped."""
    server.scanner.panel_cancel_at_page = 2
    driver = through_sane_airscan(server, tmp_path)
    try:
        pages, error = feeder_batch(driver)
    finally:
        driver.close()
    assert error is None and len(pages) == 1


def test_sane_airscan_waits_for_a_slow_scanner(server, tmp_path):
    server.scanner.feeder_pages, server.scanner.page_seconds = 2, 5.5
    driver = through_sane_airscan(server, tmp_path)
    try:
        pages, error = feeder_batch(driver)
    finally:
        driver.close()
    assert error is None and len(pages) == 2


def test_a_job_is_found_in_the_status_whether_its_uri_is_a_path_or_a_full_url():
    status = escl_xml.status(f"""<scan:ScannerStatus xmlns:scan="{escl_xml.SCAN}" xmlns:pwg="{escl_xml.PWG}">
      <pwg:State>Idle</pwg:State><scan:Jobs>
      <scan:JobInfo><pwg:JobUri>/eSCL/ScanJobs/a1</pwg:JobUri><pwg:JobState>Aborted</pwg:JobState>
        <pwg:ImagesCompleted>2</pwg:ImagesCompleted>
        <pwg:JobStateReasons><pwg:JobStateReason>ResourcesAreNotReady</pwg:JobStateReason></pwg:JobStateReasons>
      </scan:JobInfo>
      <scan:JobInfo><pwg:JobUri>http://10.0.0.5/eSCL/ScanJobs/b2</pwg:JobUri><pwg:JobState>Canceled</pwg:JobState>
      </scan:JobInfo></scan:Jobs></scan:ScannerStatus>""".encode())
    first = status.job("http://10.0.0.5/eSCL/ScanJobs/a1/")
    assert first is not None and (first.state, first.reasons, first.images_completed) == (
        "Aborted", ("ResourcesAreNotReady",), 2)
    second = status.job("http://10.0.0.5/eSCL/ScanJobs/b2/")
    assert second is not None and second.state == "Canceled" and second.reasons == ()
    assert status.job("http://10.0.0.5/eSCL/ScanJobs/a") is None  # a prefix of another job's id is not that job
