"""USB sticks for the statistics export: a commune officer takes the file away on a stick, not by a path.

A stick counts once the system has mounted it, writable: on a block device the kernel marks removable or reaches
over USB, or under the folders where automounters put one (`/media/…`, `/run/media/…`). The file is written
beside, flushed to the stick and renamed into place, so the officer may pull the stick out as soon as it is told.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

MOUNTS = Path("/proc/mounts")
SYS_BLOCK = Path("/sys/class/block")
MEDIA_ROOTS = (Path("/media"), Path("/run/media"))
MOUNT_FIELDS = 4  # device, mount point, type, options (then dump and pass)
PSEUDO = {"proc", "sysfs", "tmpfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "overlay", "squashfs", "autofs"}


@dataclasses.dataclass(frozen=True)
class Stick:
    """A mounted, writable stick: where it is mounted and the name it shows (its label, as automounters name
    the folder)."""

    mount: Path
    name: str


def _unescape(field: str) -> str:
    # /proc/mounts writes a space in a path as \040 (and tab, newline, backslash likewise).
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")


def removable_device(device: str, sys_block: Path = SYS_BLOCK) -> bool:
    """True for a block device (or its partition) the kernel marks removable or reaches over USB."""
    entry = sys_block / Path(device).name
    if not device.startswith("/dev/") or not entry.exists():
        return False
    real = entry.resolve()
    disk = real if (real / "removable").exists() else real.parent
    try:
        removable = (disk / "removable").read_text(encoding="ascii").strip() == "1"
    except OSError:
        removable = False
    return removable or "/usb" in str(real)


def _under_media(point: Path, roots: tuple[Path, ...]) -> bool:
    return any(point != root and point.is_relative_to(root) for root in roots)


def mounted_sticks(mounts: Path = MOUNTS, roots: tuple[Path, ...] | None = None) -> list[Stick]:
    """The USB sticks mounted now and writable, in mount order (none when the table cannot be read)."""
    roots = MEDIA_ROOTS if roots is None else roots
    try:
        lines = mounts.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    sticks: list[Stick] = []
    for line in lines:
        fields = line.split()
        if len(fields) < MOUNT_FIELDS or fields[2] in PSEUDO or "ro" in fields[3].split(","):
            continue
        point = Path(_unescape(fields[1]))
        if (removable_device(fields[0]) or _under_media(point, roots)) and os.access(point, os.W_OK):
            sticks.append(Stick(point, point.name))
    return sticks


def copy_to_stick(source: Path, stick: Stick) -> Path:
    """Copy `source` onto the stick under its own name and flush it there; the copy's path."""
    target = stick.mount / source.name
    partial = target.with_name(target.name + ".partial")
    try:
        with source.open("rb") as reader, partial.open("wb") as writer:
            shutil.copyfileobj(reader, writer)
            writer.flush()
            os.fsync(writer.fileno())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    folder = os.open(stick.mount, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
    return target
