"""A whole day of citizens: memory, processes, folders and leftovers over N scripted visits.

Usage: `python bench/soak.py [--sessions 300] [--baseline 60] [--frames]`. Starts its own Xvfb unless DISPLAY
is set. The kiosk runs as a technician starts it (the supervisor, one kiosk process per citizen) with a scripted
citizen in each kiosk process (tests/citizen_process.py): tap the attract screen, "Nộp hồ sơ trực tuyến", log in
to the practice portal, type a birth registration key by key (every 4th visit first scans a 10-sheet batch from
SANE's test scanner and submits the dossier with it), then end by the citizen, by an officer (PIN) or by the idle
timeout (the kiosk's clock is moved on, so the timeout does not cost two minutes), and skip the survey.

Every 10 visits, right after the next attract screen is up: the RSS of the supervisor and of every kiosk process
with its QtWebEngine and scanner children, their file descriptors and threads, the number of processes and
of owner folders. Printed: the table, the growth per 100 visits after a 20-visit warm-up (least squares), the
time from the survey's end to the next attract screen painted (the supervisor's "handover" figures), and a scan of
every kiosk process's memory and of HOME, XDG, runtime, /tmp, /var/tmp and /dev/shm for the citizen's strings.
`--baseline N` first runs N visits in one kiosk process (--single-process) for the growth it is compared with.
`--frames` films the screen (ffmpeg x11grab, 25 frames/s) across one handover and counts blank frames.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.citizen_process import write_plan  # noqa: E402
from tests.kiosk_processes import SupervisedKiosk, forms_of, found_in_memory, rss_kb  # noqa: E402
from tests.residue import files_under, holds  # noqa: E402
from tests.test_citizen_processes import CONFIG, a_citizen  # noqa: E402

WARM_UP = 20
ENDS = ("citizen", "staff", "timeout")


def visits(count: int) -> list[dict[str, object]]:
    return [{"portal": True, "scan": n % 4 == 3, "submit": n % 4 == 3, "end": ENDS[n % 3]} for n in range(count)]


def threads(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    return 0


def sample(kiosk: SupervisedKiosk, number: int) -> dict[str, float]:
    pids = []
    for pid in kiosk.processes():
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                pids.append(pid)
        except OSError:
            continue
    row = {"visit": number, "supervisor_mb": rss_kb(kiosk.process.pid) / 1024, "processes": len(pids)}
    row["all_mb"] = sum(_safe(rss_kb, pid) for pid in pids) / 1024
    row["fds"] = sum(_safe(lambda p: len(os.listdir(f"/proc/{p}/fd")), pid) for pid in pids)
    row["threads"] = sum(_safe(threads, pid) for pid in pids)
    sessions = kiosk.home / "runtime" / "commune-kiosk" / "sessions"
    row["folders"] = len(list(sessions.iterdir())) if sessions.is_dir() else 0
    return row


def _safe(measure, pid: int) -> int:
    try:
        return measure(pid)
    except OSError:
        return 0


def slope_per_100(rows: list[dict[str, float]], key: str) -> float:
    points = [(row["visit"], row[key]) for row in rows if row["visit"] >= WARM_UP]
    if len(points) < 2:
        return float("nan")
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return 100 * sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def settle(kiosk: SupervisedKiosk, single: bool) -> None:
    """Let the handover finish: the old process gone, the next one built (or, alone, the attract screen up)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        kiosks = [pid for pid in kiosk.processes()[1:] if _is_kiosk(pid)]
        if single or len(kiosks) == 2:
            break
        time.sleep(0.2)
    time.sleep(3.0)  # the waiting one finishes building


