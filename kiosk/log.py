"""Named loggers and the rotating log files in the platform log directory.

Every logger of the kiosk is declared here: shell, session, config, admin, audit, portal, officer, stats,
supervisor, scanner (from drivers/log.py), and qt for Qt's own messages.
The audit logger records events only (session started/ended, admin login ok/failed),
never personal data: callers pass counts, reasons and roles, not what a citizen typed.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from drivers.log import scanner

shell = logging.getLogger("shell")
session = logging.getLogger("session")
config = logging.getLogger("config")
admin = logging.getLogger("admin")
audit = logging.getLogger("audit")
qt = logging.getLogger("qt")
portal = logging.getLogger("portal")
officer = logging.getLogger("officer")
stats = logging.getLogger("stats")
supervisor = logging.getLogger("supervisor")
__all__ = ["admin", "audit", "config", "officer", "portal", "qt", "scanner", "session", "setup_file_logging",
           "shell", "stats", "supervisor"]
# The practice portal's web server logs each request at INFO: only its problems belong in kiosk.log.
logging.getLogger("werkzeug").setLevel(logging.WARNING)

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_MAX_BYTES = 1_000_000
_BACKUPS = 5


def setup_file_logging(log_dir: Path) -> list[logging.Handler]:
    """Send every named logger to `kiosk.log` and the audit logger also to `audit.log`.

    Returns the handlers added, so a caller (or a test) can remove them again.
    """
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    formatter = logging.Formatter(_FORMAT)
    main_handler = logging.handlers.RotatingFileHandler(
        log_dir / "kiosk.log", maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8"
    )
    main_handler.setFormatter(formatter)
    audit_handler = logging.handlers.RotatingFileHandler(
        log_dir / "audit.log", maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8"
    )
    audit_handler.setFormatter(formatter)
    root = logging.getLogger()
    root.addHandler(main_handler)
    root.setLevel(logging.INFO)
    audit.addHandler(audit_handler)
    return [main_handler, audit_handler]
