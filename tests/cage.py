"""The kiosk inside cage headless, as the unit starts it, for tests/test_cage_session.py and bench/cage_boot.py.

cage refuses to run as root ("Unable to drop root"), so it runs as an unprivileged test user with its own HOME and
XDG_RUNTIME_DIR, like the unit's `User=kiosk`. That user cannot read a venv made from the development interpreter
when it lives in root's home (pyenv), nor pytest's private temporary folders: the kiosk's wheel goes into a venv of
Debian's `/usr/bin/python3`, the interpreter the .deb's venv is made from, in a folder the user can read.

Two pictures: `screencopy()` is what cage shows (grim, the wlr-screencopy protocol), `window_picture()` what the
kiosk drew in its X11 window (xwd through Xwayland). On the headless backend with wlroots 0.15.1's pixman renderer,
cage's output keeps the frame drawn when a window was mapped: an `xclock -update 1` stays blank (two copies 2 s
apart are the same bytes), an xlogo mapped over it and closed again is still in the copy, and the kiosk, which
grows to the output's size after its first frame, is cropped to 640x480. So the screencopy says the kiosk is on
cage's output, and the window picture says what it painted.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import struct
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from tests.kiosk_processes import descendants

TEST_USER = "kiosk-test"
DEBIAN_PYTHON = "/usr/bin/python3"
HEADLESS = {"WLR_BACKENDS": "headless", "WLR_LIBINPUT_NO_DEVICES": "1", "WLR_RENDERER": "pixman"}


def unprivileged_user() -> pwd.struct_passwd:
    """The unprivileged user cage runs as, made once on the test machine (no home, no shell, no password)."""
    try:
        return pwd.getpwnam(TEST_USER)
    except KeyError:
        # Another test run may make it at the same time: useradd then says it exists (9), which is as good.
        subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                        "--shell", "/usr/sbin/nologin", TEST_USER], check=False, capture_output=True, timeout=30)
        return pwd.getpwnam(TEST_USER)


def readable_folder(prefix: str) -> Path:
    """A fresh folder under /tmp that the test user may enter (pytest's own are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    folder.chmod(0o755)
    return folder


def install_for_user(wheel: Path, venv: Path) -> Path:
    """The wheel in a fresh venv of Debian's Python; its dependencies are the development venv's (a .pth line, as
    tests/test_installed_package.py does). Returns the venv's `kiosk` console script."""
    subprocess.run([DEBIAN_PYTHON, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True, text=True, timeout=120)
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             check=True, capture_output=True, text=True, timeout=30).stdout.strip()
    (Path(purelib) / "development-venv-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n",
                                                                     encoding="utf-8")
    return venv / "bin" / "kiosk"


class CageSession:
    """`cage -d -- COMMAND` on the headless backend as the test user, with the unit's environment."""

    def __init__(self, command: list[str], platform: str = "xcb", environment: dict[str, str] | None = None) -> None:
        self.user = unprivileged_user()
        self.folder = readable_folder("kiosk-cage-")
        self.home = self.folder / "home"
        runtime = self.folder / "runtime"
        for folder in (self.home, runtime):
            folder.mkdir(mode=0o700)
            os.chown(folder, self.user.pw_uid, self.user.pw_gid)
        self.env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(self.home), "XDG_RUNTIME_DIR": str(runtime),
            "LANG": "C.UTF-8", "TMPDIR": str(self.home),
            # The unit's folders (/var/cache, /var/log, /var/lib there) and platform
            "XDG_CACHE_HOME": str(self.home / "cache"), "XDG_STATE_HOME": str(self.home / "state"),
            "XDG_DATA_HOME": str(self.home / "data"), "XDG_CONFIG_HOME": str(self.home / "config"),
            "KIOSK_SITE_CONFIG": str(self.folder / "no-site.toml"), "QT_QPA_PLATFORM": platform,
            **HEADLESS, **(environment or {}),
        }
        self.started = time.monotonic()
        self.process = subprocess.Popen(["cage", "-d", "--", *command], env=self.env, cwd=self.home,
                                        user=self.user.pw_uid, group=self.user.pw_gid, extra_groups=[],
                                        stdout=(self.folder / "stdout.txt").open("wb"),
                                        stderr=(self.folder / "cage.log").open("wb"),
                                        start_new_session=True)

    def log(self) -> str:
        """cage's, Xwayland's and the kiosk's stderr."""
        return (self.folder / "cage.log").read_text(encoding="utf-8", errors="replace")

    def output(self) -> str:
        """What the kiosk printed (cage passes its client's stdout on)."""
        return (self.folder / "stdout.txt").read_text(encoding="utf-8", errors="replace")

    def kiosk_log(self) -> str:
        path = self.home / "state" / "commune-kiosk" / "log" / "kiosk.log"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def processes(self) -> list[int]:
        return [self.process.pid, *descendants(self.process.pid)]

    def run_as_user(self, command: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
        """A client of the session (grim, xwd) run as the session's user."""
        return subprocess.run(command, env=self.env | environment, user=self.user.pw_uid, group=self.user.pw_gid,
                              extra_groups=[], capture_output=True, timeout=60, check=False)

    def screencopy(self, pid: int) -> bytes:
        """What cage shows, as PNG, through the compositor's wlr-screencopy (grim)."""
        shot = Path(self.env["XDG_RUNTIME_DIR"]) / "screencopy.png"
        done = self.run_as_user(["grim", str(shot)], {"WAYLAND_DISPLAY": _environ(pid)["WAYLAND_DISPLAY"]})
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        return shot.read_bytes()

    def window_picture(self, pid: int) -> tuple[int, int, bytes]:
        """The viewable X11 window of kiosk process `pid`, grabbed through Xwayland: width, height, BGRX pixels."""
        display = {"DISPLAY": _environ(pid)["DISPLAY"]}
        tree = self.run_as_user(["xwininfo", "-root", "-children"], display).stdout.decode()
        for line in tree.splitlines():
            if '"commune-kiosk"' not in line:
                continue
            window = line.split()[0]
            info = self.run_as_user(["xwininfo", "-id", window], display).stdout.decode()
            owner = self.run_as_user(["xprop", "-id", window, "_NET_WM_PID"], display).stdout.decode()
            if "IsViewable" in info and owner.strip().endswith(f"= {pid}"):
                grab = self.run_as_user(["xwd", "-silent", "-id", window], display)
                assert grab.returncode == 0, grab.stderr.decode(errors="replace")
                return _xwd_pixels(grab.stdout)
        raise AssertionError(f"no viewable window of kiosk process {pid}:\n{tree}")

    def stop(self) -> None:
        """End cage and everything below it (systemd ends the unit's whole cgroup; here the process group)."""
        below = self.processes()
        # The supervisor first: it ends its kiosk processes, and cage leaves when its client has (cage 0.1.4 aborts
        # on SIGTERM or SIGINT: an assertion in wl_display_terminate, exit status 134).
        for pid in children(self.process.pid):
            _signal(pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            _signal(-self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                _signal(-self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        deadline = time.monotonic() + 20
        while (left := [pid for pid in below if Path(f"/proc/{pid}").exists()]) and time.monotonic() < deadline:
            time.sleep(0.2)
        for pid in left:
            _signal(pid, signal.SIGKILL)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> CageSession:
        return self

    def __exit__(self, *_exception: object) -> None:
        self.stop()


def parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def children(pid: int) -> list[int]:
    return [child for child in descendants(pid) if parent(child) == pid]


def _signal(pid: int, number: signal.Signals) -> None:
    try:
        if pid > 0:
            os.kill(pid, number)
        else:
            os.killpg(-pid, number)
    except ProcessLookupError:
        pass


def _environ(pid: int) -> dict[str, str]:
    """The environment cage gave kiosk process `pid` (WAYLAND_DISPLAY, DISPLAY)."""
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(entry.decode().split("=", 1) for entry in raw.split(b"\0") if b"=" in entry)


def _xwd_pixels(data: bytes) -> tuple[int, int, bytes]:
    """An xwd dump (ZPixmap, 32 bits a pixel, least significant byte first, as Xwayland writes it) as BGRX rows."""
    fields = struct.unpack(">25I", data[:100])
    header_size, pixmap_format, width, height = fields[0], fields[2], fields[4], fields[5]
    byte_order, bits_per_pixel, bytes_per_line, colours = fields[7], fields[11], fields[12], fields[19]
    assert (pixmap_format, bits_per_pixel, byte_order) == (2, 32, 0), fields
    start = header_size + 12 * colours
    rows = [data[start + y * bytes_per_line:start + y * bytes_per_line + 4 * width] for y in range(height)]
    return width, height, b"".join(rows)
