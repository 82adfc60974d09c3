"""Switching the kiosk computer off or restarting it from the technician menu, and whether a restart is due.

The kiosk user asks logind through `systemctl --no-ask-password poweroff|reboot` rather than calling
org.freedesktop.login1 over D-Bus itself: run by a user other than root, systemctl makes exactly that D-Bus
call (logind checks polkit and the block inhibitors, e.g. an upgrade being installed), returns as soon as logind
took the request, and says in its exit status whether it did; the kiosk needs no D-Bus binding for one call.
`--no-ask-password` because nobody can type a password on the kiosk: the package's polkit rule
(installer/deb/polkit.rules) allows user `kiosk` to power off and reboot, nothing else.
"""

from __future__ import annotations

import enum
import subprocess
from pathlib import Path

# unattended-upgrades (its kernel hook) and packages such as libc6 write this after an upgrade that only takes
# effect at the next boot.
REBOOT_REQUIRED = Path("/run/reboot-required")
SYSTEMCTL = "systemctl"  # found on the PATH systemd gives the kiosk's unit
LIMIT_S = 30.0  # logind answers at once; systemctl waits longer only for a polkit agent, and there is none


class PowerAction(enum.StrEnum):
    """What the technician asked for; the value is systemctl's verb."""

    POWER_OFF = "poweroff"
    REBOOT = "reboot"


class PowerRefused(Exception):
    """logind did not take the request. The text is systemctl's own (for the log, never for a screen)."""


def command(action: PowerAction) -> list[str]:
    """The command that asks logind for `action`."""
    return [SYSTEMCTL, "--no-ask-password", action.value]


def request(action: PowerAction) -> None:
    """Ask logind to power off or reboot now; raises `PowerRefused` when it did not take the request."""
    try:
        result = subprocess.run(command(action), capture_output=True, text=True, timeout=LIMIT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PowerRefused(f"{SYSTEMCTL} {action.value}: {error}") from error
    if result.returncode != 0:
        said = " ".join(result.stderr.split()) or f"exit status {result.returncode}"
        raise PowerRefused(f"{SYSTEMCTL} {action.value}: {said}")


def restart_required() -> bool:
    """An upgrade installed since the last boot waits for a restart."""
    return REBOOT_REQUIRED.exists()
