"""The real .deb in a fresh Debian 12 minbase root: `apt install ./…deb`, what it made, an upgrade, `apt purge`.

One module-scoped fixture does the expensive part once (issue 13): it builds the package with
installer/build-deb.sh (gzip level 1: about 1/4 of xz's build time, see docs/deploy.md), debootstraps its own
minbase root, installs the package's Debian dependencies and then the package with apt inside it, runs every check
there, installs a re-versioned copy over it, purges it and lists the files left behind. The tests only read what it
recorded, so they pass or fail alike in any order.

Each command runs in its own mount namespace (`unshare --mount`): the root's /proc, /dev and /sys mounts vanish
with the command, even when the test is killed, and the root is deleted by a plain `rm -rf` at the end.
Environment: KIOSK_DEB=path/to.deb checks that package instead of building one (installer/check-fresh-install.sh);
KIOSK_DEB_ROOT=folder makes the root there and keeps it for the next run (its Debian dependencies stay installed).
Needs root, debootstrap, binutils' ar and the Debian mirror (installer/apt-packages-dev.txt); about 10 minutes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.namespaces import private_mounts

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.timeout(5400)  # the fixture's build and installs run inside the first test's timeout

PACKAGE = "commune-kiosk"
APT = "apt-get -y -q -o Dpkg::Use-Pty=0"  # no progress lines in the failure messages
IN_ROOT_DEB = "/tmp/package.deb"  # readable by apt's _apt user, and outside the leftover listing
UPGRADE_DEB = "/tmp/package-upgrade.deb"
UPGRADE_SUFFIX = "+upgradetest1"
DATA_DIRS = ("/var/lib/commune-kiosk", "/var/log/commune-kiosk", "/var/cache/commune-kiosk")
# What postinst adds the kiosk user to where the group exists (installer/deb/postinst).
GROUPS = ("scanner", "lp", "audio", "video", "render", "input")
PIN_LINE = re.compile(r"PIN.*?:\s*(\d{4,8})\b")
# Every path in the root but apt's downloads, lists and log, root's home, /tmp (the .deb copies) and the kernel's
# file systems: a path there after the purge that was not there before the package is one it left behind.
LISTING = (r"find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp"
           r" -o -path /root -o -path /var/cache/apt -o -path /var/lib/apt -o -path /var/log/apt \) -prune"
           r" -o -print | LC_ALL=C sort")
# The root's /proc, /dev (with its own /dev/shm for QtWebEngine) and /sys, mounted in this command's own mount
# namespace only: nothing to unmount afterwards, whatever happens to the command.
ENTER = ('mount -t proc proc "$0/proc" && mount --bind /dev "$0/dev" && mount --bind /dev/pts "$0/dev/pts"'
         ' && mount -t tmpfs -o size=1g tmpfs "$0/dev/shm" && mount -o bind,ro /sys "$0/sys"'
         ' && exec chroot "$0" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
         ' LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive bash -euo pipefail -c "$1"')


@dataclass(frozen=True)
class Ran:
    """One command run inside the root, and what it printed."""

    script: str
    returncode: int
    stdout: str
    stderr: str

    def ok(self) -> str:
        """Its output, after checking that it succeeded (the failure message shows all of it)."""
        assert self.returncode == 0, f"{self.script}\nexit {self.returncode}\n{self.stdout}\n{self.stderr}"
        return self.stdout

    @property
    def lines(self) -> list[str]:
        return self.ok().splitlines()


def in_root(root: Path, script: str, timeout: float = 900) -> Ran:
    result = subprocess.run([*private_mounts(), "sh", "-c", ENTER, str(root), script],
                            capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL, check=False)
    return Ran(script, result.returncode, result.stdout, result.stderr)


def _host(*command: str, timeout: float = 1800, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT,
                            env={**os.environ, **(env or {})})
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def _mounts_under(folder: Path) -> list[str]:
    points = [line.split()[4] for line in Path("/proc/self/mountinfo").read_text(encoding="utf-8").splitlines()]
    return [point for point in points if point == str(folder) or point.startswith(f"{folder}/")]


def make_root(root: Path) -> None:
    """A Debian 12 minbase root using the host's apt sources (and its mirror settings), unless one is there."""
    if not (root / "usr" / "bin" / "apt-get").exists():
        _host("nice", "debootstrap", "--variant=minbase", "bookworm", str(root), "http://deb.debian.org/debian")
    sources = sorted(Path("/etc/apt/sources.list.d").glob("*.sources")) + sorted(
        Path("/etc/apt/sources.list.d").glob("*.list"))
    if sources or Path("/etc/apt/sources.list").is_file():
        (root / "etc/apt/sources.list").unlink(missing_ok=True)
        for source in [*sources, Path("/etc/apt/sources.list")]:
            if source.is_file():
                shutil.copy(source, root / source.relative_to("/"))
    # How this machine reaches the mirror (a proxy, a snapshot mirror's Check-Valid-Until), not its other apt hooks.
    for setting in sorted(Path("/etc/apt/apt.conf.d").iterdir()):
        if setting.is_file() and "Acquire::" in setting.read_text(encoding="utf-8", errors="replace"):
            shutil.copy(setting, root / setting.relative_to("/"))
    shutil.copy("/etc/resolv.conf", root / "etc/resolv.conf")


