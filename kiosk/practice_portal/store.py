"""Practice portal state in one SQLite file inside the session folder.

One connection behind a lock: the two loopback servers are threaded, and the practice
load is one citizen at a time, so simplicity wins over concurrency.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS identities (
    id TEXT PRIMARY KEY, name TEXT, personal_id TEXT, web_login INTEGER DEFAULT 0);
CREATE TABLE IF NOT EXISTS logins (
    rid TEXT PRIMARY KEY, created REAL, status TEXT, identity TEXT, code TEXT,
    redirect_uri TEXT, state TEXT);
CREATE TABLE IF NOT EXISTS dossiers (
    id TEXT PRIMARY KEY, code TEXT UNIQUE, identity TEXT, procedure TEXT, province TEXT, agency TEXT,
    form TEXT, fee INTEGER, paid INTEGER DEFAULT 0, created REAL, submitted REAL);
CREATE TABLE IF NOT EXISTS attachments (
    id TEXT PRIMARY KEY, dossier TEXT, document TEXT, name TEXT, disk_name TEXT, kind TEXT, size INTEGER);
"""

STATUSES = ("Đã tiếp nhận", "Đang xử lý", "Chờ trả kết quả", "Đã có kết quả")


@dataclasses.dataclass(frozen=True)
class Dossier:
    """A dossier, draft (no code yet) or submitted."""

    id: str
    code: str | None
    identity: str
    procedure: str
    province: str
    agency: str
    form: dict[str, str]
    fee: int
    paid: bool
    created: float
    submitted: float | None


@dataclasses.dataclass(frozen=True)
class Attachment:
    """A file accepted for one required document of a dossier."""

    id: str
    dossier: str
    document: str
    name: str
    disk_name: str
    kind: str
    size: int


