"""The first site config of a kiosk: a fresh technician PIN, so the technician menu (and the way out) can be reached.

Made once, by `make run` on a developer's machine and by the Debian package's postinst on a kiosk; never over an
existing file, so a technician's settings survive every later run and upgrade. The PIN is shown once and only its
hash is stored.
"""

from __future__ import annotations

import datetime
import os
import secrets
from pathlib import Path

import tomlkit

from kiosk.admin_pin import hash_pin

PIN_DIGITS = 6


def new_pin() -> str:
    """Six random digits, from the operating system's secure source."""
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


def write_first_config(path: Path, made_by: str, data_dir: str = "") -> str | None:
    """Write the site config at `path` with a fresh technician PIN and return the PIN; None if `path` exists.

    The file is readable by its owner only (it holds the PIN's hash); `data_dir` sets `paths.data_dir`.
    """
    pin = new_pin()
    document = tomlkit.document()
    document.add(tomlkit.comment(f"Made by {made_by} on {datetime.date.today().isoformat()}. "
                                 "All settings: docs/settings.md"))
    document["admin"] = {"technician_pin_hash": hash_pin(pin)}
    if data_dir:
        document["paths"] = {"data_dir": data_dir}
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return None
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(tomlkit.dumps(document))
    return pin
