"""The kiosk's private SANE configuration directory: only the backends it was told to use.

With Debian's default configuration, discovery takes ~3.5 s and several backends broadcast on the
commune's LAN. The kiosk writes its own `dll.conf` instead, gives the `test` backend an A4 area,
and lists network scanners for `airscan` explicitly with discovery off. `SANE_CONFIG_DIR` must be
in the environment before the first `sane.init()` of the process (the worker process sets it).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

SYSTEM_DIR = Path("/etc/sane.d")
BACKEND_NAME = re.compile(r"^[a-z0-9_]+$")

# The shipped test.conf caps the area at 200 mm: A4 needs geometry_max 300 (docs/platform-facts.md).
TEST_CONF = """\
number_of_devices 1
geometry_max 300
br_x 210
br_y 297
resolution 300
test-picture "Grid"
enable-test-options true
"""


def airscan_conf(urls: tuple[str, ...]) -> str:
    """airscan.conf listing each eSCL URL as a device, with every kind of discovery off."""
    lines = ["[devices]"]
    for number, url in enumerate(urls, start=1):
        lines.append(f'"Network {number}" = {url.rstrip("/")}, escl')
    lines += ["", "[options]", "discovery = disable", "ws-discovery = off", ""]
    return "\n".join(lines)


def write(directory: Path, backends: tuple[str, ...], escl_urls: tuple[str, ...] = ()) -> Path:
    """Fill `directory` with a SANE configuration for exactly `backends`; returns the directory."""
    for backend in backends:
        if not BACKEND_NAME.match(backend):
            raise ValueError(f"not a SANE backend name: {backend!r}")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "dll.conf").write_text("".join(f"{backend}\n" for backend in backends), encoding="utf-8")
    for backend in backends:
        target = directory / f"{backend}.conf"
        if backend == "test":
            target.write_text(TEST_CONF, encoding="utf-8")
        elif backend == "airscan":
            target.write_text(airscan_conf(escl_urls), encoding="utf-8")
        elif (SYSTEM_DIR / f"{backend}.conf").is_file():
            # A USB backend's own file lists the device ids it knows; keep it as shipped.
            shutil.copyfile(SYSTEM_DIR / f"{backend}.conf", target)
    return directory
