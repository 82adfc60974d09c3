"""The kiosk turns the X server's screen saver and DPMS off when it starts: checked with `xset q` on an Xvfb of its
own (Xvfb starts, like Xwayland, with a 600 s screen saver). Debian's Xvfb has no DPMS extension, nor has Xwayland:
what the kiosk does on a server that has one (Xorg) is not run here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.screen_blanking import BlankingError, keep_screen_on

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def display():
    """A fresh Xvfb; -noreset keeps the server's settings once its last client (the kiosk) has gone."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-noreset", "-nolisten", "tcp", "-screen", "0",
                               "1366x768x24"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=30)


def settings(display: str) -> tuple[int, str]:
    """The screen saver's timeout and the DPMS line, as `xset q` reads them."""
    shown = subprocess.run(["xset", "-display", display, "q"], check=True, capture_output=True, text=True,
                           timeout=30).stdout
    timeout = re.search(r"timeout:\s+(\d+)", shown)
    dpms = re.search(r"DPMS is (\w+)|Server does not have the DPMS Extension", shown)
    assert timeout is not None and dpms is not None, shown
    return int(timeout.group(1)), dpms.group(0)


def test_the_kiosk_turns_the_screen_saver_and_dpms_off_at_start(display, tmp_path):
    no_dpms = "Server does not have the DPMS Extension"
    assert settings(display) == (600, no_dpms)
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "KIOSK_SITE_CONFIG": str(tmp_path / "no-site.toml"),
           "TMPDIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "kiosk", "--windowed", "--exit-after-paint"], check=False,
                            capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert result.returncode == 0 and "attract-painted" in result.stdout, result.stderr
    assert settings(display) == (0, no_dpms)
    log = (tmp_path / "state" / "commune-kiosk" / "log" / "kiosk.log").read_text(encoding="utf-8")
    assert "screen saver off; DPMS not offered by this X server" in log


def test_no_display_is_an_error_the_kiosk_can_log():
    with pytest.raises(BlankingError, match="cannot open display :99999"):
        keep_screen_on(":99999")
