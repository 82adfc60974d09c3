"""Cold start of the kiosk: process start -> attract screen painted, median over several runs.

Usage: `python bench/startup.py [--runs 7]`. Starts its own Xvfb (1920x1080) unless DISPLAY
is set. Each run is a fresh `python -m kiosk --exit-after-paint` process; the time is taken
from just before the process is spawned to the line it prints after the first paint.
Target on the 2-core kiosk machine: median <= 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 1.5


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """An Xvfb on a free display; returns the process and its DISPLAY value."""
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        display = pipe.readline().strip()
    return server, f":{display}"


def one_run(env: dict[str, str]) -> float:
    """Seconds from spawn to the attract screen's first paint."""
    began = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--exit-after-paint"],
        stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == "attract-painted":
            elapsed = time.perf_counter() - began
            break
    else:
        raise RuntimeError("the kiosk exited without painting the attract screen")
    process.wait(timeout=30)
    return elapsed


def main() -> int:
    """Run the benchmark and print each run and the median."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    server = None
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        server, env["DISPLAY"] = start_xvfb()
    with tempfile.TemporaryDirectory() as home:
        for name in ("XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            env[name] = str(Path(home) / name.lower())
        env["KIOSK_SITE_CONFIG"] = str(Path(home) / "none.toml")
        try:
            # The first run after install also compiles the catalogues; it is shown, not counted.
            first = one_run(env)
            times = [one_run(env) for _ in range(args.runs)]
        finally:
            if server is not None:
                server.terminate()
    print(f"first run (compiles the catalogues): {first:.3f} s")
    for number, seconds in enumerate(times, start=1):
        print(f"run {number}: {seconds:.3f} s")
    median = statistics.median(times)
    verdict = "meets" if median <= TARGET_S else "MISSES"
    print(f"median cold start: {median:.3f} s over {len(times)} runs ({verdict} the {TARGET_S} s target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
