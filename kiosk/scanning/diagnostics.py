"""The technician's scanner diagnostics as plain text: what is configured, what was found, what failed.

It is meant to be copied into a message to whoever supports the commune, so it holds no citizen
data: device names, addresses the technician typed, error types and driver details only.
"""

from __future__ import annotations

import datetime
import platform
from collections.abc import Iterable

from drivers.base import Capabilities, Device
from kiosk.scanning.service import ErrorRecord
from kiosk.scanning.setup import ScannerChoice


def report(choice: ScannerChoice, devices: Iterable[tuple[Device, Capabilities | None]],
           errors: Iterable[ErrorRecord], driver_version: str) -> str:
    """The diagnostics text, newest errors last."""
    setup = choice.setup
    lines = [
        f"Kiosk scanner diagnostics, {datetime.datetime.now().isoformat(timespec='seconds')}",
        f"System: {platform.system()} {platform.release()}, Python {platform.python_version()}",
        f"Driver: {choice.kind.value if choice.kind else 'none'} ({driver_version or 'not started'})",
        f"SANE backends: {', '.join(setup.sane_backends) or '—'}",
        f"eSCL addresses: {', '.join(setup.escl_urls) or '—'}",
        f"Cameras: {', '.join(setup.camera_sources) or '—'}; page timeout {setup.page_timeout_s:.0f} s",
        "",
        "Devices:",
    ]
    found = list(devices)
    for device, capabilities in found:
        serial = f", serial {device.serial}" if device.serial else ""
        lines.append(f"  {device.id}  ({device.label}, {device.address}{serial})")
        if capabilities is not None:
            lines.append(f"    sources {', '.join(s.value for s in capabilities.sources)}; "
                         f"modes {', '.join(m.value for m in capabilities.modes)}; "
                         f"dpi {', '.join(map(str, capabilities.resolutions))}; "
                         f"area {capabilities.max_width_mm:.0f}×{capabilities.max_height_mm:.0f} mm"
                         f"{'; duplex' if capabilities.duplex else ''}")
    if not found:
        lines.append("  (none found)")
    lines += ["", "Last errors:"]
    recorded = list(errors)
    for error in recorded:
        when = datetime.datetime.fromtimestamp(error.at).isoformat(timespec="seconds")
        lines.append(f"  {when}  {error.kind}: {error.detail}")
    if not recorded:
        lines.append("  (none)")
    return "\n".join(lines) + "\n"
