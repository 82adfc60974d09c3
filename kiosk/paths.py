"""Where the kiosk keeps its files, from platformdirs unless the config says otherwise."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import platformdirs

from kiosk import APP_NAME

SITE_CONFIG_ENV = "KIOSK_SITE_CONFIG"
CONFIG_FILE_NAME = "kiosk.toml"
# The Debian package's venv (installer/build-deb.sh), and the site config its postinst makes.
INSTALL_PREFIX = Path("/opt/commune-kiosk")
INSTALLED_SITE_CONFIG = Path("/etc/commune-kiosk") / CONFIG_FILE_NAME


def installed_by_package() -> bool:
    """Whether this is the kiosk the Debian package installed (its venv under /opt/commune-kiosk)."""
    return Path(sys.prefix) == INSTALL_PREFIX


def site_config_file() -> Path:
    """The site config file: `$KIOSK_SITE_CONFIG`, else /etc/commune-kiosk/kiosk.toml for the Debian package's kiosk
    (the technician's shell and the kiosk user read the same file), else `kiosk.toml` in the platform config dir."""
    override = os.environ.get(SITE_CONFIG_ENV)
    if override:
        return Path(override)
    if installed_by_package():
        return INSTALLED_SITE_CONFIG
    return platformdirs.user_config_path(APP_NAME) / CONFIG_FILE_NAME


def default_log_dir() -> Path:
    """The platform log directory of the kiosk user."""
    return platformdirs.user_log_path(APP_NAME)


def default_data_dir() -> Path:
    """The platform data directory of the kiosk user (statistics, follow-up list)."""
    return platformdirs.user_data_path(APP_NAME)


def log_dir(configured: str) -> Path:
    """Where the kiosk logs: `paths.log_dir` when set."""
    return Path(configured) if configured else default_log_dir()


def data_dir(configured: str) -> Path:
    """Where statistics, the follow-up list and the PIN pad's lock live: `paths.data_dir` when set."""
    return Path(configured) if configured else default_data_dir()


def default_session_root() -> Path:
    """Session folders live in RAM when the platform offers it ($XDG_RUNTIME_DIR), else in the temp dir."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime) and os.access(runtime, os.W_OK):
        return Path(runtime) / APP_NAME / "sessions"
    return Path(tempfile.gettempdir()) / f"{APP_NAME}-sessions"


def fleet_dir(data: Path) -> Path:
    """The fleet link's folder in the data folder: its queue, the pushed config layer, the pushed videos."""
    return data / "fleet"
