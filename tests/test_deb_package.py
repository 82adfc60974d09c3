"""The kiosk's .deb as installer/build-deb.sh makes it: control data, files, conffiles, scripts, units, lockdown.

The package is built with `--tree-only` (everything but the venv under /opt/commune-kiosk): about 10 s, where
the venv of the locked wheels takes minutes on two cores, and it is the venv alone that is left out; the
wheel's contents are tests/test_installed_package.py's. The tools (dpkg-deb, systemd-analyze, lintian) are in
installer/apt-packages*.txt, so nothing here is skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.namespaces import private_mounts

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
    assert {"polkitd", "unattended-upgrades"} <= depends  # the power items' polkit rule; the security updates
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
        "/etc/apt/apt.conf.d/52commune-kiosk",
        "/usr/share/polkit-1/rules.d/50-commune-kiosk.rules",
        "/lib/udev/rules.d/90-commune-kiosk-usb.rules",
        "/usr/lib/commune-kiosk/usb-mount",
        "/usr/share/commune-kiosk/videos/manifest.toml",
        "/usr/share/commune-kiosk/cupsd-kiosk.conf",
        "/usr/share/doc/commune-kiosk/copyright",
        "/usr/share/doc/commune-kiosk/changelog.gz",
    } <= paths
    assert [line for line in listing.splitlines() if " root/root " not in line] == []
    etc = sorted(path for path in paths if path.startswith("/etc/") and not path.endswith("/"))
    assert built.info("conffiles").split() == etc == ["/etc/apt/apt.conf.d/52commune-kiosk", "/etc/pam.d/commune-kiosk"]


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
    for path in ("etc/apt/apt.conf.d/52commune-kiosk", "usr/share/polkit-1/rules.d/50-commune-kiosk.rules"):
        assert (built.files / path).read_text(encoding="utf-8").startswith("// "), path


def test_the_console_on_tty1_is_told_never_to_blank_before_cage_starts(built):
    unit = (built.files / "lib" / "systemd" / "system" / "commune-kiosk.service").read_text(encoding="utf-8")
    (before,) = [line.split("=", 1)[1] for line in unit.splitlines() if line.startswith("ExecStartPre=")]
    assert before == "+-/bin/sh -c 'exec /usr/bin/setterm --term linux --blank 0 --powerdown 0 >/dev/tty1'"
    # The escape codes it writes: blank interval 0 (ESC [ 9 ; 0 ]), power-down interval 0 (ESC [ 14 ; 0 ]).
    codes = subprocess.run(["/usr/bin/setterm", "--term", "linux", "--blank", "0", "--powerdown", "0"], check=True,
                           capture_output=True, timeout=30).stdout
    assert codes == b"\x1b[9;0]\x1b[14;0]"


def _apt_config(parts: Path, tmp_path: Path) -> list[str]:
    """`apt-config dump` reading only the files in `parts` (as it reads /etc/apt/apt.conf.d)."""
    main = tmp_path / f"{parts.name}.conf"
    main.write_text(f'Dir::Etc::parts "{parts}";\nDir::Etc::main "/dev/null";\n', encoding="utf-8")
    shown = subprocess.run(["apt-config", "dump"], check=True, capture_output=True, text=True, timeout=60,
                           env={"APT_CONFIG": str(main), "PATH": "/usr/bin:/bin"}).stdout
    return [line for line in shown.splitlines() if line.startswith(("APT::Periodic::", "Unattended-Upgrade::"))]


def test_apt_installs_only_security_updates_every_day_and_never_reboots(built, tmp_path):
    """Read with unattended-upgrades' own file first, as apt reads /etc/apt/apt.conf.d on a kiosk."""
    debian = Path("/etc/apt/apt.conf.d/50unattended-upgrades")  # the unattended-upgrades package's conffile
    security = '"origin=Debian,codename=${distro_codename}-security,label=Debian-Security";'
    alone, kiosk = tmp_path / "debian", tmp_path / "kiosk"
    for parts in (alone, kiosk):
        parts.mkdir()
        shutil.copy(debian, parts)
    shutil.copy(built.files / "etc" / "apt" / "apt.conf.d" / "52commune-kiosk", kiosk)
    origins = [line for line in _apt_config(alone, tmp_path) if line.startswith("Unattended-Upgrade::Origins-Pattern::")]
    assert len(origins) > 1  # Debian's default also takes the point releases
    assert _apt_config(kiosk, tmp_path) == [
        'APT::Periodic::Update-Package-Lists "1";',
        'APT::Periodic::Unattended-Upgrade "1";',
        'Unattended-Upgrade::Origins-Pattern "";',
        f"Unattended-Upgrade::Origins-Pattern:: {security}",
        'Unattended-Upgrade::Automatic-Reboot "false";',
    ]
    lines = (kiosk / "52commune-kiosk").read_text(encoding="utf-8").splitlines()
    settings = [index for index, line in enumerate(lines) if line and not line.startswith("//")]
    assert all(lines[index - 1].startswith("//") for index in settings)  # a comment over each line


