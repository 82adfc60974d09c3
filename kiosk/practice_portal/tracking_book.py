"""The practice portal's tracking book: the codes of practice dossiers, kept past the session that submitted them.

A citizen who practised on Monday and comes back with the slip on Friday finds the dossier on the practice
tracking page, as they would on the real portal. The book holds only what tracking shows and nobody can be named
by: the code, the procedure's catalogue id and the time of submission (the status follows from it, by the
practice schedule). No name, no personal number, no form, no file. A code older than KEEP_DAYS is dropped.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

KEEP_DAYS = 60
DAY_S = 86_400
SCHEMA = "CREATE TABLE IF NOT EXISTS codes (code TEXT PRIMARY KEY, procedure TEXT, submitted REAL)"


@dataclasses.dataclass(frozen=True)
class Entry:
    """One practice dossier as tracking shows it."""

    code: str
    procedure: str
    submitted: float


class TrackingBook:
    """One SQLite file outside the session folders; threads of the practice servers share one connection."""

    def __init__(self, path: Path, clock: Callable[[], float]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._clock = clock
        with self._lock:
            self._db.execute(SCHEMA)
            self._db.execute("DELETE FROM codes WHERE submitted < ?", (clock() - KEEP_DAYS * DAY_S,))

    def record(self, code: str, procedure: str, submitted: float) -> None:
        """A practice dossier was submitted."""
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO codes VALUES (?, ?, ?)", (code, procedure, submitted))

    def find(self, code: str) -> Entry | None:
        """The entry of `code`, if the book has it."""
        with self._lock:
            row = self._db.execute("SELECT code, procedure, submitted FROM codes WHERE code = ?", (code,)).fetchone()
        return Entry(*row) if row else None

    def close(self) -> None:
        """Close the file (the practice portal stops)."""
        with self._lock:
            self._db.close()
