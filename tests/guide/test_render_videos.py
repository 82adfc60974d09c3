"""`make videos`: the tutorial videos recorded from the practice portal, with narration and captions covering them,
and at each chapter's midpoint the step's screen with the finger on the element to tap — read back from the
encoded video itself (decoded frames, OCR).

With $VIDEO_SHOTS set (`make screenshots` sets docs/screenshots) each chapter's midpoint frame is kept there as
video-<video>-<chapter>.png.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import unicodedata
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.guide.journey import load as load_journey
from kiosk.guide.screencast import RING_MARGIN, RING_PEN, accent_near, finger_body, skin_near
from kiosk.guide.videos import file_problem, load

HEADING_SHARE = 0.6  # of the heading's words, this many must be read back from the frame


def probe(path, *args):
    return subprocess.run(["ffmpeg", "-hide_banner", "-i", str(path), *args, "-f", "null", "-"], check=False,
                          capture_output=True, text=True).stderr


def test_every_step_has_a_chapter_in_a_valid_manifest(rendered_videos):
    videos = load(rendered_videos, load_journey())
    chapters = [chapter.step for video in videos.values() for chapter in video.chapters]
    assert sorted(chapters) == sorted(step.id for step in load_journey().steps)
    assert all(file_problem(video) is None for video in videos.values())


def test_each_video_is_h264_aac_with_narration_and_captions_over_its_length(rendered_videos):
    for video in load(rendered_videos, load_journey()).values():
        report = probe(video.file, "-af", "volumedetect")
        assert "Video: h264" in report and "Audio: aac" in report
        mean = float(re.search(r"mean_volume: (-?[\d.]+) dB", report).group(1))
        assert mean > -35, f"{video.id} is nearly silent ({mean} dB)"
        length = re.search(r"Duration: (\d+):(\d+):([\d.]+)", report).groups()
        seconds = int(length[0]) * 3600 + int(length[1]) * 60 + float(length[2])
        assert abs(seconds - video.duration_s) < 0.5
        for language in ("vi", "en"):
            cues = video.captions[language].cues
            assert cues[0].start_ms == 0 and cues[-1].end_ms >= video.duration_s * 1000 - 50
            assert all(later.start_ms - earlier.end_ms <= 0 for earlier, later in zip(cues, cues[1:], strict=False))
        assert video.captions["vi"].at(500).startswith(load_journey().steps[0].title("vi")) or video.id != "vneid"


def frame_at(path: Path, seconds: float) -> np.ndarray:
    """The decoded frame shown at `seconds`, as RGB."""
    capture = cv2.VideoCapture(str(path))
    try:
        capture.set(cv2.CAP_PROP_POS_MSEC, seconds * 1000)
        ok, picture = capture.read()
    finally:
        capture.release()
    assert ok, f"{path.name}: no frame at {seconds} s"
    return cv2.cvtColor(picture, cv2.COLOR_BGR2RGB)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).lower())


def read_text(picture: np.ndarray) -> str:
    """What tesseract (Vietnamese) reads on the frame, enlarged for its sake."""
    large = cv2.resize(picture, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC)
    ok, png = cv2.imencode(".png", cv2.cvtColor(large, cv2.COLOR_RGB2BGR))
    assert ok
    return subprocess.run(["tesseract", "-", "-", "-l", "vie"], input=png.tobytes(), capture_output=True,
                          check=True).stdout.decode()


def pixel(picture: np.ndarray, x: float, y: float) -> tuple[int, int, int]:
    height, width = picture.shape[:2]
    row, column = min(max(round(y), 0), height - 1), min(max(round(x), 0), width - 1)
    return tuple(int(value) for value in picture[row, column])


def assert_pointer_on_target(picture: np.ndarray, chapter: dict, where: str) -> None:
    """The fingertip is inside the element's box, the finger is drawn there, and the highlight around the box."""
    left, top, width, height = chapter["target"]
    tip = chapter["finger"]
    assert chapter["resting"], f"{where}: the finger is still moving at the midpoint"
    assert left <= tip[0] <= left + width and top <= tip[1] <= top + height, f"{where}: fingertip {tip} off the box"
    body = finger_body(tip)
    patch = [pixel(picture, body[0] + dx, body[1] + dy) for dx in (-4, 0, 4) for dy in (-4, 0, 4)]
    assert sum(map(skin_near, patch)) >= len(patch) * 2 // 3, f"{where}: no finger drawn at {body}: {patch}"
    # The highlight's top and bottom edges, where the finger is not.
    edge = top - RING_MARGIN + RING_PEN / 2 - 1
    xs = [left + width * share for share in (0.1, 0.2, 0.8, 0.9)]
    ring = [pixel(picture, x, y) for x in xs for y in (edge, top + height + RING_MARGIN - RING_PEN / 2)]
    assert sum(map(accent_near, ring)) >= len(ring) * 3 // 4, f"{where}: no highlight around the box: {ring}"


def test_each_chapter_s_midpoint_shows_its_screen_with_the_finger_on_what_to_tap(rendered_videos):
    journey = load_journey()
    steps = {step.id: step for step in journey.steps}
    shots = Path(os.environ["VIDEO_SHOTS"]) if os.environ.get("VIDEO_SHOTS") else None
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    seen = []
    for video in load(rendered_videos, journey).values():
        sidecar = json.loads((rendered_videos.parent / f"{video.id}.shots.json").read_text(encoding="utf-8"))
        assert [entry["step"] for entry in sidecar["chapters"]] == [chapter.step for chapter in video.chapters]
        for chapter, entry in zip(video.chapters, sidecar["chapters"], strict=True):
            step, where = steps[chapter.step], f"{video.id}/{chapter.step}"
            assert entry["midpoint_s"] == pytest.approx((chapter.start_s + chapter.end_s) / 2, abs=0.01)
            # A recorded screen, never the slide: the portal's page of this step, or the phone or scanner picture.
            if step.manual:
                assert entry["kind"] in {"phone", "scanner"}, f"{where}: {entry['kind']}"
            else:
                assert entry["kind"] == "page", f"{where}: {entry['kind']}"
                assert journey.recognise(entry["url"], entry["title"], entry["text"]) == step.id, where
                assert entry["selector"] in step.point, where
            picture = frame_at(video.file, entry["midpoint_s"])
            if shots is not None:
                cv2.imwrite(str(shots / f"video-{video.id}-{step.chapter}.png"),
                            cv2.cvtColor(picture, cv2.COLOR_RGB2BGR))
            heading, read = words(entry["heading"]), set(words(read_text(picture)))
            found = [word for word in heading if word in read]
            assert heading and len(found) >= len(heading) * HEADING_SHARE, \
                f"{where}: the screen's heading {entry['heading']!r} is not on the frame (read: {sorted(read)[:40]})"
            assert_pointer_on_target(picture, entry, where)
            seen.append(step.id)
    assert sorted(seen) == sorted(steps)


def test_a_frame_without_the_finger_is_told_apart(rendered_videos):
    """The check above can fail: the same chapter's first frame (before the finger arrives) does not pass it."""
    video = load(rendered_videos, load_journey())["portal"]
    sidecar = json.loads((rendered_videos.parent / "portal.shots.json").read_text(encoding="utf-8"))
    entry = sidecar["chapters"][0]
    with pytest.raises(AssertionError, match="no finger drawn|no highlight"):
        assert_pointer_on_target(frame_at(video.file, video.chapters[0].start_s + 0.05), entry, "portal/first frame")