def upgrade_copy(deb: Path, out: Path) -> Path:
    """The same package re-versioned (control.tar rebuilt, data.tar reused), so that installing it is an upgrade."""
    work = out / "upgrade"
    control = work / "control"
    control.mkdir(parents=True)
    _host("ar", "x", "--output", str(work), str(deb))
    (control_tar,) = work.glob("control.tar.*")
    _host("tar", "-C", str(control), "-xf", str(control_tar))
    text = (control / "control").read_text(encoding="utf-8")
    (control / "control").write_text(re.sub(r"(?m)^(Version: .*)$", rf"\g<1>{UPGRADE_SUFFIX}", text),
                                     encoding="utf-8")
    control_tar.unlink()
    _host("tar", "-C", str(control), "--owner=0", "--group=0", "-czf", str(work / "control.tar.gz"), ".")
    (data_tar,) = work.glob("data.tar.*")
    upgraded = out / f"upgrade-{deb.name}"
    _host("ar", "rc", str(upgraded), str(work / "debian-binary"), str(work / "control.tar.gz"), str(data_tar))
    shutil.rmtree(work)
    return upgraded


@dataclass
class Lifecycle:
    """What the fixture saw: the package's figures, each check while installed and after the upgrade, the purge."""

    deb: Path
    figures: dict[str, str] = field(default_factory=dict)
    install: Ran | None = None
    installed: dict[str, Ran] = field(default_factory=dict)
    upgrade: Ran | None = None
    upgraded: dict[str, Ran] = field(default_factory=dict)
    purge: Ran | None = None
    leftovers: list[str] = field(default_factory=list)


def _timed(lifecycle: Lifecycle, name: str, run: Ran, started: float) -> Ran:
    lifecycle.figures[name] = f"{time.monotonic() - started:.0f} s"
    return run