class Store:
    """All practice-portal records of one session."""

    def __init__(self, folder: Path, clock: Callable[[], float] = time.time) -> None:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.folder = folder
        self.uploads = folder / "uploads"
        self.uploads.mkdir(exist_ok=True, mode=0o700)
        self.clock = clock
        self._lock = threading.Lock()
        self._db = sqlite3.connect(folder / "practice-portal.sqlite3", check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        """Close the database (the session wipe removes the folder)."""
        with self._lock:
            self._db.close()

    def _run(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
            self._db.commit()
            return rows

    # --- identities and logins (SSO side) ----------------------------------------------------

    def add_identity(self, name: str, personal_id: str) -> str:
        """A generated practice identity; web login starts disabled, as in a fresh VNeID app."""
        identity = secrets.token_hex(8)
        self._run("INSERT INTO identities VALUES (?, ?, ?, 0)", identity, name, personal_id)
        return identity

    def identity(self, identity: str) -> sqlite3.Row | None:
        """One identity row."""
        rows = self._run("SELECT * FROM identities WHERE id = ?", identity)
        return rows[0] if rows else None

    def set_web_login(self, identity: str, enabled: bool) -> None:
        """The VNeID app setting "allow login on websites"."""
        self._run("UPDATE identities SET web_login = ? WHERE id = ?", int(enabled), identity)

    def new_login(self, redirect_uri: str, state: str) -> str:
        """A QR login request waiting to be scanned."""
        rid = secrets.token_urlsafe(12)
        self._run("INSERT INTO logins VALUES (?, ?, 'pending', NULL, NULL, ?, ?)",
                  rid, self.clock(), redirect_uri, state)
        return rid

    def login(self, rid: str) -> sqlite3.Row | None:
        """One login request."""
        rows = self._run("SELECT * FROM logins WHERE rid = ?", rid)
        return rows[0] if rows else None

    def finish_login(self, rid: str, status: str, identity: str) -> str | None:
        """Mark a login approved (returns the one-time code) or refused."""
        code = secrets.token_urlsafe(16) if status == "approved" else None
        self._run("UPDATE logins SET status = ?, identity = ?, code = ? WHERE rid = ?", status, identity, code, rid)
        return code

    def redeem_code(self, code: str) -> sqlite3.Row | None:
        """Exchange a one-time code for its identity (the code is spent)."""
        rows = self._run("SELECT identity FROM logins WHERE code = ? AND status = 'approved'", code)
        if not rows:
            return None
        self._run("UPDATE logins SET code = NULL, status = 'used' WHERE code = ?", code)
        return self.identity(rows[0]["identity"])

    # --- dossiers (portal side) --------------------------------------------------------------

    def new_draft(self, identity: str, procedure: str, province: str, agency: str,  # noqa: PLR0913, PLR0917 - a row
                  form: dict[str, str], fee: int) -> str:
        """Save step 1 of a submission."""
        dossier = secrets.token_hex(8)
        self._run("INSERT INTO dossiers VALUES (?, NULL, ?, ?, ?, ?, ?, ?, 0, ?, NULL)",
                  dossier, identity, procedure, province, agency, json.dumps(form, ensure_ascii=False),
                  fee, self.clock())
        return dossier

    def dossier(self, dossier: str) -> Dossier | None:
        """A dossier by id."""
        rows = self._run("SELECT * FROM dossiers WHERE id = ?", dossier)
        return _dossier(rows[0]) if rows else None

    def dossier_by_code(self, code: str) -> Dossier | None:
        """A submitted dossier by its code."""
        rows = self._run("SELECT * FROM dossiers WHERE code = ?", code)
        return _dossier(rows[0]) if rows else None

    def dossiers_of(self, identity: str) -> list[Dossier]:
        """Submitted dossiers of one citizen, newest first."""
        rows = self._run(
            "SELECT * FROM dossiers WHERE identity = ? AND code IS NOT NULL ORDER BY submitted DESC", identity
        )
        return [_dossier(row) for row in rows]

    def mark_paid(self, dossier: str) -> None:
        """The practice payment was made."""
        self._run("UPDATE dossiers SET paid = 1 WHERE id = ?", dossier)

    def submit(self, dossier: str) -> str:
        """Give the draft its dossier code (practice format TH-YYMMDD-NNNNNN)."""
        now = self.clock()
        day = time.strftime("%y%m%d", time.localtime(now))
        code = f"TH-{day}-{secrets.randbelow(10**6):06d}"
        self._run("UPDATE dossiers SET code = ?, submitted = ? WHERE id = ?", code, now, dossier)
        return code

    def add_attachment(  # noqa: PLR0913, PLR0917 - one row of the attachments table
        self, dossier: str, document: str, name: str, disk_name: str, kind: str, size: int,
    ) -> None:
        """Record an accepted file."""
        self._run("INSERT INTO attachments VALUES (?, ?, ?, ?, ?, ?, ?)",
                  secrets.token_hex(8), dossier, document, name, disk_name, kind, size)

    def attachments(self, dossier: str) -> list[Attachment]:
        """Files of a dossier in upload order."""
        rows = self._run("SELECT * FROM attachments WHERE dossier = ? ORDER BY rowid", dossier)
        return [Attachment(**dict(row)) for row in rows]

    def holds_file(self, dossier: str, document: str, data: bytes) -> bool:
        """Whether this very file (same bytes) is already attached for `document` of the dossier."""
        return any(item.document == document and item.size == len(data)
                   and (self.uploads / item.disk_name).read_bytes() == data
                   for item in self.attachments(dossier))

    def remove_attachment(self, dossier: str, attachment: str) -> None:
        """Remove one file from a draft (and from disk)."""
        rows = self._run("SELECT disk_name FROM attachments WHERE id = ? AND dossier = ?", attachment, dossier)
        if rows:
            (self.uploads / rows[0]["disk_name"]).unlink(missing_ok=True)
            self._run("DELETE FROM attachments WHERE id = ?", attachment)


def status_of(dossier: Dossier, now: float, step_s: float) -> str:
    """Status by schedule: one step further every `step_s` seconds after submission."""
    return "Chưa nộp" if dossier.submitted is None else status_at(dossier.submitted, now, step_s)


def status_at(submitted: float, now: float, step_s: float) -> str:
    """The status of a dossier submitted at `submitted`, by the practice schedule."""
    steps = int((now - submitted) // step_s) if step_s > 0 else 0
    return STATUSES[min(steps, len(STATUSES) - 1)]


def _dossier(row: sqlite3.Row) -> Dossier:
    values = dict(row)
    values["form"] = json.loads(values["form"])
    values["paid"] = bool(values["paid"])
    return Dossier(**values)
