"""Named loggers and the rotating log files in the platform log directory (and the journal, under systemd).

Every logger of the kiosk is declared here: shell, session, config, admin, audit, portal, officer, stats,
supervisor, fleet, scanner (from drivers/log.py), and qt for Qt's own messages.
The audit logger records events only (session started/ended, admin login ok/failed),
never personal data: callers pass counts, reasons and roles, not what a citizen typed.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
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
fleet = logging.getLogger("fleet")
__all__ = ["admin", "audit", "config", "fleet", "officer", "portal", "qt", "scanner", "session", "setup_file_logging",
           "shell", "stats", "supervisor"]
# The practice portal's web server logs each request at INFO: only its problems belong in kiosk.log.
logging.getLogger("werkzeug").setLevel(logging.WARNING)
# fpdf2's font subsetting (fontTools) logs ~70 INFO lines per receipt: only its problems belong there too.
logging.getLogger("fontTools").setLevel(logging.WARNING)

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
    handlers: list[logging.Handler] = [main_handler, audit_handler]
    journal = journal_handler()
    if journal is not None:
        root.addHandler(journal)
        handlers.append(journal)
    return handlers


class _JournalFormatter(logging.Formatter):
    """`<priority>logger: message`: journald reads the syslog priority from the prefix."""

    def format(self, record: logging.LogRecord) -> str:
        priority = 3 if record.levelno >= logging.ERROR else 4 if record.levelno >= logging.WARNING else 6
        return f"<{priority}>{super().format(record)}"


def journal_handler() -> logging.Handler | None:
    """A handler writing to stderr when stderr is systemd's journal (as under commune-kiosk.service), else None.

    `$JOURNAL_STREAM` names the journal's stream by device and inode; a process whose stderr was redirected
    elsewhere (a test, a technician's pipe) inherits the variable but not the stream, and gets no handler.
    """
    try:
        device, inode = (int(part) for part in os.environ.get("JOURNAL_STREAM", "").split(":"))
        status = os.fstat(sys.stderr.fileno())
    except (ValueError, OSError, AttributeError):
        return None
    if (status.st_dev, status.st_ino) != (device, inode):
        return None
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JournalFormatter("%(name)s: %(message)s"))
    return handler
