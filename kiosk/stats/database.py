"""The statistics database: SQLite in the kiosk's data folder, WAL journal, schema migrations.

WAL with `synchronous=FULL` makes every committed event durable and keeps the file consistent when
the process is killed or the power fails mid-write: at most the event being written is lost.
Migrations are numbered SQL scripts; `PRAGMA user_version` says which ones a file has had.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from kiosk import log

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        started_at REAL NOT NULL,
        ended_at REAL,
        outcome TEXT,
        practice INTEGER NOT NULL DEFAULT 0,
        language TEXT NOT NULL DEFAULT 'vi'
    );
    CREATE INDEX sessions_started ON sessions(started_at);
    CREATE TABLE steps (
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        step TEXT NOT NULL,
        at REAL NOT NULL
    );
    CREATE INDEX steps_session ON steps(session_id);
    CREATE TABLE events (
        session_id INTEGER REFERENCES sessions(id),
        at REAL NOT NULL,
        kind TEXT NOT NULL,
        amount INTEGER NOT NULL DEFAULT 1,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX events_at ON events(at);
    CREATE TABLE survey (
        session_id INTEGER PRIMARY KEY REFERENCES sessions(id),
        at REAL NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
        reasons TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE followups (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        procedure TEXT NOT NULL,
        submitted_at REAL NOT NULL
    );
    """,
    # 2: which kiosk process a session ran in (kiosk/owner.py), so a crash's open session counts as interrupted
    """
    ALTER TABLE sessions ADD COLUMN owner TEXT NOT NULL DEFAULT '';
    """,
)
FILE_NAME = "statistics.sqlite3"


def open_database(folder: Path) -> sqlite3.Connection:
    """The statistics database in `folder`, created or migrated to the newest schema."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    connection = sqlite3.connect(folder / FILE_NAME, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA foreign_keys = ON")
    migrate(connection)
    return connection


def migrate(connection: sqlite3.Connection) -> int:
    """Apply the migrations the file has not had yet, each in its own transaction; returns the version."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        connection.execute("BEGIN")
        try:
            for statement in script.split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {number}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)


def open_statistics(folder: Path) -> sqlite3.Connection:
    """The statistics database; a damaged file is set aside (never deleted) and a new one started."""
    try:
        return open_database(folder)
    except sqlite3.DatabaseError as error:
        broken = folder / f"{FILE_NAME}.broken-{int(time.time())}"
        log.stats.error("statistics database unreadable (%s); moved to %s", error, broken.name)
        (folder / FILE_NAME).rename(broken)
        return open_database(folder)
