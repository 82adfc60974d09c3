"""Live page detection on 1080p camera video: frames per second of decode + detection.

Usage: `python bench/camera.py [--frames 150]`. Writes a generated 1920x1080 MJPG video (a page on three
desks, moving and still, plus empty frames), then reads it back through `cv2.VideoCapture` (the same
path as a webcam) and runs `find_page` on every frame, as the camera screen's preview does.
Target: >= 25 frames/s on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.documents.page_detect import find_page
from tests.camera_photos import DESKS, FRAME, empty, photo


def write_video(path: Path, count: int) -> None:
    rng = np.random.default_rng(5)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 25, FRAME)
    scenes = [photo(rng, desk)[0] for desk in DESKS] + [empty(rng, desk) for desk in DESKS]
    for index in range(count):
        scene = scenes[(index // 10) % len(scenes)]
        writer.write(np.roll(scene, (index % 10) * 6, axis=1))  # the page drifts a little, like a hand
    writer.release()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        video = Path(folder) / "camera.avi"
        write_video(video, args.frames)
        capture = cv2.VideoCapture(str(video))
        decode_ms, detect_ms, found = [], [], 0
        started = time.perf_counter()
        while True:
            tick = time.perf_counter()
            ok, frame = capture.read()
            if not ok:
                break
            tock = time.perf_counter()
            found += find_page(frame) is not None
            detect_ms.append((time.perf_counter() - tock) * 1000)
            decode_ms.append((tock - tick) * 1000)
        elapsed = time.perf_counter() - started
    frames = len(detect_ms)
    print(f"{frames} frames {FRAME[0]}x{FRAME[1]}, {os.cpu_count()} CPUs, OpenCV {cv2.__version__}")
    print(f"decode  median {statistics.median(decode_ms):5.1f} ms")
    print(f"detect  median {statistics.median(detect_ms):5.1f} ms  p95 {sorted(detect_ms)[int(frames * 0.95)]:5.1f} ms")
    print(f"pages found in {found} of {frames} frames (half the scenes have no page)")
    print(f"live detection: {frames / elapsed:.1f} frames/s (target >= 25)")


if __name__ == "__main__":
    main()