POLKIT_CHECK = r"""set -e
trap 'kill $pids 2>/dev/null || true' EXIT
mount --bind "$1/rules.d" /usr/share/polkit-1/rules.d
mount --bind "$1/passwd" /etc/passwd
export DBUS_SYSTEM_BUS_ADDRESS="unix:abstract=$2"
dbus-daemon --config-file="$1/bus.conf" --nofork --nopidfile >/dev/null 2>&1 & pids=$!
/usr/lib/polkit-1/polkitd --no-debug >/dev/null 2>&1 & pids="$pids $!"
for i in $(seq 100); do
    dbus-send --system --reply-timeout=2000 --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.PolicyKit1 2>/dev/null | grep -q "boolean true" \
        && break
    sleep 0.1
done
setpriv --reuid=64990 --regid=64990 --clear-groups sleep 100 >/dev/null & kiosk=$!
setpriv --reuid=65534 --regid=65534 --clear-groups sleep 100 >/dev/null & nobody=$!
pids="$pids $kiosk $nobody"
for action in power-off power-off-multiple-sessions reboot reboot-multiple-sessions suspend power-off-ignore-inhibit
do
    for user in kiosk nobody; do
        eval pid=\$$user
        answer=yes
        timeout 20 pkcheck --action-id "org.freedesktop.login1.$action" --process "$pid" >/dev/null 2>&1 || answer=no
        echo "$user $action $answer"
    done
done
"""
BUS = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>system</type><listen>unix:abstract={name}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow user="*"/><allow own="*"/><allow send_destination="*"/>
<allow receive_sender="*"/></policy></busconfig>
"""


def test_polkit_lets_the_kiosk_user_power_off_and_reboot_and_nothing_more(built, tmp_path):
    """The real polkitd on a private system bus, in a private mount namespace where its rules folder is this
    machine's plus the package's rule and /etc/passwd has a user `kiosk` (nothing outside the test changes)."""
    rules = tmp_path / "rules.d"
    shutil.copytree("/usr/share/polkit-1/rules.d", rules)
    shutil.copy(built.files / "usr" / "share" / "polkit-1" / "rules.d" / "50-commune-kiosk.rules", rules)
    shutil.chown(rules, "polkitd")  # as polkitd's own folder is: it reads the rules as user polkitd
    passwd = Path("/etc/passwd").read_text(encoding="utf-8")
    (tmp_path / "passwd").write_text(passwd + "kiosk:x:64990:64990:Commune kiosk:/nonexistent:/usr/sbin/nologin\n",
                                     encoding="utf-8")
    bus = f"commune-kiosk-polkit-{os.getpid()}"  # an abstract socket: polkitd drops to its own user
    (tmp_path / "bus.conf").write_text(BUS.format(name=bus), encoding="utf-8")
    check = subprocess.Popen([*private_mounts(), "sh", "-c", POLKIT_CHECK, "polkit-check", str(tmp_path), bus],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = check.communicate(timeout=200)
    finally:
        if check.poll() is None:
            os.killpg(check.pid, signal.SIGKILL)
            check.wait()
    assert check.returncode == 0, err
    answers = {tuple(line.split()[:2]): line.split()[2] for line in out.splitlines()}
    allowed = {key for key, answer in answers.items() if answer == "yes"}
    assert len(answers) == 12 and allowed == {
        ("kiosk", "power-off"), ("kiosk", "power-off-multiple-sessions"), ("kiosk", "reboot"),
        ("kiosk", "reboot-multiple-sessions")}


def test_lintian_finds_no_error(built):
    result = subprocess.run(["lintian", "--tag-display-limit", "0", str(built.deb)], check=False,
                            capture_output=True, text=True, timeout=300)
    errors = [line for line in result.stdout.splitlines() if line.startswith("E:")]
    assert errors == [], result.stdout