def _is_kiosk(pid: int) -> bool:
    try:
        return b"tests.citizen_process" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def run(home: Path, count: int, single: bool, frames: bool) -> dict[str, object]:
    config = home / "kiosk.toml"
    home.mkdir(parents=True)
    config.write_text(CONFIG, encoding="utf-8")
    citizen = a_citizen()
    plan = write_plan(home / "plan", visits(count), citizen, one_process=single)
    began = time.time()
    kiosk = SupervisedKiosk(home / "kiosk", plan, "--practice", "--config", str(config), "--size", "1366x768",
                            single_process=single)
    kiosk.tolerate_failures = True  # counted and shown at the end
    rows, crashes, failed, film = [], 0, [], None
    try:
        kiosk.expect("shown 0", timeout=120)
        for number in range(count):
            if frames and number == 1 and not single:
                film = Film(home / "frames")
            kiosk.expect(f"visit {number} done", timeout=300)
            if film is not None:
                kiosk.expect(f"shown {number + 1}", timeout=60)
                film.stop()
                frames = False
                film_result, film = film.blank_frames(), None
                print(f"handover filmed: {film_result}", flush=True)
            if (number + 1) % 10 == 0 or number == 0:
                if not single:
                    kiosk.expect(f"shown {number + 1}", timeout=60)
                settle(kiosk, single)
                rows.append(sample(kiosk, number + 1))
                print(_row(rows[-1]), flush=True)
        if not single and count % 10:  # (a multiple of ten was seen by the last sample)
            kiosk.expect(f"shown {count}", timeout=60)
        settle(kiosk, single)
        log = kiosk.log()
        crashes = len(re.findall(r"kiosk process stopped", log))
        failed = [line for line in kiosk.said if " failed: " in line]
        forms = forms_of(*citizen.values())
        in_memory = {pid: found for pid in kiosk.processes() if (found := _safe_scan(pid, forms))}
        roots = [kiosk.home, Path("/tmp"), Path("/var/tmp"), Path("/dev/shm")]
        in_files = [str(p) for p in files_under(*roots, since=began) if any(holds(p, f) for f in forms.values())]
        handovers = [float(ms) for ms in re.findall(r"handover \d+ in (\d+) ms", log)]
    finally:
        code = kiosk.stop()
    return {"rows": rows, "crashes": crashes, "failed": failed, "memory": in_memory, "files": in_files,
            "handovers": handovers, "exit": code}


def _safe_scan(pid: int, forms: dict[str, bytes]) -> list[str]:
    try:
        return found_in_memory(pid, forms)
    except OSError:
        return []


def _row(row: dict[str, float]) -> str:
    return (f"{row['visit']:>5} {row['supervisor_mb']:>8.1f} {row['all_mb']:>9.1f} {row['processes']:>5}"
            f" {row['fds']:>5} {row['threads']:>7} {row['folders']:>7}")


HEADER = f"{'visit':>5} {'sup MB':>8} {'all MB':>9} {'procs':>5} {'fds':>5} {'threads':>7} {'folders':>7}"


class Film:
    """ffmpeg filming the X screen, to see what a citizen sees between two visits."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir()
        self.process = subprocess.Popen(
            ["ffmpeg", "-loglevel", "error", "-f", "x11grab", "-framerate", "25", "-i", os.environ["DISPLAY"],
             "-vf", "scale=160:-1", str(folder / "f%05d.png")], stdin=subprocess.PIPE)

    def stop(self) -> None:
        """Stop filming a second after the next attract screen is up."""
        time.sleep(1.0)
        assert self.process.stdin is not None
        self.process.communicate(b"q", timeout=20)

    def blank_frames(self) -> str:
        """How many frames show one flat colour (nothing drawn), of all."""
        import cv2

        frames = sorted(self.folder.glob("f*.png"))
        blank = 0
        for frame in frames:
            image = cv2.imread(str(frame), cv2.IMREAD_GRAYSCALE)
            blank += int(image is None or float(image.std()) < 2.0)  # one flat colour: nothing drawn
        return f"{blank} blank of {len(frames)} frames"


def main() -> int:
    """Print the soak table, the growth per 100 visits, handover times and residue."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--baseline", type=int, default=0, help="visits in one kiosk process first (0: none)")
    parser.add_argument("--frames", action="store_true", help="film one handover and count blank frames")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        from bench.startup import start_xvfb

        server, display = start_xvfb()
        os.environ["DISPLAY"] = display
    else:
        server = None
    folder = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    try:
        results = {}
        for name, count, single in (("one process", args.baseline, True), ("per citizen", args.sessions, False)):
            if count:
                print(f"\n== {name}: {count} visits\n{HEADER}", flush=True)
                results[name] = run(folder / name.replace(" ", "-"), count, single, args.frames and not single)
        print()
        for name, result in results.items():
            rows = result["rows"]
            print(f"{name}: growth per 100 visits after {WARM_UP}: all kiosk processes "
                  f"{slope_per_100(rows, 'all_mb'):+.1f} MB, supervisor {slope_per_100(rows, 'supervisor_mb'):+.2f} MB,"
                  f" fds {slope_per_100(rows, 'fds'):+.1f}, threads {slope_per_100(rows, 'threads'):+.1f},"
                  f" processes {slope_per_100(rows, 'processes'):+.1f}; folders at the end {rows[-1]['folders']};"
                  f" crashes {result['crashes']}; exit {result['exit']}")
            if result["handovers"]:
                ms = result["handovers"]
                print(f"  handover (survey end -> next attract painted): median {statistics.median(ms):.0f} ms, "
                      f"max {max(ms):.0f} ms over {len(ms)}")
            print(f"  visits the script could not finish (ended by the citizen instead): {len(result['failed'])}")
            for line in result["failed"][:5]:
                print(f"    {line}")
            print(f"  residue: memory {result['memory'] or 'none'}; files {result['files'] or 'none'}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if server is not None:
            server.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())
