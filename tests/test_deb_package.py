"""The kiosk's .deb as installer/build-deb.sh makes it: control data, files, conffiles, scripts, units, lockdown.

The package is built with `--tree-only` (everything but the venv under /opt/commune-kiosk): about 10 s, where
the venv of the locked wheels takes minutes on two cores, and it is the venv alone that is left out; the
wheel's contents are tests/test_installed_package.py's. The tools (dpkg-deb, systemd-analyze, lintian) are in
installer/apt-packages*.txt, so nothing here is skipped.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UNITS = ("commune-kiosk.service", "commune-kiosk-recover.service")


def _packages(name: str) -> list[str]:
    lines = (ROOT / "installer" / name).read_text(encoding="utf-8").splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


@dataclass(frozen=True)
class Built:
    deb: Path
    files: Path  # the package unpacked with dpkg-deb -x

    def info(self, *members: str) -> str:
        """`dpkg-deb -I`: the control members named (or the summary)."""
        return self._dpkg_deb("-I", *members)

    def field(self, *names: str) -> str:
        """`dpkg-deb -f`: control fields."""
        return self._dpkg_deb("-f", *names)

    def _dpkg_deb(self, option: str, *args: str) -> str:
        return subprocess.run(["dpkg-deb", option, str(self.deb), *args], check=True, capture_output=True,
                              text=True, timeout=60).stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("deb")
    result = subprocess.run([str(ROOT / "installer" / "build-deb.sh"), "--tree-only", str(out)], check=False,
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    (deb,) = out.glob("commune-kiosk_*_amd64.deb")
    files = out / "files"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(files)], check=True, timeout=60)
    return Built(deb, files)


def test_the_package_is_named_and_versioned_from_pyproject(built):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert built.deb.name == f"commune-kiosk_{version}_amd64.deb"
    assert [line.split(": ")[1] for line in built.field("Package", "Version", "Architecture").splitlines()] == ["commune-kiosk", version, "amd64"]


def test_it_depends_on_the_run_time_packages_and_cage_but_not_on_build_or_test_tools(built):
    depends = {name.strip() for name in built.field("Depends").split(",")}
    assert set(_packages("apt-packages.txt")) | {"cage", "xwayland", "adduser", "systemd", "libc6 (>= 2.36)",
                                                 "python3"} == depends
    assert set(_packages("apt-packages-dev.txt")) & depends == {"systemd", "cage", "xwayland", "python3"}
    assert not {"libsane-dev", "gcc", "xvfb", "ffmpeg", "python3-dev", "strace"} & depends


def test_it_holds_the_units_lockdown_videos_and_docs_and_marks_etc_as_conffiles(built):
    listing = subprocess.run(["dpkg-deb", "-c", str(built.deb)], check=True, capture_output=True, text=True,
                             timeout=60).stdout
    paths = {line.split()[-1].removeprefix(".") for line in listing.splitlines()}
    assert {
        "/lib/systemd/system/commune-kiosk.service",
        "/lib/systemd/system/commune-kiosk-recover.service",
        "/usr/lib/systemd/logind.conf.d/commune-kiosk.conf",
        "/usr/lib/systemd/system.conf.d/commune-kiosk.conf",
        "/usr/lib/sysctl.d/90-commune-kiosk.conf",
        "/etc/pam.d/commune-kiosk",
        "/usr/share/commune-kiosk/videos/manifest.toml",
        "/usr/share/doc/commune-kiosk/copyright",
        "/usr/share/doc/commune-kiosk/changelog.gz",
    } <= paths
    assert [line for line in listing.splitlines() if " root/root " not in line] == []
    etc = sorted(path for path in paths if path.startswith("/etc/") and not path.endswith("/"))
    assert built.info("conffiles").split() == etc == ["/etc/pam.d/commune-kiosk"]


def test_the_maintainer_scripts_make_the_user_and_the_first_config_and_purge_removes_the_data(built):
    listing = built.info()
    for script in ("postinst", "prerm", "postrm"):
        assert re.search(rf"\s\*\s+{script}\s+#!/bin/sh", listing), listing
    postinst, postrm = built.info("postinst"), built.info("postrm")
    assert "adduser --quiet --system --group --home /var/lib/commune-kiosk" in postinst
    assert "--shell /usr/sbin/nologin" in postinst
    assert "for group in scanner lp audio video render input" in postinst
    # The same command `make run` makes its first config with, only when there is none.
    assert 'if [ ! -e "$site" ]; then\n        /opt/commune-kiosk/bin/kiosk admin first-config "$site"' in postinst
    assert "kiosk admin first-config" in (ROOT / "installer" / "run-practice.sh").read_text(encoding="utf-8")
    purge = postrm.split("purge)", 1)[1].split(";;", 1)[0]
    assert "rm -rf /etc/commune-kiosk /var/lib/commune-kiosk /var/log/commune-kiosk /var/cache/commune-kiosk" in purge
    assert "/etc/commune-kiosk" not in postrm.split("purge)", 1)[0]  # remove and upgrade keep them


@pytest.mark.parametrize("unit", UNITS)
def test_systemd_analyze_verify_passes_on_each_unit(built, unit):
    path = built.files / "lib" / "systemd" / "system" / unit
    result = subprocess.run(["systemd-analyze", "verify", str(path)], check=False, capture_output=True, text=True,
                            timeout=60)
    assert (result.returncode, result.stderr) == (0, "")  # unknown keys and bad values only warn: none allowed


def test_the_kiosk_unit_runs_cage_on_tty1_as_kiosk_with_the_watchdog(built):
    unit = (built.files / "lib" / "systemd" / "system" / "commune-kiosk.service").read_text(encoding="utf-8")
    settings = {line.split("=", 1)[0]: line.split("=", 1)[1] for line in unit.splitlines()
                if "=" in line and not line.startswith("#")}
    assert settings["ExecStart"] == "/usr/bin/cage -d -- /opt/commune-kiosk/bin/kiosk"
    assert (settings["Type"], settings["NotifyAccess"], settings["WatchdogSec"]) == ("notify", "all", "30")
    assert (settings["User"], settings["TTYPath"], settings["Restart"]) == ("kiosk", "/dev/tty1", "always")
    assert settings["OnFailure"] == "commune-kiosk-recover.service" and "StartLimitBurst" in settings
    assert settings["PAMName"] == "commune-kiosk" and (built.files / "etc" / "pam.d" / "commune-kiosk").is_file()


def _cat_config(built: Built, name: str) -> dict[str, str]:
    shown = subprocess.run(["systemd-analyze", "cat-config", f"--root={built.files}", name], check=True,
                           capture_output=True, text=True, timeout=60).stdout
    return dict(line.replace(" ", "").split("=", 1) for line in shown.splitlines()
                if "=" in line and not line.startswith("#"))


def test_the_lockdown_files_are_what_systemd_reads(built):
    logind = _cat_config(built, "systemd/logind.conf")
    assert {key: logind[key] for key in ("NAutoVTs", "ReserveVT", "HandlePowerKey", "HandleSuspendKey",
                                         "HandleHibernateKey", "HandleRebootKey", "HandleLidSwitch")} == {
        "NAutoVTs": "0", "ReserveVT": "0", "HandlePowerKey": "ignore", "HandleSuspendKey": "ignore",
        "HandleHibernateKey": "ignore", "HandleRebootKey": "ignore", "HandleLidSwitch": "ignore"}
    assert _cat_config(built, "sysctl.d")["kernel.sysrq"] == "0"
    assert _cat_config(built, "systemd/system.conf")["CtrlAltDelBurstAction"] == "none"
    assert "deb-systemd-helper mask ctrl-alt-del.target" in built.info("postinst")
    for path in ("usr/lib/systemd/logind.conf.d/commune-kiosk.conf", "usr/lib/sysctl.d/90-commune-kiosk.conf",
                 "usr/lib/systemd/system.conf.d/commune-kiosk.conf", "etc/pam.d/commune-kiosk"):
        assert (built.files / path).read_text(encoding="utf-8").startswith("# "), path  # each says why


def test_lintian_finds_no_error(built):
    result = subprocess.run(["lintian", "--tag-display-limit", "0", str(built.deb)], check=False,
                            capture_output=True, text=True, timeout=300)
    errors = [line for line in result.stdout.splitlines() if line.startswith("E:")]
    assert errors == [], result.stdout
