"""The package's USB automount (installer/deb/usb.rules, installer/deb/usb-mount): udev reads the rule without a
complaint, and the program it runs asks systemd to mount a FAT or exFAT stick for the kiosk's user under
/media/commune-kiosk, where the statistics export looks (kiosk/stats/usb.py).

What a test machine cannot show: a real stick plugged in (no USB, no systemd as PID 1 to take systemd-mount's
request). The program's one call is observed at the edge, a `systemd-mount` on PATH that records its arguments.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.namespaces import private_mounts

ROOT = Path(__file__).resolve().parents[1]
RULE = ROOT / "installer" / "deb" / "usb.rules"
PROGRAM = ROOT / "installer" / "deb" / "usb-mount"
NOBODY = pwd.getpwnam("nobody")


def test_udev_reads_the_rule_without_a_complaint(tmp_path):
    rules = tmp_path / "rules.d"
    rules.mkdir()
    shutil.copy(RULE, rules / "90-commune-kiosk-usb.rules")
    device = next(path for path in sorted(Path("/sys/class/block").iterdir()))  # any block device: none is a stick
    result = subprocess.run([*private_mounts(), "sh", "-c", 'mount --bind "$1" /etc/udev/rules.d && udevadm test "$2"',
                             "udev-test", str(rules), str(device)], capture_output=True, text=True, timeout=60,
                            check=False)
    said = result.stdout + result.stderr
    assert "Reading rules file: /etc/udev/rules.d/90-commune-kiosk-usb.rules" in said, said
    assert [line for line in said.splitlines() if "90-commune-kiosk-usb.rules:" in line] == []  # no line faulted
    assert "usb-mount" not in said  # a disk that is no USB stick is left alone


def mount_asked(tmp_path, **stick: str) -> list[str] | None:
    """Run the program as udev does for a stick with these properties; the systemd-mount it asked for, if any."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    record = tmp_path / "asked"
    (bin_dir / "systemd-mount").write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {record}\n', encoding="utf-8")
    (bin_dir / "systemd-mount").chmod(0o755)
    environment = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "KIOSK_USER": "nobody", "DEVNAME": "/dev/sdz1", **stick}
    subprocess.run([str(PROGRAM)], env=environment, check=True, timeout=30)
    return record.read_text(encoding="utf-8").splitlines() if record.exists() else None


def test_a_fat_stick_is_mounted_for_the_kiosk_user_under_media(tmp_path):
    asked = mount_asked(tmp_path, ID_FS_TYPE="vfat", ID_FS_UUID="1234-ABCD")
    owner = f"uid={NOBODY.pw_uid},gid={NOBODY.pw_gid},fmask=0177,dmask=0077"
    assert asked == ["--no-block", "--collect", f"--options={owner},flush,nodev,nosuid,noexec", "/dev/sdz1",
                     "/media/commune-kiosk/1234-ABCD"]


def test_an_exfat_stick_has_no_flush_option_which_exfat_refuses(tmp_path):
    asked = mount_asked(tmp_path, ID_FS_TYPE="exfat", ID_FS_UUID="64A1-0F3C")
    assert asked is not None and "flush" not in asked[2] and asked[-1] == "/media/commune-kiosk/64A1-0F3C"


@pytest.mark.parametrize(("kind", "uuid"), [("ext4", "0f3c9a2e-2b1d-4c55-9d7e-5a1b2c3d4e5f"), ("vfat", "../..")])
def test_other_file_systems_and_odd_names_are_left_alone(tmp_path, kind, uuid):
    assert mount_asked(tmp_path, ID_FS_TYPE=kind, ID_FS_UUID=uuid) is None  # never a path a stick could steer
