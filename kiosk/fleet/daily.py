"""One day's statistics as the fleet sends them: the very `DayRow` the commune's export writes for that day
(kiosk/stats/report.py), plus the survey's ratings, and never a dossier code (the follow-up list is not read)."""

from __future__ import annotations

import dataclasses
import datetime
import sqlite3
from typing import Any

from kiosk.fleet.topics import KioskId
from kiosk.stats.report import DayRow, build_report

BACKFILL_DAYS = 60  # a kiosk joining the fleet sends at most this many finished days from before


def day_payload(db: sqlite3.Connection, kiosk: KioskId, day: datetime.date) -> dict[str, Any]:
    """The day's aggregates, with its message id (`<kiosk path>/<day>`) that makes a resent day one day."""
    report = build_report(db, day, day)
    row = dataclasses.asdict(report.days[0])
    row["day"] = day.isoformat()
    return {"message_id": f"{kiosk.path}/{day.isoformat()}", "kiosk": kiosk.kiosk, "commune": kiosk.commune,
            "province": kiosk.province, "row": row, "ratings": {str(k): v for k, v in report.ratings.items()}}


def row_of(payload: dict[str, Any]) -> DayRow:
    """The `DayRow` a payload carries."""
    fields = dict(payload["row"])
    fields["day"] = datetime.date.fromisoformat(fields["day"])
    known = {field.name for field in dataclasses.fields(DayRow)}
    return DayRow(**{name: value for name, value in fields.items() if name in known})


def first_day(db: sqlite3.Connection) -> datetime.date | None:
    """The day of the kiosk's first session, if it has had one."""
    started = db.execute("SELECT min(started_at) FROM sessions").fetchone()[0]
    return datetime.date.fromtimestamp(started) if started is not None else None


def days_to_queue(last_queued: str | None, today: datetime.date, first: datetime.date | None) \
        -> list[datetime.date]:
    """The finished days after the last queued one, from the first session's day (at most `BACKFILL_DAYS` back),
    up to yesterday."""
    if first is None:
        return []
    first = max(first, today - datetime.timedelta(days=BACKFILL_DAYS))
    if last_queued is not None:
        first = max(first, datetime.date.fromisoformat(last_queued) + datetime.timedelta(days=1))
    return [first + datetime.timedelta(days=offset) for offset in range((today - first).days)]
