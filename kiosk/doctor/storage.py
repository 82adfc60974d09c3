"""The doctor's checks of free space: the citizens' session folders (which must be in RAM) and the statistics."""

from __future__ import annotations

import pwd
import shutil
from pathlib import Path

from kiosk import APP_NAME, paths
from kiosk.doctor.check import Check, Context

MB = 1024 * 1024
SESSIONS_MIN_MB = 200  # a long visit: scans of a dozen pages, their PDFs, the practice portal's uploads
STATISTICS_MIN_MB = 100  # years of statistics are a few MB; the rest is room for exports and the log
RAM_FILESYSTEMS = ("tmpfs", "ramfs")
KIOSK_USER = "kiosk"  # the Debian package's service user (installer/deb/postinst)


def mount_of(path: Path) -> tuple[str, str]:
    """The mount point and file system type holding `path` (its nearest existing folder), from /proc/mounts."""
    target = _existing(path)
    best = ("/", "")
    with open("/proc/mounts", encoding="utf-8") as mounts:
        for line in mounts:
            fields = line.split()
            if len(fields) < 3:  # noqa: PLR2004 - device, mount point, type
                continue
            point = fields[1].replace("\\040", " ")
            inside = target == Path(point) or Path(point) in target.parents
            if inside and len(point) >= len(best[0]):  # the last of equal mounts is the one on top
                best = (point, fields[2])
    return best


def _existing(path: Path) -> Path:
    path = path.resolve()
    while not path.exists():
        path = path.parent
    return path


def session_root(context: Context) -> Path:
    """Where the kiosk keeps citizens' session folders. For the Debian package's kiosk, the kiosk user's RAM
    folder (/run/user/UID, made by its logind session on tty1), whoever runs the doctor: root's own, or none
    in a `runuser` shell, is not where the service keeps them."""
    configured = context.config.session.root_dir
    if configured:
        return Path(configured)
    if paths.installed_by_package():
        try:
            uid = pwd.getpwnam(KIOSK_USER).pw_uid
        except KeyError:
            pass
        else:
            return Path(f"/run/user/{uid}") / APP_NAME / "sessions"
    return paths.default_session_root()


def _free_mb(path: Path) -> int:
    return shutil.disk_usage(_existing(path)).free // MB


def sessions(context: Context) -> Check:
    """Session folders are in RAM (nothing of a citizen reaches the disk) and have room for a visit."""
    root = session_root(context)
    point, kind = mount_of(root)
    free = _free_mb(root)
    values = {"path": root, "free": free, "minimum": SESSIONS_MIN_MB, "kind": kind or "?"}
    if kind not in RAM_FILESYSTEMS:
        fix = "doctor.sessions.on_disk.fix" if context.config.session.root_dir else "doctor.sessions.no_runtime.fix"
        return Check("sessions", False, "doctor.sessions.on_disk", fix, values)
    if free < SESSIONS_MIN_MB:
        return Check("sessions", False, "doctor.space.low", "doctor.sessions.low.fix", values)
    return Check("sessions", True, "doctor.sessions.ok", values={**values, "mount": point})


def statistics(context: Context) -> Check:
    """The statistics folder has room (a full disk stops the kiosk recording and exporting)."""
    folder = paths.data_dir(context.config.paths.data_dir)
    free = _free_mb(folder)
    values = {"path": folder, "free": free, "minimum": STATISTICS_MIN_MB}
    if free < STATISTICS_MIN_MB:
        return Check("statistics", False, "doctor.space.low", "doctor.statistics.low.fix", values)
    return Check("statistics", True, "doctor.statistics.ok", values=values)
