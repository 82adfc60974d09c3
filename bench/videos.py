"""`make videos` from scratch: recording the practice portal and rendering every tutorial video, median over runs.

Usage: `python bench/videos.py [--runs 3]`. Each run is a fresh `python -m ui.tutorial.render` process into an
empty folder, with no display (as a build machine has none), timed from spawn to exit. Target on the 2-core
kiosk machine (the issue's limit): median <= 300 s. Also prints seconds of video per second of rendering.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 300.0


def one_run(env: dict[str, str]) -> tuple[float, float]:
    """Seconds the render took, and seconds of video it made."""
    with tempfile.TemporaryDirectory(prefix="bench-videos-") as folder:
        began = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ui.tutorial.render", folder], check=True, cwd=ROOT, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        took = time.perf_counter() - began
        manifest = tomllib.loads((Path(folder) / "manifest.toml").read_text(encoding="utf-8"))
    return took, sum(float(video["duration_s"]) for video in manifest["videos"])


def main() -> int:
    """Run and print each run, the median and the ratio to the target."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {key: value for key, value in os.environ.items() if key not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    runs = [one_run(env) for _ in range(args.runs)]
    for number, (took, video) in enumerate(runs, start=1):
        print(f"run {number}: {took:.1f} s for {video:.0f} s of video")
    median = statistics.median(took for took, _ in runs)
    video = runs[0][1]
    verdict = "meets" if median <= TARGET_S else "MISSES"
    print(f"median render: {median:.1f} s over {len(runs)} runs on {os.cpu_count()} cores, {video / median:.1f} s of "
          f"video per second; {median / TARGET_S:.2f} of the {TARGET_S:.0f} s limit ({verdict} it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
