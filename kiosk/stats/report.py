"""What the dashboard and the export show: per-day counts, the journey's steps, satisfaction, follow-ups.

Everything is computed from the statistics database for a date range (local dates, both ends
included). The follow-up list is for the officers' screen only; it is never exported.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import sqlite3
import statistics
from typing import Any

from kiosk.stats.milestones import STEP_ORDER
from kiosk.stats.recorder import REASONS, Event, Outcome


@dataclasses.dataclass(frozen=True)
class DayRow:
    """One day (or week) of use."""

    day: datetime.date
    sessions: int = 0
    submitted: int = 0
    abandoned: int = 0
    timed_out: int = 0
    handed_to_officer: int = 0
    help_calls: int = 0
    interrupted: int = 0  # sessions a stopped kiosk process cut off (after the other counts: positional rows)
    pages_scanned: int = 0
    documents_attached: int = 0
    device_errors: int = 0
    surveys: int = 0
    rating_average: float | None = None
    median_minutes: float | None = None

    @property
    def completion_rate(self) -> float | None:
        """Submitted sessions out of all sessions."""
        return self.submitted / self.sessions if self.sessions else None


@dataclasses.dataclass(frozen=True)
class StepRow:
    """A step of the journey: how many sessions reached it, the median time spent there, and how many
    sessions that did not submit stopped there."""

    step: str
    reached: int
    median_seconds: float | None
    dropped_here: int


@dataclasses.dataclass(frozen=True)
class FollowUp:
    """A submitted dossier the officers check on."""

    code: str
    procedure: str
    submitted_at: datetime.datetime
    age_hours: float


@dataclasses.dataclass(frozen=True)
class Report:
    """The numbers for one date range."""

    start: datetime.date
    end: datetime.date
    days: tuple[DayRow, ...]
    steps: tuple[StepRow, ...]
    ratings: dict[int, int]
    reasons: dict[str, int]

    @property
    def total(self) -> DayRow:
        """All days added up (the averages weighted by their counts)."""
        fields = ("sessions", "submitted", "abandoned", "timed_out", "handed_to_officer", "help_calls",
                  "interrupted", "pages_scanned", "documents_attached", "device_errors", "surveys")
        sums = {name: sum(getattr(day, name) for day in self.days) for name in fields}
        rated = sum(self.ratings.values())
        average = sum(rating * count for rating, count in self.ratings.items()) / rated if rated else None
        return DayRow(self.start, **sums, rating_average=average)

    def weeks(self) -> tuple[DayRow, ...]:
        """The days grouped into ISO weeks (each row dated by its Monday)."""
        grouped: dict[datetime.date, list[DayRow]] = collections.defaultdict(list)
        for day in self.days:
            grouped[day.day - datetime.timedelta(days=day.day.weekday())].append(day)
        rows = []
        for monday, days in sorted(grouped.items()):
            part = Report(monday, monday, tuple(days), (), {}, {})
            total = part.total
            rated = [(day.rating_average, day.surveys) for day in days if day.rating_average is not None]
            average = sum(value * count for value, count in rated) / sum(count for _, count in rated) if rated else None
            rows.append(dataclasses.replace(total, day=monday, rating_average=average))
        return tuple(rows)


def _range(start: datetime.date, end: datetime.date) -> tuple[float, float]:
    low = datetime.datetime.combine(start, datetime.time()).timestamp()
    high = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time()).timestamp()
    return low, high


def build_report(db: sqlite3.Connection, start: datetime.date, end: datetime.date) -> Report:
    """The report for sessions started between `start` and `end` (local dates, inclusive)."""
    low, high = _range(start, end)
    sessions = db.execute(
        "SELECT id, started_at, ended_at, outcome FROM sessions WHERE started_at >= ? AND started_at < ?",
        (low, high)).fetchall()
    day_of = {row[0]: datetime.date.fromtimestamp(row[1]) for row in sessions}
    per_day: dict[datetime.date, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    durations: dict[datetime.date, list[float]] = collections.defaultdict(list)
    for session_id, started, ended, outcome in sessions:
        counts = per_day[day_of[session_id]]
        counts["sessions"] += 1
        if outcome:
            counts[outcome] += 1
        if ended:
            durations[day_of[session_id]].append((ended - started) / 60)
    # A session's events are counted on the day it started (a session may run past midnight).
    for session_id, kind, amount in db.execute(
            "SELECT session_id, kind, amount FROM events WHERE at >= ? AND at < ?", (low, high + 86400)):
        if session_id in day_of:
            per_day[day_of[session_id]][kind] += amount
    ratings_by_day: dict[datetime.date, list[int]] = collections.defaultdict(list)
    ratings: collections.Counter[int] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    for session_id, rating, chosen in db.execute(
            "SELECT session_id, rating, reasons FROM survey JOIN sessions ON sessions.id = survey.session_id"
            " WHERE started_at >= ? AND started_at < ?", (low, high)):
        if session_id in day_of:
            ratings_by_day[day_of[session_id]].append(rating)
            ratings[rating] += 1
            reasons.update(reason for reason in chosen.split(",") if reason)
    days = []
    day = start
    while day <= end:
        counts = per_day.get(day, collections.Counter())
        rated = ratings_by_day.get(day, [])
        days.append(DayRow(
            day, counts["sessions"], counts[Outcome.SUBMITTED], counts[Outcome.ABANDONED], counts[Outcome.TIMED_OUT],
            counts[Outcome.OFFICER], counts[Event.HELP_CALL], counts[Outcome.INTERRUPTED], counts[Event.PAGES_SCANNED],
            counts[Event.DOCUMENTS_ATTACHED], counts[Event.DEVICE_ERROR], len(rated),
            statistics.fmean(rated) if rated else None,
            statistics.median(durations[day]) if durations.get(day) else None,
        ))
        day += datetime.timedelta(days=1)
    return Report(start, end, tuple(days), _steps(db, sessions, low, high),
                  {rating: ratings[rating] for rating in range(1, 6)},
                  {reason: reasons[reason] for reason in REASONS})


def _steps(db: sqlite3.Connection, sessions: list[tuple[Any, ...]], low: float, high: float) \
        -> tuple[StepRow, ...]:
    """Each step's reach, median time and drop-outs over `sessions` (those started from `low` to `high`); only
    their steps are read, so a day's report costs a day, not the kiosk's whole history (the fleet's daily
    statistics read a report for each of up to 60 days)."""
    ended = {row[0]: (row[2], row[3]) for row in sessions}
    reached: dict[str, int] = collections.Counter()
    spent: dict[str, list[float]] = collections.defaultdict(list)
    dropped: dict[str, int] = collections.Counter()
    order: dict[str, float] = {}
    by_session: dict[int, list[tuple[str, float]]] = collections.defaultdict(list)
    for session_id, step, at in db.execute(
            "SELECT session_id, step, at FROM steps JOIN sessions ON sessions.id = steps.session_id"
            " WHERE started_at >= ? AND started_at < ? ORDER BY session_id, at, steps.rowid", (low, high)):
        if session_id in ended:  # not a session begun since `sessions` was read
            by_session[session_id].append((step, at))
    for session_id, steps in by_session.items():
        end_at, outcome = ended[session_id]
        for index, (step, at) in enumerate(steps):
            reached[step] += 1
            order[step] = min(order.get(step, index), index)
            following = steps[index + 1][1] if index + 1 < len(steps) else end_at
            if following is not None:
                spent[step].append(following - at)
        if outcome != Outcome.SUBMITTED and steps:
            dropped[steps[-1][0]] += 1
    def place(name: str) -> tuple[int, float, str]:
        return (STEP_ORDER.index(name) if name in STEP_ORDER else len(STEP_ORDER), order[name], name)

    return tuple(StepRow(step, reached[step], statistics.median(spent[step]) if spent[step] else None, dropped[step])
                 for step in sorted(reached, key=place))


def followups(db: sqlite3.Connection, now: float) -> list[FollowUp]:
    """The follow-up list, oldest first."""
    return [FollowUp(code, procedure, datetime.datetime.fromtimestamp(at), (now - at) / 3600)
            for code, procedure, at in db.execute(
                "SELECT code, procedure, submitted_at FROM followups ORDER BY submitted_at")]
