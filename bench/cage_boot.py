"""The kiosk inside cage headless on Qt's `xcb` platform (through Xwayland) and on its `wayland` platform.

Usage (as root, on the test machine): `python bench/cage_boot.py [--runs 5] [--probes 3] [--screenshot FILE]`.

- cold boot: cage start -> READY=1 on a notify socket the bench made, the installed wheel's supervised
  `kiosk --practice` as the unit starts it (an unprivileged user, tests/cage.py), median of `--runs` per platform;
- QtWebEngine and the keyboard: the kiosk (the checkout's, one process) taps the attract screen and the "submit"
  tile through its QWindow, then times the practice portal's home page to its first frame painted (two
  requestAnimationFrame turns after the page is there), and a tap in its search field to the on-screen keyboard up
  with its keys laid out; median of `--probes` per platform.
It prints every run, the medians and the wayland/xcb ratio. `--screenshot` keeps the xcb kiosk's window picture.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.cage import CageSession, install_for_user, readable_folder  # noqa: E402
from tests.test_installed_package import build_wheel  # noqa: E402
from tests.test_watchdog import FakeSystemd  # noqa: E402

PLATFORMS = ("xcb", "wayland")
PROBE_TIMEOUT_S = 180


def boot(kiosk: Path, platform: str, screenshot: Path | None = None) -> float:
    """Seconds from cage's start to READY=1 from the kiosk process on screen."""
    systemd = FakeSystemd(f"@kiosk-bench-{uuid.uuid4().hex}")
    try:
        with CageSession([str(kiosk), "--practice"], platform,
                         {"NOTIFY_SOCKET": systemd.address, "WATCHDOG_USEC": "30000000"}) as cage:
            ready = systemd.wait_for("READY=1", 120)
            if screenshot is not None:
                from PySide6.QtGui import QImage

                time.sleep(3)  # the waiting process is being built: let the one on screen settle
                width, height, pixels = cage.window_picture(ready.pid)
                QImage(pixels, width, height, 4 * width, QImage.Format.Format_RGB32).save(str(screenshot))
            return ready.at - cage.started
    finally:
        systemd.close()


def probe(python: Path, platform: str) -> tuple[float, float]:
    """Seconds to the portal's first page painted, and to the keyboard shown, in one kiosk process in cage."""
    command = [str(python), str(ROOT / "bench" / "cage_boot.py"), "--probe", "--practice", "--single-process"]
    with CageSession(command, platform, {"PYTHONDONTWRITEBYTECODE": "1"}) as cage:
        deadline = time.monotonic() + PROBE_TIMEOUT_S
        while cage.process.poll() is None and not {"keyboard-shown", "probe-failed"} & set(cage.output().split()):
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
        said = dict(line.split(" ", 1) for line in cage.output().splitlines() if " " in line)
        if "keyboard-shown" not in said:
            raise RuntimeError(f"the probe did not finish on {platform}:\n{cage.output()}\n{cage.log()[-2000:]}")
        return float(said["portal-painted"]), float(said["keyboard-shown"])


def run_probe(kiosk_args: list[str]) -> int:
    """Inside cage: the kiosk, with a citizen who opens the portal and taps its search field."""
    from PySide6.QtCore import QTimer  # Qt and the kiosk only inside the kiosk process

    from kiosk.cli import build_parser
    from tests.citizen_process import Waits
    from tests.keyboard import wait_shown
    from tests.web import click, js, wait_js
    from ui.app import run
    from ui.shell import KioskShell

    def measure(shell: KioskShell) -> None:
        waits = Waits()
        handle = shell.window.windowHandle()

        def tap(widget) -> None:  # a QWidget
            from PySide6.QtCore import Qt
            from PySide6.QtTest import QTest

            point = widget.mapTo(widget.window(), widget.rect().center())
            QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)

        tap(shell.attract)
        waits.waitUntil(lambda: shell.current is shell.start, 20_000)
        began = time.perf_counter()
        tap(shell.start.tiles["submit"])
        waits.waitUntil(lambda: shell.current is shell.browser, 20_000)
        view = shell.browser.browser.view
        wait_js(waits, view, "document.getElementById('keyword')", timeout=60_000)
        js(waits, view, "(requestAnimationFrame(() => requestAnimationFrame(() => window.__painted = true)), true)")
        wait_js(waits, view, "window.__painted === true", timeout=60_000)
        print(f"portal-painted {time.perf_counter() - began:.3f}", flush=True)
        began = time.perf_counter()
        click(waits, view, "#keyword")
        wait_shown(waits, shell.window.keyboard)
        print(f"keyboard-shown {time.perf_counter() - began:.3f}", flush=True)
        shell.exit_kiosk("cage bench")

    def measure_or_say(shell: KioskShell) -> None:
        try:
            measure(shell)
        except Exception as error:  # noqa: BLE001 (whatever it was, the bench is told and goes on)
            print(f"probe-failed {type(error).__name__}: {error}".replace("\n", " "), flush=True)
            shell.exit_kiosk("cage bench failed")

    def attach(shell: KioskShell) -> None:
        shell.attract.first_painted.connect(lambda: QTimer.singleShot(500, lambda: measure_or_say(shell)))

    return run(build_parser().parse_args(kiosk_args), attach=attach)


def _median_line(name: str, figures: dict[str, list[float]]) -> str:
    medians = {platform: statistics.median(values) for platform, values in figures.items() if values}
    text = ", ".join(f"{platform} {seconds:.2f} s" for platform, seconds in medians.items())
    ratio = medians["wayland"] / medians["xcb"] if len(medians) == len(PLATFORMS) else float("nan")
    return f"{name}: median {text}; wayland/xcb {ratio:.2f}"


def main() -> int:
    """Measure both platforms and print every run, the medians and the ratio."""
    if len(sys.argv) > 1 and sys.argv[1] == "--probe":
        return run_probe(sys.argv[2:])
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--probes", type=int, default=3)
    parser.add_argument("--screenshot", type=Path, help="keep the xcb kiosk's window picture (PNG)")
    args = parser.parse_args()
    folder = readable_folder("kiosk-bench-")
    try:
        with tempfile.TemporaryDirectory() as build:
            kiosk = install_for_user(build_wheel(Path(build)), folder / "venv")
        boots: dict[str, list[float]] = {platform: [] for platform in PLATFORMS}
        pages: dict[str, list[float]] = {platform: [] for platform in PLATFORMS}
        keyboards: dict[str, list[float]] = {platform: [] for platform in PLATFORMS}
        for run_number in range(args.runs):  # the platforms in turn, so a busy spell of the machine hits both
            for platform in PLATFORMS:
                shot = args.screenshot if platform == "xcb" and run_number == 0 else None
                boots[platform].append(boot(kiosk, platform, shot))
                print(f"boot {platform} run {run_number + 1}: {boots[platform][-1]:.2f} s", flush=True)
        for run_number in range(args.probes):
            for platform in PLATFORMS:
                try:
                    page, keyboard = probe(kiosk.parent / "python", platform)
                except RuntimeError as error:
                    print(f"probe {platform} run {run_number + 1}: FAILED {error}", flush=True)
                    continue
                pages[platform].append(page)
                keyboards[platform].append(keyboard)
                print(f"probe {platform} run {run_number + 1}: portal page painted {page:.2f} s, "
                      f"keyboard shown {keyboard:.2f} s", flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(_median_line(f"cage start -> READY=1 ({args.runs} runs)", boots))
    print(_median_line("tap -> practice portal's first page painted", pages))
    print(_median_line("tap in a field -> keyboard shown", keyboards))
    return 0


if __name__ == "__main__":
    sys.exit(main())