# Checks while the package is installed; each becomes a Ran in Lifecycle.installed under its name.
INSTALLED_CHECKS = {
    "files": f"dpkg-query -L {PACKAGE} | while read -r path; do test -e \"$path\" || echo \"missing $path\"; done;"
             f" dpkg --verify {PACKAGE}; dpkg-query -L {PACKAGE}",
    "user": "getent passwd kiosk; id -nG kiosk; for g in " + " ".join(GROUPS) + "; do getent group $g || true; done",
    "folders": "stat -c '%n %U:%G %a' /etc/commune-kiosk /etc/commune-kiosk/kiosk.toml " + " ".join(DATA_DIRS),
    "units": f"units=$(dpkg-query -L {PACKAGE} | grep -E '^(/usr)?/lib/systemd/system/[^/]+\\.[a-z]+$');"
             " echo \"$units\"; systemd-analyze verify $units",
    "enabled": "readlink /etc/systemd/system/ctrl-alt-del.target;"
               " readlink /etc/systemd/system/graphical.target.wants/commune-kiosk.service",
    "lockdown": "systemd-analyze cat-config systemd/logind.conf | grep -x NAutoVTs=0;"
                # (a minbase root has a dangling 99-sysctl.conf link, which cat-config reports; the rest is shown)
                " { systemd-analyze cat-config sysctl.d 2>/dev/null || true; } | grep -x 'kernel.sysrq = 0'",
    "help": "/opt/commune-kiosk/bin/kiosk --help",
    "config check": "/opt/commune-kiosk/bin/kiosk config check",
    "attract screen": "cd / && runuser -u kiosk -- env HOME=/var/lib/commune-kiosk XDG_CACHE_HOME=/var/cache"
                      " XDG_STATE_HOME=/var/log XDG_DATA_HOME=/var/lib QT_QPA_PLATFORM=offscreen"
                      " /opt/commune-kiosk/bin/kiosk --practice --windowed --exit-after-paint",
    # What a technician types first on the new machine (its exit status on the last line: some checks must fail).
    "doctor": "/opt/commune-kiosk/bin/kiosk doctor || echo \"exit $?\"",
}
# What a technician and the kiosk leave in the package's folders; the upgrade must keep all of it.
LOCAL_CHANGES = ("echo '# a technician was here' >> /etc/commune-kiosk/kiosk.toml;"
                 " echo '# local pam edit' >> /etc/pam.d/commune-kiosk;"
                 " for d in " + " ".join(DATA_DIRS) + "; do runuser -u kiosk -- sh -c \"echo kept > $d/marker\"; done")
KEPT = ("sha256sum /etc/commune-kiosk/kiosk.toml /etc/pam.d/commune-kiosk " +
        " ".join(f"{d}/marker" for d in DATA_DIRS))


def _pin_check(pin: str) -> str:
    return ("/opt/commune-kiosk/bin/python -c 'import sys, tomllib; from kiosk.admin_pin import verify_pin;"
            " config = tomllib.load(open(\"/etc/commune-kiosk/kiosk.toml\", \"rb\"));"
            f" print(verify_pin(\"{pin}\", config[\"admin\"][\"technician_pin_hash\"]))'")


def _build(lifecycle_figures: dict[str, str], out: Path) -> Path:
    prebuilt = os.environ.get("KIOSK_DEB")
    if prebuilt:
        lifecycle_figures["build"] = f"not built: KIOSK_DEB={prebuilt}"
        return Path(prebuilt).resolve()
    started = time.monotonic()
    _host("nice", str(ROOT / "installer" / "build-deb.sh"), str(out),
          env={"DEB_COMPRESSION": "gzip", "DEB_COMPRESSION_LEVEL": "1", "KIOSK_PYTHON": sys.executable})
    lifecycle_figures["build"] = f"{time.monotonic() - started:.0f} s (gzip -1)"
    (deb,) = out.glob(f"{PACKAGE}_*_amd64.deb")
    return deb


