"""Which mounts are a USB stick, read from real mount tables and the kernel's real block devices."""

from __future__ import annotations

from pathlib import Path

from kiosk.stats.usb import Stick, copy_to_stick, mounted_sticks, removable_device


def test_sticks_are_the_writable_mounts_under_the_media_folders(tmp_path):
    media = tmp_path / "media"
    (media / "officer" / "THỐNG KÊ").mkdir(parents=True)
    (media / "READONLY").mkdir()
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "proc /proc proc rw,nosuid 0 0\n"
        f"tmpfs {media}/tmpfs tmpfs rw 0 0\n"
        f"/dev/sdz1 {media}/READONLY vfat ro,nosuid 0 0\n"
        f"/dev/sdy1 {media}/officer/THỐNG\\040KÊ vfat rw 0 0\n"
        "/dev/vda1 / ext4 rw,relatime 0 0\n", encoding="utf-8")
    assert mounted_sticks(mounts, (media,)) == [Stick(media / "officer" / "THỐNG KÊ", "THỐNG KÊ")]
    assert mounted_sticks(tmp_path / "no-such-table", (media,)) == []


def test_the_machines_own_disks_are_not_removable():
    disks = [path.name for path in Path("/sys/class/block").iterdir() if not path.name.startswith("loop")]
    assert disks  # a real kernel's block devices
    assert not any(removable_device(f"/dev/{name}") for name in disks if name.startswith(("vd", "nvme", "zram")))
    assert not removable_device("/dev/no-such-disk") and not removable_device("tmpfs")


def test_a_copy_lands_whole_under_its_own_name(tmp_path):
    source = tmp_path / "thong-ke.csv"
    source.write_bytes(b"ngay,phien\n" * 1000)
    stick = tmp_path / "stick"
    stick.mkdir()
    copied = copy_to_stick(source, Stick(stick, "USB"))
    assert copied == stick / "thong-ke.csv" and copied.read_bytes() == source.read_bytes()
    assert [path.name for path in stick.iterdir()] == ["thong-ke.csv"]  # no .partial left behind
