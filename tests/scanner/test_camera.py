"""The document camera path: page detection on generated photos, and auto-capture from a video file."""

from __future__ import annotations

import threading

import cv2
import numpy as np
import pytest

from drivers.base import DriverSetup, Mode, ScanOptions, Source
from drivers.camera import CameraDriver
from drivers.errors import Cancelled, FeederEmpty
from kiosk.documents.page_detect import Outline, find_page, straighten
from kiosk.scanning.camera_watch import PageWatcher, StillnessWatch
from tests.camera_photos import DESKS, FPS, corner_error, empty, page_arriving, photo, write_video


@pytest.mark.parametrize("desk_kind", DESKS)
def test_page_corners_within_one_percent_of_the_diagonal(desk_kind):
    rng = np.random.default_rng(sum(map(ord, desk_kind)))
    errors = []
    for _ in range(12):
        frame, truth = photo(rng, desk_kind)
        outline = find_page(frame)
        assert outline is not None
        errors.append(corner_error(outline.corners, truth))
    assert np.mean(errors) <= 0.01
    assert max(errors) <= 0.02


@pytest.mark.parametrize("desk_kind", DESKS)
def test_no_page_is_found_where_there_is_none(desk_kind):
    rng = np.random.default_rng(7 + len(desk_kind))
    for _ in range(8):
        assert find_page(empty(rng, desk_kind)) is None


def test_a_page_cut_off_by_the_frame_edge_is_not_a_page():
    rng = np.random.default_rng(3)
    frame, truth = photo(rng, "dark_wood")
    shifted = np.roll(frame, -int(truth[:, 0].min()) - 80, axis=1)  # the left part of the page leaves the view
    shifted[:, -int(truth[:, 0].min()) - 80:] = frame[:, :1].mean()
    assert find_page(shifted) is None


def test_stillness_needs_a_second_without_movement():
    corners = np.array([[100.0, 100], [500, 100], [500, 660], [100, 660]])
    watch = StillnessWatch()
    assert watch.update(Outline(corners, 50), 0.0) == 0.0
    assert watch.update(Outline(corners + 1, 50), 0.5) == 0.5  # a pixel of tremor is still
    assert watch.update(Outline(corners + 30, 50), 0.8) == 0.0  # moved: start again
    assert watch.update(Outline(corners + 30, 50), 1.8) == 1.0
    assert watch.update(None, 1.9) == 0.0


def scan_video(path, dpi=100, cancel=None):
    driver = CameraDriver(DriverSetup(camera_sources=(str(path),)), PageWatcher)
    device = driver.list_devices()[0]
    pages, progress = [], []
    driver.scan(ScanOptions(device.id, Source.CAMERA, dpi, Mode.GRAY), cancel or threading.Event(),
                pages.append, progress.append)
    return pages, progress


def test_auto_capture_after_the_page_lies_still(tmp_path):
    rng = np.random.default_rng(11)
    frames, still, truth = page_arriving(rng, still_frames=40)
    pages, progress = scan_video(write_video(tmp_path / "page.avi", frames))
    assert len(pages) == 1
    page = pages[0].image
    assert page.shape == (1169, 827)  # A4 at 100 dpi
    expected = straighten(cv2.cvtColor(still, cv2.COLOR_BGR2GRAY), Outline(truth, 0), (827, 1169))
    assert np.mean(np.abs(page.astype(int) - expected.astype(int))) < 6
    assert progress[-1].fraction == 1.0
    captured_at = len(progress)
    assert 16 + FPS <= captured_at <= 16 + FPS + 3  # one second (25 frames) after the page stopped


def test_a_page_never_still_is_not_captured(tmp_path):
    rng = np.random.default_rng(12)
    frames, _, _ = page_arriving(rng, still_frames=10)  # 0.4 s still, then the video ends
    with pytest.raises(FeederEmpty):
        scan_video(write_video(tmp_path / "moving.avi", frames))


def test_cancel_stops_the_camera(tmp_path):
    rng = np.random.default_rng(13)
    frames, _, _ = page_arriving(rng, still_frames=40)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        scan_video(write_video(tmp_path / "page.avi", frames), cancel=cancel)
