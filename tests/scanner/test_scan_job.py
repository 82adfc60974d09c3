"""The scan job's states and the service that saves pages, with SANE's test scanner behind it."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import pytest

from drivers.errors import Cancelled, PaperJam
from drivers.worker import WorkerDriver
from kiosk.config.schema import ScannerSettings
from kiosk.documents.files import read_page
from kiosk.documents.thumbnails import ScannedPage
from kiosk.scanning.job import ScanJob, State
from kiosk.scanning.kinds import PaperKind, scan_options
from kiosk.scanning.service import ScannerService
from kiosk.scanning.setup import pick_device, scanner_choice


def test_a_jam_keeps_the_pages_and_says_so():
    job = ScanJob()
    job.choose(PaperKind.BATCH)
    job.start()
    job.page_arrived(Path("1.png"))
    job.page_arrived(Path("2.png"))
    job.failed(PaperJam("jammed"))
    assert job.state is State.STOPPED
    assert job.message() == [("scanner.pages_kept", {"count": 2}), ("scanner.error.paper_jam", {}),
                             ("scan.or_finish", {})]
    job.start()  # "Tiếp tục" after clearing the jam
    job.page_arrived(Path("3.png"))
    job.finished()
    assert job.state is State.DONE and len(job.pages) == 3


def test_a_card_is_scanned_front_then_back():
    job = ScanJob()
    job.choose(PaperKind.CARD)
    assert job.message() == [("scan.place.card_front", {})]
    job.start()
    job.page_arrived(Path("front.png"))
    job.finished()
    assert job.state is State.PLACING and job.message() == [("scan.place.card_back", {})]
    job.start()
    job.page_arrived(Path("back.png"))
    job.finished()
    assert job.state is State.DONE


def test_cancel_with_no_pages_offers_no_finish():
    job = ScanJob()
    job.choose(PaperKind.A4)
    job.start()
    job.failed(Cancelled())
    job.finish_with_pages()
    assert job.state is State.STOPPED
    assert job.message() == [("scanner.error.cancelled", {})]


def test_practice_adds_the_test_scanner_after_the_real_ones():
    choice = scanner_choice(ScannerSettings(sane_backends=("genesys",)), practice=True)
    assert choice.setup.sane_backends == ("genesys", "test")
    assert scanner_choice(ScannerSettings(), practice=False).setup.sane_backends == ScannerSettings().sane_backends
    assert scanner_choice(ScannerSettings(driver="none"), practice=True).kind is None


def test_card_options_are_colour_at_the_card_resolution():
    options = scan_options(PaperKind.CARD, ScannerSettings(card_dpi=300), "dev")
    assert (options.dpi, options.mode.value, options.source.value) == (300, "color", "flatbed")
    assert scan_options(PaperKind.BATCH, ScannerSettings(), "dev").source.value == "adf"


def test_pick_device_prefers_the_configured_then_a_real_one():
    from drivers.base import Device, DriverKind

    test = Device("sane:Noname:frontend-tester", DriverKind.SANE, "Noname", "frontend-tester", "test:0")
    real = Device("sane:Canon:LiDE 300", DriverKind.SANE, "Canon", "LiDE 300", "genesys:libusb:001:004")
    assert pick_device([test, real], "") is real
    assert pick_device([test, real], test.id) is test
    assert pick_device([test], "sane:Gone:Model") is None
    assert pick_device([], "") is None


@pytest.fixture
def service(tmp_path):
    settings = ScannerSettings(sane_backends=(), a4_dpi=150, a4_mode="gray", batch_dpi=100)
    choice = scanner_choice(settings, practice=True, sane_config_dir=tmp_path / "sane.d")
    running = ScannerService(choice, settings, lambda chosen: WorkerDriver(chosen.kind, chosen.setup))
    yield running
    running.close()


def test_service_saves_pages_with_their_resolution(service, tmp_path):
    folder = tmp_path / "scans"  # inside the session's folder, which is tmp_path here
    saved, progress = [], []
    count = service.scan(PaperKind.BATCH, folder, threading.Event(), saved.append, progress.append)
    assert count == 10 and [page.path.name for page in saved][:2] == ["scan-0001.png", "scan-0002.png"]
    image, dpi = read_page(saved[0].path)
    assert dpi == pytest.approx(100, abs=0.1)
    assert image.shape[0] == 1169 and abs(image.shape[1] - 827) <= 1  # A4 at 100 dpi (SANE rounds down)
    assert progress
    assert saved[0].thumbnail.shape[0] == 300 and saved[0].thumbnail.ndim == 3  # made from the pixels scanned
    more: list[ScannedPage] = []
    service.scan(PaperKind.A4, folder, threading.Event(), more.append)
    assert [page.path.name for page in more] == ["scan-0011.png"]  # numbering continues in the folder


def test_card_sides_become_one_a4_page(tmp_path):
    from kiosk.scanning.service import card_page
    from tests.pages import card_on_lid

    front, back = tmp_path / "front.png", tmp_path / "back.png"
    cv2.imwrite(str(front), card_on_lid())
    cv2.imwrite(str(back), card_on_lid(degrees=-4))
    sheet, _ = read_page(card_page(front, back, 300).path)
    assert sheet.shape[:2] == (3508, 2480)