def _live(lifecycle: Lifecycle, root: Path, work: Path) -> None:
    """Everything the tests read: built, installed, checked, upgraded, checked again, purged."""
    deb = lifecycle.deb
    lifecycle.figures["size"] = f"{deb.stat().st_size / 2**20:.0f} MB"  # as du -h and build-deb.sh say
    started = time.monotonic()
    make_root(root)
    lifecycle.figures["fresh root"] = f"{time.monotonic() - started:.0f} s"
    shutil.copy(deb, root / IN_ROOT_DEB.lstrip("/"))
    shutil.move(upgrade_copy(deb, work), root / UPGRADE_DEB.lstrip("/"))
    in_root(root, f"apt-get update -qq; apt-get purge -y -qq {PACKAGE} >/dev/null 2>&1 || true").ok()
    # The Debian dependencies first, exactly as the package states them, to time them apart from the package.
    depends = _host("dpkg-deb", "-f", str(deb), "Depends").strip()
    started = time.monotonic()
    _timed(lifecycle, "dependencies", in_root(root, f"{APT} satisfy '{depends}'", 1800), started).ok()
    before = in_root(root, LISTING).lines
    started = time.monotonic()
    lifecycle.install = _timed(lifecycle, "install", in_root(root, f"{APT} install {IN_ROOT_DEB}"), started)
    lifecycle.install.ok()
    for name, script in INSTALLED_CHECKS.items():
        lifecycle.installed[name] = in_root(root, script, 600)
    pins = PIN_LINE.findall(lifecycle.install.stdout)
    if pins:
        lifecycle.installed["pin"] = in_root(root, _pin_check(pins[0]))
    lifecycle.installed["changed"] = in_root(root, f"{LOCAL_CHANGES}; {KEPT}")
    started = time.monotonic()
    lifecycle.upgrade = _timed(lifecycle, "upgrade", in_root(root, f"{APT} install {UPGRADE_DEB}"), started)
    lifecycle.upgraded["kept"] = in_root(root, KEPT)
    lifecycle.upgraded["version"] = in_root(root, f"dpkg-query -W -f '${{Version}}' {PACKAGE}")
    lifecycle.upgraded["help"] = in_root(root, INSTALLED_CHECKS["help"])
    started = time.monotonic()
    lifecycle.purge = _timed(lifecycle, "purge", in_root(root, f"{APT} purge {PACKAGE}"), started)
    after = in_root(root, LISTING).lines
    lifecycle.leftovers = sorted(set(after) - set(before))


@pytest.fixture(scope="module")
def lifecycle(request: pytest.FixtureRequest) -> Iterator[Lifecycle]:
    kept_root = os.environ.get("KIOSK_DEB_ROOT")
    work = Path(tempfile.mkdtemp(prefix="deb-install-"))
    root = Path(kept_root).resolve() if kept_root else work / "root"
    figures: dict[str, str] = {}
    try:
        lifecycle = Lifecycle(_build(figures, work / "dist"), figures)
        _live(lifecycle, root, work)
        yield lifecycle
    finally:
        assert _mounts_under(root) == [], "a mount is left in the root: not deleting it"
        shutil.rmtree(work, ignore_errors=True)
        capture = request.config.pluginmanager.get_plugin("capturemanager")
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        if capture is not None and reporter is not None:
            with capture.global_and_fixture_disabled():
                reporter.write_line(f"\n{PACKAGE} .deb: " + ", ".join(f"{k} {v}" for k, v in figures.items()))


def test_apt_installs_the_package_on_the_fresh_root_and_prints_the_pin_once(lifecycle):
    assert lifecycle.install is not None
    output = lifecycle.install.ok()
    assert f"Setting up {PACKAGE} (" in output
    assert len(PIN_LINE.findall(output)) == 1, output
    assert lifecycle.installed["pin"].lines == ["True"]  # the PIN shown is the one whose hash the config holds


def test_every_file_of_the_package_is_in_place_and_unchanged(lifecycle):
    lines = lifecycle.installed["files"].lines
    assert [line for line in lines if not line.startswith("/")] == []  # no "missing …", no dpkg --verify finding
    assert {"/opt/commune-kiosk/bin/kiosk", "/lib/systemd/system/commune-kiosk.service",
            "/lib/systemd/system/commune-kiosk-recover.service", "/etc/pam.d/commune-kiosk",
            "/usr/lib/sysctl.d/90-commune-kiosk.conf", "/usr/share/commune-kiosk/videos/manifest.toml",
            "/usr/share/doc/commune-kiosk/copyright"} <= set(lines)


