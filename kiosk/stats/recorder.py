"""Writes what happens at the kiosk into the statistics database, one small transaction per event.

Only counts, kinds and times are written — never what a citizen typed or scanned. The one exception
is the follow-up list: the dossier code and procedure of a submitted dossier, so officers can check
that it is received in time; it is deleted after the retention time.
"""

from __future__ import annotations

import enum
import re
import sqlite3
import time
from collections.abc import Callable

from kiosk.lifecycle import EndReason

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.]{0,40}$")  # step names, event kinds and details: identifiers, no free text
REASONS = ("easy", "videos_clear", "scanner_good", "needed_officer", "too_slow", "hard_to_read")
FACES = 5  # the survey's five faces, 1 (sad) to 5 (happy)


class Outcome(enum.StrEnum):
    """How a session ended, as the commune reports it."""

    SUBMITTED = "submitted"
    ABANDONED = "abandoned"
    TIMED_OUT = "timed_out"
    OFFICER = "handed_to_officer"
    INTERRUPTED = "interrupted"  # the kiosk process stopped (a crash, a power cut) while the session was open


class Event(enum.StrEnum):
    """What is counted besides sessions and steps."""

    HELP_CALL = "help_call"
    PAGES_SCANNED = "pages_scanned"
    DOCUMENTS_ATTACHED = "documents_attached"
    DEVICE_ERROR = "device_error"
    TAKEOVER = "officer_takeover"


def _identifier(text: str) -> str:
    if not NAME.match(text):
        raise ValueError(f"not an identifier: {text!r}")
    return text


class StatsRecorder:
    """The kiosk's one writer of statistics (GUI thread). A session id links its steps, events and survey."""

    def __init__(self, connection: sqlite3.Connection, clock: Callable[[], float] = time.time) -> None:
        self.db = connection
        self.clock = clock
        self.session_id: int | None = None
        self.last_session_id: int | None = None
        self._submitted = False
        self._officer = False
        self._steps: set[str] = set()

    def session_started(self, practice: bool, language: str, owner: str = "") -> int:
        """A citizen touched the attract screen (in the kiosk process `owner`, see kiosk/owner.py)."""
        cursor = self.db.execute("INSERT INTO sessions (started_at, practice, language, owner) VALUES (?, ?, ?, ?)",
                                 (self.clock(), int(practice), _identifier(language), owner))
        self.session_id = int(cursor.lastrowid or 0)
        self._submitted = self._officer = False
        self._steps = set()
        return self.session_id

    def step(self, name: str) -> None:
        """The citizen reached a step of the journey (only the first time counts)."""
        if self.session_id is None or name in self._steps:
            return
        self._steps.add(name)
        self.db.execute("INSERT INTO steps (session_id, step, at) VALUES (?, ?, ?)",
                        (self.session_id, _identifier(name), self.clock()))

    def event(self, kind: Event, amount: int = 1, detail: str = "") -> None:
        """Count something (a help call, scanned pages, a device error by its type)."""
        if kind is Event.TAKEOVER:
            self._officer = True
        self.db.execute("INSERT INTO events (session_id, at, kind, amount, detail) VALUES (?, ?, ?, ?, ?)",
                        (self.session_id, self.clock(), kind.value, amount, _identifier(detail) if detail else ""))

    @property
    def submitted(self) -> bool:
        """A dossier was submitted in the open session."""
        return self.session_id is not None and self._submitted

    def submission(self, code: str, procedure: str) -> None:
        """A dossier was submitted: the session counts as submitted and the code joins the follow-up list."""
        self._submitted = True
        self.step("submitted")
        self.db.execute("INSERT OR IGNORE INTO followups (code, procedure, submitted_at) VALUES (?, ?, ?)",
                        (code, procedure, self.clock()))

    def session_ended(self, reason: EndReason) -> Outcome | None:
        """The session is over (wiped); returns how it ended."""
        if self.session_id is None:
            return None
        if self._submitted:
            outcome = Outcome.SUBMITTED
        elif self._officer or reason is EndReason.STAFF:
            outcome = Outcome.OFFICER
        elif reason is EndReason.TIMEOUT:
            outcome = Outcome.TIMED_OUT
        else:
            outcome = Outcome.ABANDONED
        self.db.execute("UPDATE sessions SET ended_at = ?, outcome = ? WHERE id = ?",
                        (self.clock(), outcome.value, self.session_id))
        self.last_session_id, self.session_id = self.session_id, None
        return outcome

    def survey(self, rating: int, reasons: tuple[str, ...]) -> None:
        """The end-of-session survey of the session that just ended (5 faces, up to 3 reasons)."""
        if self.last_session_id is None or not 1 <= rating <= FACES:
            return
        chosen = [reason for reason in reasons if reason in REASONS][:3]
        self.db.execute("INSERT OR REPLACE INTO survey (session_id, at, rating, reasons) VALUES (?, ?, ?, ?)",
                        (self.last_session_id, self.clock(), rating, ",".join(chosen)))

    def mark_interrupted(self, live_owners: tuple[str, ...]) -> int:
        """Sessions left open by kiosk processes that no longer run were interrupted; returns how many."""
        marks = ",".join("?" * len(live_owners))
        cursor = self.db.execute(
            f"UPDATE sessions SET outcome = ?, ended_at = started_at WHERE outcome IS NULL AND owner NOT IN ({marks})",
            (Outcome.INTERRUPTED.value, *live_owners))
        return cursor.rowcount

    def purge_followups(self, retention_days: int) -> int:
        """Delete follow-up entries older than the retention time; returns how many went."""
        cutoff = self.clock() - retention_days * 86400
        return self.db.execute("DELETE FROM followups WHERE submitted_at < ?", (cutoff,)).rowcount
