"""The fleet link's own SQLite file: the statistics days waiting for the broker's acknowledgement, the last
document of each kind, what became of the last push, and the link's state for the technician screen.

Every change is one committed statement (WAL, `synchronous=FULL`, as the statistics database): a day stays
queued until the broker has acknowledged it, across restarts and power cuts. The technician screen (another
process, maybe) reads the same file.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

FILE_NAME = "fleet.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (day TEXT PRIMARY KEY, payload TEXT NOT NULL, acked_at REAL);
CREATE TABLE IF NOT EXISTS documents (kind TEXT PRIMARY KEY, serial INTEGER NOT NULL, payload TEXT NOT NULL,
                                      state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (kind TEXT PRIMARY KEY, report TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclasses.dataclass(frozen=True)
class Document:
    """The newest accepted document of a kind: its serial, payload, and `state` (staged, ready, applied, failed)."""

    kind: str
    serial: int
    payload: dict[str, Any]
    state: str


@dataclasses.dataclass(frozen=True)
class LinkState:
    """What the technician screen shows."""

    connected: bool
    last_sync: float | None  # when the broker last acknowledged something of this kiosk
    queued: int  # statistics days not yet acknowledged
    refused: dict[str, Any] | None  # the last refused push's report, if any


class FleetStore:
    """The file, opened once per process; safe from the MQTT thread and the agent's thread alike."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._db = sqlite3.connect(folder / FILE_NAME, isolation_level=None, check_same_thread=False, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def _run(self, sql: str, values: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, values).fetchall()

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()

    # --- statistics days ---

    def queue_day(self, day: str, payload: dict[str, Any]) -> bool:
        """Queue a finished day once; False when it was queued before."""
        with self._lock:
            cursor = self._db.execute("INSERT OR IGNORE INTO outbox (day, payload) VALUES (?, ?)",
                                      (day, json.dumps(payload, sort_keys=True)))
            return cursor.rowcount == 1

    def last_queued_day(self) -> str | None:
        """The newest day queued so far."""
        day = self._run("SELECT max(day) FROM outbox")[0][0]
        return str(day) if day is not None else None

    def unacked(self) -> list[tuple[str, str]]:
        """(day, payload JSON) of every day the broker has not acknowledged, oldest first."""
        return [(day, payload) for day, payload in
                self._run("SELECT day, payload FROM outbox WHERE acked_at IS NULL ORDER BY day")]

    def acked(self, day: str, at: float) -> None:
        """The broker acknowledged a day."""
        self._run("UPDATE outbox SET acked_at = ? WHERE day = ? AND acked_at IS NULL", (at, day))
        self.put("last_sync", str(at))

    # --- documents and reports ---

    def document(self, kind: str) -> Document | None:
        """The newest accepted document of `kind`."""
        rows = self._run("SELECT serial, payload, state FROM documents WHERE kind = ?", (kind,))
        return Document(kind, rows[0][0], json.loads(rows[0][1]), rows[0][2]) if rows else None

    def keep_document(self, kind: str, serial: int, payload: dict[str, Any], state: str) -> None:
        """Remember the newest accepted document of `kind` and its state."""
        self._run("INSERT OR REPLACE INTO documents (kind, serial, payload, state) VALUES (?, ?, ?, ?)",
                  (kind, serial, json.dumps(payload, sort_keys=True), state))

    def set_state(self, kind: str, serial: int, state: str) -> None:
        """A document moved on (staged -> ready -> applied, or failed)."""
        self._run("UPDATE documents SET state = ? WHERE kind = ? AND serial = ?", (state, kind, serial))

    def keep_report(self, kind: str, report: dict[str, Any]) -> None:
        """What became of the last push of `kind` (also published, retained)."""
        self._run("INSERT OR REPLACE INTO reports (kind, report) VALUES (?, ?)", (kind, json.dumps(report)))
        if not report["accepted"]:
            self.put("refused", json.dumps(report))

    def reports(self) -> dict[str, dict[str, Any]]:
        """The last report of each kind."""
        return {kind: json.loads(text) for kind, text in self._run("SELECT kind, report FROM reports")}

    # --- the link ---

    def put(self, key: str, value: str) -> None:
        """Set one state value."""
        self._run("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, value))

    def get(self, key: str) -> str | None:
        """One state value."""
        rows = self._run("SELECT value FROM state WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def link_state(self) -> LinkState:
        """Connected, last sync, queued days, last refused push."""
        queued = self._run("SELECT count(*) FROM outbox WHERE acked_at IS NULL")[0][0]
        last_sync, refused = self.get("last_sync"), self.get("refused")
        return LinkState(self.get("connected") == "1", float(last_sync) if last_sync else None, queued,
                         json.loads(refused) if refused else None)