def test_the_kiosk_user_has_no_shell_and_is_in_the_groups_that_exist(lifecycle):
    passwd, groups, *existing = lifecycle.installed["user"].lines
    name, _, uid, _, gecos, home, shell = passwd.split(":")
    assert (name, gecos.split(",")[0], home, shell) == ("kiosk", "Commune kiosk", "/var/lib/commune-kiosk",
                                                        "/usr/sbin/nologin")
    assert int(uid) < 1000  # a system user
    present = {line.split(":")[0] for line in existing}
    assert {"scanner", "audio", "video"} <= present  # what the kiosk needs is there on a fresh minbase root
    assert set(groups.split()) == {"kiosk"} | present


def test_the_site_config_and_the_data_folders_belong_to_the_kiosk_user(lifecycle):
    assert lifecycle.installed["folders"].lines == [
        "/etc/commune-kiosk root:kiosk 2770",
        "/etc/commune-kiosk/kiosk.toml kiosk:kiosk 600",
        *(f"{folder} kiosk:kiosk 750" for folder in DATA_DIRS),
    ]
    assert lifecycle.installed["config check"].returncode == 0, lifecycle.installed["config check"]


def test_systemd_analyze_verify_passes_on_every_unit_inside_the_root(lifecycle):
    units = lifecycle.installed["units"]
    assert units.lines == ["/lib/systemd/system/commune-kiosk-recover.service",
                           "/lib/systemd/system/commune-kiosk.service"]
    assert units.stderr == ""  # unknown keys and bad values only warn: none allowed


def test_the_kiosk_starts_at_boot_and_the_lockdown_is_what_systemd_reads(lifecycle):
    assert lifecycle.installed["enabled"].lines == ["/dev/null", "/lib/systemd/system/commune-kiosk.service"]
    assert lifecycle.installed["lockdown"].lines == ["NAutoVTs=0", "kernel.sysrq = 0"]


def test_the_installed_kiosk_runs_its_help_and_paints_the_attract_screen_as_the_kiosk_user(lifecycle):
    assert "--practice" in lifecycle.installed["help"].ok()
    assert "attract-painted" in lifecycle.installed["attract screen"].lines


def test_kiosk_doctor_runs_there_and_reports_each_check(lifecycle):
    """One line per check, each OK or a fix; in a root with no screen, no service manager and no scanner, the
    doctor says so and exits 1, while what the package brings (fonts, the version) passes."""
    from kiosk.doctor.runner import check_names

    lines = lifecycle.installed["doctor"].lines
    checks = [line for line in lines if line.startswith(("[ Tốt ]", "[ Lỗi ]"))]
    assert len(checks) == len(check_names()), "\n".join(lines)
    assert all("Cách sửa:" in line for line in checks if line.startswith("[ Lỗi ]"))
    assert any(line.startswith("[ Tốt ]  Phông chữ tiếng Việt") for line in checks)  # fontconfig and fonts are Depends
    assert any(line.startswith("[ Tốt ]  Phiên bản: 0.1.0") for line in checks)
    assert any(line.startswith("[ Lỗi ]  Màn hình") for line in checks)  # no display in the root
    assert lines[-1] == "exit 1"


def test_an_upgrade_keeps_the_site_config_the_local_edits_and_the_data(lifecycle):
    assert lifecycle.upgrade is not None
    output = lifecycle.upgrade.ok()
    assert f"Unpacking {PACKAGE} (" in output and UPGRADE_SUFFIX in output
    assert PIN_LINE.findall(output) == []  # no new PIN: the site config was kept
    assert lifecycle.upgraded["version"].ok().endswith(UPGRADE_SUFFIX)
    assert lifecycle.upgraded["kept"].lines == lifecycle.installed["changed"].lines
    assert "--practice" in lifecycle.upgraded["help"].ok()


def test_apt_purge_leaves_no_file_of_the_package_behind(lifecycle):
    assert lifecycle.purge is not None
    lifecycle.purge.ok()
    assert lifecycle.leftovers == [], "left behind by apt purge:\n" + "\n".join(lifecycle.leftovers)

