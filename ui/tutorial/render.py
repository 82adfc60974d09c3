"""`make videos`: record the practice portal off-screen and render the tutorial videos into a folder.

Usage: `python -m ui.tutorial.render [OUT_DIR]` (default videos/build). It draws off-screen (Qt's `offscreen`
platform, which QtWebEngine grabs from too), so a build with no display works; prints how long it took.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

from kiosk.guide.journey import Journey
from kiosk.guide.journey import load as load_journey
from kiosk.guide.render_videos import TITLES
from kiosk.guide.render_videos import render as assemble
from kiosk.guide.videos import VIDEOS_DIR


def render(out: Path, journey: Journey | None = None) -> list[dict[str, Any]]:
    """Record every step the practice portal, the phone or the scanner picture shows, then render the videos
    into `out`. Needs a QApplication (made here when there is none)."""
    from ui.app import application
    from ui.tutorial.practice_walk import record
    from ui.tutorial.recorder import Recorder

    journey = journey or load_journey()
    application()
    recorder = Recorder()
    try:
        shots = record(recorder, journey.steps, {video: titles[0] for video, titles in TITLES.items()})
    finally:
        recorder.close()
    return assemble(out, journey, shots)


def main() -> int:
    """Command line: render into the folder given and say how long it took."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=VIDEOS_DIR / "build")
    args = parser.parse_args()
    # Nobody needs to see the recording: off-screen, whether or not there is a display (QtWebEngine grabs there).
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.app import prepare_environment

    prepare_environment(on_screen_keyboard=False)
    started = time.monotonic()
    entries = render(args.out)
    total = sum(entry["duration_s"] for entry in entries)
    print(f"{len(entries)} videos, {total:.0f} s of video, rendered in {time.monotonic() - started:.1f} s"
          f" -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
