"""The wheel as a technician gets it: built from the sources, installed into a fresh venv outside the repository,
started from a folder outside it. It paints the attract screen and serves the practice portal's home page.

The fresh venv gets the wheel alone (`--no-deps`); its dependencies are the development venv's, reached through a
`.pth` line in the fresh venv's site-packages. That reuses the locked bytes (tests/test_lock.py checks that the
development venv holds exactly installer/requirements.lock) without copying 700 MB of Qt per run, and a plain
path line in a `.pth` adds only that folder: the development venv's own `.pth` files, among them the editable
install's finder that points back into the checkout, are not run. The tests check the kiosk is imported from the
fresh venv and that no folder of the checkout but that site-packages is on its path.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOME = "/p/home/dvc-trang-chu.html"  # the practice portal's home page (kiosk/practice_portal/portal_app.py)
PACKAGES = ("kiosk", "ui", "drivers")
# What building the wheel reads from the checkout: the package folders and the build's own files.
BUILD_INPUTS = ("pyproject.toml", "setup.py", "README.md", *PACKAGES)


@dataclass(frozen=True)
class Installed:
    """A wheel installed into a fresh venv, and a folder outside the repository to run it from."""

    wheel: Path
    venv: Path
    elsewhere: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    def env(self, home: Path) -> dict[str, str]:
        """The environment of a process started from the installed package: its own folders, no checkout."""
        env = {name: value for name, value in os.environ.items()
               if name not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}}
        return {
            **env,
            "PATH": f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "KIOSK_SITE_CONFIG": str(home / "no-site.toml"),
            "TMPDIR": str(home),
        }


def _ignore_build_leftovers(_folder: str, names: list[str]) -> set[str]:
    return {name for name in names if name in {"__pycache__", "build"} or name.endswith((".egg-info", ".pyc"))}


def build_wheel(base: Path) -> Path:
    """The kiosk's wheel, built from a copy of the sources in `base` (so nothing is written into the checkout)."""
    source = base / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=_ignore_build_leftovers)
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = base / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(dist),
                    str(source)], check=True, capture_output=True, text=True, timeout=300)
    (wheel,) = dist.glob("commune_kiosk-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    """Build the wheel and install it into a fresh venv."""
    base = tmp_path_factory.mktemp("installed")
    wheel = build_wheel(base)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True, text=True, timeout=120)
    site_packages = Path(subprocess.run(
        [venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True, timeout=30).stdout.strip())
    (site_packages / "development-venv-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n",
                                                                     encoding="utf-8")
    elsewhere = base / "elsewhere"
    elsewhere.mkdir()
    return Installed(wheel, venv, elsewhere)


def _files_in_checkout() -> set[str]:
    files = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                relative = path.relative_to(ROOT).as_posix()
                files.add(relative.removesuffix(".po") + ".mo" if relative.endswith(".po") else relative)
    return files


def test_the_wheel_holds_every_file_of_the_package_folders_with_compiled_catalogues(installed):
    with zipfile.ZipFile(installed.wheel) as wheel:
        files = {name for name in wheel.namelist() if not name.split("/")[0].endswith(".dist-info")}
        metadata = next(name for name in wheel.namelist() if name.endswith(".dist-info/METADATA"))
        requires = [line for line in wheel.read(metadata).decode().splitlines() if line.startswith("Requires-Dist")]
    assert sorted(files ^ _files_in_checkout()) == []
    assert {"kiosk/practice_portal/data/procedures.json", "kiosk/practice_portal/templates/home.html",
            "kiosk/practice_portal/static/portal.css", "kiosk/locale/vi/LC_MESSAGES/kiosk.mo", "ui/keyboard.qml",
            "kiosk/guide/journey.toml"} <= files
    assert [line for line in requires if line.startswith("Requires-Dist: babel") and "extra ==" not in line] == []


def test_the_installed_kiosk_paints_the_attract_screen_from_outside_the_repository(installed, tmp_path):
    env = installed.env(tmp_path)
    where = subprocess.run(
        [installed.python, "-c", "import sys, kiosk, ui, drivers; "
         "print(kiosk.__file__, ui.__file__, drivers.__file__, *sys.path, sep='\\n')"],
        check=True, capture_output=True, text=True, env=env, cwd=installed.elsewhere, timeout=30).stdout.split("\n")
    assert all(Path(path).is_relative_to(installed.venv) for path in where[:3]), where[:3]
    dependencies = Path(sysconfig.get_path("purelib")).resolve()  # the development venv's, inside the checkout
    assert [path for path in where[3:]
            if path and Path(path).resolve().is_relative_to(ROOT) and Path(path).resolve() != dependencies] == []

    result = subprocess.run(
        [installed.venv / "bin" / "kiosk", "--practice", "--windowed", "--exit-after-paint"], check=False,
        capture_output=True, text=True, env=env, cwd=installed.elsewhere, timeout=90)
    assert result.returncode == 0, result.stderr
    assert "attract-painted" in result.stdout
    assert "Traceback" not in result.stderr
    log = (tmp_path / "state" / "commune-kiosk" / "log" / "kiosk.log").read_text(encoding="utf-8")
    assert "kiosk started (windowed, practice=True" in log
    assert " ERROR " not in log and "no vi text for" not in log, log
    assert not (tmp_path / "cache" / "commune-kiosk" / "locale").exists()  # the shipped .mo, nothing compiled


def test_the_installed_practice_portal_serves_its_home_page(installed, tmp_path):
    env = {**installed.env(tmp_path), "LANG": "vi_VN.UTF-8"}
    # The console script a technician runs, so its line comes from the shipped Vietnamese catalogue too.
    with subprocess.Popen([installed.venv / "bin" / "kiosk", "practice-portal", "--port", "0"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, env=env, cwd=installed.elsewhere) as server:
        try:
            assert server.stdout is not None
            started = server.stdout.readline()
            if not started:
                pytest.fail(f"the practice portal did not start:\n{server.communicate(timeout=30)[1]}")
            assert started.startswith("Cổng tập huấn đang chạy: http://127.0.0.1:"), started
            portal_url = started.split(": ", 1)[1].split()[0].removesuffix(HOME)
            with urllib.request.urlopen(portal_url + "/", timeout=10) as page:  # redirects to the home page
                assert page.status == 200 and page.url == portal_url + HOME
                html = page.read().decode("utf-8")
            assert "Tìm thủ tục hành chính" in html and "Thủ tục thường dùng ở cấp xã" in html
            with urllib.request.urlopen(portal_url + "/static/portal.css", timeout=10) as style:
                assert style.status == 200 and style.read()
        finally:
            server.send_signal(signal.SIGINT)  # Ctrl+C, as the line says
            _, errors = server.communicate(timeout=30)
    assert server.returncode == 0, errors
