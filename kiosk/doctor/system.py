"""The doctor's checks of the computer itself: the screen, the fonts, the clock, the watchdog, the version."""

from __future__ import annotations

import email.utils
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from kiosk import APP_NAME, paths
from kiosk.doctor.check import Check, Context, DisplayFacts

# The smallest screen the kiosk's layouts are made for (every screen is tested at 1366x768 and 1920x1080).
MIN_SIZE = (1366, 768)
KIOSK_FACE = "Noto Sans"  # the kiosk's typeface (ui/style.py), from fonts-noto-core
MAX_SKEW_S = 300  # more than this and portal logins (one-time codes, tokens) start failing; TLS fails later
COMMAND_LIMIT_S = 4.0
SERVICE = "commune-kiosk"


def run(command: list[str], limit_s: float = COMMAND_LIMIT_S) -> subprocess.CompletedProcess[str] | None:
    """Run a system tool (in the C locale, to read its answer); None when it is not installed or did not answer
    within `limit_s`."""
    if shutil.which(command[0]) is None:
        return None
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=limit_s, check=False,
                              env={**os.environ, "LC_ALL": "C"})  # the tools' words, not the technician's locale
    except (OSError, subprocess.TimeoutExpired):
        return None


def probe_display(limit_s: float = 8.0) -> DisplayFacts | None:
    """The primary screen's size, asked through Qt in a process of its own (a display Qt cannot open aborts that
    process, not the doctor); None when there is no display or it could not be opened."""
    if not (os.environ.get("WAYLAND_DISPLAY") or os.environ.get("DISPLAY")):
        return None
    root = Path(__file__).resolve().parents[2]  # where the kiosk's packages are: the checkout or site-packages
    try:
        done = subprocess.run([sys.executable, "-m", "ui.screen_probe"], capture_output=True, text=True,
                              timeout=limit_s, check=False, cwd=root)
    except (OSError, subprocess.TimeoutExpired):
        return None
    try:
        facts = json.loads(done.stdout.strip().splitlines()[-1])
        return DisplayFacts(int(facts["width"]), int(facts["height"]))
    except (IndexError, KeyError, TypeError, ValueError):
        return None


def display(context: Context) -> Check:
    """The screen is at least 1366x768, and the kiosk window fills it (when there is one to ask)."""
    facts = context.display or probe_display()
    if facts is None:
        return Check("display", False, "doctor.display.none", "doctor.display.none.fix")
    values = {"width": facts.width, "height": facts.height, "min_width": MIN_SIZE[0], "min_height": MIN_SIZE[1]}
    if facts.width < MIN_SIZE[0] or facts.height < MIN_SIZE[1]:
        return Check("display", False, "doctor.display.small", "doctor.display.small.fix", values)
    if facts.fullscreen is False:
        return Check("display", False, "doctor.display.windowed", "doctor.display.windowed.fix", values)
    return Check("display", True, "doctor.display.ok", values=values)


def fonts(_context: Context) -> Check:
    """fontconfig knows fonts that cover Vietnamese, the kiosk's own face among them."""
    listed = run(["fc-list", ":lang=vi", "family"])
    if listed is None or listed.returncode != 0:
        return Check("fonts", False, "doctor.fonts.no_fontconfig", "doctor.fonts.fix")
    families = {name.strip() for line in listed.stdout.splitlines() for name in line.split(",") if name.strip()}
    values = {"count": len(families), "face": KIOSK_FACE}
    if KIOSK_FACE not in families:
        return Check("fonts", False, "doctor.fonts.missing", "doctor.fonts.fix", values)
    return Check("fonts", True, "doctor.fonts.ok", values=values)


def portal_skew_s(url: str, limit_s: float) -> float | None:
    """How far this clock is ahead of the portal's (its HTTP Date header); None when the portal did not say."""
    import requests

    try:
        answer = requests.head(url, timeout=limit_s, allow_redirects=False)
    except requests.RequestException:
        return None
    date = answer.headers.get("Date")
    if not date:
        return None
    try:
        theirs = email.utils.parsedate_to_datetime(date).timestamp()
    except (TypeError, ValueError):
        return None
    return time.time() - theirs


def _ntp_synchronized() -> bool | None:
    shown = run(["timedatectl", "show", "-p", "NTPSynchronized", "--value"])
    if shown is None or shown.returncode != 0:
        return None
    return shown.stdout.strip() == "yes"


def clock(context: Context) -> Check:
    """The clock agrees with the portal's (or systemd keeps it synchronised): a wrong clock breaks TLS."""
    if not context.practice:
        skew = portal_skew_s(context.config.portal.start_url, min(context.config.portal.connect_timeout_s, 4.0))
        if skew is not None:
            values = {"seconds": round(abs(skew)), "minutes": round(abs(skew) / 60)}
            if abs(skew) > MAX_SKEW_S:
                return Check("clock", False, "doctor.clock.wrong", "doctor.clock.fix", values)
            return Check("clock", True, "doctor.clock.ok_portal", values=values)
    synchronized = _ntp_synchronized()
    if synchronized:
        return Check("clock", True, "doctor.clock.ok_ntp")
    if synchronized is False:
        return Check("clock", False, "doctor.clock.not_synced", "doctor.clock.fix")
    return Check("clock", False, "doctor.clock.unknown", "doctor.clock.fix")


def watchdog(_context: Context) -> Check:
    """systemd restarts a frozen kiosk: the unit has WatchdogSec (or this runs inside it with WATCHDOG_USEC)."""
    usec = os.environ.get("WATCHDOG_USEC", "")
    if usec.isdigit() and int(usec) > 0:
        return Check("watchdog", True, "doctor.watchdog.ok", values={"seconds": int(usec) // 1_000_000})
    shown = run(["systemctl", "show", SERVICE, "-p", "LoadState", "-p", "WatchdogUSec"])
    if shown is None or shown.returncode != 0:
        return Check("watchdog", False, "doctor.watchdog.no_systemd", "doctor.watchdog.no_systemd.fix")
    properties = dict(line.partition("=")[::2] for line in shown.stdout.splitlines())
    if properties.get("LoadState") != "loaded":
        return Check("watchdog", False, "doctor.watchdog.no_unit", "doctor.watchdog.no_unit.fix")
    limit = properties.get("WatchdogUSec", "0")
    if limit in ("", "0", "infinity"):
        return Check("watchdog", False, "doctor.watchdog.off", "doctor.watchdog.off.fix")
    return Check("watchdog", True, "doctor.watchdog.ok_unit", values={"limit": limit})


def version(_context: Context) -> Check:
    """The kiosk's version, and whether it is the Debian package's."""
    try:
        number = importlib.metadata.version(APP_NAME)
    except importlib.metadata.PackageNotFoundError:
        return Check("version", False, "doctor.version.unknown", "doctor.version.unknown.fix")
    found = "doctor.version.package" if paths.installed_by_package() else "doctor.version.checkout"
    return Check("version", True, found, values={"version": number})
