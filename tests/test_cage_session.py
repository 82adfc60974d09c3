"""The installed kiosk inside cage headless, as installer/deb/commune-kiosk.service runs it: cage as an unprivileged
user, the kiosk's supervisor below it on Xwayland (xcb), and the test playing systemd's notify socket.

It reads READY=1 from the kiosk process on screen, then WATCHDOG=1 at the configured interval; the pings stop while
that process's GUI thread is blocked (the test-only hook of ui/watchdog_part.py) and come back after. cage's output
(screencopy) holds the kiosk, and the kiosk's window is the attract screen at the output's size.
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from tests.cage import CageSession, children, install_for_user, parent, readable_folder, unprivileged_user
from tests.test_installed_package import Installed, installed  # noqa: F401 (the fixture that builds the wheel)
from tests.test_watchdog import FakeSystemd, Said

WATCHDOG_USEC = 1_000_000  # pings every 0.5 s
FREEZE_S = 4.0
OUTPUT = (1280, 720)  # cage's headless output (wlroots 0.15)
SHOT_ENV = "KIOSK_CAGE_SHOT"  # where to keep the window picture (bench/cage_boot.py --screenshot sets it)


@pytest.fixture(scope="module")
def user_kiosk(installed: Installed) -> Iterator[Path]:  # noqa: F811
    """The wheel the fixture built, installed where cage's unprivileged user can run it."""
    folder = readable_folder("kiosk-venv-")
    try:
        kiosk = install_for_user(installed.wheel, folder / "venv")
        user = unprivileged_user()
        # A checkout (and so the development venv) in a folder only root may enter cannot serve the test user.
        imports = subprocess.run([kiosk.parent / "python", "-c", "import kiosk.cli, PySide6.QtWebEngineWidgets"],
                                 user=user.pw_uid, group=user.pw_gid, extra_groups=[], cwd="/", capture_output=True,
                                 text=True, timeout=60, check=False)
        assert imports.returncode == 0, f"{user.pw_name} cannot import the kiosk:\n{imports.stderr}"
        yield kiosk
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _pings(heard: list[Said]) -> list[Said]:
    return [said for said in heard if said.text == "WATCHDOG=1"]


def _is_attract_blue(argb: int) -> bool:
    red, green, blue = (argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF
    return blue > 100 and blue > red + 60 and blue > green + 30  # the attract screen's background, #0a4495 or so


def _is_practice_yellow(argb: int) -> bool:
    red, green, blue = (argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF
    return red > 200 and green > 160 and blue < 80  # the practice band "BẢN TẬP HUẤN", #fccc1a or so


def test_cage_headless_runs_the_installed_kiosk_which_pings_systemd_until_its_gui_thread_freezes(user_kiosk, tmp_path):
    systemd = FakeSystemd(f"@kiosk-cage-{uuid.uuid4().hex}")  # abstract: the test user may write to it
    environment = {"NOTIFY_SOCKET": systemd.address, "WATCHDOG_USEC": str(WATCHDOG_USEC),
                   "KIOSK_TEST_FREEZE": str(FREEZE_S)}
    try:
        with CageSession([str(user_kiosk), "--practice"], "xcb", environment) as cage:
            try:
                _check_session(cage, systemd, user_kiosk, tmp_path)
            except AssertionError as error:
                raise AssertionError(f"{error}\ncage's output:\n{cage.log()[-3000:]}") from error
    finally:
        systemd.close()
    assert cage.process.returncode == 0  # the supervisor ended its kiosk processes, then cage left with them


def _check_session(cage: CageSession, systemd: FakeSystemd, user_kiosk: Path, tmp_path: Path) -> None:
    ready = systemd.wait_for("READY=1", 90)
    on_screen = ready.pid
    print(f"cage start -> READY=1: {ready.at - cage.started:.2f} s")
    (supervisor,) = children(cage.process.pid)
    assert parent(on_screen) == supervisor  # a kiosk process below the supervisor, itself cage's child
    assert f"STATUS=kiosk process {on_screen} on screen" in ready.text
    command = Path(f"/proc/{supervisor}/cmdline").read_bytes().split(b"\0")
    assert Path(command[1].decode()) == user_kiosk, command  # the installed console script, not the checkout
    assert os.stat(f"/proc/{on_screen}").st_uid == cage.user.pw_uid != 0

    deadline = time.monotonic() + 60  # the waiting process is built meanwhile (and stays silent)
    while cage.kiosk_log().count("kiosk started (") < 2:
        assert time.monotonic() < deadline, "no waiting kiosk process was built"
        systemd.listen(0.5)
    pings = _pings(systemd.listen(3.0))
    gaps = [b.at - a.at for a, b in zip(pings, pings[1:], strict=False)]
    assert len(pings) >= 4 and 0.35 < statistics.median(gaps) < 0.8, gaps
    assert {said.pid for said in systemd.heard} == {on_screen}

    os.kill(on_screen, signal.SIGUSR1)  # its GUI thread sleeps FREEZE_S: no ping meanwhile
    frozen_at = time.monotonic()
    during = [round(said.at - frozen_at, 2) for said in _pings(systemd.listen(FREEZE_S + 2.0))]
    # Python runs the handler at the GUI thread's next Python call (a ping, or app.py's 0.5 s wake timer).
    assert [at for at in during if 0.8 < at < FREEZE_S - 0.2] == [], during
    assert during and during[-1] > FREEZE_S, during  # and they come back with the event loop

    shown = QImage.fromData(cage.screencopy(on_screen), "PNG")
    shown.save(str(tmp_path / "cage-output.png"))
    assert (shown.width(), shown.height()) == OUTPUT
    assert _is_attract_blue(shown.pixel(20, 400)), hex(shown.pixel(20, 400))  # the kiosk is what cage shows

    width, height, pixels = cage.window_picture(on_screen)
    assert (width, height) == OUTPUT  # fullscreen on cage's output
    picture = QImage(pixels, width, height, 4 * width, QImage.Format.Format_RGB32).copy()
    picture.save(str(tmp_path / "cage-attract.png"))
    if os.environ.get(SHOT_ENV):
        picture.save(os.environ[SHOT_ENV])
    for x, y in ((20, 400), (width - 20, height - 20), (width // 2, height - 20)):  # painted to its corners
        assert _is_attract_blue(picture.pixel(x, y)), (x, y, hex(picture.pixel(x, y)))
    assert _is_practice_yellow(picture.pixel(20, 56)), hex(picture.pixel(20, 56))  # the practice band at the top
    log = cage.kiosk_log()
    assert " ERROR " not in log and "Traceback" not in cage.log(), log
